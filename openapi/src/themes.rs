//! The panel's key lines of enquiry and themes on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use cspr_domain::review::themes as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::ThemeKind;

/// A key line of enquiry or a theme to record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReviewThemeCreate {
    pub kind: ThemeKind,
    #[schema(value_type = crate::text::NameText)]
    pub title: String,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub description: Option<String>,
}

/// A chronology entry, by its agency and the agency's own record reference.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
#[graphql(name = "ThemeEntryInput")]
pub struct ThemeEntryInput {
    #[schema(value_type = crate::text::AgencyCodeText)]
    pub agency_code: String,
    #[schema(value_type = crate::text::NameText)]
    pub source_ref: String,
}

/// Entries to link to a theme (1 to 500; those already linked are left as they are).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ThemeLinksCreate {
    #[schema(min_items = 1, max_items = 500)]
    pub entries: Vec<ThemeEntryInput>,
}

/// A linked entry.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ThemeEntry {
    pub agency_code: String,
    pub source_ref: String,
}

/// A key line of enquiry or a theme, with its linked entries.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewTheme {
    /// 1 for the review's first, in the order recorded.
    pub number: u32,
    pub kind: ThemeKind,
    pub title: String,
    pub description: Option<String>,
    pub entries: Vec<ThemeEntry>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&domain::Theme> for ReviewTheme {
    fn from(t: &domain::Theme) -> Self {
        ReviewTheme {
            number: t.number,
            kind: t.kind.into(),
            title: t.title.to_string(),
            description: t.description.as_ref().map(ToString::to_string),
            entries: t
                .entries
                .iter()
                .map(|e| ThemeEntry {
                    agency_code: e.agency.to_string(),
                    source_ref: e.source_ref.to_string(),
                })
                .collect(),
            recorded_at: t.recorded_at,
        }
    }
}

/// A review's key lines of enquiry and themes, first first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewThemeList {
    pub items: Vec<ReviewTheme>,
}
