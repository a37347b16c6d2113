//! A review's delays: recorded as they arise by whoever runs the review; read as case material.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::delays::{self, DelayDraft},
    text::Narrative,
};
use cspr_openapi::delays::{ReviewDelay, ReviewDelayCreate, ReviewDelays};
use cspr_persistence::{audit, reviews};

use crate::{
    app::{case_material, conducted_review, field, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: ReviewDelayCreate,
) -> Result<ReviewDelay, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let draft = DelayDraft {
        cause: input.cause.into(),
        reason: field(Narrative::parse(&input.reason), "reason")?,
        projected_completion: input.projected_completion,
        considered_by_subgroup_on: input.considered_by_subgroup_on,
    };
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let delay = draft.check(
            &review,
            england_date(log.now()),
            caller.actor.subject.clone(),
            log.now(),
        )?;
        reviews::delays::record(conn, id, &delay)?;
        crate::app::review_notifications::owes_now(conn, &review, log.now())?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ReviewDelay,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReviewDelay::from(&delay))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<ReviewDelays, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        let review = case_material(conn, caller, &scope, id)?;
        let recorded = reviews::delays::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ReviewDelay,
            Some(id.to_string()),
        )]);
        Ok(ReviewDelays {
            items: recorded.iter().map(ReviewDelay::from).collect(),
            due_on: review.due_on,
            projected_completion: delays::projected_completion(&review, &recorded),
            past_six_months: delays::past_six_months(&review, &recorded),
        })
    })
    .await
}
