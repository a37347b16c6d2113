//! `Idempotency-Key` on every REST `POST` (the IETF draft): the same key and body from the same caller
//! answers with the first answer and does the work once; the same key with another body is refused
//! (422); a second request while the first is in flight is refused (409).
//!
//! The key is kept with the answer in the create's own transaction (`Ctx::command`), so a retry after a
//! lost answer or a killed server finds either nothing done or the first answer. This middleware reads
//! the key and the body, fingerprints them, and refuses a request whose key is in flight in this process
//! (across replicas, the database's key makes the later of two concurrent requests roll back: 409 too).

use std::{
    collections::HashSet,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use actix_web::{
    HttpMessage, ResponseError,
    body::{BoxBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    http::{
        Method,
        header::{HeaderName, HeaderValue},
    },
    middleware::Next,
    web,
};
use aws_lc_rs::digest::{SHA256, digest};

use cspr_persistence::idempotency;

use crate::{context::AppState, error::ApiError};

/// The header, as the draft names it.
pub const HEADER: &str = "idempotency-key";

/// The longest key accepted.
pub const MAX_KEY: usize = 255;

/// A request's key and what identifies its request, left on the request for `Ctx`.
#[derive(Debug, Clone)]
pub struct IdempotentRequest {
    pub key: String,
    /// SHA-256 of the method, path and query, and body.
    pub fingerprint: String,
    /// Set when the answer is the first request's, replayed.
    pub replayed: Arc<AtomicBool>,
}

impl IdempotentRequest {
    /// The request's fingerprint with who sent it: the agency the token acts for and its roles.
    pub fn fingerprint_for(&self, actor: &cspr_domain::access::Actor) -> String {
        let mut roles: Vec<&str> = actor.roles.iter().map(|r| r.as_str()).collect();
        roles.sort_unstable();
        let agency = actor.agency.as_ref().map_or("", |a| a.as_str());
        let who = format!("{}\n{agency}\n{}", self.fingerprint, roles.join(","));
        hex(digest(&SHA256, who.as_bytes()).as_ref())
    }
}

/// Keys in flight in this process, by caller credential and key.
#[derive(Default)]
pub struct InFlight(Mutex<HashSet<String>>);

/// Removes a key from the in-flight set however the request ends.
struct Flying<'a> {
    set: &'a InFlight,
    entry: String,
}

impl Drop for Flying<'_> {
    fn drop(&mut self) {
        if let Ok(mut set) = self.set.0.lock() {
            set.remove(&self.entry);
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key as sent: a structured-field string (`"…"`) or bare; 1 to 255 visible ASCII characters.
pub fn parse_key(value: &HeaderValue) -> Result<String, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "invalid-idempotency-key",
            format!("Idempotency-Key must be 1 to {MAX_KEY} visible ASCII characters."),
            Some("Idempotency-Key".into()),
        )
    };
    let text = value.to_str().map_err(|_| bad())?.trim();
    let key = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    let visible = |c: char| c.is_ascii_graphic() && c != '"';
    if key.is_empty() || key.len() > MAX_KEY || !key.chars().all(visible) {
        return Err(bad());
    }
    Ok(key.to_owned())
}

/// The middleware: only REST `POST`s that carry the header are touched.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let header = req.headers().get(HeaderName::from_static(HEADER)).cloned();
    let (Some(header), true) = (
        header,
        req.method() == Method::POST && req.path().starts_with("/v1/"),
    ) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let key = match parse_key(&header) {
        Ok(key) => key,
        Err(e) => return Ok(req.into_response(e.error_response())),
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    // In flight by credential: the caller is known only once the token is verified, later.
    let credential = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .map(|v| hex(digest(&SHA256, v.as_bytes()).as_ref()))
        .unwrap_or_default();
    let entry = format!("{credential} {key}");
    let inserted = state
        .in_flight
        .0
        .lock()
        .map(|mut set| set.insert(entry.clone()))
        .unwrap_or(false);
    if !inserted {
        return Ok(req.into_response(ApiError::IdempotencyKeyInUse.error_response()));
    }
    let _flying = Flying {
        set: &state.in_flight,
        entry,
    };
    let limit = state.settings.batch_body_limit_bytes;
    let seconds = state.settings.body_timeout_seconds;
    let payload = req.extract::<web::Payload>().await?;
    let body = actix_web::rt::time::timeout(
        std::time::Duration::from_secs(seconds),
        payload.to_bytes_limited(limit),
    )
    .await;
    let body = match body {
        Err(_) => ApiError::RequestTimeout { seconds },
        Ok(Err(_)) => ApiError::PayloadTooLarge { limit },
        Ok(Ok(Err(_))) => {
            ApiError::bad_request("unreadable-body", "The body could not be read.", None)
        }
        Ok(Ok(Ok(bytes))) => {
            let mut identified = format!("POST {}\n", req.uri()).into_bytes();
            identified.extend_from_slice(&bytes);
            let replayed = Arc::new(AtomicBool::new(false));
            req.extensions_mut().insert(IdempotentRequest {
                key,
                fingerprint: hex(digest(&SHA256, &identified).as_ref()),
                replayed: Arc::clone(&replayed),
            });
            req.set_payload(Payload::from(bytes));
            let mut res = next.call(req).await?.map_into_boxed_body();
            if replayed.load(Ordering::SeqCst) {
                res.headers_mut().insert(
                    HeaderName::from_static("idempotent-replayed"),
                    HeaderValue::from_static("true"),
                );
            }
            return Ok(res);
        }
    };
    Ok(req.into_response(body.error_response()))
}

/// Forgets keys older than `idempotency_key_hours`, at start and then every hour.
pub fn start_expiry(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let hours = i64::from(state.settings.idempotency_key_hours);
            let before = state.clock.now() - chrono::Duration::hours(hours);
            let db = state.db.clone();
            match web::block(move || db.transaction(|c| idempotency::expire(c, before))).await {
                Ok(Ok(0)) => {}
                Ok(Ok(forgotten)) => tracing::info!(forgotten, "idempotency keys expired"),
                Ok(Err(e)) => tracing::warn!(error = %e, "idempotency keys not expired"),
                Err(e) => tracing::warn!(error = %e, "idempotency keys not expired"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_visible_ascii_quoted_or_bare_and_at_most_255_characters() {
        let parse = |s: &str| parse_key(&HeaderValue::from_str(s).unwrap());
        assert_eq!(parse("\"8e03978e-40d5\"").unwrap(), "8e03978e-40d5");
        assert_eq!(parse("retry-7").unwrap(), "retry-7");
        assert!(parse("").is_err());
        assert!(parse("two words").is_err());
        assert!(parse(&"k".repeat(256)).is_err());
        assert!(parse(&"k".repeat(255)).is_ok());
    }
}
