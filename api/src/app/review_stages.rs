//! Moving a review on: establish to monitor, monitor to finalise, by whoever runs it, when what the move
//! needs is there (`domain/src/review/stages.rs`).

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    rapid_review::requests::RequestStatus,
    review::{stages::Progress, team::TeamRole},
};
use cspr_openapi::review::{Review, ReviewStageChange};
use cspr_persistence::{audit, information_requests, reviews};

use crate::{
    app::{conducted_review, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn advance(ctx: &Ctx, id: &str, input: ReviewStageChange) -> Result<Review, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.command(move |conn, caller, log| {
        let (mut review, team) = conducted_review(conn, caller, &scope, id)?;
        let progress = Progress {
            terms_recorded: reviews::terms::current(conn, id)?.is_some(),
            lead_reviewer_appointed: team.iter().any(|m| m.role == TeamRole::LeadReviewer),
            panel_meetings: reviews::meetings::of_review(conn, id)?.len(),
            open_requests: information_requests::for_referrals(
                conn,
                &[review.referral_id.to_string()],
            )?
            .iter()
            .filter(|r| r.kind.for_review() && r.status != RequestStatus::Accepted)
            .count(),
        };
        let to = review.advance(input.stage.into(), progress)?;
        if !reviews::move_stage(conn, id, review.stage, to)? {
            return Err(ApiError::Conflict {
                field: Some("stage".into()),
                detail: "The review moved on meanwhile: read it again.".into(),
            });
        }
        review.stage = to;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Review,
                Some(id.to_string()),
            )],
        )?;
        Ok(Review::from(&review))
    })
    .await
}
