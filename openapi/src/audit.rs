use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};
use cspr_domain::audit as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{AuditAction, ResourceKind};

/// One audit event: who did what to which record, when, in which request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct AuditEvent {
    #[schema(format = Uuid)]
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// The token's subject.
    pub subject: String,
    /// The token's agency, if it named one.
    pub agency_code: Option<String>,
    pub action: AuditAction,
    pub resource_type: ResourceKind,
    /// The record acted on; null for an action on a list as a whole.
    pub resource_id: Option<String>,
    pub request_id: String,
}

impl From<&domain::AuditEvent> for AuditEvent {
    fn from(e: &domain::AuditEvent) -> Self {
        AuditEvent {
            id: e.id.to_string(),
            occurred_at: e.occurred_at,
            subject: e.subject.to_string(),
            agency_code: e.agency.as_ref().map(ToString::to_string),
            action: e.action.into(),
            resource_type: e.resource_type.into(),
            resource_id: e.resource_id.clone(),
            request_id: e.request_id.clone(),
        }
    }
}

/// A page of the audit trail, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEventPage {
    pub items: Vec<AuditEvent>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the audit trail.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub action: Option<AuditAction>,
    pub resource_type: Option<ResourceKind>,
    pub resource_id: Option<String>,
    pub subject: Option<String>,
    /// Events at or after this instant (RFC 3339).
    pub occurred_from: Option<DateTime<Utc>>,
    /// Events before this instant (RFC 3339).
    pub occurred_to: Option<DateTime<Utc>>,
}

impl AuditQuery {
    pub fn into_filter(self) -> domain::AuditFilter {
        domain::AuditFilter {
            action: self.action.map(Into::into),
            resource_type: self.resource_type.map(Into::into),
            resource_id: self.resource_id,
            subject: self.subject,
            occurred_from: self.occurred_from,
            occurred_to: self.occurred_to,
        }
    }
}

/// A period to export, both instants required: events at or after `occurred_from`, before `occurred_to`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditExportParams {
    pub occurred_from: DateTime<Utc>,
    pub occurred_to: DateTime<Utc>,
}

/// An audit event with its place on its partnership's chain.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChainedAuditEvent {
    #[serde(flatten)]
    pub event: AuditEvent,
    /// Its place on the chain, from 1.
    pub sequence: i64,
    /// The hash of the event before it (64 zeros before the first).
    pub previous_hash: String,
    /// SHA-256 (hex) of its chain text (docs/DATA-PROTECTION.md).
    pub hash: String,
}

/// Where the chain ends as the export was made.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ChainHead {
    pub sequence: i64,
    pub hash: String,
}

/// A period of the audit trail, in chain order, with the chain's head: for the DPO or an auditor, who
/// can recompute every hash and check each event follows the one before it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditExport {
    pub partnership: String,
    /// Part of every event's chain text.
    #[schema(format = Uuid)]
    pub partnership_id: String,
    pub occurred_from: DateTime<Utc>,
    pub occurred_to: DateTime<Utc>,
    pub exported_at: DateTime<Utc>,
    pub chain_head: ChainHead,
    pub events: Vec<ChainedAuditEvent>,
}
