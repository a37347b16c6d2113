//! What actix would otherwise answer in text/plain: unknown routes, wrong methods, unreadable queries.

use actix_web::{HttpRequest, HttpResponse, ResponseError, error, http::Method, web};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// The documented routes and their methods, to tell a wrong method (405) from an unknown route (404).
pub struct KnownRoutes(Vec<(Vec<String>, Vec<Method>)>);

impl KnownRoutes {
    pub fn from_document(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_matches('/')
                    .split('/')
                    .map(str::to_owned)
                    .collect();
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, present)| present.then_some(m))
                .collect();
                (segments, methods)
            })
            .collect();
        KnownRoutes(routes)
    }

    fn methods_for(&self, path: &str) -> Option<Vec<Method>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut found: Option<Vec<Method>> = None;
        for (segments, methods) in &self.0 {
            let matches = segments.len() == parts.len()
                && segments
                    .iter()
                    .zip(&parts)
                    .all(|(s, p)| s.starts_with('{') || s == p);
            if matches {
                found
                    .get_or_insert_with(Vec::new)
                    .extend(methods.iter().cloned());
            }
        }
        found
    }
}

/// The default service: 405 with `Allow` for a known route, 404 otherwise.
pub async fn not_found_or_wrong_method(
    req: HttpRequest,
    known: web::Data<KnownRoutes>,
) -> HttpResponse {
    match known.methods_for(req.path()) {
        Some(methods) if !methods.contains(req.method()) => {
            let allow = methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut res = ApiError::MethodNotAllowed.error_response();
            if let Ok(v) = allow.parse() {
                res.headers_mut().insert(actix_web::http::header::ALLOW, v);
            }
            res
        }
        _ => ApiError::RouteNotFound.error_response(),
    }
}

pub fn query_error(err: error::QueryPayloadError, _: &HttpRequest) -> error::Error {
    ApiError::bad_request(
        "invalid-query",
        format!(
            "The query string is invalid: {}",
            crate::rest::json::scrub(&err.to_string())
        ),
        None,
    )
    .into()
}

pub fn path_error(_: error::PathError, _: &HttpRequest) -> error::Error {
    ApiError::NotFound.into()
}

pub fn json_error(err: error::JsonPayloadError, _: &HttpRequest) -> error::Error {
    match err {
        error::JsonPayloadError::ContentType => ApiError::UnsupportedMediaType.into(),
        error::JsonPayloadError::Overflow { limit }
        | error::JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge { limit }.into()
        }
        other => ApiError::bad_request(
            "malformed-json",
            format!(
                "The body is not valid JSON: {}",
                crate::rest::json::scrub(&other.to_string())
            ),
            None,
        )
        .into(),
    }
}
