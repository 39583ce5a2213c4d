//! The `tonle generate` contract: `--people N --seed S [--database URL]`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{assert_clean_failure, stderr, stdout, tonle};

#[test]
fn generate_fills_a_new_database_and_refuses_a_used_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let o = tonle(
        &[
            "generate",
            "--people",
            "100",
            "--seed",
            "7",
            "--data-dir",
            d,
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Generated 100 people"),
        "{}",
        stdout(&o)
    );
    let o = tonle(&["audit", "verify", "--data-dir", d], &[]);
    assert!(stdout(&o).contains("100 entries"), "{}", stdout(&o));
    let o = tonle(
        &[
            "generate",
            "--people",
            "100",
            "--seed",
            "7",
            "--data-dir",
            d,
        ],
        &[],
    );
    assert_clean_failure(&o, "already has organisations");
    let other = dir.path().join("other.sqlite3");
    let url = format!("sqlite://{}", other.display());
    let o = tonle(
        &[
            "generate",
            "--people",
            "5",
            "--seed",
            "1",
            "--database",
            &url,
            "--data-dir",
            d,
        ],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(other.exists());
}
