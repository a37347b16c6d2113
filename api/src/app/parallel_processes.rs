//! Processes running beside a review: recorded by the business team, read by those who may see it.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    review::parallel::ParallelDraft,
    text::{Name, Narrative, Note},
};
use cspr_openapi::review::{
    ReviewParallelProcess, ReviewParallelProcessCreate, ReviewParallelProcessList,
};
use cspr_persistence::{audit, reviews};

use crate::{
    app::{field, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: ReviewParallelProcessCreate,
) -> Result<ReviewParallelProcess, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let optional = |v: &Option<String>, name: &str| {
        v.as_deref()
            .map(|s| field(Name::parse(s), name))
            .transpose()
    };
    let draft = ParallelDraft {
        kind: input.kind.into(),
        reference: optional(&input.reference, "reference")?,
        status: field(Note::parse(&input.status), "status")?,
        contact: optional(&input.contact, "contact")?,
        publication_waits: input.publication_waits,
        pauses_review: input.pauses_review,
        pause_reason: input
            .pause_reason
            .as_deref()
            .map(|r| field(Narrative::parse(r), "pause_reason"))
            .transpose()?,
    };
    ctx.command(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let process = draft.check(caller.actor.subject.clone(), log.now())?;
        reviews::parallel::record(conn, id, &process)?;
        let number = reviews::parallel::of_review(conn, id)?.len();
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ParallelProcess,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReviewParallelProcess::numbered(number, &process))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<ReviewParallelProcessList, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let processes = reviews::parallel::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ParallelProcess,
            Some(id.to_string()),
        )]);
        Ok(ReviewParallelProcessList {
            items: processes
                .iter()
                .enumerate()
                .map(|(i, p)| ReviewParallelProcess::numbered(i + 1, p))
                .collect(),
        })
    })
    .await
}
