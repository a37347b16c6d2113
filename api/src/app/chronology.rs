//! Chronology entries: each contributing agency sends its own, in batches, and reads its own back.

use cspr_domain::{
    access::{ReferralScope, ReviewScope},
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::{ReferralId, ReviewId},
    review::chronology::{self, EntryDraft},
    text::AgencyCode,
};
use cspr_openapi::chronology::{
    ChronologyBatch, ChronologyEntry, ChronologyEntryList, ChronologyEntryPage,
};
use cspr_persistence::{DbConnection, audit, referrals, reviews};

use crate::{
    app::page,
    context::{Caller, Ctx},
    error::ApiError,
};

fn review_id(id: &str) -> Result<ReviewId, ApiError> {
    ReviewId::parse(id).map_err(|_| ApiError::NotFound)
}

/// The review's referral, when the agency contributes to its chronology; otherwise the review is not
/// the agency's to see.
fn contributed_referral(
    conn: &mut DbConnection,
    caller: &Caller,
    id: ReviewId,
    agency: &AgencyCode,
) -> Result<cspr_domain::referral::Referral, ApiError> {
    let pid = caller.partnership.id;
    let review =
        reviews::find(conn, pid, &ReviewScope::Partnership, id)?.ok_or(ApiError::NotFound)?;
    let referral: ReferralId = review.referral_id;
    let referral = referrals::find(conn, pid, &ReferralScope::Partnership, referral)?
        .ok_or(ApiError::NotFound)?;
    if chronology::contributes(&referral, agency) {
        Ok(referral)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Records a batch of the caller's agency's entries, whole or not at all.
pub async fn submit(
    ctx: &Ctx,
    id: &str,
    batch: ChronologyBatch,
) -> Result<ChronologyEntryList, ApiError> {
    let agency = ctx.caller.actor.acting_agency()?.clone();
    let id = review_id(id)?;
    let drafts: Vec<EntryDraft> = batch.entries.into_iter().map(Into::into).collect();
    ctx.command(move |conn, caller, log| {
        let referral = contributed_referral(conn, caller, id, &agency)?;
        let entries = chronology::check_batch(
            drafts,
            england_date(log.now()),
            &chronology::people(&referral),
        )
        .map_err(ApiError::Invalid)?;
        let recorded = reviews::chronology::record(
            conn,
            id,
            &agency,
            entries,
            &caller.actor.subject,
            log.now(),
        )?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Chronology,
                Some(id.to_string()),
            )],
        )?;
        Ok(ChronologyEntryList {
            items: recorded.iter().map(ChronologyEntry::from).collect(),
        })
    })
    .await
}

/// A page of the caller's agency's current entries for the review.
pub async fn own(
    ctx: &Ctx,
    id: &str,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<ChronologyEntryPage, ApiError> {
    let agency = ctx.caller.actor.acting_agency()?.clone();
    let id = review_id(id)?;
    let (size, after) = page(limit, cursor)?;
    ctx.read(move |conn, caller, log| {
        contributed_referral(conn, caller, id, &agency)?;
        let page = reviews::chronology::own(conn, id, &agency, after.as_ref(), size)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Chronology,
            Some(id.to_string()),
        )]);
        Ok(ChronologyEntryPage {
            items: page.items.iter().map(ChronologyEntry::from).collect(),
            next_cursor: page.next.map(|c| c.to_string()),
        })
    })
    .await
}
