//! Conditional changes (RFC 9110 §13): a resource that can change carries an `ETag`, and a change to it
//! names the version it was read at with `If-Match`. A change that names another version is refused
//! (412); one that names none, to a resource that exists, too (428): a lost update is never silent.

use aws_lc_rs::digest::{SHA256, digest};
use serde::Serialize;

use crate::error::ApiError;

/// A strong entity tag for a representation: a hash of its JSON.
pub fn etag(representation: &impl Serialize) -> String {
    let json = serde_json::to_vec(representation).unwrap_or_default();
    let hash: String = digest(&SHA256, &json).as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{hash}\"")
}

/// The `If-Match` a request sent, if any.
pub fn if_match(req: &actix_web::HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Whether a change sent with `if_match` may go ahead on a resource whose tag is `current` (none when
/// it does not exist yet, when the change creates it).
pub fn check_if_match(if_match: Option<&str>, current: Option<&str>) -> Result<(), ApiError> {
    let Some(if_match) = if_match else {
        return match current {
            Some(_) => Err(ApiError::PreconditionRequired),
            None => Ok(()),
        };
    };
    let matches =
        |tag: &str| current.is_some_and(|c| tag == "*" || tag.trim_start_matches("W/") == c);
    if if_match.split(',').map(str::trim).any(matches) {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_names_the_current_version_or_creates_what_does_not_exist() {
        let tag = etag(&serde_json::json!({"date": "2026-03-12"}));
        assert!(tag.starts_with('"') && tag.len() == 34);
        assert!(check_if_match(None, None).is_ok());
        assert!(matches!(
            check_if_match(None, Some(&tag)),
            Err(ApiError::PreconditionRequired)
        ));
        assert!(check_if_match(Some(&tag), Some(&tag)).is_ok());
        assert!(check_if_match(Some("*"), Some(&tag)).is_ok());
        assert!(check_if_match(Some(&format!("\"old\", {tag}")), Some(&tag)).is_ok());
        assert!(matches!(
            check_if_match(Some("\"old\""), Some(&tag)),
            Err(ApiError::PreconditionFailed)
        ));
        assert!(matches!(
            check_if_match(Some("*"), None),
            Err(ApiError::PreconditionFailed)
        ));
    }
}
