//! Authenticated encryption of fields (XChaCha20-Poly1305) with a data key per person, and the
//! wrapping of those data keys under a master key. Destroying a data key makes everything sealed
//! with it unreadable for good ("crypto-shredding").
//!
//! A sealed value is `1 | nonce (24 bytes) | ciphertext and tag`. The associated data names what
//! the value is (e.g. `person:42/identity`), so a value copied into another column or row does
//! not open.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;

use crate::keys::{KeyError, KeyRing, Secret};

const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("sealed data is damaged or belongs elsewhere")]
    Damaged,
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// The key that seals one person's fields.
pub type DataKey = Secret;

fn cipher(key: &Secret) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&Key::from(*key.bytes()))
}

/// Encrypts `plain`, binding it to `context`.
pub fn seal(key: &Secret, context: &str, plain: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rng().fill_bytes(&mut nonce);
    let payload = Payload {
        msg: plain,
        aad: context.as_bytes(),
    };
    // Encryption fails only for messages beyond 256 GiB.
    let sealed = cipher(key)
        .encrypt(&XNonce::from(nonce), payload)
        .unwrap_or_default();
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

/// Decrypts what [`seal`] made with the same key and context.
pub fn open(key: &Secret, context: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let (&version, rest) = sealed.split_first().ok_or(CryptoError::Damaged)?;
    if version != VERSION || rest.len() < NONCE_LEN {
        return Err(CryptoError::Damaged);
    }
    let (nonce, body) = rest.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).map_err(|_| CryptoError::Damaged)?;
    cipher(key)
        .decrypt(
            &nonce,
            Payload {
                msg: body,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| CryptoError::Damaged)
}

/// A data key sealed under a master key, with the id of that master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    pub master_id: u32,
    pub sealed: Vec<u8>,
}

fn wrap_context(owner: &str) -> String {
    format!("tonle/data-key/{owner}")
}

/// Seals `key` under the active master key; `owner` (e.g. `person:42`) binds it to its row.
pub fn wrap(ring: &KeyRing, owner: &str, key: &DataKey) -> Result<WrappedKey, CryptoError> {
    let (master_id, master) = ring.active_master()?;
    Ok(WrappedKey {
        master_id,
        sealed: seal(master, &wrap_context(owner), key.bytes()),
    })
}

pub fn unwrap(ring: &KeyRing, owner: &str, wrapped: &WrappedKey) -> Result<DataKey, CryptoError> {
    let master = ring.master(wrapped.master_id)?;
    let mut bytes = open(master, &wrap_context(owner), &wrapped.sealed)?;
    let key = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| CryptoError::Damaged);
    zeroize::Zeroize::zeroize(&mut bytes);
    Ok(DataKey::from_bytes(key?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use proptest::prelude::*;

    #[test]
    fn sealed_values_open_only_in_their_context_and_with_their_key() {
        let key = DataKey::random();
        let sealed = seal(&key, "person:1/identity", "សុខ ស្រីមុំ".as_bytes());
        assert_eq!(
            open(&key, "person:1/identity", &sealed).unwrap(),
            "សុខ ស្រីមុំ".as_bytes()
        );
        assert!(open(&key, "person:2/identity", &sealed).is_err());
        assert!(open(&DataKey::random(), "person:1/identity", &sealed).is_err());
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(open(&key, "person:1/identity", &tampered).is_err());
        assert!(open(&key, "x", &[]).is_err());
        assert!(open(&key, "x", &[1, 2, 3]).is_err());
        assert_ne!(sealed, seal(&key, "person:1/identity", "សុខ ស្រីមុំ".as_bytes()));
    }

    #[test]
    fn data_keys_unwrap_after_rotation_and_not_for_another_owner() {
        let ring = KeyRing::generate(Utc::now());
        let key = DataKey::random();
        let wrapped = wrap(&ring, "person:7", &key).unwrap();
        let rotated = ring.rotated(Utc::now());
        assert_eq!(unwrap(&rotated, "person:7", &wrapped).unwrap(), key);
        assert!(unwrap(&rotated, "person:8", &wrapped).is_err());
        let rewrapped = wrap(&rotated, "person:7", &key).unwrap();
        assert_eq!(rewrapped.master_id, 2);
        assert!(matches!(
            unwrap(&rotated.pruned(&[]), "person:7", &wrapped),
            Err(CryptoError::Key(KeyError::UnknownMaster(1)))
        ));
    }

    proptest! {
        #[test]
        fn seal_then_open_is_identity(plain in proptest::collection::vec(any::<u8>(), 0..600), context in ".{0,40}") {
            let key = DataKey::random();
            let sealed = seal(&key, &context, &plain);
            prop_assert_eq!(sealed.len(), plain.len() + 1 + NONCE_LEN + 16);
            prop_assert_eq!(open(&key, &context, &sealed).unwrap(), plain);
        }
    }
}
