//! Time as the gateway stores and answers it: unix seconds inside, RFC 3339 on the wire.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Nanoseconds since the epoch: orders rows created within the same second.
pub fn now_nanos() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos()).unwrap_or(i64::MAX)
}

/// Milliseconds since the epoch: when a call started, for ordering and pruning the call log.
pub fn now_ms() -> i64 {
    now_nanos() / 1_000_000
}

/// RFC 3339 with milliseconds (`2026-11-26T01:00:00.123Z`), for the call log.
pub fn rfc3339_ms(ms: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    t.format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"))
        .expect("a UTC time formats")
}

pub fn rfc3339(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    t.format(&Rfc3339).expect("a UTC time formats")
}

pub fn now() -> String {
    rfc3339(now_unix())
}

fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// Seconds between two stored timestamps, never negative.
pub fn seconds_between(from: &str, to: &str) -> i64 {
    match (parse(from), parse(to)) {
        (Some(a), Some(b)) => (b - a).whole_seconds().max(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn milliseconds_format_with_three_digits() {
        assert_eq!(super::rfc3339_ms(1_764_118_800_007), "2025-11-26T01:00:00.007Z");
        assert_eq!(super::rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
    }
}
