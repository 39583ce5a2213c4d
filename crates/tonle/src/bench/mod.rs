//! `tonle bench`: end-to-end figures against the real server, started in this process on a
//! loopback port over a generated database. Each run first measures a baseline (the health
//! endpoint, one request at a time) and gives each latency also as a multiple of it, because
//! shared machines are noisy: a ratio moves less than a time.

mod client;
mod load;
mod stats;

use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tonle_domain::access::Scope;
use tonle_domain::roles::Role;
use tonle_store::Store;
use tonle_store::audit::Actor;

use crate::failure::{CliResult, fail};
use client::User;
use stats::{Report, Sample, rss_mib};

#[derive(Debug, Clone)]
pub struct Options {
    /// Requests per single-figure measure.
    pub requests: usize,
    /// Simulated users in the sustained load (0: skip it).
    pub users: usize,
    pub seconds: u64,
    pub password: String,
}

/// A case manager and people in their reach.
#[derive(Debug, Clone)]
pub struct Target {
    pub username: String,
    pub people: Vec<i64>,
}

/// The generated case managers (up to ten) and up to 1,000 of each one's people.
async fn targets(store: &Store) -> CliResult<Vec<Target>> {
    let mut out = Vec::new();
    for (user, memberships) in store.all_users().await? {
        if !user.username.ends_with(".manager") || out.len() >= 10 {
            continue;
        }
        let roles = memberships.iter().map(|m| (m.org_id, m.role)).collect();
        let scope = Scope::new(user.id, roles);
        let actor = Actor::user(user.id, "bench");
        let people: Vec<i64> = store
            .recent_people(&actor, &scope, 1000)
            .await?
            .into_iter()
            .map(|p| p.id.0)
            .collect();
        if !people.is_empty() && memberships.iter().any(|m| m.role == Role::CaseManager) {
            out.push(Target {
                username: user.username,
                people,
            });
        }
    }
    if out.is_empty() {
        return fail(
            "No generated case manager with people; fill the database with `tonle generate` first.",
        );
    }
    Ok(out)
}

async fn repeat<F, Fut>(n: usize, mut f: F) -> Sample
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = (Duration, bool)>,
{
    let mut sample = Sample::default();
    for i in 0..n {
        let (took, ok) = f(i).await;
        sample.push(took, ok);
    }
    sample
}

/// Runs every measure against the server at `base`; `startup` is how long it took to serve.
pub async fn run(
    store: &Store,
    base: &str,
    startup: Duration,
    options: &Options,
) -> CliResult<Report> {
    let targets = targets(store).await?;
    let target = &targets[0];
    let mut report = Report::default();
    let anonymous = User::new(base)?;
    repeat(50, |_| anonymous.get("/healthz")).await;
    let started = Instant::now();
    let health = repeat(options.requests * 5, |_| anonymous.get("/healthz")).await;
    let health_rps = health.times.len() as f64 / started.elapsed().as_secs_f64();
    report.baseline_ms = health.mean_ms();
    report.latency("health (baseline)", &health, "");
    report.value(
        "health throughput, 1 client",
        format!("{health_rps:.0} req/s"),
        "",
    );
    report.value(
        "start-up to serving",
        format!("{:.0} ms", startup.as_secs_f64() * 1000.0),
        "< 1 s at 1M",
    );
    if let Some(rss) = rss_mib() {
        report.value(
            "RSS idle (server and client)",
            format!("{rss:.0} MiB"),
            "< 60 MB",
        );
    }
    let mut sign_ins = Sample::default();
    for _ in 0..10 {
        let mut user = User::new(base)?;
        sign_ins.push(
            user.sign_in(&target.username, &options.password).await?,
            true,
        );
    }
    report.latency("sign-in (argon2id)", &sign_ins, "");
    let mut user = User::new(base)?;
    user.sign_in(&target.username, &options.password).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let ids: Vec<i64> = (0..options.requests)
        .map(|_| target.people[rng.random_range(0..target.people.len())])
        .collect();
    let page = repeat(options.requests, |i| {
        user.get_owned(format!("/people/{}", ids[i]))
    })
    .await;
    report.latency("person page", &page, "p95 < 20 ms at 1M");
    let latin = repeat(options.requests, |i| {
        user.search(load::LATIN[i % load::LATIN.len()].to_owned())
    })
    .await;
    report.latency("search, partial Latin name", &latin, "p95 < 50 ms at 1M");
    let khmer = repeat(options.requests, |i| {
        user.search(load::KHMER[i % load::KHMER.len()].to_owned())
    })
    .await;
    report.latency("search, partial Khmer name", &khmer, "p95 < 50 ms at 1M");
    if options.users > 0 {
        let outcome = load::run(
            base,
            &targets,
            &options.password,
            options.users,
            options.seconds,
        )
        .await?;
        let rps = outcome.sample.times.len() as f64 / outcome.seconds.max(1e-6);
        report.latency(
            &format!(
                "load: {} users, {} s, mixed",
                options.users, options.seconds
            ),
            &outcome.sample,
            "0 errors, p99 < 250 ms",
        );
        report.value(
            "load throughput",
            format!("{rps:.0} req/s ({:.2}× health)", rps / health_rps.max(1e-6)),
            "",
        );
        if let Some(peak) = outcome.peak_rss_mib {
            report.value("RSS under load, peak", format!("{peak:.0} MiB"), "< 400 MB");
        }
    }
    Ok(report)
}
