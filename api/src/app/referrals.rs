use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::ReferralId,
    referral::{ReferralDraft, ReferralFilter},
};
use cspr_openapi::referral::{Referral, ReferralCreate, ReferralPage, ReferralQuery};
use cspr_persistence::{
    agencies, audit,
    referrals::{self, NewReferral},
};

use crate::{
    app::{births, page, referral_id},
    context::Ctx,
    error::ApiError,
};

/// Records a referral made by the caller's agency.
pub async fn create(ctx: &Ctx, input: ReferralCreate) -> Result<Referral, ApiError> {
    // Refuse a role that may not refer before touching the database.
    ctx.caller.actor.may_make_referral()?;
    let draft = ReferralDraft::from(input);
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        let registered: Vec<_> = agencies::list(conn, caller.partnership.id)?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let referring = caller.actor.referring_agency(&registered)?;
        let now = log.now();
        let details = draft.check(england_date(now), &registered)?;
        let id = ReferralId::generate();
        let births = births::seal(&keyring, caller.partnership.id, id, &details)?;
        let referral = referrals::insert(
            conn,
            &caller.partnership,
            NewReferral {
                id,
                referring_agency: referring,
                received_by: &caller.actor.subject,
                details,
                births,
                now,
            },
        )?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Referral,
                Some(referral.id.to_string()),
            )],
        )?;
        let opened = cspr_domain::rapid_review::RapidReview::new(referral);
        crate::app::outbox::rapid_review_owes(conn, None, &opened, now)?;
        Ok(Referral::view(&opened.referral))
    })
    .await
}

/// One referral the caller may see; another partnership's, or another agency's, is simply not found.
pub async fn get(ctx: &Ctx, id: &str) -> Result<Referral, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    ctx.read_statement(move |conn, caller, log| {
        let referral =
            referrals::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Referral,
            Some(id.to_string()),
        )]);
        Ok(Referral::view(&referral))
    })
    .await
}

/// A page of the referrals the caller may see, newest first. Each referral listed is an audited read.
pub async fn list(
    ctx: &Ctx,
    query: ReferralQuery,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<ReferralPage, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let filter = ReferralFilter::new(
        query.status.map(Into::into),
        query.received_from,
        query.received_to,
    )?;
    let (size, after) = page(limit, cursor)?;
    ctx.read_statement(move |conn, caller, log| {
        let page = referrals::list(
            conn,
            caller.partnership.id,
            &scope,
            &filter,
            after.as_ref(),
            size,
        )?;
        let events = log.each(
            AuditAction::List,
            ResourceKind::Referral,
            page.items.iter().map(|r| r.id),
        );
        log.record(events);
        Ok(ReferralPage {
            items: page.items.iter().map(Referral::view).collect(),
            next_cursor: page.next.map(|c| c.to_string()),
        })
    })
    .await
}
