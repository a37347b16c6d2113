//! The documents the Rapid Review assembles: the composite shared with everyone taking part, and the
//! completed review submitted to the National Panel.

use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    RequestKind, RequestStatus,
    information_request::ReturnVersion,
    rapid_review::{
        DecisionView, DelayNoticeView, MeetingView, NotificationView, PartnerPosition,
        SubgroupView, TriageView, VoteView,
    },
    referral::Referral,
};

/// Send the composite to the Case Review Subgroup. With no accepted return yet, `reason` says why it
/// goes anyway.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct CompositeSend {
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub reason: Option<String>,
}

/// "The Referral Form and copies of the completed Initial Information … collated into a single document
/// … shared with all those participating": the referral, the latest version of each return accepted
/// when the composite was sent, and the returns still missing then.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct CompositeDocument {
    pub reference: String,
    pub sent_at: DateTime<Utc>,
    /// Why it went without any accepted return, when it did.
    pub reason: Option<String>,
    pub referral: Referral,
    pub returns: Vec<CompositeReturn>,
    pub missing: Vec<MissingReturn>,
}

/// An agency's return as accepted when the composite was sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct CompositeReturn {
    pub agency_code: String,
    pub kind: RequestKind,
    /// The latest version accepted by then.
    pub accepted: ReturnVersion,
}

/// A request with no accepted return when the composite was sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct MissingReturn {
    pub agency_code: String,
    pub kind: RequestKind,
    pub due_on: NaiveDate,
}

/// The completed Rapid Review as sent to the National Panel: the facts, the agencies' returns, the
/// decision and its rationale, the votes, the immediate actions and learning. Kept verbatim.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubmissionDocument {
    pub reference: String,
    pub sent_on: NaiveDate,
    pub referral: Referral,
    pub triage: Option<TriageView>,
    pub notifications: Vec<NotificationView>,
    pub returns: Vec<SubmittedReturn>,
    pub subgroup_views: Vec<SubgroupView>,
    /// Every meeting, the inquorate ones included.
    pub meetings: Vec<MeetingView>,
    pub votes: Vec<VoteView>,
    /// Each statutory partner's vote and rationale on each question put, or "did not vote".
    pub positions: Vec<PartnerPosition>,
    pub decision: Option<DecisionView>,
    pub delay_notice: Option<DelayNoticeView>,
}

/// An agency's return as it stood when the review was submitted (its latest version).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubmittedReturn {
    pub agency_code: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub latest: Option<ReturnVersion>,
}
