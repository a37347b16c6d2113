//! Standard Webhooks signatures: HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, keyed by
//! the base64 bytes of a `whsec_` secret, sent as `v1,<base64>` — one per live secret, space-separated,
//! so a receiver rotating its secret accepts either.

use aws_lc_rs::hmac;
use base64::{Engine, engine::general_purpose::STANDARD};
use cspr_domain::outbox::endpoints::Secret;
use rand::RngCore;

const PREFIX: &str = "whsec_";

/// A new secret: 32 random bytes, in the form Standard Webhooks libraries take.
pub fn new_secret() -> Secret {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    Secret::new(format!("{PREFIX}{}", STANDARD.encode(key)))
}

fn key_bytes(secret: &Secret) -> Vec<u8> {
    let s = secret.expose();
    let encoded = s.strip_prefix(PREFIX).unwrap_or(s);
    STANDARD
        .decode(encoded)
        .unwrap_or_else(|_| s.as_bytes().to_vec())
}

/// The `webhook-signature` header for a message signed with each of `secrets`.
pub fn sign(secrets: &[Secret], id: &str, timestamp: i64, body: &str) -> String {
    let content = format!("{id}.{timestamp}.{body}");
    secrets
        .iter()
        .map(|secret| {
            let key = hmac::Key::new(hmac::HMAC_SHA256, &key_bytes(secret));
            format!(
                "v1,{}",
                STANDARD.encode(hmac::sign(&key, content.as_bytes()))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // The specification's own libraries' test vectors (standard-webhooks/standard-webhooks:
    // libraries/python/tests/test_webhooks.py and libraries/rust/src/lib.rs).
    #[test]
    fn the_signature_matches_the_standard_webhooks_test_vectors() {
        assert_eq!(
            sign(
                &[Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")],
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                r#"{"test": 2432232314}"#
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert_eq!(
            sign(
                &[Secret::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")],
                "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                1649367553,
                r#"{"email":"test@example.com","username":"test_user"}"#
            ),
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
        );
    }

    #[test]
    fn a_rotated_secret_signs_beside_the_new_one() {
        let (new, old) = (new_secret(), new_secret());
        let both = sign(&[new.clone(), old.clone()], "id", 1, "{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(
            parts,
            [sign(&[new], "id", 1, "{}"), sign(&[old], "id", 1, "{}")]
        );
    }

    #[test]
    fn a_new_secret_is_32_random_bytes_in_whsec_form() {
        let s = new_secret();
        assert!(s.expose().starts_with("whsec_"));
        assert_eq!(key_bytes(&s).len(), 32);
        assert_ne!(s, new_secret());
    }
}
