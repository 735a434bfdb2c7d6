//! The client's address, for per-address limits and the audit log. The TCP peer, unless the
//! peer is a reverse proxy listed in `server.trusted_proxies`: then the rightmost address in
//! `X-Forwarded-For` (or `Forwarded: for=`) that is not itself a trusted proxy. Headers from an
//! untrusted peer are ignored — anyone can send them, and a limit keyed on them would be a
//! limit anyone can step around.

use std::net::IpAddr;

use actix_web::{HttpRequest, http::header::HeaderMap, web};
use ipnet::IpNet;

/// The networks whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses (`127.0.0.1`).
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        entries
            .iter()
            .map(|entry| entry.trim())
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("`{entry}` is not an IP address or CIDR"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client behind `peer`, given the request's headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        let mut client = canonical(peer);
        // Right to left: each hop was added by the one after it; stop at the first hop that
        // is not a proxy of ours (or that we cannot read: what is left of it is the client's).
        for hop in forwarded_hops(headers).into_iter().rev() {
            let Some(ip) = hop else { break };
            client = canonical(ip);
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// `::ffff:a.b.c.d` is the IPv4 client of a dual-stack socket.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The hops of `Forwarded` (RFC 7239) when present, else of `X-Forwarded-For`, left to right;
/// `None` for a hop that is not an address (`unknown`, an obfuscated id, garbage).
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<Option<IpAddr>> = headers
        .get_all("forwarded")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|element| {
            element
                .split(';')
                .filter_map(|pair| pair.split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                .and_then(|(_, value)| parse_node(value))
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(parse_node)
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `"[2001:db8::1]:443"`, `2001:db8::1`.
fn parse_node(raw: &str) -> Option<IpAddr> {
    let node = raw.trim().trim_matches('"');
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let (host, port) = node.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The client address of `req` as text (`unknown` without a peer, as in some tests).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let peer = req.peer_addr()?.ip();
    let client = match req.app_data::<web::Data<TrustedProxies>>() {
        Some(proxies) => proxies.client(peer, req.headers()),
        None => canonical(peer),
    };
    Some(client.to_string())
}

/// The client address as the key of a per-address limit (`unknown` without a peer).
pub fn limit_key(req: &HttpRequest) -> String {
    client_ip(req).unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into()]).unwrap();
        let sent = headers(&[("x-forwarded-for", "1.1.1.1")]);
        assert_eq!(proxies.client(ip("203.0.113.9"), &sent), ip("203.0.113.9"));
        assert_eq!(TrustedProxies::default().client(ip("10.0.0.1"), &sent), ip("10.0.0.1"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/8".into(), "127.0.0.1".into()]).unwrap();
        // The client forged the first entry; our proxies appended the rest.
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.1.1")]);
        assert_eq!(proxies.client(ip("127.0.0.1"), &chain), ip("198.51.100.7"));
        let split = headers(&[("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &split), ip("198.51.100.7"));
        let forwarded =
            headers(&[("forwarded", "for=6.6.6.6, for=\"[2001:db8::7]:443\";proto=https")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &forwarded), ip("2001:db8::7"));
        let with_port = headers(&[("x-forwarded-for", "198.51.100.7:5555")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &with_port), ip("198.51.100.7"));
        // No header: the proxy itself; garbage: the last hop we could read.
        assert_eq!(proxies.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
        let garbage = headers(&[("x-forwarded-for", "198.51.100.7, nonsense, 10.1.1.1")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &garbage), ip("10.1.1.1"));
        let mapped = TrustedProxies::parse(&["127.0.0.1".into()]).unwrap();
        assert_eq!(
            mapped.client(ip("::ffff:127.0.0.1"), &headers(&[("x-forwarded-for", "198.51.100.7")])),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn bad_entries_are_named() {
        assert!(
            TrustedProxies::parse(&["10.0.0.0/33".into()]).unwrap_err().contains("10.0.0.0/33")
        );
        assert!(TrustedProxies::parse(&["proxy.local".into()]).is_err());
    }
}
