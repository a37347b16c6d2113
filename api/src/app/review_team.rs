//! A review's team: appointed by the partnership's business team, read by whoever may see the review.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::{declarations::Declaration as DomainDeclaration, team::Appointment},
    text::{AgencyCode, Name, Narrative, Subject},
};
use cspr_openapi::review::{
    Declaration, DeclarationCreate, ReviewTeam, TeamMember, TeamMemberCreate,
};
use cspr_persistence::{agencies, audit, reviews, reviews::declarations};

use crate::{
    app::{field, review_id},
    context::Ctx,
    error::ApiError,
};

/// Appoints one member; the review must be the caller's partnership's.
pub async fn appoint(ctx: &Ctx, id: &str, input: TeamMemberCreate) -> Result<TeamMember, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let asked = Appointment {
        subject: field(Subject::parse(&input.subject), "subject")?,
        role: input.role.into(),
        name: field(Name::parse(&input.name), "name")?,
        agency: input
            .agency
            .as_deref()
            .map(|a| field(AgencyCode::parse(a), "agency"))
            .transpose()?,
        independent_of_case: input.independent_of_case,
    };
    ctx.command(move |conn, caller, log| {
        let review =
            reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let team = reviews::team(conn, id)?;
        let registered: Vec<_> = agencies::list(conn, caller.partnership.id)?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let member = asked.check(
            &review,
            &team,
            &registered,
            caller.actor.subject.clone(),
            log.now(),
        )?;
        reviews::appoint(conn, id, &member)?;
        crate::app::review_notifications::owes_now(conn, &review, log.now())?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ReviewTeam,
                Some(id.to_string()),
            )],
        )?;
        Ok(TeamMember::from(&member))
    })
    .await
}

/// The team of a review the caller may see.
pub async fn team(ctx: &Ctx, id: &str) -> Result<ReviewTeam, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let team = reviews::team(conn, id)?;
        let declared = declarations::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ReviewTeam,
            Some(id.to_string()),
        )]);
        Ok(ReviewTeam {
            items: team
                .iter()
                .map(|m| TeamMember {
                    declared: declared.iter().any(|d| d.subject == m.subject),
                    ..TeamMember::from(m)
                })
                .collect(),
        })
    })
    .await
}

/// The caller's own declarations for a review whose team they are on.
pub async fn declare(
    ctx: &Ctx,
    id: &str,
    input: DeclarationCreate,
) -> Result<Declaration, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let conflicts = input
        .conflicts_of_interest
        .as_deref()
        .map(|c| field(Narrative::parse(c), "conflicts_of_interest"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let team = reviews::team(conn, id)?;
        let declaration = DomainDeclaration::record(
            &team,
            &caller.actor.subject,
            conflicts,
            input.confidentiality_signed_on,
            england_date(log.now()),
            log.now(),
        )?;
        declarations::record(conn, id, &declaration)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Declaration,
                Some(id.to_string()),
            )],
        )?;
        Ok(Declaration::from(&declaration))
    })
    .await
}
