//! Local sign-in for development and evaluation: an HS256 key made at random on first start and kept in
//! the data directory (never in code or configuration), and the tokens `cspr token` mints with it.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    time::Duration,
};

use base64::{Engine, engine::general_purpose::STANDARD};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::Serialize;

use super::claims::{Claims, Verified};

pub const LOCAL_ISSUER: &str = "cspr-local";
pub const LOCAL_AUDIENCE: &str = "cspr";
const KEY_FILE: &str = "local-signing-key";

#[derive(Clone)]
pub struct LocalKey {
    secret: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum LocalKeyError {
    #[error("could not read or write the local signing key at {path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the local signing key at {0} is not valid base64 of 32 or more bytes")]
    Malformed(PathBuf),
    #[error("could not sign the token")]
    Sign(#[from] jsonwebtoken::errors::Error),
}

#[derive(Serialize)]
struct Minted<'a> {
    #[serde(flatten)]
    claims: &'a Claims,
    iss: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

impl LocalKey {
    /// Reads the key from the data directory, making it (readable by the owner only) if absent.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, LocalKeyError> {
        let path = data_dir.join(KEY_FILE);
        let io = |source| LocalKeyError::Io {
            path: path.clone(),
            source,
        };
        match fs::read_to_string(&path) {
            Ok(text) => {
                let secret = STANDARD
                    .decode(text.trim())
                    .ok()
                    .filter(|s| s.len() >= 32)
                    .ok_or_else(|| LocalKeyError::Malformed(path.clone()))?;
                Ok(Self { secret })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !data_dir.exists() {
                    fs::create_dir_all(data_dir).map_err(io)?;
                    // The data directory holds the key and case data: its owner's alone.
                    #[cfg(unix)]
                    fs::set_permissions(
                        data_dir,
                        std::os::unix::fs::PermissionsExt::from_mode(0o700),
                    )
                    .map_err(io)?;
                }
                let mut secret = vec![0u8; 32];
                rand::rng().fill_bytes(&mut secret);
                let mut options = fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(&path) {
                    Ok(mut file) => {
                        file.write_all(STANDARD.encode(&secret).as_bytes())
                            .map_err(io)?;
                        Ok(Self { secret })
                    }
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        Self::load_or_create(data_dir)
                    }
                    Err(e) => Err(io(e)),
                }
            }
            Err(e) => Err(io(e)),
        }
    }

    pub fn mint(&self, claims: &Claims, ttl: Duration) -> Result<String, LocalKeyError> {
        let now = jsonwebtoken::get_current_timestamp();
        let body = Minted {
            claims,
            iss: LOCAL_ISSUER,
            aud: LOCAL_AUDIENCE,
            iat: now,
            exp: now + ttl.as_secs(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &body,
            &EncodingKey::from_secret(&self.secret),
        )?)
    }

    pub(super) fn verify(&self, token: &str) -> Result<Verified, jsonwebtoken::errors::Error> {
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[LOCAL_ISSUER]);
        v.set_audience(&[LOCAL_AUDIENCE]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_nbf = true;
        v.leeway = super::claims::LEEWAY_SECONDS;
        jsonwebtoken::decode::<Verified>(token, &DecodingKey::from_secret(&self.secret), &v)
            .map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            sub: "jo".into(),
            partnership: "demo".into(),
            agency: None,
            roles: vec!["partnership_admin".into()],
        }
    }

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("cspr-key-{}", uuid::Uuid::now_v7()))
    }

    #[test]
    fn the_key_is_made_once_and_reused() {
        let dir = temp_dir();
        let a = LocalKey::load_or_create(&dir).unwrap();
        let b = LocalKey::load_or_create(&dir).unwrap();
        assert_eq!(a.secret, b.secret);
        let token = a.mint(&claims(), Duration::from_secs(60)).unwrap();
        assert_eq!(b.verify(&token).unwrap().claims.sub, "jo");
        fs::remove_dir_all(dir).ok();
    }

    #[cfg(unix)]
    #[test]
    fn only_the_owner_can_read_the_key() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir();
        LocalKey::load_or_create(&dir).unwrap();
        let mode = fs::metadata(dir.join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0);
        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn another_key_does_not_verify() {
        let (d1, d2) = (temp_dir(), temp_dir());
        let token = LocalKey::load_or_create(&d1)
            .unwrap()
            .mint(&claims(), Duration::from_secs(60))
            .unwrap();
        assert!(
            LocalKey::load_or_create(&d2)
                .unwrap()
                .verify(&token)
                .is_err()
        );
        fs::remove_dir_all(d1).ok();
        fs::remove_dir_all(d2).ok();
    }
}
