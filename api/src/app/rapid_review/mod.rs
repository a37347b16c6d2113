//! The Rapid Review's use cases. Each loads the whole review, lets `domain` judge the step, writes it,
//! keeps the referral's stored status in step, and audits it, in one transaction.

use cspr_domain::{
    access::ReferralScope,
    audit::{AuditAction, ResourceKind},
    calendar::Calendar,
    calendar::england_date,
    ids::ReferralId,
    rapid_review::{RapidReview, process::Today},
    text::Narrative,
};
use cspr_openapi::rapid_review::{self as wire, VoteView};
use cspr_persistence::{DbConnection, audit, rapid_reviews};

use crate::{
    app::{field, referral_id},
    context::{Audit, Caller, Ctx},
    error::ApiError,
};

mod composite;
mod reports;
mod steps;
mod submission;

pub use composite::*;
pub use reports::*;
pub use steps::*;
pub use submission::*;

pub(crate) fn load(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: &ReferralScope,
    id: ReferralId,
) -> Result<RapidReview, ApiError> {
    rapid_reviews::load(conn, caller.partnership.id, scope, id)?.ok_or(ApiError::NotFound)
}

pub(super) fn narrative(s: &str, name: &str) -> Result<Narrative, ApiError> {
    field(Narrative::parse(s), name)
}

pub(super) fn narratives(items: &[String], name: &str) -> Result<Vec<Narrative>, ApiError> {
    items
        .iter()
        .enumerate()
        .map(|(i, s)| narrative(s, &format!("{name}[{i}]")))
        .collect()
}

/// The date in England the command runs on, with the calendar its clocks count with.
pub(crate) fn today<'a>(calendar: &'a Calendar, log: &Audit) -> Today<'a> {
    Today {
        calendar,
        date: england_date(log.now()),
    }
}

/// Runs one step on a review the caller may see, then answers with the review as it now stands.
pub(super) async fn step(
    ctx: &Ctx,
    id: &str,
    kind: ResourceKind,
    f: impl FnOnce(&mut DbConnection, &RapidReview, &Caller, &Audit, &Today) -> Result<(), ApiError>
    + Send
    + 'static,
) -> Result<wire::RapidReview, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    step_in(ctx, scope, id, kind, f).await
}

/// As `step`, for a caller whose scope is not the referrals' (the Panel's submission integration).
pub(super) async fn step_in(
    ctx: &Ctx,
    scope: ReferralScope,
    id: &str,
    kind: ResourceKind,
    f: impl FnOnce(&mut DbConnection, &RapidReview, &Caller, &Audit, &Today) -> Result<(), ApiError>
    + Send
    + 'static,
) -> Result<wire::RapidReview, ApiError> {
    let id = referral_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let today = today(&calendar, log);
        rapid_reviews::lock_referral(conn, id)?;
        let before = load(conn, caller, &scope, id)?;
        f(conn, &before, caller, log, &today)?;
        let after = load(conn, caller, &scope, id)?;
        if after.status() != before.status() {
            rapid_reviews::set_status(conn, id, after.status())?;
        }
        crate::app::outbox::rapid_review_owes(conn, Some(&before), &after, log.now())?;
        audit::append(
            conn,
            &[log.event(AuditAction::Create, kind, Some(id.to_string()))],
        )?;
        Ok(wire::RapidReview::view(&after, &today))
    })
    .await
}

/// The review as it stands: a read of case data, audited.
pub async fn get(ctx: &Ctx, id: &str) -> Result<wire::RapidReview, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.read(move |conn, caller, log| {
        let review = load(conn, caller, &scope, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::RapidReview,
            Some(id.to_string()),
        )]);
        Ok(wire::RapidReview::view(&review, &today(&calendar, log)))
    })
    .await
}

pub async fn votes(ctx: &Ctx, id: &str) -> Result<Vec<VoteView>, ApiError> {
    let review = get(ctx, id).await?;
    Ok(review.votes)
}
