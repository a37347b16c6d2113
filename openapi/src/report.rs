//! The overview report on the wire: its versions, checklists, factual accuracy answers and approval.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::report as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{AccuracyAnswer, ContentItem, ReportFormat};

/// The panel's check of a version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ChecklistView {
    pub contains: Vec<ContentItem>,
    pub meets_terms_of_reference: bool,
    /// What it lacks before the version may be approved.
    pub missing: Vec<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

/// An agency's answer on the accuracy of its part.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FactualAccuracyView {
    pub agency_code: String,
    pub answer: AccuracyAnswer,
    pub comments: Option<String>,
    pub answered_by: String,
    pub answered_at: DateTime<Utc>,
    /// How a dispute was settled.
    pub resolution: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl From<&domain::FactualAccuracy> for FactualAccuracyView {
    fn from(a: &domain::FactualAccuracy) -> Self {
        FactualAccuracyView {
            agency_code: a.agency.to_string(),
            answer: a.answer.into(),
            comments: a.comments.as_ref().map(ToString::to_string),
            answered_by: a.answered_by.to_string(),
            answered_at: a.answered_at,
            resolution: a.resolution.as_ref().map(|r| r.note.to_string()),
            resolved_by: a.resolution.as_ref().map(|r| r.by.to_string()),
            resolved_at: a.resolution.as_ref().map(|r| r.at),
        }
    }
}

/// A version of the report.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReportVersionView {
    pub number: u32,
    pub format: ReportFormat,
    /// Hex SHA-256 of the document, as uploaded.
    pub sha256: String,
    pub size_bytes: u64,
    /// When the panel's comments on this draft are due.
    pub comments_due_on: Option<NaiveDate>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub checklist: Option<ChecklistView>,
    pub factual_accuracy: Vec<FactualAccuracyView>,
}

impl ReportVersionView {
    pub fn view(
        v: &domain::ReportVersion,
        checklist: Option<&domain::Checklist>,
        answers: &[domain::FactualAccuracy],
        family_member_not_involved: bool,
    ) -> Self {
        ReportVersionView {
            number: v.number,
            format: v.format.into(),
            sha256: v.sha256.clone(),
            size_bytes: v.size_bytes,
            comments_due_on: v.comments_due_on,
            uploaded_by: v.uploaded_by.to_string(),
            uploaded_at: v.uploaded_at,
            checklist: checklist.map(|c| ChecklistView {
                contains: c.contains.iter().map(|i| (*i).into()).collect(),
                meets_terms_of_reference: c.meets_terms_of_reference,
                missing: c
                    .missing(family_member_not_involved)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                recorded_by: c.recorded_by.to_string(),
                recorded_at: c.recorded_at,
            }),
            factual_accuracy: answers
                .iter()
                .filter(|a| a.version == v.number)
                .map(FactualAccuracyView::from)
                .collect(),
        }
    }
}

/// The board's approval.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ApprovalView {
    pub version: u32,
    pub recipients: Vec<String>,
    pub dissemination: String,
    pub monitoring: String,
    pub approved_by: String,
    pub approved_at: DateTime<Utc>,
}

impl From<&domain::Approval> for ApprovalView {
    fn from(a: &domain::Approval) -> Self {
        ApprovalView {
            version: a.version,
            recipients: a.recipients.iter().map(ToString::to_string).collect(),
            dissemination: a.dissemination.to_string(),
            monitoring: a.monitoring.to_string(),
            approved_by: a.approved_by.to_string(),
            approved_at: a.approved_at,
        }
    }
}

/// A review's overview report: every version with its checklist and answers, and the approval.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct OverviewReport {
    #[schema(format = Uuid)]
    pub review_id: String,
    pub versions: Vec<ReportVersionView>,
    /// The agencies in scope yet to answer on the latest version.
    pub awaiting_answers_from: Vec<String>,
    pub approval: Option<ApprovalView>,
}

/// Where a new version's draft is shared for comments.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportUploadParams {
    /// When the panel's comments on this draft are due (not in the past).
    pub comments_due_on: Option<NaiveDate>,
}

/// The panel's check of a version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ChecklistCreate {
    /// What the version contains, each once.
    pub contains: Vec<ContentItem>,
    /// Whether it meets the agreed terms of reference.
    pub meets_terms_of_reference: bool,
}

/// An agency's answer on the accuracy of its part of a version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct FactualAccuracyCreate {
    pub answer: AccuracyAnswer,
    /// What is inaccurate: required with a dispute.
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub comments: Option<String>,
}

/// How a dispute was settled.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ResolutionCreate {
    #[schema(value_type = crate::text::NarrativeText)]
    pub note: String,
}

/// The board's approval of a version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ApprovalCreate {
    /// The latest version.
    #[schema(minimum = 1)]
    pub version: u32,
    /// The board confirms the report's recommendations.
    pub recommendations_confirmed: bool,
    /// The board confirms the action plans, endorsed at senior level by each organisation.
    pub action_plans_confirmed: bool,
    /// To whom the review or parts of it are made available.
    #[schema(min_items = 1, value_type = Vec<crate::text::NoteText>)]
    pub recipients: Vec<String>,
    /// How the key findings are disseminated (staff, family members, media).
    #[schema(value_type = crate::text::NarrativeText)]
    pub dissemination: String,
    /// How the actions are monitored and updates requested from agencies.
    #[schema(value_type = crate::text::NarrativeText)]
    pub monitoring: String,
}

/// A report version's document: the bytes of a PDF or Word file.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ReportDocument(pub Vec<u8>);
