//! Query strings, parsed into typed values with a sentence at the parameter's name when
//! one is wrong; one pagination helper for every paged list.

use crate::error::{Error, Result};

/// `offset` from 0 and `limit` in 1..=max (default `default`).
pub fn page(offset: Option<&str>, limit: Option<&str>, default: i64, max: i64) -> Result<(i64, i64)> {
    let number = |key: &str, value: Option<&str>, fallback: i64| -> Result<i64> {
        value.map_or(Ok(fallback), |v| {
            v.trim().parse().map_err(|_| {
                let shown: String = v.chars().take(20).collect();
                Error::field(key, format!("{key} must be a whole number, not \"{shown}\"."))
            })
        })
    };
    let (offset, limit) = (number("offset", offset, 0)?, number("limit", limit, default)?);
    if offset < 0 || !(1..=max).contains(&limit) {
        return Err(Error::bad_request(format!("offset must be 0 or more and limit from 1 to {max}.")));
    }
    Ok((offset, limit))
}

/// An enum parameter: its wire spelling, or a sentence listing the choices.
pub fn word<T: std::str::FromStr<Err = patchbay_wire::UnknownValue>>(
    key: &str,
    value: Option<&str>,
) -> Result<Option<T>> {
    value.map(|v| v.parse::<T>().map_err(|e| Error::field(key, e.to_string()))).transpose()
}
