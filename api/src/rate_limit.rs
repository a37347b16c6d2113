//! Rate limits: per client address (before anything else), per signed-in caller (by partnership and
//! subject), and, stricter, on failed sign-ins per address. Over a limit the answer is 429 problem+json
//! with `Retry-After`. The counts live in this process: with several replicas each keeps its own, so the
//! limit a client meets is the per-replica figure times the replicas its requests reach (set a global
//! limit at the load balancer or gateway if one is needed).

use std::{
    net::IpAddr,
    num::NonZeroU32,
    sync::atomic::{AtomicU64, Ordering},
};

use actix_web::{HttpRequest, dev::ServiceRequest};
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::{config::Settings, error::ApiError};

pub struct RateLimits {
    per_address: DefaultKeyedRateLimiter<IpAddr>,
    per_caller: DefaultKeyedRateLimiter<String>,
    failed_sign_ins: DefaultKeyedRateLimiter<IpAddr>,
    trusted_proxies: Vec<IpAddr>,
    checks: AtomicU64,
}

fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// `per_second`, with bursts of twice that.
fn per_second(n: u32) -> Quota {
    Quota::per_second(nonzero(n)).allow_burst(nonzero(n.saturating_mul(2)))
}

/// How long until a refused key may try again, in whole seconds (at least 1).
fn retry_after(not_until: &governor::NotUntil<<DefaultClock as Clock>::Instant>) -> u64 {
    not_until
        .wait_time_from(DefaultClock::default().now())
        .as_secs()
        .max(1)
}

impl RateLimits {
    pub fn from_settings(s: &Settings) -> Self {
        RateLimits {
            per_address: RateLimiter::keyed(per_second(s.rate_limit_per_address)),
            per_caller: RateLimiter::keyed(per_second(s.rate_limit_per_caller)),
            failed_sign_ins: RateLimiter::keyed(
                Quota::per_minute(nonzero(s.failed_sign_ins_per_minute))
                    .allow_burst(nonzero(s.failed_sign_ins_per_minute)),
            ),
            trusted_proxies: s
                .trusted_proxies
                .iter()
                .filter_map(|p| p.parse().ok())
                .collect(),
            checks: AtomicU64::new(0),
        }
    }

    /// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest address in
    /// `X-Forwarded-For` that is not one.
    pub fn client_address(
        &self,
        peer: Option<IpAddr>,
        forwarded_for: Option<&str>,
    ) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let chain: Vec<IpAddr> = forwarded_for
            .unwrap_or_default()
            .split(',')
            .filter_map(|a| a.trim().parse().ok())
            .collect();
        Some(
            chain
                .into_iter()
                .rev()
                .find(|a| !self.trusted_proxies.contains(a))
                .unwrap_or(peer),
        )
    }

    fn address_of(&self, req: &HttpRequest) -> Option<IpAddr> {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        self.client_address(req.peer_addr().map(|a| a.ip()), forwarded)
    }

    /// Forgets keys idle long enough to be full again, now and then, so memory stays bounded.
    fn tidy(&self) {
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(4096)
        {
            self.per_address.retain_recent();
            self.per_caller.retain_recent();
            self.failed_sign_ins.retain_recent();
        }
    }

    /// Every request but the health checks counts against its client address.
    pub fn check_address(&self, req: &ServiceRequest) -> Result<(), ApiError> {
        if req.path().starts_with("/health/") {
            return Ok(());
        }
        self.tidy();
        let Some(ip) = self.address_of(req.request()) else {
            return Ok(());
        };
        self.per_address
            .check_key(&ip)
            .map_err(|n| ApiError::TooManyRequests {
                retry_after: retry_after(&n),
            })
    }

    /// A signed-in caller's requests count against it, whichever address they come from.
    pub fn check_caller(&self, partnership: &str, subject: &str) -> Result<(), ApiError> {
        self.per_caller
            .check_key(&format!("{partnership}/{subject}"))
            .map_err(|n| ApiError::TooManyRequests {
                retry_after: retry_after(&n),
            })
    }

    /// A failed sign-in counts against its address; past the limit the answer is 429, not 401.
    pub fn failed_sign_in(&self, req: &HttpRequest, refused: ApiError) -> ApiError {
        match self
            .address_of(req)
            .map(|ip| self.failed_sign_ins.check_key(&ip))
        {
            Some(Err(n)) => ApiError::TooManyRequests {
                retry_after: retry_after(&n),
            },
            _ => refused,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(proxies: &[&str]) -> RateLimits {
        let mut s = Settings::local("./data".into());
        s.trusted_proxies = proxies.iter().map(|p| (*p).to_owned()).collect();
        RateLimits::from_settings(&s)
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let untrusting = limits(&[]);
        assert_eq!(
            untrusting.client_address(ip("10.0.0.5"), Some("203.0.113.9")),
            ip("10.0.0.5")
        );
        let behind_proxy = limits(&["10.0.0.5"]);
        assert_eq!(
            behind_proxy.client_address(ip("10.0.0.5"), Some("198.51.100.1, 203.0.113.9")),
            ip("203.0.113.9"),
            "the nearest untrusted hop, not what the client claims first"
        );
        assert_eq!(
            behind_proxy.client_address(ip("10.0.0.5"), None),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn a_caller_over_its_limit_is_told_when_to_retry() {
        let mut s = Settings::local("./data".into());
        s.rate_limit_per_caller = 1;
        let l = RateLimits::from_settings(&s);
        assert!(l.check_caller("demo", "jo").is_ok());
        assert!(l.check_caller("demo", "jo").is_ok(), "a burst of two");
        assert!(matches!(
            l.check_caller("demo", "jo"),
            Err(ApiError::TooManyRequests { retry_after }) if retry_after >= 1
        ));
        assert!(l.check_caller("demo", "someone-else").is_ok());
    }
}
