//! Addresses and networks of the allow-list (`10.0.0.0/8`, `::1`): which peers may call the
//! channel's endpoints.

use std::net::IpAddr;

/// An allowed address or network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `192.0.2.7`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    pub fn parse(s: &str) -> Option<Network> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Network { addr, prefix })
    }

    /// Whether `ip` is in this network (an IPv4-mapped IPv6 peer counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        if ip.is_ipv4() != self.addr.is_ipv4() {
            return false;
        }
        let mask = match self.prefix {
            0 => 0,
            p => u128::MAX << (128 - u32::from(p)),
        };
        aligned(ip) & mask == aligned(self.addr) & mask
    }
}

/// An address's bits from the top: IPv4 in the first 32.
fn aligned(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)) << 96,
        IpAddr::V6(v6) => u128::from(v6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_network_holds_its_addresses_and_an_address_only_itself() {
        let net = Network::parse("10.1.0.0/16").unwrap();
        assert!(net.contains(ip("10.1.200.3")) && !net.contains(ip("10.2.0.1")));
        let one = Network::parse("127.0.0.1").unwrap();
        assert!(one.contains(ip("::ffff:127.0.0.1")), "an IPv4-mapped peer");
        assert!(!one.contains(ip("127.0.0.2")));
        let v6 = Network::parse("fd00::/8").unwrap();
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let all = Network::parse("0.0.0.0/0").unwrap();
        assert!(all.contains(ip("192.0.2.1")) && !all.contains(ip("2001:db8::1")));
    }

    #[test]
    fn prefixes_longer_than_the_address_and_non_addresses_are_refused() {
        assert!(Network::parse("10.0.0.0/33").is_none());
        assert!(Network::parse("::/129").is_none());
        assert!(Network::parse("localhost").is_none());
        assert!(Network::parse("10.0.0.0/x").is_none());
    }
}
