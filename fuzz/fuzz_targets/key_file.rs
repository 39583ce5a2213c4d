//! A key file (or TONLE_KEYS) as anyone with access to the host may have edited it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_protect::keys::KeyRing;

fuzz_target!(|text: &str| {
    if let Ok(ring) = KeyRing::parse(text, "fuzz") {
        assert!(ring.active_master().is_ok());
        let again = KeyRing::parse(&ring.to_text(), "again");
        assert!(again.is_ok());
    }
});
