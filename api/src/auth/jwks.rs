//! Production sign-in: RS256 or ES256 tokens from the identity provider, verified against its published
//! key set. Keys are cached by `kid`; an unknown `kid` triggers a refetch, at most once per interval, so
//! key rotation works and a flood of made-up `kid`s cannot turn into a flood of fetches.

use std::{
    collections::HashMap,
    sync::{Mutex, RwLock},
    time::{Duration, Instant},
};
use tracing::Instrument;

use jsonwebtoken::{
    Algorithm, DecodingKey, Validation,
    jwk::{AlgorithmParameters, EllipticCurve, JwkSet},
};

use super::claims::{LEEWAY_SECONDS, Verified};

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
    #[error("key set larger than {MAX_KEY_SET_BYTES} bytes")]
    TooLarge,
    #[error("key set is not a JWK set")]
    Malformed,
    #[error(transparent)]
    Token(#[from] jsonwebtoken::errors::Error),
}

/// The largest key set read: a real one is a few kilobytes.
const MAX_KEY_SET_BYTES: usize = 256 * 1024;
/// How often the key set is refreshed when the provider does not say.
const REFRESH_DEFAULT: Duration = Duration::from_secs(15 * 60);
const REFRESH_LONGEST: Duration = Duration::from_secs(60 * 60);

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
            // No redirects: the key set comes from the URL configured, nowhere else.
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
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

    /// Fetches the key set (at most `MAX_KEY_SET_BYTES`) and replaces the cache with it, so withdrawn keys
    /// go. Returns how long the provider says the set may be cached, if it says.
    async fn refresh(&self) -> Result<Option<Duration>, JwksError> {
        let mut res = self
            .client
            .get(&self.url)
            .send()
            .instrument(tracing::info_span!("jwks.fetch", otel.kind = "client"))
            .await?
            .error_for_status()?;
        let max_age = res
            .headers()
            .get(reqwest::header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.split(',')
                    .find_map(|d| d.trim().strip_prefix("max-age="))
                    .and_then(|s| s.parse::<u64>().ok())
            })
            .map(Duration::from_secs);
        let mut body = Vec::new();
        while let Some(chunk) = res.chunk().await? {
            if body.len() + chunk.len() > MAX_KEY_SET_BYTES {
                return Err(JwksError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        let set: JwkSet = serde_json::from_slice(&body).map_err(|_| JwksError::Malformed)?;
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
        Ok(max_age)
    }

    /// Refreshes the key set for ever: as often as its `Cache-Control: max-age` says, within
    /// [`jwks_refetch_seconds`, 1 h]; every `REFRESH_DEFAULT` when it does not say. A failed fetch keeps
    /// the keys held and tries again at the shortest interval.
    pub async fn refresh_periodically(self: std::sync::Arc<Self>) {
        loop {
            let wait = match self.refresh().await {
                Ok(max_age) => max_age
                    .unwrap_or(REFRESH_DEFAULT)
                    .clamp(self.refetch_after, REFRESH_LONGEST),
                Err(e) => {
                    tracing::warn!(error = ?e.to_string(), "the identity provider's key set could not be refreshed");
                    self.refetch_after
                }
            };
            actix_web::rt::time::sleep(wait).await;
        }
    }

    pub(super) async fn verify(&self, token: &str) -> Result<Verified, JwksError> {
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
        v.validate_nbf = true;
        v.leeway = LEEWAY_SECONDS;
        Ok(jsonwebtoken::decode::<Verified>(token, &key.decoding, &v)?.claims)
    }
}
