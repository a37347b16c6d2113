//! Which network addresses the platform sends to (server-side request forgery). A receiver's address
//! is checked when a subscription is made and again at every delivery, against what its name resolves
//! to then (a name that resolved to a public address yesterday may resolve to an internal one today:
//! DNS rebinding). Loopback, private, link-local, shared and other special ranges are refused unless
//! configuration allows a network explicitly.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::FieldError;

/// A network in CIDR form, such as `10.20.0.0/16` or `fd00::/8`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new("network", "must be an address and prefix, as 10.0.0.0/8");
        let (addr, prefix) = s.split_once('/').ok_or_else(bad)?;
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let prefix: u8 = prefix.parse().map_err(|_| bad())?;
        let most = if addr.is_ipv4() { 32 } else { 128 };
        if prefix > most {
            return Err(bad());
        }
        Ok(Network { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                same_prefix(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn same_prefix(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    a[whole] & mask == b[whole] & mask
}

/// What configuration allows beyond the public internet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Networks a receiver may be in although they are not public (an agency's own network).
    pub allowed: Vec<Network>,
    /// Plain HTTP to a loopback address, for testing on one machine.
    pub loopback_for_testing: bool,
}

impl AddressPolicy {
    /// Whether the platform may send to `ip`; the reason when not.
    pub fn check(&self, ip: IpAddr) -> Result<(), &'static str> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        if self.allowed.iter().any(|n| n.contains(ip)) {
            return Ok(());
        }
        if self.loopback_for_testing && ip.is_loopback() {
            return Ok(());
        }
        match special(ip) {
            Some(range) => Err(range),
            None => Ok(()),
        }
    }
}

/// The special range `ip` is in, if any.
fn special(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => special_v4(v4),
        IpAddr::V6(v6) => special_v6(v6),
    }
}

fn special_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a shared (carrier-grade NAT) address")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified address")
    } else if ip.is_broadcast() || ip.is_multicast() || a >= 240 {
        Some("a broadcast, multicast or reserved address")
    } else if ip.is_documentation() || (a == 198 && (b == 18 || b == 19)) {
        Some("a documentation or benchmarking address")
    } else {
        None
    }
}

fn special_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_unspecified() {
        Some("an unspecified address")
    } else if first & 0xfe00 == 0xfc00 {
        Some("a unique local (private) address")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else if first == 0x2001 && ip.segments()[1] == 0x0db8 {
        Some("a documentation address")
    } else if first == 0x64 && ip.segments()[1] == 0xff9b {
        // NAT64 embeds an IPv4 address that may be internal.
        Some("a NAT64 address")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused_and_public_ones_allowed() {
        let policy = AddressPolicy::default();
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
        ] {
            assert!(policy.check(ip(refused)).is_err(), "{refused}");
        }
        for allowed in ["81.2.69.160", "2a00:1450:4009:81f::200e", "172.32.0.1"] {
            assert!(policy.check(ip(allowed)).is_ok(), "{allowed}");
        }
    }

    #[test]
    fn configuration_allows_a_named_network_and_loopback_only_for_testing() {
        let policy = AddressPolicy {
            allowed: vec![Network::parse("10.20.0.0/16").unwrap()],
            loopback_for_testing: true,
        };
        assert!(policy.check(ip("10.20.5.5")).is_ok());
        assert!(policy.check(ip("10.21.5.5")).is_err());
        assert!(policy.check(ip("127.0.0.1")).is_ok());
        assert!(policy.check(ip("::1")).is_ok());
        assert!(policy.check(ip("192.168.0.1")).is_err());
    }

    #[test]
    fn a_network_is_an_address_and_a_prefix_within_its_width() {
        assert!(Network::parse("10.0.0.0/8").is_ok());
        assert!(Network::parse("fd00::/8").is_ok());
        assert!(Network::parse("10.0.0.0/33").is_err());
        assert!(Network::parse("10.0.0.0").is_err());
        assert!(Network::parse("example.org/8").is_err());
        let odd = Network::parse("172.16.0.0/12").unwrap();
        assert!(odd.contains(ip("172.31.255.255")));
        assert!(!odd.contains(ip("172.32.0.0")));
        assert!(!odd.contains(ip("::1")));
    }
}
