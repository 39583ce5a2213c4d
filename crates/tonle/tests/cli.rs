//! The `tonle` commands, run as a user would: exit codes and one-sentence errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use support::{BIN, assert_clean_failure, free_port, stderr, stdout, tonle};
use tonle_store::DatabaseTarget;

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("TONLE_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn version_prints_the_version() {
    let o = tonle(&["version"], &[]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim(),
        format!("tonle {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn admin_commands_manage_organisations_and_users() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();

    let o = tonle(&["check", "--data-dir", d], &[]);
    assert_clean_failure(&o, "does not exist");
    let o = tonle(&["migrate", "--data-dir", d], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("16465 place(s) loaded"),
        "{}",
        stdout(&o)
    );
    let o = tonle(&["migrate", "--data-dir", d], &[]);
    assert!(
        stdout(&o).contains("0 migration(s) applied, 0 place(s)"),
        "second migrate is a no-op"
    );

    let o = tonle(
        &[
            "org",
            "add",
            "--data-dir",
            d,
            "Riverlight Network",
            "--network",
            "--name-km",
            "បណ្តាញ",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tonle(
        &[
            "org",
            "add",
            "--data-dir",
            d,
            "Chanpha Safe Home",
            "--parent",
            "Riverlight Network",
            "--place",
            "0203",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tonle(
        &["org", "add", "--data-dir", d, "Nowhere", "--place", "99"],
        &[],
    );
    assert_clean_failure(&o, "--place: no place in the gazetteer has this code");
    let o = tonle(
        &["org", "add", "--data-dir", d, "Nowhere", "--place", "9x"],
        &[],
    );
    assert_clean_failure(&o, "--place: This is not a place code");
    let o = tonle(&["org", "add", "--data-dir", d, "Standalone NGO"], &[]);
    assert!(
        stdout(&o).contains("belongs to no network"),
        "{}",
        stdout(&o)
    );
    let o = tonle(
        &[
            "org",
            "add",
            "--data-dir",
            d,
            "Under NGO",
            "--parent",
            "Chanpha Safe Home",
        ],
        &[],
    );
    assert_clean_failure(&o, "is not a network");
    let o = tonle(&["org", "add", "--data-dir", d, "CHANPHA safe home"], &[]);
    assert_clean_failure(&o, "already has this name");
    let o = tonle(&["org", "list", "--data-dir", d], &[]);
    assert!(stdout(&o).contains("Chanpha Safe Home") && stdout(&o).contains("Riverlight Network"));

    let o = with_stdin(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "dara",
            "--org",
            "Chanpha Safe Home",
            "--role",
            "case-worker",
            "--name",
            "Keo Dara",
        ],
        "a-good-long-password\n",
    );
    // Without --password-stdin a password is generated and printed.
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("password: "));
    let o = with_stdin(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "sokha",
            "--org",
            "Chanpha Safe Home",
            "--role",
            "case-boss",
            "--name",
            "Sokha",
            "--password-stdin",
        ],
        "a-good-long-password\n",
    );
    assert_clean_failure(&o, "is not a role");
    let o = with_stdin(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "sokha",
            "--org",
            "Chanpha Safe Home",
            "--role",
            "org-admin",
            "--name",
            "Sokha",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_clean_failure(&o, "at least 10 characters");
    let o = with_stdin(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "sokha",
            "--org",
            "Nowhere",
            "--role",
            "org-admin",
            "--name",
            "Sokha",
            "--password-stdin",
        ],
        "a-good-long-password\n",
    );
    assert_clean_failure(&o, "No organisation is called");
    let o = with_stdin(
        &[
            "user",
            "passwd",
            "--data-dir",
            d,
            "dara",
            "--password-stdin",
        ],
        "another-long-password\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tonle(&["user", "disable", "--data-dir", d, "dara"], &[]);
    assert!(o.status.success());
    let o = tonle(&["user", "list", "--data-dir", d], &[]);
    assert!(
        stdout(&o).contains("dara") && stdout(&o).contains("disabled"),
        "{}",
        stdout(&o)
    );
    let o = tonle(&["user", "reset-link", "--data-dir", d, "dara"], &[]);
    assert_clean_failure(&o, "dara is disabled");
    let o = tonle(&["user", "enable", "--data-dir", d, "dara"], &[]);
    assert!(stdout(&o).contains("dara is enabled"), "{}", stderr(&o));
    let o = tonle(&["user", "reset-link", "--data-dir", d, "dara"], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("reset link: /reset?token="),
        "{}",
        stdout(&o)
    );
    // The common-password rule applies on the command line too.
    let o = with_stdin(
        &[
            "user",
            "passwd",
            "--data-dir",
            d,
            "dara",
            "--password-stdin",
        ],
        "Password1234\n",
    );
    assert_clean_failure(&o, "one of the most common");
    let o = tonle(&["user", "disable", "--data-dir", d, "ghost"], &[]);
    assert_clean_failure(&o, "No user is called");

    let o = tonle(&["check", "--data-dir", d], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("all checks passed") && stdout(&o).contains("14578 villages"));
}

#[test]
fn bad_settings_and_unreachable_databases_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = tonle(
        &["check", "--data-dir", d],
        &[("TONLE_LISTEN", "localhost")],
    );
    assert_clean_failure(&o, "is not an address and port");
    let o = tonle(
        &["check", "--data-dir", d],
        &[("TONLE_SESSION_IDLE_MINUTES", "0")],
    );
    assert_clean_failure(&o, "must be between 1 and 1440");
    std::fs::write(dir.path().join("tonle.toml"), "listen = [1]\n").unwrap();
    let o = tonle(&["check", "--data-dir", d], &[]);
    assert_clean_failure(&o, "tonle.toml is not valid");
    std::fs::remove_file(dir.path().join("tonle.toml")).unwrap();
    let o = tonle(
        &["check", "--data-dir", d],
        &[(
            "TONLE_DATABASE_URL",
            "postgres://tonle:secret@127.0.0.1:1/none",
        )],
    );
    assert_clean_failure(&o, "connection refused");
    assert!(
        !stderr(&o).contains("secret"),
        "password leaked: {}",
        stderr(&o)
    );
    let o = tonle(&["serve", "--data-dir", d, "--log-format", "yaml"], &[]);
    assert_clean_failure(&o, "--log-format text or json");
}

#[test]
fn a_port_in_use_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert!(tonle(&["migrate", "--data-dir", d], &[]).status.success());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let o = tonle(
        &[
            "serve",
            "--data-dir",
            d,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ],
        &[],
    );
    assert_clean_failure(&o, "already in use");
    let o = tonle(&["demo", "--data-dir", d, "--port", &port.to_string()], &[]);
    assert_clean_failure(&o, "choose another port with --port");
    let _ = free_port();
}

#[test]
fn demo_prints_one_line_per_account_and_serves() {
    let server = support::DemoServer::start();
    let printed = server.printed();
    let accounts: Vec<&str> = printed
        .lines()
        .filter(|l| l.starts_with("account: "))
        .collect();
    assert!(accounts.len() >= 9, "{printed}");
    for role in [
        "network-admin",
        "org-admin",
        "case-manager",
        "case-worker",
        "shelter-staff",
        "legal-officer",
        "me-officer",
        "field-officer",
        "donor-viewer",
    ] {
        assert!(
            accounts
                .iter()
                .any(|l| l.contains(&format!(" role: {role} organisation: "))),
            "no {role} account: {printed}"
        );
    }
    for line in &accounts {
        let parts: Vec<&str> = line.split(' ').collect();
        assert_eq!(
            (parts[0], parts[2], parts[4], parts[6]),
            ("account:", "password:", "role:", "organisation:"),
            "{line}"
        );
    }
    assert!(printed.contains(&server.url));
}

#[tokio::test]
async fn migrate_and_check_on_postgresql() {
    let Some(server) = tonle_store::testing::postgres_url() else {
        return;
    };
    let db = tonle_store::testing::postgres(&server).await;
    let DatabaseTarget::Postgres(url) = db.target.clone() else {
        unreachable!()
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let env = [("TONLE_DATABASE_URL", url.as_str())];
    let o = tonle(&["check", "--data-dir", d], &env);
    assert_clean_failure(&o, "gazetteer is not loaded");
    let o = tonle(&["migrate", "--data-dir", d], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tonle(&["check", "--data-dir", d], &env);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("database reachable: yes (postgresql)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn serve_stops_on_sigterm_even_with_a_stalled_client() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert!(tonle(&["migrate", "--data-dir", d], &[]).status.success());
    let port = free_port();
    let mut server = Command::new(BIN)
        .args([
            "serve",
            "--data-dir",
            d,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env_remove("TONLE_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Stop requests count from the moment it says it is listening.
    let mut printed = String::new();
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap());
    while !printed.contains("listening") {
        let mut line = String::new();
        assert!(
            std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0,
            "serve stopped: {printed}"
        );
        printed.push_str(&line);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut stalled = loop {
        if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(std::time::Instant::now() < deadline, "serve did not listen");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    // Half a request, never finished.
    stalled
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            assert!(status.success(), "serve exited with {status}");
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "serve did not stop"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
