//! An upload as a browser may send it: any bytes as the file, any text as its name.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_domain::attachments::{ContentType, MAX_NAME_CHARS, safe_file_name};

fuzz_target!(|data: (&[u8], &str)| {
    let (bytes, raw_name) = data;
    let sniffed = ContentType::sniff(bytes);
    // A type is only ever claimed for bytes that start with its signature.
    if let Some(t) = sniffed {
        assert_eq!(ContentType::from_mime(t.mime()), Some(t));
        assert!(bytes.len() >= 3);
    }
    for t in ContentType::ALL {
        let name = safe_file_name(raw_name, t);
        assert!(!name.is_empty() && name.chars().count() <= MAX_NAME_CHARS);
        assert!(!name.contains(['/', '\\', '\0']) && !name.chars().any(char::is_control));
        assert!(!name.starts_with('.') && !name.contains(".."), "{name:?}");
        assert_eq!(safe_file_name(&name, t), name, "not stable");
    }
});
