//! Shared by the binary's integration tests: the real `tonle` binary on a free port, and a
//! headless Chromium driven through chromedriver.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_tonle");

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `tonle ARGS` to completion with extra environment variables.
pub fn tonle(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("TONLE_DATABASE_URL")
        .env_remove("TONLE_DATA_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run tonle")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A failure is one line starting with `error:`, with no panic or backtrace.
pub fn assert_clean_failure(o: &Output, needle: &str) {
    assert!(
        !o.status.success(),
        "expected failure, got success: {}",
        stdout(o)
    );
    let err = stderr(o);
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(
        err.trim_end()
            .lines()
            .last()
            .unwrap_or("")
            .starts_with("error: "),
        "{err}"
    );
}

/// `tonle demo` running in the background; killed on drop.
pub struct DemoServer {
    child: Child,
    pub url: String,
    pub dir: tempfile::TempDir,
    pub output: PathBuf,
}

impl DemoServer {
    pub fn start() -> DemoServer {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let output = dir.path().join("demo.out");
        let file = std::fs::File::create(&output).unwrap();
        let child = Command::new(BIN)
            .args(["demo", "--data-dir"])
            .arg(dir.path().join("data"))
            .args(["--port", &port.to_string()])
            .env_remove("TONLE_DATABASE_URL")
            .stdout(Stdio::from(file.try_clone().unwrap()))
            .stderr(Stdio::from(file))
            .spawn()
            .expect("start tonle demo");
        let url = format!("http://127.0.0.1:{port}");
        let server = DemoServer {
            child,
            url,
            dir,
            output,
        };
        server.wait_healthy();
        server
    }

    fn wait_healthy(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(self.url.trim_start_matches("http://")).is_ok()
                && self.printed().contains("listening:")
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("tonle demo did not start:\n{}", self.printed());
    }

    /// Everything the demo printed so far.
    pub fn printed(&self) -> String {
        std::fs::read_to_string(&self.output).unwrap_or_default()
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The path in `env` if set, else the first of `names` on PATH, else the first of `fixed` that exists.
fn locate(env: &str, names: &[&str], fixed: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env)
        .map(PathBuf::from)
        .filter(|p| p.exists())
    {
        return Some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let on_path = std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.exists());
    on_path.or_else(|| fixed.iter().map(PathBuf::from).find(|p| p.exists()))
}

/// Finds chromedriver and Chromium (`TONLE_CHROMEDRIVER`, `TONLE_CHROMIUM`, then PATH), or says
/// why the browser tests cannot run.
pub fn chromedriver() -> Option<(PathBuf, PathBuf)> {
    let driver = locate(
        "TONLE_CHROMEDRIVER",
        &["chromedriver"],
        &["/usr/lib/chromium/chromedriver"],
    );
    let browser = locate("TONLE_CHROMIUM", &["chromium", "chromium-browser"], &[]);
    match (driver, browser) {
        (Some(d), Some(b)) => Some((d, b)),
        _ => {
            if std::env::var("TONLE_TEST_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "TONLE_TEST_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed (apt-get install chromium chromium-driver)"
                );
            }
            // Written to stderr directly: the test harness captures `eprintln!`.
            let _ = writeln!(
                std::io::stderr(),
                "notice: chromium or chromedriver not found; browser tests skipped (scripts/test installs them)"
            );
            None
        }
    }
}

/// A chromedriver process and a WebDriver session in headless Chromium.
pub struct Browser {
    driver: Child,
    pub client: fantoccini::Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start(found: &(PathBuf, PathBuf), width: u32, height: u32) -> Browser {
        let (driver_path, chromium) = found;
        let port = free_port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--hide-scrollbars".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
            "--lang=en-US".into(),
        ];
        let mut caps = serde_json::Map::new();
        let mut options = serde_json::json!({ "args": args, "binary": chromium });
        // Desktop Chromium will not make a window narrower than about 500 px; phone widths
        // need device emulation.
        if width < 500 {
            options["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true }
            });
        }
        caps.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = fantoccini::ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        Browser {
            driver,
            client,
            _profile: profile,
        }
    }

    /// Saves a screenshot under `target/` (kept after the run for a person to look at).
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        if let Ok(png) = self.client.screenshot().await {
            std::fs::write(&path, png).unwrap();
        }
        path
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
