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
    id: String,
}

/// Why a local token was refused.
#[derive(Debug)]
pub enum LocalRefusal {
    /// Signed with another data directory's key (its `kid` names which).
    OtherKey(String),
    Invalid(jsonwebtoken::errors::Error),
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
    #[error(
        "there is no data directory at {0}: run this where the server keeps its data, or pass \
         --data-dir (a token signed with a new key there would be refused by the server)"
    )]
    NoDataDir(PathBuf),
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
    fn new(secret: Vec<u8>) -> Self {
        // A name for the key that does not reveal it: the start of an HMAC of a fixed text under it.
        let mac = jsonwebtoken::crypto::sign(
            b"cspr local signing key id",
            &EncodingKey::from_secret(&secret),
            Algorithm::HS256,
        )
        .unwrap_or_default();
        let id = format!("local-{}", mac.chars().take(10).collect::<String>());
        Self { secret, id }
    }

    /// The key's name, carried in each token's `kid`: a token signed with another data directory's
    /// key is then told apart, and its refusal says which key signed it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key `cspr token` signs with: the data directory's, made there if the directory has none yet,
    /// but never in a directory that does not exist (run elsewhere, that would quietly make a second
    /// key whose tokens the server refuses).
    pub fn for_minting(data_dir: &Path) -> Result<Self, LocalKeyError> {
        if !data_dir.is_dir() {
            return Err(LocalKeyError::NoDataDir(data_dir.to_path_buf()));
        }
        Self::load_or_create(data_dir)
    }

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
                Ok(Self::new(secret))
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
                        Ok(Self::new(secret))
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
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.id.clone());
        Ok(jsonwebtoken::encode(
            &header,
            &body,
            &EncodingKey::from_secret(&self.secret),
        )?)
    }

    pub(super) fn verify(&self, token: &str) -> Result<Verified, LocalRefusal> {
        // Tokens made before key ids, or by hand, carry none and are judged by their signature alone.
        if let Ok(jsonwebtoken::Header { kid: Some(kid), .. }) = jsonwebtoken::decode_header(token)
            && kid.starts_with("local-")
            && kid != self.id
        {
            return Err(LocalRefusal::OtherKey(kid));
        }
        let mut v = Validation::new(Algorithm::HS256);
        v.set_issuer(&[LOCAL_ISSUER]);
        v.set_audience(&[LOCAL_AUDIENCE]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        v.validate_nbf = true;
        v.leeway = super::claims::LEEWAY_SECONDS;
        jsonwebtoken::decode::<Verified>(token, &DecodingKey::from_secret(&self.secret), &v)
            .map(|d| d.claims)
            .map_err(LocalRefusal::Invalid)
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
