//! The notifications a review owes: recorded by the business team, listed with what is still owed.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::ReviewId,
    review::{
        Review, delays,
        notifications::{self, ReviewNotificationKind},
        team::TeamRole,
    },
    text::Note,
};
use cspr_openapi::review::{
    OwedNotification, ReviewNotification, ReviewNotificationCreate, ReviewNotifications,
};
use cspr_persistence::{DbConnection, PersistenceError, audit, reviews};

use crate::{
    app::{field, review_id},
    context::Ctx,
    error::ApiError,
};

/// What the review owes now, given what it has sent.
fn owed(
    conn: &mut DbConnection,
    review: &Review,
    sent: &[notifications::ReviewNotification],
) -> Result<Vec<ReviewNotificationKind>, PersistenceError> {
    let commissioned = reviews::commissioning::find(conn, review.id)?.is_some();
    let lead = reviews::team(conn, review.id)?
        .iter()
        .any(|m| m.role == TeamRole::LeadReviewer);
    let delays = reviews::delays::of_review(conn, review.id)?;
    let late = delays::past_six_months(review, &delays);
    Ok(notifications::owed(review, commissioned, lead, late, sent))
}

/// Writes what the review owes now to the outbox (each once), after a change that may owe more: its
/// commissioning, its lead reviewer's appointment, a delay.
pub(crate) fn owes_now(
    conn: &mut DbConnection,
    review: &Review,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), PersistenceError> {
    let sent = reviews::notifications::of_review(conn, review.id)?;
    let due = owed(conn, review, &sent)?;
    crate::app::outbox::review_owes(conn, review, &due, at)
}

fn find(
    conn: &mut DbConnection,
    caller: &crate::context::Caller,
    scope: &cspr_domain::access::ReviewScope,
    id: ReviewId,
) -> Result<Review, ApiError> {
    reviews::find(conn, caller.partnership.id, scope, id)?.ok_or(ApiError::NotFound)
}

pub async fn notify(
    ctx: &Ctx,
    id: &str,
    input: ReviewNotificationCreate,
) -> Result<ReviewNotification, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let reference = input
        .reference
        .as_deref()
        .map(|r| field(Note::parse(r), "reference"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        let review = find(conn, caller, &scope, id)?;
        let sent = reviews::notifications::of_review(conn, id)?;
        let due = owed(conn, &review, &sent)?;
        let recorded = notifications::record(
            &review,
            &due,
            input.kind.into(),
            input.sent_on,
            reference,
            england_date(log.now()),
            caller.actor.subject.clone(),
            log.now(),
        )?;
        reviews::notifications::record(conn, id, &recorded)?;
        let key = cspr_domain::outbox::recipients::review_notification_key(id, recorded.kind);
        crate::app::outbox::recorded_by_hand(conn, caller, &key, log.now())?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ReviewNotification,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReviewNotification::from(&recorded))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<ReviewNotifications, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        let review = find(conn, caller, &scope, id)?;
        let sent = reviews::notifications::of_review(conn, id)?;
        let due = owed(conn, &review, &sent)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ReviewNotification,
            Some(id.to_string()),
        )]);
        Ok(ReviewNotifications {
            sent: sent.iter().map(ReviewNotification::from).collect(),
            owed: due
                .into_iter()
                .map(|k| OwedNotification {
                    kind: k.into(),
                    recipient: k.recipient().to_owned(),
                })
                .collect(),
        })
    })
    .await
}
