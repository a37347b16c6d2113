//! A review's information requests (a chronology, an IMR, an information report, an
//! organisational-change chronology): issued by whoever runs the review to the agencies in scope; then
//! answered, judged, signed off and escalated through `/v1/information-requests/{id}` like the Rapid
//! Review's.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::requests,
};
use cspr_openapi::information_request::{InformationRequest, ReviewInformationRequestsCreate};
use cspr_persistence::{agencies, information_requests as store, reviews};

use crate::{
    app::{case_material, conducted_review, information_requests::record_issued, review_id},
    context::Ctx,
    error::ApiError,
};

pub async fn issue(
    ctx: &Ctx,
    id: &str,
    input: ReviewInformationRequestsCreate,
) -> Result<Vec<InformationRequest>, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let terms = reviews::terms::current(conn, id)?.map(|t| t.terms);
        let existing = store::for_referrals(conn, &[review.referral_id.to_string()])?;
        let registered: Vec<_> = agencies::list(conn, caller.partnership.id)?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let made = requests::issue(
            &review,
            terms.as_ref(),
            &existing,
            input.kind.into(),
            input.agencies,
            &registered,
            england_date(log.now()),
            input.due_on,
        )?;
        record_issued(conn, caller, log, &made)
    })
    .await
}

/// The review's requests, oldest first, for those who may open its case material.
pub async fn list(ctx: &Ctx, id: &str) -> Result<Vec<InformationRequest>, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        let review = case_material(conn, caller, &scope, id)?;
        let asked: Vec<_> = store::for_referrals(conn, &[review.referral_id.to_string()])?
            .into_iter()
            .filter(|r| r.kind.for_review())
            .collect();
        let events = log.each(
            AuditAction::List,
            ResourceKind::InformationRequest,
            asked.iter().map(|r| r.id),
        );
        log.record(events);
        Ok(asked.iter().map(InformationRequest::from).collect())
    })
    .await
}
