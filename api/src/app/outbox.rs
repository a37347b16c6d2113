//! The outbox from the application's side: what each change writes to it (in the change's own
//! transaction), and the business team's view of it — messages, attempts, retries, messages sent by
//! other means, and its depth.

use chrono::{DateTime, Utc};
use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    ids::MessageId,
    outbox::{
        Concerns, DeliveryStatus, Event, EventType, NewMessage, Recipient,
        recipients::{self, rapid_review_notification, review_notification},
    },
    rapid_review::{NotificationKind, RapidReview},
    review::{Review, notifications::ReviewNotificationKind},
    text::Name,
};
use cspr_openapi::outbox::{
    DeliveryAttempt, DeliveryAttemptList, OutboxDepth, OutboxMessage, OutboxMessagePage,
    OutboxParams, SentElsewhereCreate,
};
use cspr_persistence::{
    DbConnection, PersistenceError, audit,
    outbox::{self, Which, subscriptions},
};

use crate::{
    app::{field, page},
    context::{Caller, Ctx},
    error::ApiError,
};

/// Writes `event` to every live subscription it reaches, and to `destination` when it is also a
/// notification the partnership sends (once per `dedupe_key`).
pub(crate) fn publish(
    conn: &mut DbConnection,
    event: Event,
    destination: Option<(Recipient, String)>,
) -> Result<(), PersistenceError> {
    let reached = subscriptions::reached_by(
        conn,
        event.partnership_id,
        event.event_type,
        &event.concerns,
    )?;
    let at = event.occurred_at;
    let mut messages: Vec<NewMessage> = reached
        .into_iter()
        .map(|s| NewMessage::to_subscription(event.clone(), s))
        .collect();
    if let Some((recipient, key)) = destination {
        messages.push(NewMessage::to_destination(event, recipient, key));
    }
    outbox::enqueue(conn, &messages, at)
}

/// The Rapid Review's notifications that `after` owes and `before` did not (none before: a new
/// referral), each to its recipient's destination.
pub(crate) fn rapid_review_owes(
    conn: &mut DbConnection,
    before: Option<&RapidReview>,
    after: &RapidReview,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let owed_before = before
        .map(RapidReview::notifications_due)
        .unwrap_or_default();
    let r = &after.referral;
    let messages: Vec<NewMessage> = after
        .notifications_due()
        .into_iter()
        .filter(|k| !owed_before.contains(k))
        .filter(|k| !after.notifications.iter().any(|n| n.kind == *k))
        .map(|k| rapid_review_notification(r.partnership_id, r.id, r.reference.as_str(), k, at))
        .collect();
    outbox::enqueue(conn, &messages, at)
}

/// The review's notifications owed now, each to its recipient's destination (once: one written
/// before is left as it is).
pub(crate) fn review_owes(
    conn: &mut DbConnection,
    review: &Review,
    owed: &[ReviewNotificationKind],
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let (p, id, referral) = (review.partnership_id, review.id, review.referral_id);
    let messages: Vec<NewMessage> = owed
        .iter()
        .map(|k| review_notification(p, id, referral, *k, at))
        .collect();
    outbox::enqueue(conn, &messages, at)
}

/// A notification recorded by hand: the message that would have sent it is not sent.
pub(crate) fn recorded_by_hand(
    conn: &mut DbConnection,
    caller: &Caller,
    key: &str,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    outbox::sent_elsewhere(
        conn,
        caller.partnership.id,
        Which::Key(key),
        caller.actor.subject.as_str(),
        None,
        at,
    )
    .map(|_| ())
}

pub(crate) fn rapid_review_key(review: &RapidReview, kind: NotificationKind) -> String {
    recipients::rapid_review_notification_key(review.referral.id, kind)
}

/// An event about a Rapid Review that the National Panel is told of: to the Panel's destination (once,
/// under `what`), and to the partnership's subscriptions.
fn to_the_panel(
    conn: &mut DbConnection,
    review: &RapidReview,
    event_type: EventType,
    what: &str,
    more: Vec<(&'static str, String)>,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let r = &review.referral;
    let mut data = vec![
        ("referral_id", r.id.to_string()),
        ("reference", r.reference.to_string()),
    ];
    data.extend(more);
    let event = Event {
        event_type,
        partnership_id: r.partnership_id,
        concerns: Concerns::Partnership,
        data,
        occurred_at: at,
    };
    let key = format!("referral/{}/{what}", r.id);
    publish(conn, event, Some((Recipient::NationalPanel, key)))
}

/// The Rapid Review sent to the National Panel (a Panel submission integration then reads the document
/// with its own token).
pub(crate) fn submitted(
    conn: &mut DbConnection,
    review: &RapidReview,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let event = EventType::RapidReviewSubmitted;
    to_the_panel(conn, review, event, "submission", vec![], at)
}

/// Day 15 will be missed: the Panel is told that a delay notice is recorded, and when to expect the
/// decision.
pub(crate) fn delay_noticed(
    conn: &mut DbConnection,
    review: &RapidReview,
    notice: &cspr_domain::rapid_review::DelayNotice,
) -> Result<(), PersistenceError> {
    let expected = vec![("expected_on", notice.expected_on.to_string())];
    let event = EventType::RapidReviewDelayNotice;
    to_the_panel(
        conn,
        review,
        event,
        "delay_notice",
        expected,
        notice.recorded_at,
    )
}

/// The Panel acknowledged the submission: the partnership's subscriptions are told.
pub(crate) fn acknowledged(
    conn: &mut DbConnection,
    review: &RapidReview,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let r = &review.referral;
    let event = Event {
        event_type: EventType::SubmissionAcknowledged,
        partnership_id: r.partnership_id,
        concerns: Concerns::Partnership,
        data: vec![
            ("referral_id", r.id.to_string()),
            ("reference", r.reference.to_string()),
        ],
        occurred_at: at,
    };
    publish(conn, event, None)
}

fn message_id(id: &str) -> Result<MessageId, ApiError> {
    MessageId::parse(id).map_err(|_| ApiError::NotFound)
}

fn find(
    conn: &mut DbConnection,
    caller: &Caller,
    id: MessageId,
) -> Result<cspr_domain::outbox::OutboxMessage, ApiError> {
    outbox::find(conn, caller.partnership.id, id)?.ok_or(ApiError::NotFound)
}

pub async fn list(ctx: &Ctx, params: OutboxParams) -> Result<OutboxMessagePage, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let (size, cursor) = page(params.limit, params.cursor.as_deref())?;
    let status = params.status.map(DeliveryStatus::from);
    ctx.read(move |conn, caller, log| {
        let found = outbox::list(conn, caller.partnership.id, status, cursor.as_ref(), size)?;
        log.record(log.each(
            AuditAction::List,
            ResourceKind::OutboxMessage,
            found.items.iter().map(|m| m.id),
        ));
        Ok(OutboxMessagePage {
            items: found.items.iter().map(OutboxMessage::from).collect(),
            next_cursor: found.next.map(|c| c.to_string()),
        })
    })
    .await
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<OutboxMessage, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let id = message_id(id)?;
    ctx.read(move |conn, caller, log| {
        let m = find(conn, caller, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::OutboxMessage,
            Some(id.to_string()),
        )]);
        Ok(OutboxMessage::from(&m))
    })
    .await
}

pub async fn attempts(ctx: &Ctx, id: &str) -> Result<DeliveryAttemptList, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let id = message_id(id)?;
    ctx.read(move |conn, caller, log| {
        find(conn, caller, id)?;
        let items = outbox::attempts(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::OutboxMessage,
            Some(id.to_string()),
        )]);
        Ok(DeliveryAttemptList {
            items: items
                .into_iter()
                .map(|a| DeliveryAttempt {
                    number: a.number,
                    started_at: a.started_at,
                    duration_ms: a.duration_ms,
                    delivered: a.delivered,
                    response_status: a.response_status,
                    error: a.error,
                })
                .collect(),
        })
    })
    .await
}

/// A dead message, due again now.
pub async fn retry(ctx: &Ctx, id: &str) -> Result<OutboxMessage, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let id = message_id(id)?;
    ctx.command(move |conn, caller, log| {
        find(conn, caller, id)?.check_retry()?;
        outbox::retry(conn, id, log.now())?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::OutboxMessage,
                Some(id.to_string()),
            )],
        )?;
        Ok(OutboxMessage::from(&find(conn, caller, id)?))
    })
    .await
}

/// A message sent by other means: it is not sent, and a notification it carries is recorded as sent.
pub async fn sent_elsewhere(
    ctx: &Ctx,
    id: &str,
    input: SentElsewhereCreate,
) -> Result<OutboxMessage, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let id = message_id(id)?;
    let reference = input
        .reference
        .as_deref()
        .map(|r| field(Name::parse(r), "reference"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        let m = find(conn, caller, id)?;
        m.check_sent_elsewhere()?;
        let by = caller.actor.subject.as_str();
        let reference = reference.as_ref().map(Name::as_str);
        outbox::sent_elsewhere(
            conn,
            caller.partnership.id,
            Which::Id(id),
            by,
            reference,
            log.now(),
        )?;
        if let Some(carried) = recipients::carried(m.event_type, &m.payload) {
            let on = cspr_domain::calendar::england_date(log.now());
            let noted = reference.map_or_else(|| id.to_string(), str::to_owned);
            outbox::record_carried(conn, carried, on, &noted, by, log.now())?;
        }
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::OutboxMessage,
                Some(id.to_string()),
            )],
        )?;
        Ok(OutboxMessage::from(&find(conn, caller, id)?))
    })
    .await
}

pub async fn depth(ctx: &Ctx) -> Result<OutboxDepth, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    ctx.read(move |conn, caller, log| {
        let d = outbox::depth(conn, Some(caller.partnership.id))?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::OutboxMessage,
            None,
        )]);
        Ok(OutboxDepth {
            pending: d.pending,
            waiting: d.waiting,
            dead: d.dead,
            oldest_undelivered_at: d.oldest_undelivered_at,
        })
    })
    .await
}
