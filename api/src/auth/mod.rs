//! Authentication: a bearer token in, a resolved caller out. Authorisation is `domain::access`'s.

pub mod claims;
mod directory;
mod jwks;
pub mod local;

use std::{sync::Arc, time::Duration};

use actix_web::HttpRequest;
use cspr_domain::access::{Actor, Role};
use cspr_persistence::{Database, agencies, partnerships};

use crate::{config::Settings, context::Caller, error::ApiError};
use claims::Claims;
use jwks::JwksVerifier;
use local::{LocalKey, LocalKeyError, LocalRefusal};

/// How tokens are verified: one or the other, never both, so HS256 is refused when JWKS is configured.
enum Verifier {
    Local(LocalKey),
    Jwks(Arc<JwksVerifier>),
}

pub struct Authenticator {
    verifier: Verifier,
    directory: directory::Directory,
    /// The longest a token may live, from its issue.
    max_lifetime: Duration,
}

impl Authenticator {
    pub fn from_settings(s: &Settings) -> Result<Self, LocalKeyError> {
        let verifier = match (&s.jwks_url, &s.jwt_issuer, &s.jwt_audience) {
            (Some(url), Some(iss), Some(aud)) => Verifier::Jwks(Arc::new(JwksVerifier::new(
                url.clone(),
                iss.clone(),
                aud.clone(),
                Duration::from_secs(s.jwks_refetch_seconds),
            ))),
            _ => {
                tracing::warn!(
                    "local sign-in: tokens are signed with the key in the data directory (cspr token); \
                     configure an identity provider (jwks_url) and set local_sign_in = false in production"
                );
                Verifier::Local(LocalKey::load_or_create(&s.data_dir)?)
            }
        };
        Ok(Authenticator {
            verifier,
            directory: directory::Directory::new(),
            max_lifetime: Duration::from_secs(s.max_token_lifetime_seconds),
        })
    }

    /// Keeps the identity provider's key set fresh off the request path, so a key it withdrew stops
    /// being accepted (call once, inside the server's runtime).
    pub fn start_key_refresh(&self) {
        if let Verifier::Jwks(jwks) = &self.verifier {
            actix_web::rt::spawn(Arc::clone(jwks).refresh_periodically());
        }
    }

    async fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        let verified = match &self.verifier {
            Verifier::Local(key) => key.verify(token).map_err(|e| match e {
                LocalRefusal::OtherKey(kid) => ApiError::OtherLocalKey {
                    token: kid,
                    server: key.id().to_owned(),
                },
                LocalRefusal::Invalid(e) => ApiError::Unauthenticated(e.to_string()),
            })?,
            Verifier::Jwks(jwks) => jwks
                .verify(token)
                .await
                .map_err(|e| ApiError::Unauthenticated(e.to_string()))?,
        };
        verified
            .within_lifetime(
                jsonwebtoken::get_current_timestamp(),
                self.max_lifetime.as_secs(),
            )
            .map_err(ApiError::Unauthenticated)
    }

    /// Verifies the request's bearer token and resolves its partnership (from the in-memory directory
    /// when it has it: most requests then make no database trip to sign in). A token for a partnership
    /// this deployment does not hold is as good as no token.
    pub async fn authenticate(&self, req: &HttpRequest, db: &Database) -> Result<Caller, ApiError> {
        let token = bearer(req)?;
        let principal = self
            .verify(token)
            .await?
            .into_principal()
            .map_err(|e| ApiError::Unauthenticated(format!("bad claim {e}")))?;
        let slug = principal.partnership.clone();
        let agency = principal.agency.clone();
        let partner = principal.roles.contains(&Role::StatutoryPartner);
        let cached = self.directory.partnership(principal.partnership.as_str());
        // Only a statutory partner's token needs its agency (see below).
        let cached_agency = match (&cached, &agency, partner) {
            (Some(p), Some(code), true) => self.directory.agency(p.id, code),
            _ => None,
        };
        let needs_agency = partner && agency.is_some() && cached_agency.is_none();
        let (partnership, registered) = match (cached, needs_agency) {
            (Some(p), false) => (Some(p), cached_agency),
            (found, _) => {
                let db = db.clone();
                let (p, a) = crate::app::blocking(move || {
                    db.transaction(|c| {
                        let p = match found {
                            Some(p) => Some(p),
                            None => partnerships::find_by_slug(c, &slug)?,
                        };
                        let a = match (&p, &agency, partner) {
                            (Some(p), Some(code), true) => agencies::find_by_code(c, p.id, code)?,
                            _ => None,
                        };
                        Ok((p, a))
                    })
                })
                .await?;
                if let Some(p) = &p {
                    self.directory.remember_partnership(p);
                }
                if let Some(a) = &a {
                    self.directory.remember_agency(a);
                }
                (p, a)
            }
        };
        let partnership = partnership
            .ok_or_else(|| ApiError::UnknownPartnership(principal.partnership.to_string()))?;
        let actor = Actor {
            subject: principal.subject,
            partnership_id: partnership.id,
            agency: principal.agency,
            roles: principal.roles,
        };
        actor.check_partner_agency(registered.as_ref())?;
        Ok(Caller { actor, partnership })
    }
}

fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthenticated("no Authorization header".into()))?;
    let value = header
        .to_str()
        .map_err(|_| ApiError::Unauthenticated("Authorization header is not text".into()))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(ApiError::Unauthenticated(
            "Authorization is not a bearer token".into(),
        )),
    }
}
