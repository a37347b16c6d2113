//! Recommendations and the action plan on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::actions as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::ActionStatus;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RecommendationView {
    pub number: u32,
    pub text: String,
    /// The agencies it is for; empty: every agency, collectively.
    pub agencies: Vec<String>,
    pub due_on: NaiveDate,
    pub recorded_by: String,
}

impl From<&domain::Recommendation> for RecommendationView {
    fn from(r: &domain::Recommendation) -> Self {
        RecommendationView {
            number: r.number,
            text: r.text.to_string(),
            agencies: r.agencies.iter().map(ToString::to_string).collect(),
            due_on: r.due_on,
            recorded_by: r.recorded_by.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ProgressView {
    pub status: ActionStatus,
    pub note: String,
    pub evidence: Option<String>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

impl From<&domain::ProgressUpdate> for ProgressView {
    fn from(u: &domain::ProgressUpdate) -> Self {
        ProgressView {
            status: u.status.into(),
            note: u.note.to_string(),
            evidence: u.evidence.as_ref().map(ToString::to_string),
            updated_by: u.by.to_string(),
            updated_at: u.at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ActionView {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub review_id: String,
    pub recommendation: u32,
    pub agency_code: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    /// Past its date and not complete.
    pub overdue: bool,
    pub progress: Vec<ProgressView>,
}

impl ActionView {
    pub fn view(
        review: &cspr_domain::ids::ReviewId,
        a: &domain::Action,
        progress: &[domain::ProgressUpdate],
        today: NaiveDate,
    ) -> Self {
        ActionView {
            id: a.id.to_string(),
            review_id: review.to_string(),
            recommendation: a.recommendation,
            agency_code: a.agency.to_string(),
            description: a.description.to_string(),
            due_on: a.due_on,
            status: a.status.into(),
            overdue: a.overdue(today),
            progress: progress.iter().map(ProgressView::from).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct MonitoringView {
    pub held_on: NaiveDate,
    pub note: String,
    pub recorded_by: String,
}

/// A review's recommendations and action plan.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ActionPlan {
    #[schema(format = Uuid)]
    pub review_id: String,
    pub recommendations: Vec<RecommendationView>,
    pub actions: Vec<ActionView>,
    /// The Case Review Subgroup's monitoring of the plan.
    pub monitoring: Vec<MonitoringView>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<DateTime<Utc>>,
}

/// Actions across the partnership.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ActionList {
    pub items: Vec<ActionView>,
}

/// Which actions: one status, or `overdue` (past their date, not complete).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionFilter {
    Open,
    InProgress,
    Complete,
    Overdue,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionParams {
    pub status: Option<ActionFilter>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct RecommendationCreate {
    /// What is required of the agencies, and by when.
    #[schema(value_type = crate::text::NarrativeText)]
    pub text: String,
    /// The agencies it is for, each once; none for every agency collectively.
    #[serde(default)]
    #[graphql(default)]
    pub agencies: Vec<String>,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ActionCreate {
    #[schema(minimum = 1)]
    pub recommendation: u32,
    pub agency_code: String,
    #[schema(value_type = crate::text::NarrativeText)]
    pub description: String,
    /// By the recommendation's date.
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ProgressCreate {
    pub status: ActionStatus,
    #[schema(value_type = crate::text::NarrativeText)]
    pub note: String,
    /// What shows it (an audit, a revised procedure, training figures).
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct MonitoringCreate {
    pub held_on: NaiveDate,
    #[schema(value_type = crate::text::NarrativeText)]
    pub note: String,
}
