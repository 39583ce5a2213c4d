//! `tonle audit verify`: recompute the audit chain and say which entries were tampered with.

use tonle_store::audit::AuditProblem;

use crate::cli::AuditCommand;
use crate::commands::keys::configured_keys;
use crate::commands::{open_store, require_data_dir};
use crate::config::Settings;
use crate::failure::{CliResult, fail};
use crate::progress;

pub async fn run(settings: Settings, command: AuditCommand) -> CliResult {
    match command {
        AuditCommand::Verify => verify(&settings).await,
    }
}

fn describe(problem: &AuditProblem) -> String {
    match problem {
        AuditProblem::Missing { from, to } if from == to => {
            format!("entry {from} was deleted")
        }
        AuditProblem::Missing { from, to } => format!("entries {from} to {to} were deleted"),
        AuditProblem::Altered { seq } => {
            format!("entry {seq} was changed (or put in place of the original)")
        }
        AuditProblem::HeadMismatch { head_seq, last_seq } => format!(
            "the log ends at entry {last_seq} but its head says {head_seq}: entries were removed from (or added to) the end"
        ),
    }
}

async fn verify(settings: &Settings) -> CliResult {
    require_data_dir(settings)?;
    let Some(keys) = configured_keys(settings)? else {
        return fail(format!(
            "Verifying the audit log needs the key file, and there is none at {}. Point TONLE_KEY_FILE at it.",
            settings.key_file.display()
        ));
    };
    let store = open_store(settings).await?.with_keys(keys);
    let bar = progress::bar("Verifying the audit log");
    let report = store
        .verify_audit(|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish_and_clear();
    store.close().await?;
    println!(
        "{} entries; last entry {} with hash {}",
        report.entries, report.head_seq, report.head_hash
    );
    if report.problems.is_empty() {
        println!("The audit log is intact.");
        return Ok(());
    }
    for problem in &report.problems {
        println!("TAMPERED: {}", describe(problem));
    }
    fail(format!(
        "The audit log has been tampered with ({} problems above).",
        report.problems.len()
    ))
}
