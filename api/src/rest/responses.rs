//! The error responses each kind of operation can give, declared once for the OpenAPI document.

use std::collections::BTreeMap;

use utoipa::{
    IntoResponses,
    openapi::{Ref, RefOr, content::Content, response::Response},
};

fn problem(description: &str) -> RefOr<Response> {
    let mut r = Response::new(description);
    r.content.insert(
        "application/problem+json".into(),
        RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))),
    );
    RefOr::T(r)
}

fn set(codes: &[(&str, &str)]) -> BTreeMap<String, RefOr<Response>> {
    codes
        .iter()
        .map(|(c, d)| ((*c).to_owned(), problem(d)))
        .collect()
}

const UNAUTHENTICATED: (&str, &str) = ("401", "Missing, malformed, expired or foreign token.");
const FORBIDDEN: (&str, &str) = ("403", "The caller's roles do not permit this.");
const NOT_FOUND: (&str, &str) = ("404", "No such record is visible to the caller.");
const BAD_REQUEST: (&str, &str) = (
    "400",
    "The body or query could not be read: malformed JSON, wrong type, unknown field.",
);
const CONFLICT: (&str, &str) = (
    "409",
    "It conflicts with the current state: a duplicate, or a step out of the process's order (`illegal-transition`, with `state` and `allowed_next_steps`).",
);
const TOO_LARGE: (&str, &str) = ("413", "The body is too large.");
const MEDIA: (&str, &str) = ("415", "The body is not application/json.");
const TIMEOUT: (&str, &str) = ("408", "The body did not arrive in time.");
const LIMITED: (&str, &str) = (
    "429",
    "Over a rate limit (per address, per caller, or failed sign-ins); `Retry-After` says when to try again.",
);
const UNAVAILABLE: (&str, &str) = ("503", "The database cannot be reached; try again shortly.");
const INVALID: (&str, &str) = (
    "422",
    "One or more fields are invalid; `errors` lists them.",
);

/// A list or a read of the caller's partnership.
pub struct ListErrors;
impl IntoResponses for ListErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[
            BAD_REQUEST,
            UNAUTHENTICATED,
            FORBIDDEN,
            INVALID,
            LIMITED,
            UNAVAILABLE,
        ])
    }
}

/// A list or a read under one record, with query parameters: also 404 when the record is not the
/// caller's to see.
pub struct FilteredReadErrors;
impl IntoResponses for FilteredReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[
            BAD_REQUEST,
            UNAUTHENTICATED,
            FORBIDDEN,
            NOT_FOUND,
            INVALID,
            LIMITED,
            UNAVAILABLE,
        ])
    }
}

/// A read of one record.
pub struct ReadErrors;
impl IntoResponses for ReadErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, LIMITED, UNAVAILABLE])
    }
}

/// A write with a JSON body.
pub struct WriteErrors;
impl IntoResponses for WriteErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[
            BAD_REQUEST,
            UNAUTHENTICATED,
            FORBIDDEN,
            CONFLICT,
            TIMEOUT,
            TOO_LARGE,
            MEDIA,
            INVALID,
            LIMITED,
            UNAVAILABLE,
        ])
    }
}

/// A step of the process on a record: also 404 when the record is not the caller's to see.
pub struct StepErrors;
impl IntoResponses for StepErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[
            BAD_REQUEST,
            UNAUTHENTICATED,
            FORBIDDEN,
            NOT_FOUND,
            CONFLICT,
            TIMEOUT,
            TOO_LARGE,
            MEDIA,
            INVALID,
            LIMITED,
            UNAVAILABLE,
        ])
    }
}

/// A change to a resource that carries an `ETag`: a step's errors, and the preconditions' (RFC 9110).
pub struct ConditionalStepErrors;
impl IntoResponses for ConditionalStepErrors {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let mut all = StepErrors::responses();
        all.extend(set(&[
            (
                "412",
                "`If-Match` names a version that is no longer the current one: read it again.",
            ),
            (
                "428",
                "The resource exists: send `If-Match` with its current `ETag`.",
            ),
        ]));
        all
    }
}

/// The database could not be reached.
pub struct Unavailable;
impl IntoResponses for Unavailable {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        set(&[UNAVAILABLE])
    }
}
