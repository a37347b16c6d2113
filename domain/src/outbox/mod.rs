//! The outbox (issue 11): every notification the process requires and every webhook event leaves the
//! platform through here. A message is written in the same transaction as the change that caused it and
//! delivered afterwards by a worker, at least once; its id is the `webhook-id` a receiver drops a
//! duplicate by. Payloads are thin — the event's type, the ids it is about, when — so every read of the
//! case data behind it goes through the API, authorized and audited.

pub mod address;
pub mod endpoints;
pub mod recipients;
pub mod retry;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::{
    error::IllegalTransition,
    ids::{MessageId, PartnershipId, WebhookSubscriptionId},
    text::AgencyCode,
    text_enum::text_enum,
};

text_enum!(
    /// What happened, in Standard Webhooks' dotted form.
    EventType, "event_type" {
        RapidReviewNotification => "rapid_review.notification",
        ReviewNotification => "review.notification",
        RapidReviewDelayNotice => "rapid_review.delay_notice",
        RapidReviewSubmitted => "rapid_review.submitted",
        SubmissionAcknowledged => "rapid_review.submission_acknowledged",
        InformationRequestIssued => "information_request.issued",
        InformationRequestReturnedForRework => "information_request.returned_for_rework",
        ReviewPublicationCopy => "review.publication_copy",
        ReviewPublished => "review.published",
        ActionAssigned => "action.assigned",
    }
);

text_enum!(
    /// Who a partnership's notifications go to: each has one destination the partnership configures.
    Recipient, "recipient" {
        NationalPanel => "national_panel",
        Ofsted => "ofsted",
        DepartmentForEducation => "department_for_education",
        SecretaryOfState => "secretary_of_state",
        InvolvedAgencies => "involved_agencies",
        LeadsAndChair => "leads_and_chair",
        Nspcc => "nspcc",
    }
);

text_enum!(
    /// Where a message is in its delivery: `pending` (due at its next attempt time), `delivering`
    /// (claimed by a worker; a claim that outlives its lease is taken again), `waiting` (its recipient
    /// has no destination configured), `delivered`, `dead` (every attempt failed; an admin may retry
    /// it), `sent_elsewhere` (an admin recorded that it went by other means).
    DeliveryStatus, "status" {
        Pending => "pending",
        Delivering => "delivering",
        Waiting => "waiting",
        Delivered => "delivered",
        Dead => "dead",
        SentElsewhere => "sent_elsewhere",
    }
);

/// Where a message goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The partnership's destination for a recipient of notifications.
    Destination(Recipient),
    /// An agency's or the partnership's own webhook endpoint.
    Subscription(WebhookSubscriptionId),
}

/// Whose webhook subscriptions an event reaches: an agency's event reaches that agency's and the
/// partnership's; a partnership's event only the partnership's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concerns {
    Partnership,
    Agency(AgencyCode),
}

/// Something that happened, as it is told: its type, the ids it is about, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event_type: EventType,
    pub partnership_id: PartnershipId,
    pub concerns: Concerns,
    /// Ids and references only: never names, narrative or anything personal.
    pub data: Vec<(&'static str, String)>,
    pub occurred_at: DateTime<Utc>,
}

impl Event {
    /// The body a receiver gets, as Standard Webhooks lays it out.
    pub fn payload(&self) -> Value {
        let data: Map<String, Value> = self
            .data
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::String(v.clone())))
            .collect();
        json!({
            "type": self.event_type.as_str(),
            "timestamp": self.occurred_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "data": data,
        })
    }
}

/// A message as written to the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub id: MessageId,
    pub event: Event,
    pub target: Target,
    /// Keeps one message per thing owed: a notification is written once however often it is found due.
    pub dedupe_key: String,
}

impl NewMessage {
    /// A notification to `recipient`, once per `dedupe_key`.
    pub fn to_destination(event: Event, recipient: Recipient, dedupe_key: String) -> Self {
        NewMessage {
            id: MessageId::generate(),
            event,
            target: Target::Destination(recipient),
            dedupe_key,
        }
    }

    /// An event to one subscription.
    pub fn to_subscription(event: Event, subscription: WebhookSubscriptionId) -> Self {
        let id = MessageId::generate();
        NewMessage {
            dedupe_key: id.to_string(),
            id,
            event,
            target: Target::Subscription(subscription),
        }
    }
}

/// A message as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: MessageId,
    pub partnership_id: PartnershipId,
    pub event_type: EventType,
    pub target: Target,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl OutboxMessage {
    /// A dead message may be retried: it is pending again, due now, its attempts counted afresh.
    pub fn check_retry(&self) -> Result<(), IllegalTransition> {
        match self.status {
            DeliveryStatus::Dead => Ok(()),
            other => Err(IllegalTransition::new(
                other,
                &["retry only a dead message"],
                format!("The message is {other}: only a dead message is retried."),
            )),
        }
    }

    /// A message not yet delivered (and not being sent) may be recorded as sent by other means.
    pub fn check_sent_elsewhere(&self) -> Result<(), IllegalTransition> {
        match self.status {
            DeliveryStatus::Pending | DeliveryStatus::Waiting | DeliveryStatus::Dead => Ok(()),
            other => Err(IllegalTransition::new(
                other,
                &["record a pending, waiting or dead message as sent elsewhere"],
                format!("The message is {other}: it cannot be recorded as sent by other means."),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(status: DeliveryStatus) -> OutboxMessage {
        let now = Utc::now();
        OutboxMessage {
            id: MessageId::generate(),
            partnership_id: PartnershipId::generate(),
            event_type: EventType::RapidReviewSubmitted,
            target: Target::Destination(Recipient::NationalPanel),
            payload: "{}".into(),
            status,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            delivered_at: None,
        }
    }

    #[test]
    fn only_a_dead_message_is_retried() {
        for status in DeliveryStatus::ALL {
            let allowed = message(*status).check_retry().is_ok();
            assert_eq!(allowed, *status == DeliveryStatus::Dead, "{status}");
        }
    }

    #[test]
    fn a_message_delivered_or_being_sent_cannot_be_recorded_as_sent_elsewhere() {
        use DeliveryStatus as S;
        for status in [S::Delivering, S::Delivered, S::SentElsewhere] {
            assert!(message(status).check_sent_elsewhere().is_err(), "{status}");
        }
        for status in [S::Pending, S::Waiting, S::Dead] {
            assert!(message(status).check_sent_elsewhere().is_ok(), "{status}");
        }
    }

    #[test]
    fn a_payload_carries_the_type_the_ids_and_the_time_and_nothing_else() {
        let event = Event {
            event_type: EventType::InformationRequestIssued,
            partnership_id: PartnershipId::generate(),
            concerns: Concerns::Agency(AgencyCode::parse("POLICE").unwrap()),
            data: vec![("referral_id", "r-1".into()), ("request_id", "q-1".into())],
            occurred_at: "2026-11-27T10:00:00.123Z".parse().unwrap(),
        };
        assert_eq!(
            event.payload(),
            json!({
                "type": "information_request.issued",
                "timestamp": "2026-11-27T10:00:00Z",
                "data": {"referral_id": "r-1", "request_id": "q-1"},
            })
        );
    }
}
