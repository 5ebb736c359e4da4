//! Rate limiting of failed joins, against guessing invite codes.
//!
//! Each client address has an allowance of `limit` failed joins, refilled
//! at `limit` per minute. Only failed joins (unknown, expired or used-up
//! codes, invalid requests) use it up, so a room of people joining from one
//! network address with a valid code is never turned away. While a join is
//! running its attempt is reserved: when every remaining attempt is
//! reserved, further joins from that address wait for the running ones to
//! finish (so many concurrent guesses cannot overdraw the allowance, and
//! many concurrent valid joins just queue, as the database serializes them
//! anyway). An empty allowance is answered `429 too_many_requests` with
//! `Retry-After`, for every join from that address, until it refills.
//!
//! Addresses are keyed per IPv4 address and per IPv6 /64 (one host usually
//! holds a whole /64). Behind a reverse proxy every client shares the
//! proxy's address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Default failed joins per minute and address (`serve --join-rate-limit`).
pub const DEFAULT_JOINS_PER_MINUTE: u32 = 10;

/// Buckets kept before idle full ones are dropped (a full bucket is the same as none).
const PRUNE_ABOVE: usize = 10_000;

/// An attempt was refused: the client should retry after this long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// Until one attempt is available again.
    pub retry_after: Duration,
}

/// What an address may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Go ahead: one attempt is reserved.
    Go,
    /// Every remaining attempt is reserved by running joins: wait for one.
    Wait,
    /// The allowance is used up.
    Limited(Limited),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    running: u32,
    updated: Instant,
}

/// Per-address allowances of failed joins.
#[derive(Debug)]
pub struct JoinLimiter {
    /// Allowance size and refill per minute; 0 turns limiting off.
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    finished: Notify,
}

impl JoinLimiter {
    /// Allows bursts of `per_minute` failed joins per address, refilled at
    /// `per_minute` per minute; 0 turns limiting off.
    pub fn new(per_minute: u32) -> Self {
        JoinLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
            finished: Notify::new(),
        }
    }

    fn key(ip: IpAddr) -> IpAddr {
        match ip {
            IpAddr::V4(_) => ip,
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => {
                    let mut segments = v6.segments();
                    segments[4..].fill(0);
                    IpAddr::V6(segments.into())
                }
            },
        }
    }

    fn capacity(&self) -> f64 {
        f64::from(self.per_minute)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<IpAddr, Bucket>> {
        self.buckets.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn refill(&self, bucket: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.capacity() / 60.0).min(self.capacity());
        bucket.updated = now;
    }

    /// Tries to start a join from `ip` at `now`; [`Start::Go`] reserves an
    /// attempt, to be released with [`JoinLimiter::finish`].
    pub fn start_at(&self, ip: IpAddr, now: Instant) -> Start {
        if self.per_minute == 0 {
            return Start::Go;
        }
        let mut buckets = self.lock();
        if buckets.len() > PRUNE_ABOVE {
            let capacity = self.capacity();
            buckets.retain(|_, b| {
                self.refill(b, now);
                b.running > 0 || b.tokens < capacity
            });
        }
        let bucket = buckets.entry(Self::key(ip)).or_insert(Bucket {
            tokens: self.capacity(),
            running: 0,
            updated: now,
        });
        self.refill(bucket, now);
        if bucket.tokens - f64::from(bucket.running) >= 1.0 {
            bucket.running += 1;
            return Start::Go;
        }
        if bucket.tokens >= 1.0 {
            return Start::Wait;
        }
        let missing = 1.0 - bucket.tokens;
        Start::Limited(Limited {
            retry_after: Duration::from_secs_f64(missing * 60.0 / self.capacity()),
        })
    }

    /// Releases a reserved attempt; a failed join uses it up.
    pub fn finish(&self, ip: IpAddr, failed: bool) {
        if self.per_minute == 0 {
            return;
        }
        if let Some(bucket) = self.lock().get_mut(&Self::key(ip)) {
            bucket.running = bucket.running.saturating_sub(1);
            if failed {
                bucket.tokens = (bucket.tokens - 1.0).max(0.0);
            }
        }
        self.finished.notify_waiters();
    }

    /// Starts a join from `ip`, waiting while every remaining attempt is
    /// reserved by running joins.
    pub async fn start(self: &Arc<Self>, ip: IpAddr) -> Result<Attempt, Limited> {
        loop {
            // Registered before checking, so no finish is missed.
            let finished = self.finished.notified();
            match self.start_at(ip, Instant::now()) {
                Start::Go => {
                    return Ok(Attempt {
                        limiter: self.clone(),
                        ip,
                        failed: true,
                    })
                }
                Start::Limited(limited) => return Err(limited),
                Start::Wait => finished.await,
            }
        }
    }
}

/// A running join's reserved attempt: counts as failed unless
/// [`Attempt::succeeded`] is called (also when the request is dropped).
#[derive(Debug)]
pub struct Attempt {
    limiter: Arc<JoinLimiter>,
    ip: IpAddr,
    failed: bool,
}

impl Attempt {
    /// The join succeeded: the attempt does not count.
    pub fn succeeded(mut self) {
        self.failed = false;
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        self.limiter.finish(self.ip, self.failed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    /// Starts and fails one join at `at`.
    fn fail(limiter: &JoinLimiter, address: &str, at: Instant) -> Start {
        let start = limiter.start_at(ip(address), at);
        if start == Start::Go {
            limiter.finish(ip(address), true);
        }
        start
    }

    #[test]
    fn failed_joins_use_up_the_allowance_until_it_refills() {
        let limiter = JoinLimiter::new(10);
        let t0 = Instant::now();
        for _ in 0..10 {
            assert_eq!(fail(&limiter, "192.0.2.1", t0), Start::Go);
        }
        let Start::Limited(limited) = fail(&limiter, "192.0.2.1", t0) else {
            panic!("the allowance is used up");
        };
        assert_eq!(limited.retry_after.as_secs(), 6, "one attempt per 6 s");
        assert_eq!(
            fail(&limiter, "192.0.2.2", t0),
            Start::Go,
            "another address has its own allowance"
        );
        let later = t0 + Duration::from_secs(7);
        assert_eq!(fail(&limiter, "192.0.2.1", later), Start::Go, "refilled");
        assert!(matches!(
            fail(&limiter, "192.0.2.1", t0 + Duration::from_secs(8)),
            Start::Limited(_)
        ));
    }

    #[test]
    fn successful_joins_do_not_count_and_running_ones_hold_their_attempt() {
        let limiter = JoinLimiter::new(2);
        let now = Instant::now();
        for _ in 0..100 {
            assert_eq!(limiter.start_at(ip("192.0.2.1"), now), Start::Go);
            limiter.finish(ip("192.0.2.1"), false);
        }
        assert_eq!(limiter.start_at(ip("192.0.2.1"), now), Start::Go);
        assert_eq!(limiter.start_at(ip("192.0.2.1"), now), Start::Go);
        assert_eq!(
            limiter.start_at(ip("192.0.2.1"), now),
            Start::Wait,
            "both attempts are reserved by running joins"
        );
        limiter.finish(ip("192.0.2.1"), false);
        assert_eq!(limiter.start_at(ip("192.0.2.1"), now), Start::Go);
    }

    #[test]
    fn zero_turns_limiting_off() {
        let off = JoinLimiter::new(0);
        for _ in 0..100 {
            assert_eq!(fail(&off, "192.0.2.1", Instant::now()), Start::Go);
        }
    }

    #[test]
    fn one_ipv6_slash_64_shares_an_allowance() {
        let limiter = JoinLimiter::new(1);
        let now = Instant::now();
        assert_eq!(fail(&limiter, "2001:db8::1", now), Start::Go);
        assert!(matches!(
            fail(&limiter, "2001:db8::2", now),
            Start::Limited(_)
        ));
        assert_eq!(fail(&limiter, "2001:db8:0:1::1", now), Start::Go);
    }

    #[tokio::test]
    async fn a_join_waiting_for_a_reserved_attempt_starts_when_it_is_released() {
        let limiter = Arc::new(JoinLimiter::new(1));
        let first = limiter.start(ip("192.0.2.1")).await.expect("first");
        let waiting = {
            let limiter = limiter.clone();
            tokio::spawn(
                async move { limiter.start(ip("192.0.2.1")).await.map(Attempt::succeeded) },
            )
        };
        tokio::task::yield_now().await;
        first.succeeded();
        waiting
            .await
            .expect("task")
            .expect("started after the first finished");
    }
}
