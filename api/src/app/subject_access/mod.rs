//! Subject access (docs/DATA-PROTECTION.md): what the platform holds that concerns one person, for the
//! partnership's data protection officer to review before release — a child or family member by their
//! pseudonym within a case (`person`), or a practitioner by their subject (`practitioner`). Each item
//! says where it comes from and whom else it concerns; the export itself is audited. Identifying
//! details are never in it.

mod person;
mod practitioner;

use chrono::{DateTime, Utc};
use cspr_domain::{FieldError, text::Subject};
use cspr_openapi::subject_access::SubjectAccessItem;

use crate::error::ApiError;

pub use person::person;
pub use practitioner::practitioner;

/// A query parameter parsed, its error named by the parameter (the parsers name their own kind).
fn as_field<T>(r: Result<T, FieldError>, name: &str) -> Result<T, ApiError> {
    r.map_err(|e| FieldError::new(name, e.reason).into())
}

/// Where items come from: the kind of record, which one, who recorded it and when.
struct Origin<'a> {
    source: String,
    record_id: String,
    by: Option<&'a Subject>,
    at: Option<DateTime<Utc>>,
}

impl<'a> Origin<'a> {
    fn new(source: impl Into<String>, record_id: impl ToString) -> Self {
        Origin {
            source: source.into(),
            record_id: record_id.to_string(),
            by: None,
            at: None,
        }
    }

    fn by(mut self, by: &'a Subject, at: DateTime<Utc>) -> Self {
        self.by = Some(by);
        self.at = Some(at);
        self
    }

    fn at(mut self, at: DateTime<Utc>) -> Self {
        self.at = Some(at);
        self
    }

    /// One item from here, concerning also `others` (the officer reviews those before release).
    fn item(&self, field: &str, value: String, others: Vec<String>) -> SubjectAccessItem {
        SubjectAccessItem {
            source: self.source.clone(),
            record_id: self.record_id.clone(),
            field: field.to_owned(),
            value,
            recorded_by: self.by.map(ToString::to_string),
            recorded_at: self.at,
            third_party: !others.is_empty(),
            third_parties: others,
        }
    }
}
