//! `Accept-Language` headers come from any browser or script.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_domain::language::Language;

fuzz_target!(|header: &str| {
    let language = Language::from_accept_language(header);
    assert!(Language::ALL.contains(&language));
});
