//! Requests to addresses that users choose (webhook endpoints): only to the public internet.
//!
//! A URL's host is checked where it is typed (a literal address, `localhost`) and again where
//! it is connected to: the client resolves names through `PublicOnly`, which drops every
//! loopback, private, link-local, unique-local, CGNAT, multicast, reserved and unspecified
//! address, so a name that resolves somewhere else at delivery time (DNS rebinding) reaches
//! nothing. Redirects are never followed (a 3xx is an answer, not a new request), no proxy from
//! the environment is used, and literal addresses are checked before each request, since the
//! client does not resolve those. Loopback may be allowed in development (the test receivers)
//! by an explicit setting that `prod` refuses.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    time::Duration,
};

use ipnet::{Ipv4Net, Ipv6Net};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// IPv4 ranges that are not the public internet (RFC 6890 and friends).
const NOT_PUBLIC_V4: [&str; 15] = [
    "0.0.0.0/8",       // "this network", unspecified
    "10.0.0.0/8",      // private
    "100.64.0.0/10",   // carrier-grade NAT
    "127.0.0.0/8",     // loopback
    "169.254.0.0/16",  // link-local (cloud metadata at 169.254.169.254)
    "172.16.0.0/12",   // private
    "192.0.0.0/24",    // IETF protocol assignments
    "192.0.2.0/24",    // documentation
    "192.88.99.0/24",  // 6to4 relay anycast
    "192.168.0.0/16",  // private
    "198.18.0.0/15",   // benchmarking
    "198.51.100.0/24", // documentation
    "203.0.113.0/24",  // documentation
    "224.0.0.0/4",     // multicast
    "240.0.0.0/4",     // reserved, broadcast
];

/// IPv6 ranges that are not the public internet (mapped and embedded IPv4 are checked as IPv4).
const NOT_PUBLIC_V6: [&str; 8] = [
    "::/128",        // unspecified
    "::1/128",       // loopback
    "100::/64",      // discard
    "2001:db8::/32", // documentation
    "fc00::/7",      // unique local
    "fe80::/10",     // link-local
    "fec0::/10",     // site-local (deprecated)
    "ff00::/8",      // multicast
];

fn is_loopback(ip: IpAddr) -> bool {
    embedded_v4(ip).map_or(ip.is_loopback(), |v4| v4.is_loopback())
}

/// The IPv4 address an IPv6 address stands for: mapped (`::ffff:a.b.c.d`), compatible
/// (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002:aabb:ccdd::/48`).
fn embedded_v4(ip: IpAddr) -> Option<Ipv4Addr> {
    let IpAddr::V6(v6) = ip else {
        return match ip {
            IpAddr::V4(v4) => Some(v4),
            IpAddr::V6(_) => None,
        };
    };
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..6] == [0; 6] && !(s[6] == 0 && s[7] <= 1) {
        return Some(tail);
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    None
}

/// Whether `ip` is an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return !NOT_PUBLIC_V4
            .iter()
            .any(|net| net.parse::<Ipv4Net>().is_ok_and(|net| net.contains(&v4)));
    }
    let IpAddr::V6(v6) = ip else { return false };
    !NOT_PUBLIC_V6.iter().any(|net| net.parse::<Ipv6Net>().is_ok_and(|net| net.contains(&v6)))
}

/// Where requests may go: the public internet, plus loopback when allowed (development).
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    pub allow_loopback: bool,
}

impl Reach {
    pub fn allows(self, ip: IpAddr) -> bool {
        is_public(ip) || (self.allow_loopback && is_loopback(ip))
    }

    /// Whether a URL's host may be requested, as far as can be told without resolving it:
    /// literal addresses (in any spelling the URL standard reads: decimal, hex, octal, mapped)
    /// are checked, and `localhost` names are loopback.
    pub fn check_url(self, url: &Url) -> Result<(), &'static str> {
        match url.host() {
            None => Err("no host"),
            Some(Host::Ipv4(v4)) if !self.allows(IpAddr::V4(v4)) => Err("a non-public address"),
            Some(Host::Ipv6(v6)) if !self.allows(IpAddr::V6(v6)) => Err("a non-public address"),
            Some(Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                let local = name == "localhost" || name.ends_with(".localhost");
                if local && !self.allow_loopback { Err("a loopback name") } else { Ok(()) }
            }
            Some(_) => Ok(()),
        }
    }
}

/// Resolves names, keeping only the addresses `reach` allows; none left is an error.
#[derive(Debug)]
struct PublicOnly {
    reach: Reach,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let reach = self.reach;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found.filter(|addr| reach.allows(addr.ip())).collect();
            if allowed.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// The client for user-chosen URLs (see the module comment). Check each URL with
/// `Reach::check_url` before sending: the resolver never sees literal addresses.
pub fn client(reach: Reach) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(PublicOnly { reach })
        .user_agent(concat!("ketang/", env!("CARGO_PKG_VERSION")))
        .build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_of(url: &str) -> Result<(), &'static str> {
        Reach { allow_loopback: false }.check_url(&Url::parse(url).unwrap())
    }

    #[test]
    fn every_spelling_of_a_non_public_host_is_refused() {
        for url in [
            "https://127.0.0.1/",
            "https://127.1/",
            "https://2130706433/",
            "https://0x7f000001/",
            "https://0177.0.0.1/",
            "https://0x7f.1/",
            "https://localhost/",
            "https://LOCALHOST./",
            "https://a.localhost/",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://[::127.0.0.1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[2002:7f00:1::]/",
            "https://169.254.169.254/latest/meta-data/",
            "https://10.0.0.1/",
            "https://172.16.5.4/",
            "https://192.168.1.1/",
            "https://100.64.0.1/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://0.0.0.0/",
            "https://[::]/",
            "https://224.0.0.1/",
            "https://255.255.255.255/",
            "https://user@127.0.0.1/",
            "https://user:pw@[::1]:8443/",
            "https://0/",
            "https://198.18.0.1/",
            "https://[ff02::1]/",
        ] {
            assert!(host_of(url).is_err(), "{url} must be refused");
        }
    }

    #[test]
    fn public_hosts_pass() {
        for url in [
            "https://hooks.example.com/ketang",
            "https://8.8.8.8/",
            "https://[2606:4700::1111]/",
            "https://1.1.1.1:8443/x",
            "https://172.32.0.1/",
            "https://100.128.0.1/",
        ] {
            assert_eq!(host_of(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn loopback_only_when_allowed() {
        let dev = Reach { allow_loopback: true };
        assert!(dev.check_url(&Url::parse("http://127.0.0.1:9/").unwrap()).is_ok());
        assert!(dev.check_url(&Url::parse("http://localhost:9/").unwrap()).is_ok());
        assert!(dev.check_url(&Url::parse("http://10.0.0.1/").unwrap()).is_err());
        assert!(dev.check_url(&Url::parse("http://169.254.169.254/").unwrap()).is_err());
    }

    #[tokio::test]
    async fn the_resolver_drops_non_public_addresses() {
        let strict = PublicOnly { reach: Reach { allow_loopback: false } };
        let refused = strict.resolve("localhost".parse().unwrap()).await;
        assert!(refused.is_err(), "localhost resolves to loopback only");
        let dev = PublicOnly { reach: Reach { allow_loopback: true } };
        let allowed: Vec<SocketAddr> =
            dev.resolve("localhost".parse().unwrap()).await.unwrap().collect();
        assert!(allowed.iter().all(|a| a.ip().is_loopback()) && !allowed.is_empty());
    }
}
