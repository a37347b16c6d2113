//! The api layer's one error type and its problem+json form. Statuses are assigned in one `match`; each
//! problem's `code` is stable and shared by REST (`type`) and GraphQL (`extensions.code`). Causes are
//! logged here, never sent.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};
use cspr_domain::{DomainError, FieldError, Refusal, error::IllegalTransition};
use cspr_openapi::problem::{FieldProblem, Problem};
use cspr_persistence::PersistenceError;

/// How many field errors a problem lists; the detail says how many there were.
pub const MAX_LISTED_ERRORS: usize = 20;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No token, or one that does not verify. The reason is logged, not sent.
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    /// A token that verifies, for a partnership this deployment does not hold (a demo token against a
    /// server never given the demo data, a token for another deployment). Its detail says so, as the
    /// operator's first question is which; the partnership is logged, not sent.
    #[error("unknown partnership {0}")]
    UnknownPartnership(String),
    /// A local token signed with another data directory's key: the detail names both keys (their ids,
    /// which reveal nothing of them), as the usual cause is `cspr token` run in another directory.
    #[error("signed with local key {token}, not {server}")]
    OtherLocalKey { token: String, server: String },
    /// `/metrics` asked for from an address `metrics_scrapers` does not name.
    #[error("not a configured metrics scraper")]
    NotAScraper,
    #[error("refused: {}", .0.code())]
    Refused(Refusal),
    /// Not there, or not the caller's to see: the two are indistinguishable on purpose.
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// A body or query the server could not read at all.
    #[error("bad request: {detail}")]
    BadRequest {
        code: &'static str,
        detail: String,
        field: Option<String>,
    },
    /// A step the process does not allow in the record's current state.
    #[error("illegal transition: {}", .0.detail)]
    Transition(IllegalTransition),
    #[error("conflict: {detail}")]
    Conflict {
        field: Option<String>,
        detail: String,
    },
    /// An `Idempotency-Key` already used by the caller for another request.
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// An `Idempotency-Key` whose first request is still being answered.
    #[error("idempotency key in use")]
    IdempotencyKeyInUse,
    /// `If-Match` names a version that is no longer current.
    #[error("precondition failed")]
    PreconditionFailed,
    /// A change to an existing resource sent without `If-Match`.
    #[error("precondition required")]
    PreconditionRequired,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    /// Over a rate limit: try again after `retry_after` seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// The body did not arrive within the time allowed (a slow or stalled upload).
    #[error("request body timed out")]
    RequestTimeout { seconds: u64 },
    #[error("no such route")]
    RouteNotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("service unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        ApiError::Internal(Box::new(e))
    }

    pub fn bad_request(
        code: &'static str,
        detail: impl Into<String>,
        field: Option<String>,
    ) -> Self {
        ApiError::BadRequest {
            code,
            detail: detail.into(),
            field,
        }
    }

    /// Status, stable code and title: the one place they are assigned.
    pub fn kind(&self) -> (StatusCode, &'static str, &'static str) {
        use StatusCode as S;
        match self {
            ApiError::Unauthenticated(_)
            | ApiError::UnknownPartnership(_)
            | ApiError::OtherLocalKey { .. } => (
                S::UNAUTHORIZED,
                "unauthenticated",
                "Authentication required",
            ),
            ApiError::Refused(r) => (S::FORBIDDEN, r.code(), "Forbidden"),
            ApiError::NotAScraper => (S::FORBIDDEN, "not-a-scraper", "Forbidden"),
            ApiError::NotFound => (S::NOT_FOUND, "not-found", "Not found"),
            ApiError::Invalid(_) => (
                S::UNPROCESSABLE_ENTITY,
                "validation-failed",
                "Validation failed",
            ),
            ApiError::BadRequest { code, .. } => (S::BAD_REQUEST, code, "Bad request"),
            ApiError::Conflict { .. } => (S::CONFLICT, "conflict", "Conflict"),
            ApiError::Transition(_) => (
                S::CONFLICT,
                "illegal-transition",
                "Not allowed in this state",
            ),
            ApiError::IdempotencyKeyReused => (
                S::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
            ),
            ApiError::IdempotencyKeyInUse => (
                S::CONFLICT,
                "idempotency-key-in-use",
                "Idempotency key in use",
            ),
            ApiError::PreconditionFailed => (
                S::PRECONDITION_FAILED,
                "precondition-failed",
                "Precondition failed",
            ),
            ApiError::PreconditionRequired => (
                S::PRECONDITION_REQUIRED,
                "precondition-required",
                "Precondition required",
            ),
            ApiError::UnsupportedMediaType => (
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            ApiError::PayloadTooLarge { .. } => (
                S::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
            ),
            ApiError::TooManyRequests { .. } => (
                S::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
            ),
            ApiError::RequestTimeout { .. } => {
                (S::REQUEST_TIMEOUT, "request-timeout", "Request timeout")
            }
            ApiError::RouteNotFound => (S::NOT_FOUND, "route-not-found", "No such route"),
            ApiError::MethodNotAllowed => (
                S::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
            ),
            ApiError::Unavailable(_) => {
                (S::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable")
            }
            ApiError::Internal(_) => (
                S::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal server error",
            ),
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, code, title) = self.kind();
        let errors: Vec<FieldProblem> = match self {
            ApiError::Invalid(fields) => fields
                .iter()
                .take(MAX_LISTED_ERRORS)
                .map(|f| FieldProblem {
                    field: f.field.clone(),
                    reason: f.reason.clone(),
                })
                .collect(),
            _ => vec![],
        };
        let field = match self {
            ApiError::BadRequest { field, .. } | ApiError::Conflict { field, .. } => field.clone(),
            _ => errors.first().map(|e| e.field.clone()),
        };
        let detail = match self {
            ApiError::Unauthenticated(_) => {
                "A valid bearer token is required: missing, malformed, expired or not for this service.".into()
            }
            ApiError::UnknownPartnership(_) => {
                "The token's partnership is unknown to this deployment: its data has not been loaded here."
                    .into()
            }
            ApiError::OtherLocalKey { token, server } => format!(
                "The token was signed with local key {token}, but this server's key is {server}: \
                 mint tokens with `cspr token --data-dir` set to the server's data directory."
            ),
            ApiError::Refused(r) => r.detail().into(),
            ApiError::NotAScraper => {
                "Metrics are served only to the addresses the metrics_scrapers setting names.".into()
            }
            ApiError::NotFound => "No such resource is visible to you.".into(),
            ApiError::Invalid(fields) if fields.len() > MAX_LISTED_ERRORS => format!(
                "{} fields are invalid; errors lists the first {MAX_LISTED_ERRORS}.",
                fields.len()
            ),
            ApiError::Invalid(_) => "One or more fields are invalid; see errors.".into(),
            ApiError::BadRequest { detail, .. } | ApiError::Conflict { detail, .. } => detail.clone(),
            ApiError::Transition(t) => t.detail.clone(),
            ApiError::IdempotencyKeyReused => {
                "This Idempotency-Key was used for another request (another path or body): use a new key for a new request.".into()
            }
            ApiError::IdempotencyKeyInUse => {
                "A request with this Idempotency-Key is still being answered: retry in a moment.".into()
            }
            ApiError::PreconditionFailed => {
                "The resource changed since the version If-Match names: read it again, then retry.".into()
            }
            ApiError::PreconditionRequired => {
                "The resource exists: send If-Match with the ETag it was read with.".into()
            }
            ApiError::UnsupportedMediaType => "Send the body as application/json.".into(),
            ApiError::PayloadTooLarge { limit } => format!("The body is larger than {limit} bytes."),
            ApiError::TooManyRequests { retry_after } => {
                format!("Too many requests; try again in {retry_after} s.")
            }
            ApiError::RequestTimeout { seconds } => {
                format!("The body did not arrive within {seconds} seconds.")
            }
            ApiError::RouteNotFound => "There is no such route; see /openapi.json.".into(),
            ApiError::MethodNotAllowed => "The route does not accept this method; see /openapi.json.".into(),
            ApiError::Unavailable(_) => "The service cannot reach its database; try again shortly.".into(),
            ApiError::Internal(_) => "Something went wrong on our side; it has been logged.".into(),
        };
        let (state, allowed_next_steps) = match self {
            ApiError::Transition(t) => (
                Some(t.state.clone()),
                Some(
                    t.allowed_next_steps
                        .iter()
                        .map(|s| (*s).to_owned())
                        .collect(),
                ),
            ),
            _ => (None, None),
        };
        Problem {
            type_: format!("urn:cspr:problem:{code}"),
            title: title.into(),
            status: status.as_u16(),
            detail,
            code: code.into(),
            field,
            state,
            allowed_next_steps,
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.kind().0
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(e) | ApiError::Unavailable(e) => {
                tracing::error!(error = %self, cause = ?e, "request failed");
            }
            // Debug-quoted: a token's fields (a `kid`) are the caller's text and could forge log lines.
            ApiError::Unauthenticated(reason) => tracing::info!(reason = ?reason, "token refused"),
            ApiError::UnknownPartnership(slug) => {
                tracing::info!(partnership = ?slug, "token refused: unknown partnership")
            }
            ApiError::OtherLocalKey { token, .. } => {
                tracing::info!(kid = ?token, "token refused: another local key")
            }
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code());
        res.content_type("application/problem+json");
        if let ApiError::Unauthenticated(_)
        | ApiError::UnknownPartnership(_)
        | ApiError::OtherLocalKey { .. } = self
        {
            res.insert_header(("www-authenticate", "Bearer"));
        }
        if let ApiError::TooManyRequests { retry_after } = self {
            res.insert_header(("retry-after", retry_after.to_string()));
        }
        res.json(self.problem())
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(fields) => ApiError::Invalid(fields),
            DomainError::Refused(r) => ApiError::Refused(r),
            DomainError::Transition(t) => ApiError::Transition(t),
        }
    }
}

impl From<IllegalTransition> for ApiError {
    fn from(t: IllegalTransition) -> Self {
        ApiError::Transition(t)
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        ApiError::Refused(r)
    }
}

impl From<Vec<FieldError>> for ApiError {
    fn from(e: Vec<FieldError>) -> Self {
        ApiError::Invalid(e)
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ApiError::Invalid(vec![e])
    }
}

impl From<PersistenceError> for ApiError {
    fn from(e: PersistenceError) -> Self {
        match e {
            PersistenceError::Conflict(what) => ApiError::Conflict {
                field: None,
                detail: format!("It conflicts with an existing record ({what})."),
            },
            PersistenceError::Unavailable(cause) => ApiError::Unavailable(cause),
            other => ApiError::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_problem_names_the_first_failing_field() {
        let p = ApiError::Invalid(vec![
            FieldError::new("children[0].pseudonym", "bad"),
            FieldError::new("summary", "x"),
        ])
        .problem();
        assert_eq!(p.status, 422);
        assert_eq!(p.type_, "urn:cspr:problem:validation-failed");
        assert_eq!(p.field.as_deref(), Some("children[0].pseudonym"));
        assert_eq!(p.errors.len(), 2);
    }

    #[test]
    fn internal_problems_say_nothing_of_the_cause() {
        let e = ApiError::internal(std::io::Error::other("password=hunter2 at db.internal"));
        let body = serde_json::to_string(&e.problem()).unwrap();
        assert!(!body.contains("hunter2"));
        assert!(!body.contains("db.internal"));
    }
}
