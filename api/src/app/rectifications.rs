//! Rectification (docs/DATA-PROTECTION.md): the business team corrects a factual error in a referral,
//! and the original is kept beside the correction with who made it, when and why; audited in the same
//! transaction.

use cspr_domain::{
    FieldError,
    access::ReferralScope,
    audit::{AuditAction, ResourceKind},
    ids::RectificationId,
    referral::rectification::{Rectification, rectify},
    text::{Narrative, Pseudonym},
};
use cspr_openapi::rectification::{RectificationCreate, RectificationList, RectificationView};
use cspr_persistence::{audit, rapid_reviews, rectifications, referrals};

use crate::{
    app::{field, referral_id},
    context::Ctx,
    error::ApiError,
};

/// Corrects one fact of a referral, keeping the original.
pub async fn rectify_referral(
    ctx: &Ctx,
    id: &str,
    input: RectificationCreate,
) -> Result<RectificationView, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let referral = referral_id(id)?;
    let reasons = field(Narrative::parse(&input.reasons), "reasons")?;
    let pseudonym = input
        .pseudonym
        .as_deref()
        .map(Pseudonym::parse)
        .transpose()
        .map_err(|e| ApiError::from(FieldError::new("pseudonym", e.reason)))?;
    let wanted = input.field.into();
    ctx.command(move |conn, caller, log| {
        let pid = caller.partnership.id;
        rapid_reviews::lock_referral(conn, referral)?;
        let mut r = referrals::find(conn, pid, &ReferralScope::Partnership, referral)?
            .ok_or(ApiError::NotFound)?;
        let (original, corrected) =
            rectify(&mut r.details, wanted, pseudonym.as_ref(), &input.value)?;
        let made = Rectification {
            id: RectificationId::generate(),
            referral,
            field: wanted,
            pseudonym,
            original,
            corrected,
            reasons,
            made_by: caller.actor.subject.clone(),
            made_at: log.now(),
        };
        rectifications::record(conn, pid, &made, &r.details)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Rectification,
                Some(format!("{referral}/{}", made.id)),
            )],
        )?;
        Ok(RectificationView::from(&made))
    })
    .await
}

/// A referral's rectifications, oldest first: each original beside its correction.
pub async fn of_referral(ctx: &Ctx, id: &str) -> Result<RectificationList, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let referral = referral_id(id)?;
    ctx.read(move |conn, caller, log| {
        referrals::find(
            conn,
            caller.partnership.id,
            &ReferralScope::Partnership,
            referral,
        )?
        .ok_or(ApiError::NotFound)?;
        let found = rectifications::of_referral(conn, referral)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Rectification,
            Some(referral.to_string()),
        )]);
        Ok(RectificationList {
            items: found.iter().map(RectificationView::from).collect(),
        })
    })
    .await
}
