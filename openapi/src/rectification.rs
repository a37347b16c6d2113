//! Rectifications on the wire: a correction of a referral's fact, the original kept beside it.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use cspr_domain::referral::rectification as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::RectifiedField;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct RectificationCreate {
    pub field: RectifiedField,
    /// The child whose field it is (a child's field only).
    pub pseudonym: Option<String>,
    /// The corrected value: the summary's text; a sex (`female`, `male`, `indeterminate`,
    /// `not_known`); `true` or `false`; a local authority's name.
    pub value: String,
    /// Why: the error, and who pointed it out (the person, an agency).
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RectificationView {
    #[schema(format = Uuid)]
    pub id: String,
    pub referral_id: String,
    pub field: RectifiedField,
    pub pseudonym: Option<String>,
    /// What the record held before.
    pub original: String,
    /// What it holds now.
    pub corrected: String,
    pub reasons: String,
    pub made_by: String,
    pub made_at: DateTime<Utc>,
}

impl From<&domain::Rectification> for RectificationView {
    fn from(r: &domain::Rectification) -> Self {
        RectificationView {
            id: r.id.to_string(),
            referral_id: r.referral.to_string(),
            field: r.field.into(),
            pseudonym: r.pseudonym.as_ref().map(|p| p.as_str().to_owned()),
            original: r.original.clone(),
            corrected: r.corrected.clone(),
            reasons: r.reasons.to_string(),
            made_by: r.made_by.to_string(),
            made_at: r.made_at,
        }
    }
}

/// A referral's rectifications, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RectificationList {
    pub items: Vec<RectificationView>,
}
