//! The outbox, its deliveries, destinations and webhook subscriptions on the wire.

use async_graphql::{InputObject, SimpleObject};
use cspr_domain::outbox as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The two `From`s between a wire enum and the domain enum it mirrors variant for variant.
macro_rules! mirrors {
    ($name:ident, $domain:ident { $($variant:ident),+ $(,)? }) => {
        impl From<$name> for domain::$domain {
            fn from(v: $name) -> Self {
                match v { $($name::$variant => domain::$domain::$variant),+ }
            }
        }

        impl From<domain::$domain> for $name {
            fn from(v: domain::$domain) -> Self {
                match v { $(domain::$domain::$variant => $name::$variant),+ }
            }
        }
    };
}

/// An event a message tells of, as its payload's `type` names it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
pub enum EventType {
    #[serde(rename = "rapid_review.notification")]
    RapidReviewNotification,
    #[serde(rename = "review.notification")]
    ReviewNotification,
    #[serde(rename = "rapid_review.delay_notice")]
    RapidReviewDelayNotice,
    #[serde(rename = "rapid_review.submitted")]
    RapidReviewSubmitted,
    #[serde(rename = "rapid_review.submission_acknowledged")]
    SubmissionAcknowledged,
    #[serde(rename = "information_request.issued")]
    InformationRequestIssued,
    #[serde(rename = "information_request.returned_for_rework")]
    InformationRequestReturnedForRework,
    #[serde(rename = "review.publication_copy")]
    ReviewPublicationCopy,
    #[serde(rename = "review.published")]
    ReviewPublished,
    #[serde(rename = "action.assigned")]
    ActionAssigned,
}
mirrors!(
    EventType,
    EventType {
        RapidReviewNotification,
        ReviewNotification,
        RapidReviewDelayNotice,
        RapidReviewSubmitted,
        SubmissionAcknowledged,
        InformationRequestIssued,
        InformationRequestReturnedForRework,
        ReviewPublicationCopy,
        ReviewPublished,
        ActionAssigned,
    }
);

/// A recipient of the partnership's notifications; each has one destination.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    NationalPanel,
    Ofsted,
    DepartmentForEducation,
    SecretaryOfState,
    InvolvedAgencies,
    LeadsAndChair,
    Nspcc,
}
mirrors!(
    Recipient,
    Recipient {
        NationalPanel,
        Ofsted,
        DepartmentForEducation,
        SecretaryOfState,
        InvolvedAgencies,
        LeadsAndChair,
        Nspcc,
    }
);

/// Where a message is in its delivery: `pending` (due at `next_attempt_at`), `delivering` (a worker
/// is sending it), `waiting` (no destination configured for its recipient), `delivered`, `dead`
/// (every attempt failed; retry it), `sent_elsewhere` (recorded as sent by other means).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Delivering,
    Waiting,
    Delivered,
    Dead,
    SentElsewhere,
}
mirrors!(
    DeliveryStatus,
    DeliveryStatus {
        Pending,
        Delivering,
        Waiting,
        Delivered,
        Dead,
        SentElsewhere,
    }
);

/// A message in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct OutboxMessage {
    /// Also the `webhook-id` the receiver got: drop a message whose id was seen before.
    #[schema(format = Uuid)]
    pub id: String,
    pub event_type: EventType,
    /// The recipient whose destination it goes to; null for a webhook subscription's message.
    pub recipient: Option<Recipient>,
    /// The subscription it goes to; null for a recipient's.
    pub subscription_id: Option<String>,
    pub status: DeliveryStatus,
    /// Attempts since it was written (or last retried).
    pub attempts: u32,
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The body the receiver gets (JSON text): the event's type, ids and time, nothing personal.
    pub payload: String,
}

impl From<&domain::OutboxMessage> for OutboxMessage {
    fn from(m: &domain::OutboxMessage) -> Self {
        let (recipient, subscription_id) = match &m.target {
            domain::Target::Destination(r) => (Some((*r).into()), None),
            domain::Target::Subscription(s) => (None, Some(s.to_string())),
        };
        OutboxMessage {
            id: m.id.to_string(),
            event_type: m.event_type.into(),
            recipient,
            subscription_id,
            status: m.status.into(),
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            created_at: m.created_at,
            delivered_at: m.delivered_at,
            payload: m.payload.clone(),
        }
    }
}

/// A page of the outbox, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct OutboxMessagePage {
    pub items: Vec<OutboxMessage>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Which messages.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// Only messages in this status.
    pub status: Option<DeliveryStatus>,
    /// Items per page, 1 to 100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page; absent for the first page.
    pub cursor: Option<String>,
}

/// How deep the outbox is: messages not yet delivered, and how long the oldest has waited.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct OutboxDepth {
    /// Pending or being sent.
    pub pending: i64,
    /// Waiting for a destination to be configured.
    pub waiting: i64,
    pub dead: i64,
    pub oldest_undelivered_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One attempt to deliver a message.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DeliveryAttempt {
    pub number: u32,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub duration_ms: u32,
    pub delivered: bool,
    /// The receiver's HTTP status, when it answered.
    pub response_status: Option<u16>,
    /// Why it failed.
    pub error: Option<String>,
}

/// A message's attempts, first first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DeliveryAttemptList {
    pub items: Vec<DeliveryAttempt>,
}

/// A message sent by other means (by hand, by e-mail from a mailbox): it is not sent again.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct SentElsewhereCreate {
    /// How it was sent, for the record (a mailbox's message reference, say).
    #[schema(value_type = Option<crate::text::NameText>)]
    pub reference: Option<String>,
}

/// How a destination is reached.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// An HTTPS endpoint; messages are signed as webhooks are, with a secret the platform makes.
    Https,
    /// E-mail through GOV.UK Notify.
    Notify,
}

/// A recipient's destination to set. `https` takes `url`; `notify` takes `email_address`,
/// `template_id` and `notify_api_key` (write-only: never shown again).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct DestinationPut {
    pub channel: Channel,
    #[schema(max_length = 2000)]
    pub url: Option<String>,
    #[schema(format = Email, max_length = 320)]
    pub email_address: Option<String>,
    #[schema(format = Uuid)]
    pub template_id: Option<String>,
    #[schema(max_length = 200)]
    pub notify_api_key: Option<String>,
}

/// A recipient's destination (its secrets never shown, save a new signing secret once).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Destination {
    pub recipient: Recipient,
    pub channel: Channel,
    pub url: Option<String>,
    pub email_address: Option<String>,
    pub template_id: Option<String>,
    pub updated_by: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Only in the answer that set an `https` destination: the secret its messages are signed with
    /// (Standard Webhooks, `whsec_…`). Give it to the receiver; it is not shown again.
    pub signing_secret: Option<String>,
}

impl From<&domain::endpoints::Destination> for Destination {
    fn from(d: &domain::endpoints::Destination) -> Self {
        let (channel, url, email_address, template_id) = match &d.channel {
            domain::endpoints::Channel::Https { url, .. } => {
                (Channel::Https, Some(url.clone()), None, None)
            }
            domain::endpoints::Channel::Notify {
                email_address,
                template_id,
                ..
            } => (
                Channel::Notify,
                None,
                Some(email_address.clone()),
                Some(template_id.clone()),
            ),
        };
        Destination {
            recipient: d.recipient.into(),
            channel,
            url,
            email_address,
            template_id,
            updated_by: d.updated_by.to_string(),
            updated_at: d.updated_at,
            signing_secret: None,
        }
    }
}

/// The partnership's destinations.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DestinationList {
    pub items: Vec<Destination>,
}

/// A webhook subscription to make.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct WebhookSubscriptionCreate {
    /// Your endpoint: HTTPS, on a public address.
    #[schema(max_length = 2000)]
    pub url: String,
    /// The events to receive, each once.
    #[schema(min_items = 1)]
    pub event_types: Vec<EventType>,
}

/// A webhook subscription.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct WebhookSubscription {
    #[schema(format = Uuid)]
    pub id: String,
    /// The agency whose events it receives; null for the partnership's.
    pub agency_code: Option<String>,
    pub url: String,
    pub event_types: Vec<EventType>,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Only in the answers that make it or rotate its secret: the secret messages are signed with
    /// (Standard Webhooks, `whsec_…`). It is not shown again.
    pub secret: Option<String>,
}

impl From<&domain::endpoints::WebhookSubscription> for WebhookSubscription {
    fn from(s: &domain::endpoints::WebhookSubscription) -> Self {
        WebhookSubscription {
            id: s.id.to_string(),
            agency_code: s.agency.as_ref().map(ToString::to_string),
            url: s.url.clone(),
            event_types: s.event_types.iter().map(|t| (*t).into()).collect(),
            created_by: s.created_by.to_string(),
            created_at: s.created_at,
            revoked_at: s.revoked_at,
            secret: None,
        }
    }
}

/// The webhook subscriptions the caller may see, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct WebhookSubscriptionList {
    pub items: Vec<WebhookSubscription>,
}
