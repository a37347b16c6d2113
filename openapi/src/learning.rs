//! Dissemination records and national learning on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::NaiveDate;
use cspr_domain::review::learning as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DisseminationKind;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DisseminationView {
    pub kind: DisseminationKind,
    pub audience: String,
    pub held_on: NaiveDate,
    pub note: Option<String>,
    pub recorded_by: String,
}

impl From<&domain::Dissemination> for DisseminationView {
    fn from(d: &domain::Dissemination) -> Self {
        DisseminationView {
            kind: d.kind.into(),
            audience: d.audience.to_string(),
            held_on: d.held_on,
            note: d.note.as_ref().map(ToString::to_string),
            recorded_by: d.recorded_by.to_string(),
        }
    }
}

/// How a review's learning was shared, first first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DisseminationList {
    pub items: Vec<DisseminationView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct DisseminationCreate {
    pub kind: DisseminationKind,
    /// Who it reached.
    #[schema(value_type = crate::text::NoteText)]
    pub audience: String,
    /// Not in the future.
    pub held_on: NaiveDate,
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct NationalLearningView {
    pub title: String,
    pub source: String,
    pub considered_on: NaiveDate,
    pub local_application: String,
    pub recorded_by: String,
}

impl From<&domain::NationalLearning> for NationalLearningView {
    fn from(n: &domain::NationalLearning) -> Self {
        NationalLearningView {
            title: n.title.to_string(),
            source: n.source.to_string(),
            considered_on: n.considered_on,
            local_application: n.local_application.to_string(),
            recorded_by: n.recorded_by.to_string(),
        }
    }
}

/// National reviews' learning the partnership considered, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct NationalLearningList {
    pub items: Vec<NationalLearningView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct NationalLearningCreate {
    #[schema(value_type = crate::text::NameText)]
    pub title: String,
    /// Where it comes from (the National Panel's report and its reference).
    #[schema(value_type = crate::text::NoteText)]
    pub source: String,
    /// Not in the future.
    pub considered_on: NaiveDate,
    /// How it applies locally, and what follows.
    #[schema(value_type = crate::text::NarrativeText)]
    pub local_application: String,
}
