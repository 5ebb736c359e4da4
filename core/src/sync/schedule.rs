//! When a device syncs next: the one retry policy of every client (the
//! app's background loop, the browser app's worker, `sync_with_retry`).
//!
//! After a success or a failure that waiting cannot fix, the next sync comes
//! after the regular interval. After a transient failure (offline, server
//! trouble, busy) the pause doubles up to a cap, with "equal jitter" (a
//! random point in the upper half of the pause) so devices that lost the
//! server together do not come back together; a `Retry-After` from the
//! server is a floor.

use std::time::Duration;

use rand::Rng;

use super::client::SyncError;

/// Time between syncs when all is well.
pub const SYNC_INTERVAL: Duration = Duration::from_secs(15);
/// Longest pause while the server cannot be reached.
pub const MAX_RETRY_PAUSE: Duration = Duration::from_secs(120);
/// Longest `Retry-After` honoured; a server asking for more is asked again then.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(15 * 60);

/// The pauses between one device's syncs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSchedule {
    base: Duration,
    interval: Duration,
    cap: Duration,
    failures: u32,
}

impl Default for SyncSchedule {
    fn default() -> Self {
        SyncSchedule::new(SYNC_INTERVAL, SYNC_INTERVAL, MAX_RETRY_PAUSE)
    }
}

impl SyncSchedule {
    /// A schedule: `interval` after success, transient failures back off
    /// from `base` doubling up to `cap`.
    pub fn new(base: Duration, interval: Duration, cap: Duration) -> Self {
        SyncSchedule {
            base,
            interval,
            cap,
            failures: 0,
        }
    }

    /// Transient failures in a row so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The pause before the next sync, given how the last one went.
    pub fn after(&mut self, outcome: Result<(), &SyncError>) -> Duration {
        let error = match outcome {
            Err(error) if error.is_transient() => error,
            _ => {
                self.failures = 0;
                return self.interval;
            }
        };
        let doubled = self
            .base
            .saturating_mul(1u32 << self.failures.min(16))
            .min(self.cap);
        self.failures = self.failures.saturating_add(1);
        let jittered = rand::rng().random_range(doubled / 2..=doubled);
        match error.retry_after() {
            Some(asked) => jittered.max(asked.min(MAX_RETRY_AFTER)),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline() -> SyncError {
        SyncError::Offline("no route".into())
    }

    #[test]
    fn success_and_permanent_failures_wait_the_interval() {
        let mut schedule = SyncSchedule::default();
        assert_eq!(schedule.after(Ok(())), SYNC_INTERVAL);
        let refused = SyncError::Refused("bad".into());
        assert_eq!(schedule.after(Err(&refused)), SYNC_INTERVAL);
    }

    #[test]
    fn transient_failures_back_off_with_jitter_up_to_the_cap() {
        let base = Duration::from_secs(10);
        let mut schedule = SyncSchedule::new(base, SYNC_INTERVAL, Duration::from_secs(80));
        let mut expected_top = base;
        for _ in 0..8 {
            let pause = schedule.after(Err(&offline()));
            assert!(
                pause >= expected_top / 2 && pause <= expected_top,
                "{pause:?}"
            );
            expected_top = (expected_top * 2).min(Duration::from_secs(80));
        }
        assert_eq!(schedule.after(Ok(())), SYNC_INTERVAL);
        assert_eq!(schedule.failures(), 0);
    }

    #[test]
    fn jitter_spreads_devices_apart() {
        let pauses: std::collections::BTreeSet<Duration> = (0..20)
            .map(|_| SyncSchedule::default().after(Err(&offline())))
            .collect();
        assert!(pauses.len() > 5, "{pauses:?}");
    }

    #[test]
    fn retry_after_is_a_floor_with_a_ceiling() {
        let mut schedule = SyncSchedule::default();
        let busy = |secs| SyncError::Busy {
            message: "busy".into(),
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert!(schedule.after(Err(&busy(300))) >= Duration::from_secs(300));
        assert_eq!(schedule.after(Err(&busy(86_400))), MAX_RETRY_AFTER);
    }
}
