//! The composite of returns, as the Case Review Subgroup and everyone taking part received it.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    rapid_review::requests,
};
use cspr_openapi::{
    documents::{CompositeDocument, CompositeReturn, MissingReturn},
    information_request::ReturnVersion,
    referral::Referral as ReferralView,
};
use cspr_persistence::information_requests;

use crate::{context::Ctx, error::ApiError};

use super::{load, referral_id};

/// The composite once sent: the referral, each return's latest version accepted by then, and the
/// returns still missing then. For admins, partners and the agencies asked about the referral.
pub async fn composite(ctx: &Ctx, id: &str) -> Result<CompositeDocument, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    ctx.read(move |conn, caller, log| {
        let review = load(conn, caller, &scope, id)?;
        let asked: Vec<_> = review.requests.iter().map(|r| r.agency.clone()).collect();
        caller.actor.may_read_composite(&asked)?;
        let sent_at = review.composite_sent_at.ok_or(ApiError::NotFound)?;
        let ids: Vec<String> = review.requests.iter().map(|r| r.id.to_string()).collect();
        let versions = information_requests::returns_of(conn, &ids)?;
        let mut returns = vec![];
        let mut missing = vec![];
        for r in &review.requests {
            let accepted = versions
                .get(&r.id.to_string())
                .and_then(|vs| requests::accepted_by(vs, sent_at));
            match accepted {
                Some(v) => returns.push(CompositeReturn {
                    agency_code: r.agency.to_string(),
                    kind: r.kind.into(),
                    accepted: ReturnVersion::from(v),
                }),
                None => missing.push(MissingReturn {
                    agency_code: r.agency.to_string(),
                    kind: r.kind.into(),
                    due_on: r.due_on,
                }),
            }
        }
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Composite,
            Some(id.to_string()),
        )]);
        Ok(CompositeDocument {
            reference: review.referral.reference.to_string(),
            sent_at,
            reason: review.composite_reason.as_ref().map(ToString::to_string),
            referral: ReferralView::view(&review.referral),
            returns,
            missing,
        })
    })
    .await
}
