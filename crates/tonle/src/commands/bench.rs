//! `tonle bench`: starts the server in this process on a free loopback port over the given
//! database and prints the end-to-end figures as a Markdown table (see BENCHMARKS.md).

use std::time::{Duration, Instant};

use tonle_store::DatabaseTarget;

use crate::bench::{self, Options};
use crate::commands::open_store;
use crate::commands::serve::{bind, serve};
use crate::config::Settings;
use crate::failure::{CliResult, Failure};

pub async fn run(mut settings: Settings, options: Options, database: Option<String>) -> CliResult {
    if let Some(url) = database {
        settings.database =
            DatabaseTarget::from_url(&url).map_err(|e| Failure(format!("--database: {e}")))?;
    }
    let started = Instant::now();
    let listener = bind(
        "127.0.0.1:0"
            .parse()
            .map_err(|_| Failure("bad address".into()))?,
        "--listen",
    )
    .await?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure(format!("Cannot read the port: {e}.")))?;
    let store = open_store(&settings).await?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = {
        let store = store.clone();
        let settings = settings.clone();
        tokio::spawn(async move {
            serve(store, &settings, listener, None, async {
                let _ = stopped.await;
            })
            .await
        })
    };
    let base = format!("http://{addr}");
    wait_until_serving(&base).await?;
    let startup = started.elapsed();
    let result = bench::run(&store, &base, startup, &options).await;
    let _ = stop.send(());
    let _ = server.await;
    let report = result?;
    println!(
        "tonle bench on {} ({} CPUs), {}",
        settings.database.redacted(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    report.print();
    Ok(())
}

async fn wait_until_serving(base: &str) -> CliResult {
    let url = format!("{base}/healthz");
    for _ in 0..600 {
        if let Ok(r) = reqwest::get(&url).await
            && r.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(Failure("The server did not answer within 3 s.".into()))
}
