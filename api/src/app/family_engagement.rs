//! Family engagement: recorded by whoever runs the review; read as case material. Each family member's
//! pseudonym joins the people the review's chronology entries may name.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::family::FamilyDraft,
};
use cspr_openapi::family::{FamilyMember, FamilyMemberInput, FamilyMemberList};
use cspr_persistence::{audit, reviews};

use crate::{
    app::{case_material, conducted_review, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: FamilyMemberInput,
) -> Result<FamilyMember, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let draft = FamilyDraft::from(input);
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let member = draft
            .check(
                &review,
                england_date(log.now()),
                caller.actor.subject.clone(),
                log.now(),
            )
            .map_err(ApiError::Invalid)?;
        reviews::family::record(conn, id, &member)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::FamilyEngagement,
                Some(id.to_string()),
            )],
        )?;
        Ok(FamilyMember::from(&member))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<FamilyMemberList, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let members = reviews::family::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::FamilyEngagement,
            Some(id.to_string()),
        )]);
        Ok(FamilyMemberList {
            items: members.iter().map(FamilyMember::from).collect(),
        })
    })
    .await
}
