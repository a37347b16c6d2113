//! Sharing learning: how a review's learning was disseminated, and national reviews' learning
//! considered locally; recorded by the business team, read by those who see the review or the
//! partnership's members.

use cspr_domain::{
    access::ReviewScope,
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::learning::{self, Dissemination, NationalLearning},
    text::{Name, Narrative, Note},
};
use cspr_openapi::learning::{
    DisseminationCreate, DisseminationList, DisseminationView, NationalLearningCreate,
    NationalLearningList, NationalLearningView,
};
use cspr_persistence::{audit, reviews};

use crate::{
    app::{field, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn disseminate(
    ctx: &Ctx,
    id: &str,
    input: DisseminationCreate,
) -> Result<DisseminationView, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let id = review_id(id)?;
    let audience = field(Note::parse(&input.audience), "audience")?;
    let note = input
        .note
        .as_deref()
        .map(|n| field(Narrative::parse(n), "note"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
            .ok_or(ApiError::NotFound)?;
        learning::check_done_on("held_on", input.held_on, england_date(log.now()))?;
        let d = Dissemination {
            kind: input.kind.into(),
            audience,
            held_on: input.held_on,
            note,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::learning::record_dissemination(conn, id, &d)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Learning,
                Some(id.to_string()),
            )],
        )?;
        Ok(DisseminationView::from(&d))
    })
    .await
}

pub async fn disseminations(ctx: &Ctx, id: &str) -> Result<DisseminationList, ApiError> {
    let id = review_id(id)?;
    let scope = ctx.caller.actor.outcome_scope()?;
    ctx.read(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let items = reviews::learning::disseminations_of(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Learning,
            Some(id.to_string()),
        )]);
        Ok(DisseminationList {
            items: items.iter().map(DisseminationView::from).collect(),
        })
    })
    .await
}

pub async fn consider(
    ctx: &Ctx,
    input: NationalLearningCreate,
) -> Result<NationalLearningView, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let title = field(Name::parse(&input.title), "title")?;
    let source = field(Note::parse(&input.source), "source")?;
    let application = field(
        Narrative::parse(&input.local_application),
        "local_application",
    )?;
    ctx.command(move |conn, caller, log| {
        learning::check_done_on(
            "considered_on",
            input.considered_on,
            england_date(log.now()),
        )?;
        let n = NationalLearning {
            title,
            source,
            considered_on: input.considered_on,
            local_application: application,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::learning::record_national(conn, caller.partnership.id, &n)?;
        audit::append(
            conn,
            &[log.event(AuditAction::Create, ResourceKind::Learning, None)],
        )?;
        Ok(NationalLearningView::from(&n))
    })
    .await
}

/// National learning: not case data, read by any member of the partnership.
pub async fn national(ctx: &Ctx) -> Result<NationalLearningList, ApiError> {
    ctx.read(move |conn, caller, log| {
        let items = reviews::learning::national_of(conn, caller.partnership.id)?;
        log.record(vec![log.event(
            AuditAction::List,
            ResourceKind::Learning,
            None,
        )]);
        Ok(NationalLearningList {
            items: items.iter().map(NationalLearningView::from).collect(),
        })
    })
    .await
}
