//! Outbound requests and SSRF: which addresses the gateway may call. Link-local and
//! cloud metadata addresses are always refused, private ranges unless
//! `--allow-private-networks`, loopback is allowed (local servers and tests). The
//! check runs on the URL at create time and again inside the HTTP client's DNS
//! resolver, so a name that later resolves elsewhere (DNS rebinding) is still refused.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use url::{Host, Url};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    Loopback,
    Private,
    /// Link-local, metadata, unspecified, multicast, broadcast: never called.
    Forbidden,
    Public,
}

const METADATA_NAMES: [&str; 4] = ["metadata", "metadata.google.internal", "metadata.goog", "instance-data"];

pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

/// The IPv4 address an IPv6 one carries, where routers or translators would deliver
/// it to that IPv4 host: mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`), NAT64
/// (`64:ff9b::/96`, `64:ff9b:1::/48`), 6to4 (`2002::/16`) and Teredo (`2001::/32`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let last32 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    if s[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified() {
        return Some(last32);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && (s[2..6] == [0; 4] || s[2] == 1) {
        return Some(last32);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    if s[0] == 0x2001 && s[1] == 0 {
        // Teredo stores the client's address inverted.
        let [a, b, c, d] = last32.octets();
        return Some(Ipv4Addr::new(!a, !b, !c, !d));
    }
    None
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_link_local() || ip.is_unspecified() || ip.is_multicast() || ip.is_broadcast() || a == 0 {
        AddressClass::Forbidden
    } else if ip.is_private() || (a == 100 && (64..=127).contains(&b)) {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    // AWS's IPv6 metadata endpoint sits inside the unique-local range.
    if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        return AddressClass::Forbidden;
    }
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified() || ip.is_multicast() || (first & 0xffc0) == 0xfe80 {
        AddressClass::Forbidden
    } else if (first & 0xfe00) == 0xfc00 {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

/// Why an address may not be called, as a sentence for the person; `None` when it may.
pub fn refusal(class: AddressClass, allow_private: bool) -> Option<&'static str> {
    match class {
        AddressClass::Forbidden => Some(
            "That address is link-local or a cloud metadata service, which the gateway never calls; use the MCP server's public URL.",
        ),
        AddressClass::Private if !allow_private => Some(
            "That address is on a private network, which this gateway does not call; use a public URL, or start the gateway with --allow-private-networks.",
        ),
        _ => None,
    }
}

/// Parses an MCP server URL and checks every address its host resolves to.
pub async fn check_url(raw: &str, allow_private: bool) -> Result<Url, String> {
    let url = Url::parse(raw.trim()).map_err(|_| "That is not a valid URL; check it.".to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("Use an https:// URL.".into());
    }
    let ips: Vec<IpAddr> = match url.host() {
        Some(Host::Ipv4(ip)) => vec![ip.into()],
        Some(Host::Ipv6(ip)) => vec![ip.into()],
        Some(Host::Domain(name)) => {
            if METADATA_NAMES.contains(&name.trim_end_matches('.').to_ascii_lowercase().as_str()) {
                return Err(refusal(AddressClass::Forbidden, false).unwrap().into());
            }
            let port = url.port_or_known_default().unwrap_or(443);
            match tokio::time::timeout(Duration::from_secs(5), tokio::net::lookup_host((name, port))).await {
                Ok(Ok(addrs)) => addrs.map(|a| a.ip()).collect(),
                _ => return Err(format!("The host {name} could not be found; check the URL's spelling.")),
            }
        }
        None => return Err("The URL has no host; check it.".into()),
    };
    for ip in &ips {
        if let Some(why) = refusal(classify(*ip), allow_private) {
            return Err(why.into());
        }
    }
    Ok(url)
}

/// A DNS resolver that drops addresses the policy refuses.
#[derive(Debug, Clone, Copy)]
struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> =
                found.filter(|a| refusal(classify(a.ip()), allow_private).is_none()).collect();
            if allowed.is_empty() {
                return Err(format!("{} resolves only to addresses the gateway does not call", name.as_str()).into());
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// The client for MCP calls: guarded DNS, no redirects (a redirect could point
/// anywhere), and a timeout so a slow server cannot hold a request forever.
pub fn http_client(allow_private: bool, timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(GuardedResolver { allow_private }))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .expect("the TLS provider is installed (tls::install)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_and_link_local_are_forbidden_everywhere() {
        for ip in ["169.254.169.254", "0.0.0.0", "fe80::1", "fd00:ec2::254", "::ffff:169.254.169.254", "224.0.0.1"] {
            let class = classify(ip.parse().unwrap());
            assert_eq!(class, AddressClass::Forbidden, "{ip}");
            assert!(refusal(class, true).is_some());
        }
    }

    #[test]
    fn ipv6_forms_that_embed_an_ipv4_address_are_judged_by_it() {
        // IPv4-compatible, NAT64 (well-known and local-use), 6to4 and Teredo (obfuscated
        // client address) forms of 169.254.169.254 and 10.0.0.1.
        for ip in [
            "::169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "2001:0:1:2:3:4:5601:5601",
        ] {
            assert_eq!(classify(ip.parse().unwrap()), AddressClass::Forbidden, "{ip}");
        }
        for ip in ["::10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::"] {
            assert_eq!(classify(ip.parse().unwrap()), AddressClass::Private, "{ip}");
        }
        assert_eq!(classify("64:ff9b::7f00:1".parse().unwrap()), AddressClass::Loopback);
        assert_eq!(classify("2606:4700::1111".parse().unwrap()), AddressClass::Public);
    }

    #[test]
    fn private_ranges_need_the_flag_and_loopback_does_not() {
        for ip in ["10.0.0.1", "172.16.3.4", "192.168.1.1", "fc00::1", "100.64.0.1"] {
            let class = classify(ip.parse().unwrap());
            assert_eq!(class, AddressClass::Private, "{ip}");
            assert!(refusal(class, false).is_some() && refusal(class, true).is_none());
        }
        assert_eq!(refusal(classify("127.0.0.1".parse().unwrap()), false), None);
        assert_eq!(refusal(classify("::1".parse().unwrap()), false), None);
    }

    #[tokio::test]
    async fn check_url_refuses_metadata_names_and_literals() {
        assert!(check_url("http://169.254.169.254/latest", true).await.is_err());
        assert!(check_url("http://metadata.google.internal/", true).await.is_err());
        assert!(check_url("http://[fe80::1]/", true).await.is_err());
        assert!(check_url("http://127.0.0.1:9/mcp", false).await.is_ok());
    }
}
