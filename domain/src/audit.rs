//! The audit trail: who read or wrote what, when. Written in the same transaction as the change.

use chrono::{DateTime, Utc};

use crate::{
    access::Actor,
    ids::{AuditEventId, PartnershipId},
    text::{AgencyCode, Subject},
    text_enum::text_enum,
};

text_enum!(
    AuditAction, "action" {
        Create => "create",
        Read => "read",
        List => "list",
    }
);

text_enum!(
    /// The kinds of record an audit event can be about.
    ResourceKind, "resource_type" {
        Agency => "agency",
        Referral => "referral",
        AuditEvent => "audit_event",
        RapidReview => "rapid_review",
        InformationRequest => "information_request",
        InformationReturn => "information_return",
        Vote => "vote",
        Submission => "submission",
        Composite => "composite",
        Escalation => "escalation",
        Review => "review",
        ReviewTeam => "review_team",
        Chronology => "chronology",
        Declaration => "declaration",
        Commissioning => "commissioning",
        ReviewNotification => "review_notification",
        PanelMeeting => "panel_meeting",
        ParallelProcess => "parallel_process",
        TermsOfReference => "terms_of_reference",
        ReviewDelay => "review_delay",
        FamilyEngagement => "family_engagement",
        PractitionerEvent => "practitioner_event",
        ReviewTheme => "review_theme",
        IdempotencyKey => "idempotency_key",
        CalendarFeed => "calendar_feed",
        OutboxMessage => "outbox_message",
        DeliveryDestination => "delivery_destination",
        WebhookSubscription => "webhook_subscription",
        OverviewReport => "overview_report",
        Publication => "publication",
        ActionPlan => "action_plan",
        Learning => "learning",
        Figures => "figures",
        IdentifyingDetails => "identifying_details",
    }
);

/// One audit event, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: AuditEventId,
    pub partnership_id: PartnershipId,
    pub occurred_at: DateTime<Utc>,
    pub subject: Subject,
    pub agency: Option<AgencyCode>,
    pub action: AuditAction,
    pub resource_type: ResourceKind,
    pub resource_id: Option<String>,
    pub request_id: String,
}

impl AuditEvent {
    /// An event for an action the actor takes now.
    pub fn record(
        actor: &Actor,
        request_id: &str,
        action: AuditAction,
        resource_type: ResourceKind,
        resource_id: Option<String>,
        now: DateTime<Utc>,
    ) -> Self {
        AuditEvent {
            id: AuditEventId::generate(),
            partnership_id: actor.partnership_id,
            occurred_at: now,
            subject: actor.subject.clone(),
            agency: actor.agency.clone(),
            action,
            resource_type,
            resource_id,
            request_id: request_id.to_owned(),
        }
    }
}

/// The filters of an audit-trail query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<AuditAction>,
    pub resource_type: Option<ResourceKind>,
    pub resource_id: Option<String>,
    pub subject: Option<String>,
    pub occurred_from: Option<DateTime<Utc>>,
    pub occurred_to: Option<DateTime<Utc>>,
}
