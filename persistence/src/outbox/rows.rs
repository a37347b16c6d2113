//! Outbox rows and the domain values they hold.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{MessageId, PartnershipId, WebhookSubscriptionId},
    outbox::{DeliveryStatus, NewMessage, OutboxMessage, Target},
};
use diesel::prelude::*;

use crate::{
    PersistenceError,
    error::corrupt,
    schema::{delivery_attempts, outbox_messages},
};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox_messages)]
#[diesel(treat_none_as_default_value = false)]
pub(super) struct MessageRow {
    id: String,
    partnership_id: String,
    event_type: String,
    recipient: Option<String>,
    subscription_id: Option<String>,
    dedupe_key: String,
    payload: String,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    claimed_until: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    delivered_at: Option<NaiveDateTime>,
    settled_by: Option<String>,
    settled_reference: Option<String>,
}

impl MessageRow {
    /// A new message, pending, or waiting when its recipient has no destination.
    pub(super) fn new(m: &NewMessage, at: DateTime<Utc>, waits: bool) -> Self {
        let (recipient, subscription_id) = match &m.target {
            Target::Destination(r) => (Some(r.to_string()), None),
            Target::Subscription(s) => (None, Some(s.to_string())),
        };
        MessageRow {
            id: m.id.to_string(),
            partnership_id: m.event.partnership_id.to_string(),
            event_type: m.event.event_type.to_string(),
            recipient,
            subscription_id,
            dedupe_key: m.dedupe_key.clone(),
            payload: m.event.payload().to_string(),
            status: if waits {
                DeliveryStatus::Waiting
            } else {
                DeliveryStatus::Pending
            }
            .to_string(),
            attempts: 0,
            next_attempt_at: at.naive_utc(),
            claimed_until: None,
            created_at: at.naive_utc(),
            delivered_at: None,
            settled_by: None,
            settled_reference: None,
        }
    }

    pub(super) fn into_message(self) -> Result<OutboxMessage, PersistenceError> {
        let target = match (self.recipient, self.subscription_id) {
            (Some(r), None) => {
                Target::Destination(r.parse().map_err(bad("outbox_messages.recipient"))?)
            }
            (None, Some(s)) => Target::Subscription(
                WebhookSubscriptionId::parse(&s).map_err(bad("outbox_messages.subscription_id"))?,
            ),
            _ => {
                return Err(corrupt(
                    "outbox_messages.recipient",
                    FieldError::new("recipient", "a message goes to one target"),
                ));
            }
        };
        Ok(OutboxMessage {
            id: MessageId::parse(&self.id).map_err(bad("outbox_messages.id"))?,
            partnership_id: PartnershipId::parse(&self.partnership_id)
                .map_err(bad("outbox_messages.partnership_id"))?,
            event_type: self
                .event_type
                .parse()
                .map_err(bad("outbox_messages.event_type"))?,
            target,
            payload: self.payload,
            status: self.status.parse().map_err(bad("outbox_messages.status"))?,
            attempts: u32::try_from(self.attempts).unwrap_or(0),
            next_attempt_at: utc(self.next_attempt_at),
            created_at: utc(self.created_at),
            delivered_at: self.delivered_at.map(utc),
        })
    }
}

/// One attempt to deliver a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub number: u32,
    pub started_at: DateTime<Utc>,
    pub duration_ms: u32,
    pub delivered: bool,
    /// The receiver's HTTP status, when it answered.
    pub response_status: Option<u16>,
    /// Why it failed, in the worker's words (never the receiver's body).
    pub error: Option<String>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = delivery_attempts)]
#[diesel(treat_none_as_default_value = false)]
pub(super) struct AttemptRow {
    message_id: String,
    number: i32,
    started_at: NaiveDateTime,
    duration_ms: i32,
    delivered: bool,
    response_status: Option<i32>,
    error: Option<String>,
}

impl AttemptRow {
    pub(super) fn new(message: &str, number: i64, a: &Attempt) -> Self {
        AttemptRow {
            message_id: message.to_owned(),
            number: i32::try_from(number).unwrap_or(i32::MAX),
            started_at: a.started_at.naive_utc(),
            duration_ms: i32::try_from(a.duration_ms).unwrap_or(i32::MAX),
            delivered: a.delivered,
            response_status: a.response_status.map(i32::from),
            error: a.error.clone(),
        }
    }

    pub(super) fn into_attempt(self) -> Result<Attempt, PersistenceError> {
        Ok(Attempt {
            number: u32::try_from(self.number).unwrap_or(0),
            started_at: utc(self.started_at),
            duration_ms: u32::try_from(self.duration_ms).unwrap_or(0),
            delivered: self.delivered,
            response_status: self.response_status.and_then(|s| u16::try_from(s).ok()),
            error: self.error,
        })
    }
}
