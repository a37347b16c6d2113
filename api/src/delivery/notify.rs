//! GOV.UK Notify's authentication: the API key (`{name}-{service id}-{secret key}`, the ids being
//! UUIDs) makes an HS256 JWT whose issuer is the service id and whose `iat` is now (Notify refuses one
//! more than 30 seconds off).

use chrono::{DateTime, Utc};
use cspr_domain::outbox::endpoints::Secret;
use jsonwebtoken::{EncodingKey, Header, encode};
use serde::Serialize;

const UUID_LEN: usize = 36;

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    iat: i64,
}

/// The service id and secret key inside an API key, if it has Notify's form.
pub fn parts(api_key: &str) -> Option<(&str, &str)> {
    let n = api_key.len();
    if n < 2 * UUID_LEN + 2 || !api_key.is_ascii() {
        return None;
    }
    let secret = &api_key[n - UUID_LEN..];
    let service = &api_key[n - 2 * UUID_LEN - 1..n - UUID_LEN - 1];
    let uuid = |s: &str| uuid::Uuid::try_parse(s).is_ok() && s.len() == UUID_LEN;
    (uuid(secret) && uuid(service) && &api_key[n - UUID_LEN - 1..n - UUID_LEN] == "-")
        .then_some((service, secret))
}

/// The bearer token for a request made at `at`.
pub fn bearer(api_key: &Secret, at: DateTime<Utc>) -> Result<String, &'static str> {
    let (service, secret) =
        parts(api_key.expose()).ok_or("the Notify API key is not in Notify's form")?;
    encode(
        &Header::default(),
        &Claims {
            iss: service,
            iat: at.timestamp(),
        },
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|_| "the Notify token could not be made")
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "cspr_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";

    #[test]
    fn an_api_key_holds_the_service_id_and_the_secret() {
        assert_eq!(
            parts(KEY),
            Some((
                "26785a09-ab16-4eb0-8407-a37497a57506",
                "3d844edf-8d35-48ac-975b-e847b4f122b0"
            ))
        );
        assert_eq!(parts("not-a-key"), None);
    }

    #[test]
    fn the_bearer_token_is_hs256_issued_by_the_service_and_dated_now() {
        let at: DateTime<Utc> = "2026-11-27T10:00:00Z".parse().unwrap();
        let token = bearer(&Secret::new(KEY), at).unwrap();
        let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        v.required_spec_claims.clear();
        v.validate_exp = false;
        let claims = jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &jsonwebtoken::DecodingKey::from_secret(b"3d844edf-8d35-48ac-975b-e847b4f122b0"),
            &v,
        )
        .unwrap()
        .claims;
        assert_eq!(claims["iss"], "26785a09-ab16-4eb0-8407-a37497a57506");
        assert_eq!(claims["iat"], at.timestamp());
    }
}
