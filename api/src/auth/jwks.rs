//! Production sign-in: RS256 or ES256 tokens from the identity provider, verified against its published
//! key set. Keys are cached by `kid`; an unknown `kid` triggers a refetch, at most once per interval, so
//! key rotation works and a flood of made-up `kid`s cannot turn into a flood of fetches.

use std::{
    collections::HashMap,
    sync::{Mutex, RwLock},
    time::{Duration, Instant},
};

use jsonwebtoken::{
    Algorithm, DecodingKey, Validation,
    jwk::{AlgorithmParameters, EllipticCurve, JwkSet},
};

use super::claims::Claims;

/// Why a token was not accepted; logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    #[error("token has no kid")]
    NoKid,
    #[error("no key with kid {0}")]
    UnknownKid(String),
    #[error("token algorithm {0:?} does not match its key")]
    AlgorithmMismatch(Algorithm),
    #[error("key set could not be fetched")]
    Fetch(#[from] reqwest::Error),
    #[error(transparent)]
    Token(#[from] jsonwebtoken::errors::Error),
}

struct Key {
    decoding: DecodingKey,
    algorithm: Algorithm,
}

pub struct JwksVerifier {
    url: String,
    issuer: String,
    audience: String,
    client: reqwest::Client,
    keys: RwLock<HashMap<String, std::sync::Arc<Key>>>,
    last_fetch: Mutex<Option<Instant>>,
    refetch_after: Duration,
}

/// The algorithm a key is for, decided by the key and never by the token. Only RS256 and ES256 keys are
/// used; any other key in the set is skipped.
fn pinned_algorithm(params: &AlgorithmParameters) -> Option<Algorithm> {
    match params {
        AlgorithmParameters::RSA(_) => Some(Algorithm::RS256),
        AlgorithmParameters::EllipticCurve(ec) if ec.curve == EllipticCurve::P256 => {
            Some(Algorithm::ES256)
        }
        _ => None,
    }
}

impl JwksVerifier {
    pub fn new(url: String, issuer: String, audience: String, refetch_after: Duration) -> Self {
        Self {
            url,
            issuer,
            audience,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            keys: RwLock::new(HashMap::new()),
            last_fetch: Mutex::new(None),
            refetch_after,
        }
    }

    fn cached(&self, kid: &str) -> Option<std::sync::Arc<Key>> {
        self.keys.read().ok().and_then(|k| k.get(kid).cloned())
    }

    /// Claims the right to fetch now, if the last fetch is old enough.
    fn may_fetch(&self) -> bool {
        let Ok(mut last) = self.last_fetch.lock() else {
            return false;
        };
        let due = last.is_none_or(|t| t.elapsed() >= self.refetch_after);
        if due {
            *last = Some(Instant::now());
        }
        due
    }

    async fn refresh(&self) -> Result<(), JwksError> {
        let set: JwkSet = self
            .client
            .get(&self.url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let fresh: HashMap<_, _> = set
            .keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                let algorithm = pinned_algorithm(&jwk.algorithm)?;
                let decoding = DecodingKey::from_jwk(jwk).ok()?;
                Some((
                    kid,
                    std::sync::Arc::new(Key {
                        decoding,
                        algorithm,
                    }),
                ))
            })
            .collect();
        tracing::info!(
            keys = fresh.len(),
            "fetched the identity provider's key set"
        );
        if let Ok(mut keys) = self.keys.write() {
            *keys = fresh;
        }
        Ok(())
    }

    pub(super) async fn verify(&self, token: &str) -> Result<Claims, JwksError> {
        let header = jsonwebtoken::decode_header(token)?;
        let kid = header.kid.ok_or(JwksError::NoKid)?;
        let key = match self.cached(&kid) {
            Some(key) => key,
            None => {
                if self.may_fetch() {
                    self.refresh().await?;
                }
                self.cached(&kid).ok_or(JwksError::UnknownKid(kid))?
            }
        };
        if header.alg != key.algorithm {
            return Err(JwksError::AlgorithmMismatch(header.alg));
        }
        let mut v = Validation::new(key.algorithm);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[&self.audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        Ok(jsonwebtoken::decode::<Claims>(token, &key.decoding, &v)?.claims)
    }
}
