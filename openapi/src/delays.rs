//! A review's delays on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::delays as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DelayCause;

/// A delay as it arises.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReviewDelayCreate {
    pub cause: DelayCause,
    /// Why, as the National Panel and the Secretary of State will read it if the delay passes six months.
    #[schema(value_type = crate::text::NarrativeText)]
    pub reason: String,
    /// When the review now expects to complete (not in the past).
    pub projected_completion: NaiveDate,
    /// When the Case Review Subgroup considered it ("as soon as they arise").
    #[serde(default)]
    pub considered_by_subgroup_on: Option<NaiveDate>,
}

/// A delay as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewDelay {
    pub cause: DelayCause,
    pub reason: String,
    pub projected_completion: NaiveDate,
    pub considered_by_subgroup_on: Option<NaiveDate>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&domain::Delay> for ReviewDelay {
    fn from(d: &domain::Delay) -> Self {
        ReviewDelay {
            cause: d.cause.into(),
            reason: d.reason.to_string(),
            projected_completion: d.projected_completion,
            considered_by_subgroup_on: d.considered_by_subgroup_on,
            recorded_at: d.recorded_at,
        }
    }
}

/// A review's delays in the order recorded, and where they leave it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewDelays {
    pub items: Vec<ReviewDelay>,
    /// The review's due date.
    pub due_on: NaiveDate,
    /// The last delay's projection, or the due date.
    pub projected_completion: NaiveDate,
    /// Whether the final report is now projected past six months from the decision: then the National
    /// Panel and the Secretary of State are owed the reasons (see the review's notifications).
    pub past_six_months: bool,
}
