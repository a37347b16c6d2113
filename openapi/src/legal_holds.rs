//! Legal holds on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use cspr_domain::retention::holds::{self as domain, HoldTarget};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::HoldKind;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct LegalHoldCreate {
    pub kind: HoldKind,
    /// What requires the records kept (the inquest, the claim, the inquiry, the police request).
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct LegalHoldRelease {
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct LegalHoldView {
    #[schema(format = Uuid)]
    pub id: String,
    /// The referral held (everything of its case), or null for a hold on a review.
    pub referral_id: Option<String>,
    /// The review held, or null for a hold on a referral.
    pub review_id: Option<String>,
    pub kind: HoldKind,
    pub reasons: String,
    pub placed_by: String,
    pub placed_at: DateTime<Utc>,
    /// Not yet released: the records are kept from disposal.
    pub active: bool,
    pub released_by: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
    pub release_reasons: Option<String>,
}

impl From<&domain::LegalHold> for LegalHoldView {
    fn from(h: &domain::LegalHold) -> Self {
        let (referral_id, review_id) = match h.target {
            HoldTarget::Referral(r) => (Some(r.to_string()), None),
            HoldTarget::Review(r) => (None, Some(r.to_string())),
        };
        LegalHoldView {
            id: h.id.to_string(),
            referral_id,
            review_id,
            kind: h.kind.into(),
            reasons: h.reasons.to_string(),
            placed_by: h.placed_by.to_string(),
            placed_at: h.placed_at,
            active: h.active(),
            released_by: h.released.as_ref().map(|r| r.by.to_string()),
            released_at: h.released.as_ref().map(|r| r.at),
            release_reasons: h.released.as_ref().map(|r| r.reasons.to_string()),
        }
    }
}

/// The partnership's holds, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct LegalHoldList {
    pub items: Vec<LegalHoldView>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LegalHoldParams {
    /// Only holds not yet released.
    pub active: Option<bool>,
}
