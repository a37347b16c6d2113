use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An RFC 9457 problem: the body of every error response, served as `application/problem+json`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem: `urn:cspr:problem:<code>`.
    #[serde(rename = "type")]
    #[schema(example = "urn:cspr:problem:validation-failed")]
    pub type_: String,
    /// Short summary of the kind of problem; the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a person to read.
    pub detail: String,
    /// The stable code alone (the last part of `type`); GraphQL errors carry it as `extensions.code`.
    pub code: String,
    /// The first field that failed, as a path into the request (`children[0].pseudonym`), when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For a step out of the process's order (409 `illegal-transition`): the state the record is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// For a step out of order: what may be done next from that state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_next_steps: Option<Vec<String>>,
    /// Every field that failed, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One field that failed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub reason: String,
}
