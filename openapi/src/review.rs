//! Reviews on the wire.

use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{ReviewKind, ReviewStage};

/// A review a Rapid Review's decision commissioned: opened with the decision, linked to its referral.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Review {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub kind: ReviewKind,
    pub stage: ReviewStage,
    /// The decision's date in England: the review's time counts from it.
    pub decided_on: NaiveDate,
    /// A CSPR: six months after the decision ("no later than"); an alternative learning review: three
    /// ("ideally within"). A month without the decision's day ends on its last day.
    pub due_on: NaiveDate,
    pub opened_at: DateTime<Utc>,
}

impl From<&domain::Review> for Review {
    fn from(r: &domain::Review) -> Self {
        Review {
            id: r.id.to_string(),
            referral_id: r.referral_id.to_string(),
            kind: r.kind.into(),
            stage: r.stage.into(),
            decided_on: r.decided_on,
            due_on: r.due_on,
            opened_at: r.opened_at,
        }
    }
}

/// A page of reviews, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewPage {
    pub items: Vec<Review>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the review list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Only the review of this referral.
    #[param(format = Uuid)]
    pub referral_id: Option<String>,
}
