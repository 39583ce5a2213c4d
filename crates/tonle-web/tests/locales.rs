//! Every translation key exists in both languages, and every key the code uses exists.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tonle_domain::roles::Role;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Message ids defined in a Fluent file (`key = …` at the start of a line).
fn keys(language: &str) -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(root().join(format!("locales/{language}/main.ftl"))).unwrap();
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if let Some((id, _)) = line.split_once(" =")
            && !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            assert!(out.insert(id.to_owned()), "{language}: {id} defined twice");
        }
    }
    out
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Keys the code uses: string literals in `src/` that look like keys (`"error-…"`), and
/// `page.t("…")` / `page.t1("…")` calls in templates.
fn used_keys() -> BTreeSet<String> {
    const PREFIXES: &[&str] = &[
        "error-",
        "account-",
        "role-",
        "home-",
        "count-",
        "place-",
        "places-",
        "field-",
        "nav-",
        "users-",
        "projects-",
        "organisations-",
        "kind-",
        "sign-",
        "person-",
        "people-",
        "consent-",
        "sex-",
        "audit-",
        "two-factor-",
        "reset-",
        "attachment-",
        "shelter-",
        "shelters-",
        "case-",
        "cases-",
        "identification-",
    ];
    let mut sources = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).unwrap() {
        let src = krate.unwrap().path().join("src");
        if src.is_dir() {
            files(&src, "rs", &mut sources);
        }
    }
    let mut out = BTreeSet::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            let looks_like_key = PREFIXES.iter().any(|p| piece.starts_with(p))
                && piece.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !piece.ends_with('-')
                // Role codes such as `field-officer` are data, not keys.
                && Role::from_code(piece).is_none();
            if looks_like_key {
                out.insert(piece.to_owned());
            }
        }
    }
    let mut templates = Vec::new();
    files(
        &root().join("crates/tonle-web/templates"),
        "html",
        &mut templates,
    );
    for path in templates {
        let text = std::fs::read_to_string(&path).unwrap();
        for call in ["page.t(\"", "page.t1(\""] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                if let Some(end) = rest.find('"') {
                    out.insert(rest[..end].to_owned());
                }
            }
        }
    }
    assert!(
        out.len() > 50,
        "only {} keys found in code; is the scanner broken?",
        out.len()
    );
    out
}

#[test]
fn both_languages_have_the_same_keys() {
    let en = keys("en");
    let km = keys("km");
    let missing_km: Vec<_> = en.difference(&km).collect();
    let missing_en: Vec<_> = km.difference(&en).collect();
    assert!(
        missing_km.is_empty(),
        "missing in km/main.ftl: {missing_km:?}"
    );
    assert!(
        missing_en.is_empty(),
        "missing in en/main.ftl: {missing_en:?}"
    );
    assert!(
        en.len() > 100,
        "only {} keys found; is the parser broken?",
        en.len()
    );
}

#[test]
fn every_key_the_code_uses_is_translated() {
    let en = keys("en");
    let unknown: Vec<_> = used_keys()
        .into_iter()
        .filter(|k| !en.contains(k))
        .collect();
    assert!(
        unknown.is_empty(),
        "keys used in code but not in the Fluent files: {unknown:?}"
    );
}

#[test]
fn khmer_translations_are_in_khmer() {
    let text = std::fs::read_to_string(root().join("locales/km/main.ftl")).unwrap();
    let untranslated: Vec<_> = text
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(id, value)| {
            // Proper names and codes may stay Latin; everything else must contain Khmer.
            !matches!(*id, "error-currency")
                && !value
                    .chars()
                    .any(|c| ('\u{1780}'..='\u{17FF}').contains(&c))
        })
        .map(|(id, _)| id.to_owned())
        .collect();
    assert!(
        untranslated.is_empty(),
        "km values without Khmer text: {untranslated:?}"
    );
}
