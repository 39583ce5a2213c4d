//! `tonle`: the one binary. Serves the web app and carries every admin command.

mod bench;
mod cli;
mod commands;
mod config;
mod demo;
mod failure;
mod generate;
mod logging;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A bug must still end in one sentence, not a backtrace, for the person at the keyboard.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "error: Tonle stopped because of an internal error{place}; this is a bug, please report it with what you were doing."
        );
    }));
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {failure}");
            ExitCode::FAILURE
        }
    }
}
