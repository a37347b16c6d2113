//! Values sealed outside the database — identifying details, a child's date of birth, the secrets the
//! platform delivers with: the database keeps only the key's id, the nonce and the ciphertext with its
//! tag. The keys and the cipher are the server's (`Seal`); a secret kept in a text column is written
//! `sealed:v1:<key id>:<nonce hex>:<ciphertext hex>`.

use crate::PersistenceError;

/// A value sealed under a key of the key file: its id, the nonce, the ciphertext with its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub nonce: Vec<u8>,
    pub sealed: Vec<u8>,
}

/// Seals and opens values bound to the record they belong to; implemented by the server's keyring.
pub trait Seal: Send + Sync {
    fn seal_value(&self, plaintext: &[u8], bound_to: &str) -> Result<Sealed, String>;
    fn open_value(&self, sealed: &Sealed, bound_to: &str) -> Result<Vec<u8>, String>;
    /// The key new seals are made under.
    fn current_key(&self) -> &str;
}

const PREFIX: &str = "sealed:v1:";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn unsealable(what: String) -> PersistenceError {
    PersistenceError::Corrupt(what)
}

/// A secret sealed for a text column.
pub(crate) fn seal_text(
    seal: &dyn Seal,
    plain: &str,
    bound_to: &str,
) -> Result<String, PersistenceError> {
    let s = seal
        .seal_value(plain.as_bytes(), bound_to)
        .map_err(unsealable)?;
    Ok(format!(
        "{PREFIX}{}:{}:{}",
        s.key_id,
        hex(&s.nonce),
        hex(&s.sealed)
    ))
}

/// The sealed form a text column holds, if it holds one (a secret written before secrets were sealed
/// is plain text).
fn sealed_form(stored: &str) -> Option<Sealed> {
    let mut parts = stored.strip_prefix(PREFIX)?.splitn(3, ':');
    let (key_id, nonce, sealed) = (parts.next()?, parts.next()?, parts.next()?);
    Some(Sealed {
        key_id: key_id.to_owned(),
        nonce: unhex(nonce)?,
        sealed: unhex(sealed)?,
    })
}

/// A text column's secret, opened; one kept plain (written before sealing) is read as it is until
/// `reseal_text` seals it.
pub(crate) fn open_text(
    seal: &dyn Seal,
    stored: &str,
    bound_to: &str,
) -> Result<String, PersistenceError> {
    let Some(sealed) = sealed_form(stored) else {
        return Ok(stored.to_owned());
    };
    let bytes = seal.open_value(&sealed, bound_to).map_err(unsealable)?;
    String::from_utf8(bytes).map_err(|_| unsealable(format!("a secret for {bound_to} is not text")))
}

/// The column's value sealed under the current key, or none when it already is.
pub(crate) fn reseal_text(
    seal: &dyn Seal,
    stored: &str,
    bound_to: &str,
) -> Result<Option<String>, PersistenceError> {
    if sealed_form(stored).is_some_and(|s| s.key_id == seal.current_key()) {
        return Ok(None);
    }
    let plain = open_text(seal, stored, bound_to)?;
    seal_text(seal, &plain, bound_to).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in cipher: XOR with the bound record's first byte, the key id "k1".
    struct Xor;

    impl Seal for Xor {
        fn seal_value(&self, p: &[u8], bound: &str) -> Result<Sealed, String> {
            let k = bound.as_bytes()[0];
            Ok(Sealed {
                key_id: "k1".into(),
                nonce: vec![0; 12],
                sealed: p.iter().map(|b| b ^ k).collect(),
            })
        }
        fn open_value(&self, s: &Sealed, bound: &str) -> Result<Vec<u8>, String> {
            let k = bound.as_bytes()[0];
            Ok(s.sealed.iter().map(|b| b ^ k).collect())
        }
        fn current_key(&self) -> &str {
            "k1"
        }
    }

    #[test]
    fn a_secret_is_kept_sealed_read_back_and_a_plain_one_read_as_it_is_until_resealed() {
        let stored = seal_text(&Xor, "whsec_abc", "x/1").unwrap();
        assert!(stored.starts_with("sealed:v1:k1:"));
        assert!(!stored.contains("whsec_abc"));
        assert_eq!(open_text(&Xor, &stored, "x/1").unwrap(), "whsec_abc");
        assert_eq!(reseal_text(&Xor, &stored, "x/1").unwrap(), None);
        assert_eq!(open_text(&Xor, "plain-old", "x/1").unwrap(), "plain-old");
        let sealed = reseal_text(&Xor, "plain-old", "x/1").unwrap().unwrap();
        assert_eq!(open_text(&Xor, &sealed, "x/1").unwrap(), "plain-old");
        assert_eq!(unhex("0a0B"), Some(vec![10, 11]));
        assert_eq!(unhex("0"), None);
    }
}
