//! Identifying details and the anonymisation check on the wire. The details themselves travel only in
//! `IdentifyingDetailsCreate` (in) and `IdentifyingDetailsRelease` (out, to a review's lead reviewer):
//! REST only, never GraphQL, never a list or an export.

use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::{anonymisation, identifying as domain};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who a pseudonym stands for, in words that identify no one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PseudonymView {
    pub pseudonym: String,
    /// The child's part in the case (`subject`, `sibling`…) or the family member's relationship.
    pub stands_for: String,
    /// Whether identifying details are held for them.
    pub details_held: bool,
}

impl From<&domain::PseudonymEntry> for PseudonymView {
    fn from(e: &domain::PseudonymEntry) -> Self {
        PseudonymView {
            pseudonym: e.pseudonym.as_str().to_owned(),
            stands_for: e.stands_for.clone(),
            details_held: e.details_held,
        }
    }
}

/// The pseudonyms the review's published text must use.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PseudonymMap {
    pub items: Vec<PseudonymView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentifyingDetailsCreate {
    #[schema(value_type = crate::text::NameText)]
    pub real_name: String,
    /// Previous names, aliases, other spellings: at most 10.
    #[serde(default)]
    #[schema(value_type = Vec<crate::text::NameText>)]
    pub other_names: Vec<String>,
    /// Not in the future.
    pub date_of_birth: Option<NaiveDate>,
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub address: Option<String>,
}

/// What was recorded: never the details themselves.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdentifyingDetailsRecorded {
    pub pseudonym: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseCreate {
    /// Why they are needed now (a genogram for the panel's meeting, say): kept with the release.
    #[schema(value_type = crate::text::NoteText)]
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdentifyingDetailsView {
    pub pseudonym: String,
    pub stands_for: String,
    pub real_name: String,
    pub other_names: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub address: Option<String>,
}

impl IdentifyingDetailsView {
    pub fn view(entry: &domain::PseudonymEntry, d: &domain::IdentifyingDetails) -> Self {
        IdentifyingDetailsView {
            pseudonym: entry.pseudonym.as_str().to_owned(),
            stands_for: entry.stands_for.clone(),
            real_name: d.real_name.to_string(),
            other_names: d.other_names.iter().map(ToString::to_string).collect(),
            date_of_birth: d.date_of_birth,
            address: d.address.as_ref().map(ToString::to_string),
        }
    }
}

/// The review's identifying details, released to its lead reviewer for `purpose`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdentifyingDetailsRelease {
    pub purpose: String,
    pub released_at: DateTime<Utc>,
    pub items: Vec<IdentifyingDetailsView>,
}

/// One pseudonym's part in a version's anonymisation check.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct AnonymisationFlag {
    pub pseudonym: String,
    pub stands_for: String,
    /// Whether the text names them by their pseudonym.
    pub pseudonym_used: bool,
    /// Words of the text that are one of their real names or a part of one (three letters or more):
    /// anything above 0 must be mended before publication.
    pub real_name_matches: u32,
}

/// A report version checked against the review's pseudonym map and the identifying details held.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct AnonymisationCheck {
    pub version: u32,
    /// Whether the version's text could be read (a Word document always; a PDF when its text is
    /// stored as plain strings): when false, the flags say nothing about it.
    pub text_read: bool,
    /// Whether any real name held was found.
    pub real_names_found: bool,
    pub flags: Vec<AnonymisationFlag>,
}

impl AnonymisationCheck {
    pub fn of(
        version: u32,
        text_read: bool,
        map: &[domain::PseudonymEntry],
        flags: &[anonymisation::Flag],
    ) -> Self {
        AnonymisationCheck {
            version,
            text_read,
            real_names_found: flags.iter().any(|f| f.real_name_matches > 0),
            flags: flags
                .iter()
                .map(|f| AnonymisationFlag {
                    pseudonym: f.pseudonym.as_str().to_owned(),
                    stands_for: map
                        .iter()
                        .find(|e| e.pseudonym == f.pseudonym)
                        .map(|e| e.stands_for.clone())
                        .unwrap_or_default(),
                    pseudonym_used: f.pseudonym_used,
                    real_name_matches: f.real_name_matches,
                })
                .collect(),
        }
    }
}
