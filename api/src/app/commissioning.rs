//! A review's commissioning: recorded by the business team, read by whoever may see the review.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::commissioning::{COMMISSIONED, CommissioningDraft},
    text::{Narrative, Note},
};
use cspr_openapi::review::{Commissioning, CommissioningCreate};
use cspr_persistence::{audit, reviews, reviews::commissioning};

use crate::{
    app::{field, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn commission(
    ctx: &Ctx,
    id: &str,
    input: CommissioningCreate,
) -> Result<Commissioning, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let draft = CommissioningDraft {
        methodology: input.methodology.into(),
        methodology_note: input
            .methodology_note
            .as_deref()
            .map(|n| field(Note::parse(n), "methodology_note"))
            .transpose()?,
        arrangements: input
            .arrangements
            .as_deref()
            .map(|a| field(Narrative::parse(a), "arrangements"))
            .transpose()?,
        reported_to_subgroup_on: input.reported_to_subgroup_on,
    };
    ctx.command(move |conn, caller, log| {
        let review =
            reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let recorded = draft.check(
            &review,
            england_date(log.now()),
            caller.actor.subject.clone(),
            log.now(),
        )?;
        commissioning::record(conn, id, &recorded, COMMISSIONED)?;
        crate::app::review_notifications::owes_now(conn, &review, log.now())?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Commissioning,
                Some(id.to_string()),
            )],
        )?;
        Ok(Commissioning::from(&recorded))
    })
    .await
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<Commissioning, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let recorded = commissioning::find(conn, id)?.ok_or(ApiError::NotFound)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Commissioning,
            Some(id.to_string()),
        )]);
        Ok(Commissioning::from(&recorded))
    })
    .await
}
