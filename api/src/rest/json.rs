//! The JSON body extractor: content type checked, size bounded, and a body that does not fit the
//! contract answered with a problem naming the field (`children[0].sex`), so an integrator can fix it.

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::de::DeserializeOwned;

use crate::{context::AppState, error::ApiError};

pub struct ValidJson<T>(pub T);

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

/// Reads `bytes` as `T`, naming the path of the first field that does not fit.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = (path != ".").then_some(path);
        // serde_json calls some type mismatches (a number for an enum) syntax errors: ask whether the
        // bytes are JSON at all.
        let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
        let code = if well_formed {
            "invalid-body"
        } else {
            "malformed-json"
        };
        ApiError::bad_request(
            code,
            format!(
                "The body does not match the contract: {}",
                scrub(&inner.to_string())
            ),
            field,
        )
    })
}

/// serde's and GraphQL's messages name the expected shape and the position, never server internals, but they quote
/// the offending value, which may be personal data: the value is dropped, the shape kept.
pub fn scrub(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted: Option<char> = None;
    let variant = message.contains("unknown variant");
    for c in message.chars() {
        match quoted {
            Some(close) if c == close => {
                out.push('…');
                out.push(c);
                quoted = None;
            }
            Some(_) => {}
            None if c == '"' || (variant && c == '`' && !out.contains('`')) => {
                out.push(c);
                quoted = Some(c);
            }
            None => out.push(c),
        }
    }
    out
}

fn unreadable(e: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(
        "malformed-body",
        format!("The body could not be read: {e}"),
        None,
    )
}

/// The raw body of a JSON request: content type checked, size bounded (GraphQL reads it this way too).
pub struct JsonBody(pub web::Bytes);

/// Reads a JSON request's body: content type checked, size bounded, and cut off when it does not arrive
/// within `body_timeout_seconds` (a slow or stalled upload).
pub async fn read(req: &HttpRequest, body: web::Payload) -> Result<web::Bytes, ApiError> {
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map_or(256 * 1024, |s| s.settings.body_limit_bytes);
    read_within(req, body, limit).await
}

/// Reads a JSON request's body within `limit` bytes.
async fn read_within(
    req: &HttpRequest,
    body: web::Payload,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    if !is_json(req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    read_bytes(req, body, limit).await
}

/// Reads a body of any type within `limit` bytes and `body_timeout_seconds`.
pub(crate) async fn read_bytes(
    req: &HttpRequest,
    body: web::Payload,
    limit: usize,
) -> Result<web::Bytes, ApiError> {
    let settings = req.app_data::<web::Data<AppState>>();
    let seconds = settings.map_or(10, |s| s.settings.body_timeout_seconds);
    actix_web::rt::time::timeout(
        std::time::Duration::from_secs(seconds),
        body.to_bytes_limited(limit),
    )
    .await
    .map_err(|_| ApiError::RequestTimeout { seconds })?
    .map_err(|_| ApiError::PayloadTooLarge { limit })?
    .map_err(unreadable)
}

impl FromRequest for JsonBody {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Payload::from_request(&req, payload).into_inner();
        Box::pin(async move { read(&req, body.map_err(unreadable)?).await.map(JsonBody) })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = JsonBody::from_request(req, payload);
        Box::pin(async move { parse(&body.await?.0).map(ValidJson) })
    }
}

/// A batch route's JSON body (chronology entries): as `ValidJson`, within `batch_body_limit_bytes`,
/// since a thousand entries do not fit the ordinary limit.
pub struct ValidBatch<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ValidBatch<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Payload::from_request(&req, payload).into_inner();
        Box::pin(async move {
            let limit = req
                .app_data::<web::Data<AppState>>()
                .map_or(6 * 1024 * 1024, |s| s.settings.batch_body_limit_bytes);
            let bytes = read_within(&req, body.map_err(unreadable)?, limit).await?;
            parse(&bytes).map(ValidBatch)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        items: Vec<Item>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        n: u8,
    }

    fn field(r: Result<Body, ApiError>) -> (Option<String>, &'static str) {
        match r {
            Err(ApiError::BadRequest { field, code, .. }) => (field, code),
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn a_wrong_type_names_its_path() {
        assert_eq!(
            field(parse(br#"{"items":[{"n":1},{"n":"x"}]}"#)),
            (Some("items[1].n".into()), "invalid-body")
        );
    }

    #[test]
    fn an_unknown_field_is_refused_by_name() {
        let (f, code) = field(parse(br#"{"items":[],"extra":1}"#));
        assert_eq!(code, "invalid-body");
        assert!(f.is_none() || f.as_deref() == Some("extra"), "{f:?}");
    }

    #[test]
    fn the_offending_value_is_not_echoed() {
        let Err(e) = parse::<Body>(br#"{"items":[{"n":"Jane Smith"}]}"#) else {
            panic!()
        };
        let detail = e.problem().detail;
        assert!(!detail.contains("Jane"), "{detail}");
        assert!(detail.contains("expected u8"), "{detail}");
    }

    #[test]
    fn an_unknown_variant_is_not_echoed() {
        assert_eq!(
            scrub("unknown variant `Jane`, expected `a` or `b`"),
            "unknown variant `…`, expected `a` or `b`"
        );
    }

    #[test]
    fn an_unknown_variant_in_a_query_is_not_echoed() {
        assert_eq!(
            scrub(
                "Query deserialize error: unknown variant `JaneSmith`, expected `due` or `overdue`"
            ),
            "Query deserialize error: unknown variant `…`, expected `due` or `overdue`"
        );
    }

    #[test]
    fn broken_json_is_malformed() {
        assert_eq!(field(parse(br#"{"items":["#)).1, "malformed-json");
    }
}
