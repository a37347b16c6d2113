//! Subject access exports on the wire (docs/DATA-PROTECTION.md).

use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Whose export: a child or family member by pseudonym within a referral's case.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PersonParams {
    /// The case's referral.
    pub referral_id: String,
    /// The person's pseudonym in the case (`Child A`, `Adult C`).
    pub pseudonym: String,
}

/// Whose export: a practitioner by their subject (the `sub` of their token).
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PractitionerParams {
    pub subject: String,
}

/// One thing held that concerns the person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct SubjectAccessItem {
    /// The kind of record it comes from (`referral child`, `referral`, `triage`, `decision`,
    /// `delay notice`, `information return`, `family member`, `chronology entry (AGENCY, version n)`,
    /// `review team`, `declaration`, `audit event`).
    pub source: String,
    /// The record: a referral's or review's id, a return's `request/returns/version`, a chronology
    /// entry's `review/source_ref`, an audit event's id.
    pub record_id: String,
    pub field: String,
    pub value: String,
    pub recorded_by: Option<String>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The item holds someone else's data: the officer reviews it before release.
    pub third_party: bool,
    /// Who else: the other pseudonyms it names or is about, or `the record written`.
    pub third_parties: Vec<String>,
}

/// Everything the platform holds that concerns one person, for the data protection officer. As JSON, or
/// as CSV with `Accept: text/csv` (one row per item).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct SubjectAccessExport {
    pub partnership_id: String,
    pub referral_id: Option<String>,
    pub review_id: Option<String>,
    pub pseudonym: Option<String>,
    pub subject: Option<String>,
    pub generated_at: DateTime<Utc>,
    pub generated_by: String,
    pub items: Vec<SubjectAccessItem>,
    /// What is held but not in the export, and why (identifying details, a restricted date of birth).
    pub notes: Vec<String>,
}
