//! When a failed delivery is tried again: exponential back-off with jitter, up to a limit, then dead.
//! Jitter spreads the retries of many messages that failed together (a receiver's outage) so they do
//! not all return at once.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; after the last fails the message is dead.
    pub max_attempts: u32,
    /// The wait after the first failure; each further failure doubles it.
    pub base: Duration,
    /// No wait is longer than this.
    pub cap: Duration,
}

impl RetryPolicy {
    /// When to try again after `attempts` have failed, or `None` when the message is dead. `jitter` in
    /// [0, 1] picks the wait between half the back-off and all of it.
    pub fn next_attempt(
        &self,
        attempts: u32,
        now: DateTime<Utc>,
        jitter: f64,
    ) -> Option<DateTime<Utc>> {
        if attempts >= self.max_attempts {
            return None;
        }
        let doublings = attempts.saturating_sub(1).min(30);
        let backoff = self
            .base
            .checked_mul(1 << doublings)
            .map_or(self.cap, |d| d.min(self.cap));
        let ms = backoff.num_milliseconds() as f64;
        let wait = ms / 2.0 + ms / 2.0 * jitter.clamp(0.0, 1.0);
        Some(now + Duration::milliseconds(wait.round() as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            base: Duration::seconds(30),
            cap: Duration::minutes(5),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-27T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn each_failure_doubles_the_wait_up_to_the_cap() {
        let waits: Vec<i64> = (1..5)
            .map(|n| (policy().next_attempt(n, now(), 1.0).unwrap() - now()).num_seconds())
            .collect();
        assert_eq!(waits, [30, 60, 120, 240]);
        let capped = RetryPolicy {
            max_attempts: 20,
            ..policy()
        };
        assert_eq!(
            (capped.next_attempt(10, now(), 1.0).unwrap() - now()).num_seconds(),
            300
        );
    }

    #[test]
    fn jitter_keeps_the_wait_between_half_the_back_off_and_all_of_it() {
        let at = |j| (policy().next_attempt(2, now(), j).unwrap() - now()).num_seconds();
        assert_eq!(at(0.0), 30);
        assert_eq!(at(0.5), 45);
        assert_eq!(at(1.0), 60);
        assert_eq!(at(7.0), 60);
    }

    #[test]
    fn after_the_last_attempt_the_message_is_dead() {
        assert!(policy().next_attempt(4, now(), 0.5).is_some());
        assert!(policy().next_attempt(5, now(), 0.5).is_none());
    }
}
