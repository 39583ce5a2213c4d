//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tonle",
    version,
    about = "Case management, prevention and reporting for counter-trafficking organisations."
)]
pub struct Cli {
    /// Directory for the SQLite database, keys and backups.
    #[arg(long, global = true, env = "TONLE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Settings file (TOML). Default: DATA_DIR/tonle.toml when it exists.
    #[arg(long, global = true, env = "TONLE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Log format: text or json.
    #[arg(long, global = true, value_name = "FORMAT")]
    pub log_format: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server.
    Serve {
        /// Address and port to listen on (overrides TONLE_LISTEN).
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<String>,
    },
    /// Run a demo with a fictional network of organisations (SQLite).
    Demo {
        /// Port to listen on, on 127.0.0.1.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Fill the database with the demo data and stop, without serving.
        #[arg(long)]
        seed_only: bool,
        /// Use this database (e.g. postgres://…) instead of the demo's own SQLite file.
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// Apply database migrations and load the gazetteer.
    Migrate,
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage the keys that protect people's data.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the settings and the database.
    Check,
    /// Fill an empty database with a fictional dataset of realistic size (for benchmarks and
    /// trying Tonle at scale), the same for the same seed.
    Generate {
        /// How many people to register.
        #[arg(long, value_name = "N")]
        people: u64,
        /// The seed: the same seed gives the same people.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// People written per transaction.
        #[arg(long, default_value_t = 5000, value_name = "N")]
        batch: u64,
        /// Use this database (e.g. postgres://…) instead of the configured one.
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// Measure the server end to end on a generated database: a baseline, the person page,
    /// searches, sign-in, sustained load, memory and start-up (see BENCHMARKS.md).
    Bench {
        /// Requests per single measure.
        #[arg(long, default_value_t = 200, value_name = "N")]
        requests: usize,
        /// Simulated users for the sustained load (0 skips it).
        #[arg(long, default_value_t = 50, value_name = "N")]
        users: usize,
        /// How long the sustained load lasts.
        #[arg(long, default_value_t = 60, value_name = "SECONDS")]
        seconds: u64,
        /// Password of the generated accounts.
        #[arg(long, default_value = crate::generate::organisations::PASSWORD)]
        password: String,
        /// Use this database (e.g. postgres://…) instead of the configured one.
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// Print the version.
    Version,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create the key file (refuses to overwrite one).
    Init,
    /// Make a new master key active and re-wrap every person's data key under it, while the
    /// server keeps running.
    Rotate,
    /// Remove old master keys that no data needs any more.
    Prune,
    /// Show the master keys and how many people's data keys each one wraps.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain; name every entry that was changed, inserted or deleted.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation (or, with --network, a network).
    Add {
        /// Name in Latin letters.
        name: String,
        /// Name in Khmer.
        #[arg(long, default_value = "")]
        name_km: String,
        /// This is a network of organisations.
        #[arg(long)]
        network: bool,
        /// Network it belongs to (id or name).
        #[arg(long, value_name = "NETWORK")]
        parent: Option<String>,
        /// Where it is based: a gazetteer code (2 digits for a province … 8 for a village).
        #[arg(long, value_name = "CODE")]
        place: Option<String>,
    },
    /// List organisations.
    List,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with a role in an organisation.
    Add(UserAdd),
    /// Set a user's password (ends their sessions).
    Passwd {
        username: String,
        #[command(flatten)]
        password: PasswordSource,
    },
    /// Disable a user (ends their sessions), or enable again with --enable.
    Disable {
        username: String,
        #[arg(long)]
        enable: bool,
    },
    /// Enable a disabled user again (the same as `disable --enable`).
    Enable { username: String },
    /// Print a one-time link (valid 24 hours) with which the user sets a new password.
    ResetLink { username: String },
    /// List users and their roles.
    List,
}

#[derive(Debug, Args)]
pub struct UserAdd {
    pub username: String,
    /// Organisation (id or name).
    #[arg(long, value_name = "ORG")]
    pub org: String,
    /// One of: network-admin, org-admin, case-manager, case-worker, shelter-staff,
    /// legal-officer, me-officer, field-officer, donor-viewer.
    #[arg(long)]
    pub role: String,
    /// Name in Latin letters.
    #[arg(long)]
    pub name: String,
    /// Name in Khmer.
    #[arg(long, default_value = "")]
    pub name_km: String,
    #[command(flatten)]
    pub password: PasswordSource,
}

#[derive(Debug, Args)]
pub struct PasswordSource {
    /// Read the password from the first line of standard input; otherwise one is generated
    /// and printed.
    #[arg(long)]
    pub password_stdin: bool,
}
