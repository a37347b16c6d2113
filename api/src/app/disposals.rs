//! Disposal (docs/DATA-PROTECTION.md): a daily job lists each record — a closed case, or its review's
//! publication record — whose retention period has run; the business team approves its disposal or
//! refuses it with reasons. Approval is refused while a legal hold is on the case or the record is no
//! longer due under the periods as they stand; it removes the personal data and free text in the same
//! transaction as its audit events and keeps the listing as the record's tombstone.

use std::collections::HashSet;

use actix_web::web;
use chrono::NaiveDate;
use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    error::IllegalTransition,
    ids::{DisposalId, PartnershipId},
    retention::{
        disposal::{self, Disposal, DisposalStatus},
        holds::{HoldTarget, blocks_disposal},
        schedule::RecordKind,
    },
    text::Narrative,
};
use cspr_openapi::disposals::{DisposalList, DisposalRefusal, DisposalView};
use cspr_persistence::{
    DbConnection, audit, disposal as disposals, legal_holds, partnerships, rapid_reviews,
    retention as kept,
};

use crate::{
    app::{
        field,
        retention::{cases, disposed_records, kept_records},
    },
    context::{AppState, Ctx},
    error::ApiError,
    sealing::Keyring,
};

/// Lists every record of the partnership due by `today` that `disposal::to_list` says to list; returns
/// those it listed.
fn list_due(
    conn: &mut DbConnection,
    keyring: &Keyring,
    pid: PartnershipId,
    today: NaiveDate,
) -> Result<Vec<Disposal>, ApiError> {
    let earlier = disposals::list(conn, pid, None)?;
    let set = kept::periods(conn, pid)?;
    let gone = disposed_records(conn, pid)?;
    let mut listed = vec![];
    for case in cases(conn, keyring, pid)? {
        for due in kept_records(&case, &set, &gone) {
            let of_record: Vec<&Disposal> = earlier
                .iter()
                .filter(|d| d.referral == case.referral && d.record == due.record)
                .collect();
            if !disposal::to_list(&due, today, &of_record) {
                continue;
            }
            let d = Disposal {
                id: DisposalId::generate(),
                referral: case.referral,
                reference: case.reference.clone(),
                review: case.review,
                record: due.record,
                class: due.class,
                event: due.event.to_owned(),
                event_on: due.event_on,
                due_on: due.due_on,
                listed_on: today,
                decision: None,
            };
            disposals::insert(conn, pid, &d)?;
            listed.push(d);
        }
    }
    Ok(listed)
}

/// The daily job: at start, then every hour (so a record is listed within an hour of its day coming),
/// each partnership's due cases are listed, each partnership in a transaction of its own. Listing
/// twice is harmless: a record listed and undecided is not listed again.
pub fn start_daily_listing(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let today = england_date(state.clock.now());
            let (db, keyring) = (state.db.clone(), state.keyring.clone());
            let listed = crate::app::blocking(move || {
                let all = db.transaction(|c| partnerships::all(c).map_err(ApiError::from))?;
                let mut listed = 0;
                for p in all {
                    listed += db
                        .transaction(|c| list_due(c, &keyring, p.id, today))?
                        .len();
                }
                Ok(listed)
            })
            .await;
            match listed {
                Ok(0) => {}
                Ok(listed) => tracing::info!(listed, "records listed for disposal"),
                Err(e) => tracing::warn!(error = %e, "records not listed for disposal"),
            }
        }
    });
}

/// The active holds' targets, to mark listings on hold.
fn held(conn: &mut DbConnection, pid: PartnershipId) -> Result<HashSet<String>, ApiError> {
    Ok(legal_holds::list(conn, pid, true)?
        .into_iter()
        .map(|h| match h.target {
            HoldTarget::Referral(r) => r.to_string(),
            HoldTarget::Review(r) => r.to_string(),
        })
        .collect())
}

fn view(d: &Disposal, held: &HashSet<String>) -> DisposalView {
    let on_hold = held.contains(&d.referral.to_string())
        || d.review.is_some_and(|r| held.contains(&r.to_string()));
    DisposalView::new(d, on_hold)
}

/// The partnership's listings, newest first (only those in `status`, if given).
pub async fn list(ctx: &Ctx, status: Option<DisposalStatus>) -> Result<DisposalList, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    ctx.read(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let found = disposals::list(conn, pid, status)?;
        let held = held(conn, pid)?;
        log.record(log.each(
            AuditAction::List,
            ResourceKind::Disposal,
            found.iter().map(|d| d.id),
        ));
        Ok(DisposalList {
            items: found.iter().map(|d| view(d, &held)).collect(),
        })
    })
    .await
}

/// Runs the daily job now for the caller's partnership (after periods change, say); answers with the
/// records it listed.
pub async fn list_due_now(ctx: &Ctx) -> Result<DisposalList, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let listed = list_due(conn, &keyring, pid, england_date(log.now()))?;
        audit::append(
            conn,
            &log.each(
                AuditAction::Create,
                ResourceKind::Disposal,
                listed.iter().map(|d| d.id),
            ),
        )?;
        let held = held(conn, pid)?;
        Ok(DisposalList {
            items: listed.iter().map(|d| view(d, &held)).collect(),
        })
    })
    .await
}

/// Another request decided the listing between this one's reading it and its decision.
fn decided_meanwhile() -> ApiError {
    IllegalTransition::new(
        "decided",
        &[],
        "Another request decided this listing first.",
    )
    .into()
}

fn disposal_id(id: &str) -> Result<DisposalId, ApiError> {
    DisposalId::parse(id).map_err(|_| ApiError::NotFound)
}

/// Approves a listed record's disposal and disposes of it; then empties SQLite's write-ahead log of
/// what it removed.
pub async fn approve(ctx: &Ctx, id: &str) -> Result<DisposalView, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let id = disposal_id(id)?;
    let keyring = ctx.keyring.clone();
    let disposed = ctx
        .command(move |conn, caller, log| {
            let pid = caller.partnership.id;
            let mut listed = disposals::find(conn, pid, id)?.ok_or(ApiError::NotFound)?;
            // Holds and steps on the case wait for this (PostgreSQL; SQLite writes one at a time).
            rapid_reviews::lock_referral(conn, listed.referral)?;
            let today = england_date(log.now());
            let case = cases(conn, &keyring, pid)?
                .into_iter()
                .find(|c| c.referral == listed.referral);
            let (set, gone) = (kept::periods(conn, pid)?, disposed_records(conn, pid)?);
            let due_on = case.as_ref().and_then(|c| {
                kept_records(c, &set, &gone)
                    .into_iter()
                    .find(|due| due.record == listed.record)
                    .map(|due| due.due_on)
            });
            let review = case.as_ref().and_then(|c| c.review).or(listed.review);
            let holds = legal_holds::on_case(conn, listed.referral, review)?;
            let decision = listed.approve(
                due_on,
                today,
                blocks_disposal(&holds),
                caller.actor.subject.clone(),
                log.now(),
            )?;
            if !disposals::decide(conn, id, &decision)? {
                return Err(decided_meanwhile());
            }
            let mut events = vec![log.event(
                AuditAction::Create,
                ResourceKind::Disposal,
                Some(format!("{id}/approve")),
            )];
            let deleted = |kind, id: String| log.event(AuditAction::Delete, kind, Some(id));
            match (listed.record, review) {
                (RecordKind::Case, _) => {
                    disposals::dispose_case(conn, listed.referral, review, today)?;
                    events.push(deleted(ResourceKind::Referral, listed.referral.to_string()));
                    events.extend(review.map(|r| deleted(ResourceKind::Review, r.to_string())));
                }
                (RecordKind::Publication, Some(r)) => {
                    disposals::dispose_publication(conn, r)?;
                    events.push(deleted(ResourceKind::Publication, r.to_string()));
                }
                (RecordKind::Publication, None) => return Err(ApiError::NotFound),
            }
            audit::append(conn, &events)?;
            listed.review = review;
            listed.decision = Some(decision);
            Ok(DisposalView::new(&listed, false))
        })
        .await?;
    let db = ctx.db.clone();
    match crate::app::blocking(move || db.checkpoint().map_err(ApiError::from)).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            "after a disposal the write-ahead log is not yet emptied: a reader held it"
        ),
        Err(e) => {
            tracing::warn!(error = %e, "after a disposal the write-ahead log is not yet emptied")
        }
    }
    Ok(disposed)
}

/// Refuses a listed record's disposal, with reasons; it is listed again a year later.
pub async fn refuse(ctx: &Ctx, id: &str, input: DisposalRefusal) -> Result<DisposalView, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let id = disposal_id(id)?;
    let reasons = field(Narrative::parse(&input.reasons), "reasons")?;
    ctx.command(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let mut listed = disposals::find(conn, pid, id)?.ok_or(ApiError::NotFound)?;
        let decision = listed.refuse(reasons, caller.actor.subject.clone(), log.now())?;
        if !disposals::decide(conn, id, &decision)? {
            return Err(decided_meanwhile());
        }
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Disposal,
                Some(format!("{id}/refuse")),
            )],
        )?;
        listed.decision = Some(decision);
        let held = held(conn, pid)?;
        Ok(view(&listed, &held))
    })
    .await
}
