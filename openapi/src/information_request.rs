//! Information requests and agencies' returns on the wire.

use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::rapid_review::requests as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{RequestKind, RequestStatus, ReworkReason};

/// Send requests of one kind for a referral: to the agencies named, or to every involved agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct InformationRequestsCreate {
    pub kind: RequestKind,
    /// Agency codes; absent means every agency the referral lists as involved.
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::text::AgencyCodeText>>, min_items = 1)]
    pub agencies: Option<Vec<String>>,
}

/// Ask agencies for information for a review: to the agencies named, or to every agency in scope of
/// its terms of reference.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReviewInformationRequestsCreate {
    /// `chronology`, `imr`, `information_report` or `organisational_change_chronology`.
    pub kind: RequestKind,
    /// Agency codes; absent means every agency in scope of the review's terms of reference.
    #[serde(default)]
    #[schema(value_type = Option<Vec<crate::text::AgencyCodeText>>, min_items = 1)]
    pub agencies: Option<Vec<String>>,
    /// When the returns are due (after today).
    pub due_on: NaiveDate,
}

/// The agency's chief officer signs off the IMR version awaiting judgement.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ChiefOfficerSignOffCreate {
    /// Their name and office ("Chief Nurse, County Hospitals Trust").
    #[schema(value_type = crate::text::NameText)]
    pub chief_officer: String,
    /// From the version's submission to today.
    pub signed_off_on: NaiveDate,
}

/// A request to one agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct InformationRequest {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub agency_code: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub sent_on: NaiveDate,
    /// A Rapid Review's: 5 working days after `sent_on`; a review's: the date it set.
    pub due_on: NaiveDate,
    /// How many versions of the return have been submitted.
    pub versions: u32,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub last_submitted_at: Option<DateTime<Utc>>,
    /// When a version was accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When the redone return is due, once the latest version was sent back (2 working days later).
    pub rework_due_on: Option<NaiveDate>,
}

impl From<&domain::InformationRequest> for InformationRequest {
    fn from(r: &domain::InformationRequest) -> Self {
        InformationRequest {
            id: r.id.to_string(),
            referral_id: r.referral_id.to_string(),
            agency_code: r.agency.to_string(),
            kind: r.kind.into(),
            status: r.status.into(),
            sent_on: r.sent_on,
            due_on: r.due_on,
            versions: r.versions,
            first_submitted_at: r.first_submitted_at,
            last_submitted_at: r.last_submitted_at,
            accepted_at: r.accepted_at,
            rework_due_on: r.rework_due_on,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InformationRequestList {
    pub items: Vec<InformationRequest>,
}

/// A page of an inbox, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InformationRequestPage {
    pub items: Vec<InformationRequest>,
    pub next_cursor: Option<String>,
}

/// Filters of an inbox.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InformationRequestQuery {
    pub status: Option<RequestStatus>,
    pub kind: Option<RequestKind>,
    #[param(format = Uuid)]
    pub referral_id: Option<String>,
}

#[derive(
    Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject, async_graphql::InputObject,
)]
#[serde(deny_unknown_fields)]
#[graphql(name = "Representative", input_name = "RepresentativeInput")]
pub struct RepresentativeInput {
    #[schema(value_type = crate::text::NameText)]
    pub name: String,
    #[schema(value_type = crate::text::NameText)]
    pub role: String,
    /// A work e-mail address or telephone number.
    #[schema(value_type = crate::text::NameText)]
    pub contact: String,
}

/// An agency's return: a summary of its involvement, an analysis of it (not pasted case notes), whether
/// its records are secured (when, by whom), and its nominated representative.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReturnCreate {
    #[schema(value_type = crate::text::NarrativeText)]
    pub summary_of_involvement: String,
    #[schema(value_type = crate::text::NarrativeText)]
    pub analysis_of_involvement: String,
    pub records_secured: bool,
    #[serde(default)]
    pub records_secured_on: Option<NaiveDate>,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NameText>)]
    pub records_secured_by: Option<String>,
    pub representative: RepresentativeInput,
}

impl From<ReturnCreate> for domain::ReturnDraft {
    fn from(r: ReturnCreate) -> Self {
        domain::ReturnDraft {
            summary_of_involvement: r.summary_of_involvement,
            analysis_of_involvement: r.analysis_of_involvement,
            records_secured: r.records_secured,
            records_secured_on: r.records_secured_on,
            records_secured_by: r.records_secured_by,
            representative_name: r.representative.name,
            representative_role: r.representative.role,
            representative_contact: r.representative.contact,
        }
    }
}

/// How a version was judged.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    Accepted,
    SentBack,
}

/// A partnership admin's judgement of the latest version: accepted, or sent back with reasons.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReturnReviewCreate {
    pub outcome: ReviewOutcome,
    /// At least one, when sending back.
    #[serde(default)]
    pub reasons: Vec<ReworkReason>,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReturnReview {
    pub outcome: ReviewOutcome,
    pub reasons: Vec<ReworkReason>,
    pub note: Option<String>,
    pub reviewed_at: DateTime<Utc>,
}

/// One version of a return, as submitted, with its judgement once made.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReturnVersion {
    pub version: u32,
    pub summary_of_involvement: String,
    pub analysis_of_involvement: String,
    pub records_secured: bool,
    pub records_secured_on: Option<NaiveDate>,
    pub records_secured_by: Option<String>,
    pub representative: RepresentativeInput,
    pub submitted_at: DateTime<Utc>,
    pub review: Option<ReturnReview>,
    /// An IMR's chief officer, once they signed this version off.
    pub chief_officer: Option<String>,
    pub signed_off_on: Option<NaiveDate>,
}

impl From<&domain::ReturnVersion> for ReturnVersion {
    fn from(v: &domain::ReturnVersion) -> Self {
        let c = &v.content;
        let (records_secured, on, by) = match &c.records_secured {
            domain::RecordsSecured::Yes { on, by } => (true, Some(*on), Some(by.to_string())),
            domain::RecordsSecured::No => (false, None, None),
        };
        ReturnVersion {
            version: v.version,
            summary_of_involvement: c.summary_of_involvement.to_string(),
            analysis_of_involvement: c.analysis_of_involvement.to_string(),
            records_secured,
            records_secured_on: on,
            records_secured_by: by,
            representative: RepresentativeInput {
                name: c.representative.name.to_string(),
                role: c.representative.role.to_string(),
                contact: c.representative.contact.to_string(),
            },
            submitted_at: v.submitted_at,
            chief_officer: v.sign_off.as_ref().map(|s| s.chief_officer.to_string()),
            signed_off_on: v.sign_off.as_ref().map(|s| s.signed_off_on),
            review: v.review.as_ref().map(|r| match r {
                domain::Review::Accepted { at, .. } => ReturnReview {
                    outcome: ReviewOutcome::Accepted,
                    reasons: vec![],
                    note: None,
                    reviewed_at: *at,
                },
                domain::Review::SentBack {
                    reasons, note, at, ..
                } => ReturnReview {
                    outcome: ReviewOutcome::SentBack,
                    reasons: reasons.iter().map(|r| (*r).into()).collect(),
                    note: note.as_ref().map(ToString::to_string),
                    reviewed_at: *at,
                },
            }),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReturnVersionList {
    pub items: Vec<ReturnVersion>,
}

/// Escalate an overdue or disputed request, with reasons.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct EscalationCreate {
    /// `case_review_subgroup` first; `safeguarding_partners` after it.
    pub to: crate::EscalationLevel,
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
}

/// A request escalated.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Escalation {
    #[schema(format = Uuid)]
    pub request_id: String,
    pub agency_code: String,
    pub to: crate::EscalationLevel,
    pub reasons: String,
    pub escalated_at: DateTime<Utc>,
}

impl From<&cspr_domain::rapid_review::escalations::Escalation> for Escalation {
    fn from(e: &cspr_domain::rapid_review::escalations::Escalation) -> Self {
        Escalation {
            request_id: e.request.to_string(),
            agency_code: e.agency.to_string(),
            to: e.to.into(),
            reasons: e.reasons.to_string(),
            escalated_at: e.escalated_at,
        }
    }
}

/// A request's escalations, oldest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EscalationList {
    pub items: Vec<Escalation>,
}
