//! Sealing identifying details: AES-256-GCM (aws-lc-rs) under keys read from a file, never from the
//! database. The key file holds one key a line, `<key id> <base64 of 32 bytes>`, the first the one new
//! seals use; older keys stay below it until `cspr identifying-details rotate` has resealed every
//! record under the first. Each seal binds the record it belongs to (partnership, review, pseudonym)
//! as associated data, so a sealed value copied onto another row does not open.

use std::{
    collections::HashMap,
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use aws_lc_rs::{
    aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey},
    rand::{SecureRandom, SystemRandom},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use cspr_persistence::{Seal, Sealed};

/// The key file made in the data directory when none is configured (a single-server installation).
pub const DEFAULT_KEY_FILE: &str = "identifying-details.keys";

#[derive(Debug, thiserror::Error)]
pub enum SealingError {
    #[error("the identifying details key file {path} could not be read or made")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the identifying details key file {0} is malformed: each line is `<key id> <base64 of 32 bytes>`"
    )]
    Malformed(PathBuf),
    #[error("sealed under key `{0}`, which the key file does not hold")]
    UnknownKey(String),
    #[error("a sealed value did not open: altered, or moved from another record")]
    Unopenable,
    #[error("no randomness for a nonce")]
    Random,
}

pub struct Keyring {
    current: String,
    keys: HashMap<String, LessSafeKey>,
}

fn key(bytes: &[u8]) -> Option<LessSafeKey> {
    UnboundKey::new(&AES_256_GCM, bytes)
        .ok()
        .map(LessSafeKey::new)
}

impl Keyring {
    /// The keys in `text`, the first current.
    fn parse(text: &str, path: &Path) -> Result<Self, SealingError> {
        let malformed = || SealingError::Malformed(path.to_path_buf());
        let mut order = vec![];
        let mut keys = HashMap::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (id, encoded) = line.split_once(char::is_whitespace).ok_or_else(malformed)?;
            let bytes = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
            let k = key(&bytes)
                .filter(|_| bytes.len() == 32)
                .ok_or_else(malformed)?;
            order.push(id.to_owned());
            keys.insert(id.to_owned(), k);
        }
        let current = order.first().cloned().ok_or_else(malformed)?;
        Ok(Keyring { current, keys })
    }

    /// The configured key file, or the data directory's (made with one new key if absent).
    pub fn load(configured: Option<&Path>, data_dir: &Path) -> Result<Self, SealingError> {
        let path = configured.map_or_else(|| data_dir.join(DEFAULT_KEY_FILE), Path::to_path_buf);
        let io = |source| SealingError::Io {
            path: path.clone(),
            source,
        };
        match fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && configured.is_none() => {
                fs::create_dir_all(data_dir).map_err(io)?;
                let line = new_key_line()?;
                let mut options = fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(&path) {
                    Ok(mut file) => {
                        file.write_all(line.as_bytes()).map_err(io)?;
                        Self::parse(&line, &path)
                    }
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Self::load(None, data_dir)
                    }
                    Err(e) => Err(io(e)),
                }
            }
            Err(e) => Err(io(e)),
        }
    }

    pub fn current(&self) -> &str {
        &self.current
    }

    /// Seals `plaintext` for the record `bound_to` under the current key.
    pub fn seal(&self, plaintext: &[u8], bound_to: &str) -> Result<Sealed, SealingError> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| SealingError::Random)?;
        let k = self
            .keys
            .get(&self.current)
            .ok_or_else(|| SealingError::UnknownKey(self.current.clone()))?;
        let mut sealed = plaintext.to_vec();
        k.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(bound_to.as_bytes()),
            &mut sealed,
        )
        .map_err(|_| SealingError::Unopenable)?;
        Ok(Sealed {
            key_id: self.current.clone(),
            nonce: nonce.to_vec(),
            sealed,
        })
    }

    /// Opens a value sealed for the record `bound_to`.
    pub fn open(&self, s: &Sealed, bound_to: &str) -> Result<Vec<u8>, SealingError> {
        let k = self
            .keys
            .get(&s.key_id)
            .ok_or_else(|| SealingError::UnknownKey(s.key_id.clone()))?;
        let nonce =
            Nonce::try_assume_unique_for_key(&s.nonce).map_err(|_| SealingError::Unopenable)?;
        let mut buffer = s.sealed.clone();
        let opened = k
            .open_in_place(nonce, Aad::from(bound_to.as_bytes()), &mut buffer)
            .map_err(|_| SealingError::Unopenable)?;
        Ok(opened.to_vec())
    }
}

impl Seal for Keyring {
    fn seal_value(&self, plaintext: &[u8], bound_to: &str) -> Result<Sealed, String> {
        self.seal(plaintext, bound_to).map_err(|e| e.to_string())
    }

    fn open_value(&self, sealed: &Sealed, bound_to: &str) -> Result<Vec<u8>, String> {
        self.open(sealed, bound_to).map_err(|e| e.to_string())
    }

    fn current_key(&self) -> &str {
        self.current()
    }
}

/// A key file line with a new random key: `cspr identifying-details new-key` prints one to put at the
/// top of the file when rotating.
pub fn new_key_line() -> Result<String, SealingError> {
    let mut bytes = [0u8; 32];
    let rng = SystemRandom::new();
    rng.fill(&mut bytes).map_err(|_| SealingError::Random)?;
    let mut id = [0u8; 4];
    rng.fill(&mut id).map_err(|_| SealingError::Random)?;
    let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("key-{id} {}\n", STANDARD.encode(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(text: &str) -> Keyring {
        Keyring::parse(text, Path::new("test.keys")).unwrap()
    }

    #[test]
    fn a_sealed_value_opens_only_for_its_own_record_and_unaltered() {
        let r = ring(&new_key_line().unwrap());
        let s = r.seal(b"Lily Smith", "p/r/Child A").unwrap();
        assert_ne!(s.sealed, b"Lily Smith");
        assert_eq!(r.open(&s, "p/r/Child A").unwrap(), b"Lily Smith");
        assert!(matches!(
            r.open(&s, "p/r/Child B"),
            Err(SealingError::Unopenable)
        ));
        let mut altered = s.clone();
        altered.sealed[0] ^= 1;
        assert!(r.open(&altered, "p/r/Child A").is_err());
    }

    #[test]
    fn after_rotation_the_new_key_seals_and_the_old_still_opens() {
        let old = new_key_line().unwrap();
        let before = ring(&old);
        let sealed = before.seal(b"x", "a").unwrap();
        let after = ring(&format!("# rotated\n{}{old}", new_key_line().unwrap()));
        assert_ne!(after.current(), before.current());
        assert_eq!(after.open(&sealed, "a").unwrap(), b"x");
        assert_eq!(after.seal(b"y", "a").unwrap().key_id, after.current());
        // Without the old key the old seal does not open.
        let forgotten = ring(&new_key_line().unwrap());
        assert!(matches!(
            forgotten.open(&sealed, "a"),
            Err(SealingError::UnknownKey(_))
        ));
    }

    #[test]
    fn a_malformed_key_file_is_refused() {
        for text in [
            "",
            "# only a comment",
            "k1",
            "k1 not-base64!",
            "k1 c2hvcnQ=",
        ] {
            assert!(Keyring::parse(text, Path::new("t")).is_err(), "{text:?}");
        }
    }

    #[test]
    fn the_data_directorys_key_file_is_made_once_and_readable_by_its_owner_only() {
        let dir = std::env::temp_dir().join(format!("cspr-seal-{}", uuid::Uuid::new_v4()));
        let first = Keyring::load(None, &dir).unwrap();
        let again = Keyring::load(None, &dir).unwrap();
        assert_eq!(first.current(), again.current());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join(DEFAULT_KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let configured_missing = Keyring::load(Some(&dir.join("absent.keys")), &dir);
        assert!(matches!(configured_missing, Err(SealingError::Io { .. })));
        fs::remove_dir_all(&dir).ok();
    }
}
