//! A review's team: appointed by the partnership's business team, read by whoever may see the review.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    ids::ReviewId,
    review::team::Appointment,
    text::{AgencyCode, Name, Subject},
};
use cspr_openapi::review::{ReviewTeam, TeamMember, TeamMemberCreate};
use cspr_persistence::{agencies, audit, reviews};

use crate::{app::field, context::Ctx, error::ApiError};

fn review_id(id: &str) -> Result<ReviewId, ApiError> {
    ReviewId::parse(id).map_err(|_| ApiError::NotFound)
}

/// Appoints one member; the review must be the caller's partnership's.
pub async fn appoint(ctx: &Ctx, id: &str, input: TeamMemberCreate) -> Result<TeamMember, ApiError> {
    ctx.caller.actor.may_appoint_review_team()?;
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
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ReviewTeam,
            Some(id.to_string()),
        )]);
        Ok(ReviewTeam {
            items: team.iter().map(TeamMember::from).collect(),
        })
    })
    .await
}
