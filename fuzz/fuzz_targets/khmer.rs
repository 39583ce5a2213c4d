//! Names and searches in any script go through the normaliser.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_domain::{khmer, text};

fuzz_target!(|input: &str| {
    let key = khmer::match_key(input);
    // Normalising never invents or drops visible Khmer letters.
    let letters = |s: &str| s.chars().filter(|c| ('\u{1780}'..='\u{17B3}').contains(c)).count();
    assert_eq!(letters(&key), letters(input));
    let _ = text::search_key(input);
});
