//! Disposal on the wire: the cases listed for disposal and the decisions on them.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::retention::disposal as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{DisposalStatus, RetentionClass, RetentionRecord};

/// A record listed for disposal — a closed case, or its review's publication record — and the decision
/// on it; once disposed of, the record's tombstone.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DisposalView {
    #[schema(format = Uuid)]
    pub id: String,
    /// The case's referral (no longer readable once disposed of); null for the audit trail or the
    /// delivery log.
    pub referral_id: Option<String>,
    pub reference: Option<String>,
    /// The review the case's decision opened, if any.
    pub review_id: Option<String>,
    /// The case itself, or its review's publication record.
    pub record: RetentionRecord,
    pub class: RetentionClass,
    /// The event the retention clock started at (for a trail: its entries before `event_on`).
    pub event: String,
    pub event_on: NaiveDate,
    pub due_on: NaiveDate,
    /// The day the daily job listed it.
    pub listed_on: NaiveDate,
    pub status: DisposalStatus,
    /// A legal hold not yet released is on the case: approval is refused until it is released.
    pub on_hold: bool,
    /// Why disposal was refused.
    pub reasons: Option<String>,
    /// Who approved the disposal or refused it, and when.
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl DisposalView {
    pub fn new(d: &domain::Disposal, on_hold: bool) -> Self {
        DisposalView {
            id: d.id.to_string(),
            referral_id: d.referral.map(|r| r.to_string()),
            reference: d.reference.as_ref().map(ToString::to_string),
            review_id: d.review.map(|r| r.to_string()),
            record: d.record.into(),
            class: d.class.into(),
            event: d.event.clone(),
            event_on: d.event_on,
            due_on: d.due_on,
            listed_on: d.listed_on,
            status: d.status().into(),
            on_hold,
            reasons: d
                .decision
                .as_ref()
                .and_then(|x| x.reasons.as_ref().map(ToString::to_string)),
            decided_by: d.decision.as_ref().map(|x| x.by.to_string()),
            decided_at: d.decision.as_ref().map(|x| x.at),
        }
    }
}

/// Listings, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DisposalList {
    pub items: Vec<DisposalView>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DisposalParams {
    /// Only listings in this status.
    pub status: Option<DisposalStatus>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct DisposalRefusal {
    /// Why the case is kept (a complaint open, a request from the coroner not yet a hold…).
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
}
