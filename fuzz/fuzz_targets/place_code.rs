//! Place codes arrive in query strings, forms and imports.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_domain::places::PlaceCode;

fuzz_target!(|text: &str| {
    if let Ok(code) = PlaceCode::parse(text) {
        let lineage = code.lineage();
        assert_eq!(lineage.last(), Some(&code));
        assert_eq!(code.parent().is_none(), lineage.len() == 1);
    }
});
