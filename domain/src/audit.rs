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
        Delete => "delete",
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
        LegalHold => "legal_hold",
        Retention => "retention",
        Disposal => "disposal",
        SubjectAccess => "subject_access",
        Rectification => "rectification",
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

/// The hash the first event of a partnership's chain follows.
pub const CHAIN_GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl AuditEvent {
    /// The event as its chain hashes it, at `sequence` after the event whose hash is `previous`: every
    /// field, each marked present or absent and separated by a character no field may hold, so no two
    /// different events read the same. `occurred_at` to the microsecond, as it is stored.
    pub fn chain_text(&self, sequence: i64, previous: &str) -> String {
        let opt = |v: Option<&str>| v.map_or_else(|| "-".to_owned(), |s| format!("+{s}"));
        [
            previous.to_owned(),
            sequence.to_string(),
            self.id.to_string(),
            self.partnership_id.to_string(),
            self.occurred_at
                .format("%Y-%m-%dT%H:%M:%S%.6fZ")
                .to_string(),
            self.subject.to_string(),
            opt(self.agency.as_ref().map(AgencyCode::as_str)),
            self.action.as_str().to_owned(),
            self.resource_type.as_str().to_owned(),
            opt(self.resource_id.as_deref()),
            self.request_id.clone(),
        ]
        .join("\u{1f}")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(resource_id: Option<&str>, agency: Option<&str>) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::parse("01a21e7a-b14b-7572-b9d5-0cb84a22546a").unwrap(),
            partnership_id: PartnershipId::parse("01a21e7a-b14b-7572-b9d5-0cb84a22546b").unwrap(),
            occurred_at: "2026-11-27T10:00:00.123456789Z".parse().unwrap(),
            subject: Subject::parse("reviewer-ann").unwrap(),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            action: AuditAction::Read,
            resource_type: ResourceKind::Review,
            resource_id: resource_id.map(str::to_owned),
            request_id: "req-1".into(),
        }
    }

    #[test]
    fn the_chain_text_holds_every_field_to_the_microsecond_and_tells_absent_from_empty() {
        let text = event(Some("r1"), None).chain_text(7, CHAIN_GENESIS);
        let fields: Vec<&str> = text.split('\u{1f}').collect();
        assert_eq!(fields.len(), 11);
        assert_eq!(fields[1], "7");
        assert_eq!(fields[4], "2026-11-27T10:00:00.123456Z");
        assert_eq!(fields[6], "-");
        assert_eq!(fields[9], "+r1");
        assert_ne!(
            event(Some(""), None).chain_text(7, CHAIN_GENESIS),
            event(None, None).chain_text(7, CHAIN_GENESIS)
        );
        assert_ne!(
            event(None, Some("LA")).chain_text(7, CHAIN_GENESIS),
            event(None, None).chain_text(7, CHAIN_GENESIS)
        );
        assert_ne!(text, event(Some("r1"), None).chain_text(8, CHAIN_GENESIS));
    }
}
