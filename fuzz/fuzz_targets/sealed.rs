//! Sealed values and wrapped keys as a tampered database may hold them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle_protect::crypto::{self, WrappedKey};
use tonle_protect::keys::{KeyRing, Secret};

fuzz_target!(|data: (&[u8], u32)| {
    let key = Secret::from_bytes([7; 32]);
    // Nothing forged without the key opens.
    assert!(crypto::open(&key, "person:1/identity", data.0).is_err());
    let ring = KeyRing::generate(chrono::Utc::now());
    let wrapped = WrappedKey { master_id: data.1, sealed: data.0.to_vec() };
    assert!(crypto::unwrap(&ring, "person:1", &wrapped).is_err());
});
