//! `tonle generate`: a realistic, fictional dataset of national size, the same for a seed.
//! One module per record type; later capabilities (services, notes, shelter stays, legal
//! cases, prevention) add theirs beside `people`.
//!
//! People are prepared (details drawn, identity sealed under a new data key, key wrapped, blind
//! tokens computed) on blocking threads while the previous batch is written in one transaction.

mod names;
pub mod organisations;
pub mod people;
mod places;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::Instant;

use indicatif::ProgressBar;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tokio::task::JoinHandle;
use tonle_domain::ids::PersonId;
use tonle_protect::keys::KeyRing;
use tonle_store::Store;
use tonle_store::people::PreparedPerson;

use crate::failure::{CliResult, Failure, fail};
use organisations::Member;
use places::Gazetteer;

/// The audit log's client for everything the generator writes.
pub const CLIENT: &str = "generate";

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub people: u64,
    pub seed: u64,
    /// People per transaction.
    pub batch: u64,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub people: u64,
    pub tokens: u64,
    pub seconds: f64,
}

/// What every preparation thread shares.
struct Plan {
    seed: u64,
    total: u64,
    first_id: i64,
    members: Vec<Member>,
    places: Gazetteer,
    ring: Arc<KeyRing>,
}

impl Plan {
    fn prepare(&self, from: u64, to: u64) -> CliResult<Vec<PreparedPerson>> {
        (from..to)
            .map(|i| {
                let person = people::person(self.seed, i, self.total, &self.members, &self.places)?;
                let id = PersonId(self.first_id + i as i64);
                Ok(PreparedPerson::prepare(&self.ring, id, person)?)
            })
            .collect()
    }
}

/// Prepares people `from..to` split over the machine's cores.
fn spawn_batch(plan: &Arc<Plan>, from: u64, to: u64) -> JoinHandle<CliResult<Vec<PreparedPerson>>> {
    let plan = Arc::clone(plan);
    tokio::spawn(async move {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
        let step = (to - from).div_ceil(threads).max(1);
        let mut parts = Vec::new();
        let mut start = from;
        while start < to {
            let end = (start + step).min(to);
            let plan = Arc::clone(&plan);
            parts.push(tokio::task::spawn_blocking(move || {
                plan.prepare(start, end)
            }));
            start = end;
        }
        let mut out = Vec::with_capacity((to - from) as usize);
        for part in parts {
            out.extend(part.await.map_err(join_failure)??);
        }
        Ok(out)
    })
}

fn join_failure(e: tokio::task::JoinError) -> Failure {
    Failure(format!("A generator thread failed: {e}."))
}

/// Fills an empty database: organisations and staff first, then people in batches.
pub async fn run(store: &Store, options: Options, bar: &ProgressBar) -> CliResult<Summary> {
    if !store.all_organisations().await?.is_empty() {
        return fail(
            "The database already has organisations; `tonle generate` fills an empty database. Point --database or --data-dir at a new one.",
        );
    }
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let places = Gazetteer::load(store).await?;
    let members = organisations::create(store, &mut rng, &places, options.people).await?;
    let plan = Arc::new(Plan {
        seed: options.seed,
        total: options.people,
        first_id: store.next_person_id().await?.0,
        members,
        places,
        ring: store.keys()?,
    });
    bar.set_length(options.people);
    let batch = options.batch.max(1);
    let mut summary = Summary::default();
    let mut from = 0;
    let mut pending =
        (options.people > 0).then(|| spawn_batch(&plan, 0, batch.min(options.people)));
    while let Some(job) = pending.take() {
        let people = job.await.map_err(join_failure)??;
        let to = from + people.len() as u64;
        if to < options.people {
            pending = Some(spawn_batch(&plan, to, (to + batch).min(options.people)));
        }
        summary.tokens += people.iter().map(|p| p.token_count() as u64).sum::<u64>();
        store.insert_people_batch(CLIENT, &people).await?;
        summary.people += people.len() as u64;
        bar.set_position(to);
        from = to;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
