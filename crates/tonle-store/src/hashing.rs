//! A global limit on argon2 work. Each hash or check holds 46 MiB for about 60 ms; run on
//! tokio's unbounded blocking pool, a few hundred simultaneous sign-ins would exhaust memory.
//! At most one argon2 job per core runs at a time; a short queue waits, and beyond it a request
//! is refused at once (`StoreError::Busy`, a 503) rather than piling up.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;

use crate::StoreError;

/// Jobs that may wait for a turn before further ones are refused.
pub const MAX_WAITING: usize = 32;

#[derive(Debug)]
pub struct HashLimiter {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// Counts a waiting job for as long as it waits, even if its request is dropped meanwhile.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl HashLimiter {
    pub fn new(permits: usize, max_waiting: usize) -> Self {
        HashLimiter {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// Runs `f` on the blocking pool when a permit is free; `Busy` when too many already wait.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let permit = match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let waiting = Waiting(&self.waiting);
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
                    drop(waiting);
                    return Err(StoreError::Busy);
                }
                let permit = Arc::clone(&self.permits)
                    .acquire_owned()
                    .await
                    .map_err(|_| StoreError::Busy)?;
                drop(waiting);
                permit
            }
        };
        // The permit moves into the job: a dropped request does not free it while argon2 runs.
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            f()
        })
        .await
        .map_err(|e| {
            StoreError::Database(sea_orm::DbErr::Custom(format!("hashing task failed: {e}")))
        })
    }

    /// Jobs waiting for a permit now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Permits free now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }
}

/// The process's limiter: one permit per core (at least 2), [`MAX_WAITING`] waiting.
pub fn limiter() -> &'static HashLimiter {
    static LIMITER: OnceLock<HashLimiter> = OnceLock::new();
    LIMITER.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HashLimiter::new(cores.max(2), MAX_WAITING)
    })
}

/// Runs an argon2 hash or check under the process's limit.
pub async fn run<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, StoreError> {
    limiter().run(f).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use std::time::Duration;

    async fn until(mut ready: impl FnMut() -> bool) {
        for _ in 0..2000 {
            if ready() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        panic!("condition not reached");
    }

    #[tokio::test]
    async fn beyond_the_permits_and_the_queue_jobs_are_refused_at_once() {
        let limiter = Arc::new(HashLimiter::new(1, 1));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let l = Arc::clone(&limiter);
        let running = tokio::spawn(async move { l.run(move || hold.recv().is_ok()).await });
        until(|| limiter.available() == 0).await;
        let l = Arc::clone(&limiter);
        let queued = tokio::spawn(async move { l.run(|| 7).await });
        until(|| limiter.waiting() == 1).await;
        assert!(matches!(limiter.run(|| 8).await, Err(StoreError::Busy)));
        assert_eq!(limiter.waiting(), 1, "a refused job does not stay counted");
        release.send(()).unwrap();
        assert!(running.await.unwrap().unwrap());
        assert_eq!(queued.await.unwrap().unwrap(), 7);
        assert_eq!((limiter.waiting(), limiter.available()), (0, 1));
        assert_eq!(limiter.run(|| 9).await.unwrap(), 9);
    }

    #[tokio::test]
    async fn the_process_limit_runs_jobs() {
        assert_eq!(run(|| 1).await.unwrap(), 1);
    }
}
