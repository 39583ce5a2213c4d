//! Sustained load: simulated users signed in at once, each sending the next request as soon as
//! the previous one answers (no think time, so this is the most the server can take), with a
//! mix of reads and writes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Target;
use super::client::User;
use super::stats::{Sample, rss_mib};
use crate::failure::{CliResult, Failure};

pub const LATIN: &[&str] = &["sre", "sok", "chan", "dara", "so", "kunth", "sok sre", "pi"];
pub const KHMER: &[&str] = &["ស្រី", "សុ", "ចាន់", "កែវ", "ដា", "សុខ ស្រី"];

pub struct Outcome {
    pub sample: Sample,
    pub seconds: f64,
    pub peak_rss_mib: Option<f64>,
}

/// One request of the mix: 60% a person's page, 25% a search (half of them in Khmer), 10% the
/// people list, 5% recording a consent (a write with its audit entry).
async fn one(user: &User, target: &Target, rng: &mut ChaCha8Rng) -> (Duration, bool) {
    let id = target.people[rng.random_range(0..target.people.len())];
    match rng.random_range(0..100) {
        0..=59 => user.get(&format!("/people/{id}")).await,
        60..=72 => {
            let q = LATIN[rng.random_range(0..LATIN.len())];
            user.search(q.to_owned()).await
        }
        73..=84 => {
            let q = KHMER[rng.random_range(0..KHMER.len())];
            user.search(q.to_owned()).await
        }
        85..=94 => user.get("/people").await,
        _ => {
            let today = chrono::Utc::now().date_naive().to_string();
            let fields = [
                ("purpose", "photographs"),
                ("recipient", ""),
                ("given_on", today.as_str()),
            ];
            user.post(&format!("/people/{id}/consents"), &fields).await
        }
    }
}

pub async fn run(
    base: &str,
    targets: &[Target],
    password: &str,
    users: usize,
    seconds: u64,
) -> CliResult<Outcome> {
    let mut signed_in = Vec::with_capacity(users);
    for i in 0..users {
        let target = &targets[i % targets.len()];
        let mut user = User::new(base)?;
        user.sign_in(&target.username, password).await?;
        signed_in.push((user, target.clone()));
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = Arc::clone(&done);
        tokio::spawn(async move {
            let mut peak: Option<f64> = None;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(rss) = rss_mib() {
                    peak = Some(peak.map_or(rss, |p: f64| p.max(rss)));
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            peak
        })
    };
    let mut tasks = Vec::new();
    for (i, (user, target)) in signed_in.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut rng = ChaCha8Rng::seed_from_u64(1000 + i as u64);
            let mut sample = Sample::default();
            while Instant::now() < deadline {
                let (took, ok) = one(&user, &target, &mut rng).await;
                sample.push(took, ok);
            }
            sample
        }));
    }
    let mut sample = Sample::default();
    for task in tasks {
        sample.extend(
            task.await
                .map_err(|e| Failure(format!("A simulated user failed: {e}.")))?,
        );
    }
    let seconds = started.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let peak_rss_mib = sampler.await.ok().flatten();
    Ok(Outcome {
        sample,
        seconds,
        peak_rss_mib,
    })
}
