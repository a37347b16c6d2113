//! Legal holds: placed on a referral or a review and released by the business team, each with its
//! reasons, kept for good and audited.

use cspr_domain::{
    access::{ReferralScope, ReviewScope},
    audit::{AuditAction, ResourceKind},
    ids::LegalHoldId,
    retention::holds::{HoldTarget, LegalHold},
    text::Narrative,
};
use cspr_openapi::legal_holds::{LegalHoldCreate, LegalHoldList, LegalHoldRelease, LegalHoldView};
use cspr_persistence::{audit, legal_holds, referrals, reviews};

use crate::{
    app::{field, referral_id, review_id},
    context::Ctx,
    error::ApiError,
};

/// Places a hold on a referral (`referral`) or a review, which must be the partnership's.
async fn place(
    ctx: &Ctx,
    target: HoldTarget,
    input: LegalHoldCreate,
) -> Result<LegalHoldView, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let reasons = field(Narrative::parse(&input.reasons), "reasons")?;
    ctx.command(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let found = match target {
            HoldTarget::Referral(r) => {
                referrals::find(conn, pid, &ReferralScope::Partnership, r)?.is_some()
            }
            HoldTarget::Review(r) => {
                reviews::find(conn, pid, &ReviewScope::Partnership, r)?.is_some()
            }
        };
        if !found {
            return Err(ApiError::NotFound);
        }
        let hold = LegalHold {
            id: LegalHoldId::generate(),
            target,
            kind: input.kind.into(),
            reasons,
            placed_by: caller.actor.subject.clone(),
            placed_at: log.now(),
            released: None,
        };
        legal_holds::place(conn, pid, &hold)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::LegalHold,
                Some(hold.id.to_string()),
            )],
        )?;
        Ok(LegalHoldView::from(&hold))
    })
    .await
}

pub async fn on_referral(
    ctx: &Ctx,
    id: &str,
    input: LegalHoldCreate,
) -> Result<LegalHoldView, ApiError> {
    place(ctx, HoldTarget::Referral(referral_id(id)?), input).await
}

pub async fn on_review(
    ctx: &Ctx,
    id: &str,
    input: LegalHoldCreate,
) -> Result<LegalHoldView, ApiError> {
    place(ctx, HoldTarget::Review(review_id(id)?), input).await
}

/// The partnership's holds (only those still active, if asked).
pub async fn list(ctx: &Ctx, active_only: bool) -> Result<LegalHoldList, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    ctx.read(move |conn, caller, log| {
        let holds = legal_holds::list(conn, caller.partnership.id, active_only)?;
        log.record(log.each(
            AuditAction::List,
            ResourceKind::LegalHold,
            holds.iter().map(|h| h.id),
        ));
        Ok(LegalHoldList {
            items: holds.iter().map(LegalHoldView::from).collect(),
        })
    })
    .await
}

/// Releases a hold, with reasons; a hold is released once.
pub async fn release(
    ctx: &Ctx,
    id: &str,
    input: LegalHoldRelease,
) -> Result<LegalHoldView, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let id = LegalHoldId::parse(id).map_err(|_| ApiError::NotFound)?;
    let reasons = field(Narrative::parse(&input.reasons), "reasons")?;
    ctx.command(move |conn, caller, log| {
        let mut hold =
            legal_holds::find(conn, caller.partnership.id, id)?.ok_or(ApiError::NotFound)?;
        let released = hold.release(reasons, caller.actor.subject.clone(), log.now())?;
        legal_holds::release(conn, id, &released)?;
        hold.released = Some(released);
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::LegalHold,
                Some(format!("{id}/release")),
            )],
        )?;
        Ok(LegalHoldView::from(&hold))
    })
    .await
}
