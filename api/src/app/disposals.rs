//! Disposal (docs/DATA-PROTECTION.md): a daily job lists each record — a closed case, its review's
//! publication record, a partnership's audit trail or delivery log before a day — whose retention
//! period has run; the business team approves its disposal or refuses it with reasons. Approval is
//! refused while a legal hold keeps the record or it is no longer due under the periods as they stand;
//! it removes the personal data and free text in the same transaction as its audit events and keeps the
//! listing as the record's tombstone.

use std::collections::HashSet;

use actix_web::web;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use cspr_domain::{
    audit::{AuditAction, AuditEvent, ResourceKind},
    calendar::england_date,
    error::IllegalTransition,
    ids::{DisposalId, PartnershipId, ReviewId},
    retention::{
        disposal::{self, Disposal, DisposalStatus},
        holds::{HoldTarget, blocks_disposal},
        schedule::{self, RecordKind, RetentionClass},
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
        retention::{cases, disposed_records, kept_records, years_in},
    },
    context::{AppState, Audit, Ctx},
    error::ApiError,
    sealing::Keyring,
};

/// Lists every record of the partnership due by `today` that the rules say to list — each case's
/// records (`disposal::to_list`), the audit trail and the delivery log (`disposal::trail_to_list`);
/// returns those it listed.
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
    let mut list = |conn: &mut DbConnection, d: Disposal| -> Result<(), ApiError> {
        disposals::insert(conn, pid, &d)?;
        listed.push(d);
        Ok(())
    };
    for case in cases(conn, keyring, pid)? {
        for due in kept_records(&case, &set, &gone) {
            let of_record: Vec<&Disposal> = earlier
                .iter()
                .filter(|d| d.referral == Some(case.referral) && d.record == due.record)
                .collect();
            if disposal::to_list(&due, today, &of_record) {
                list(
                    conn,
                    Disposal {
                        id: DisposalId::generate(),
                        referral: Some(case.referral),
                        reference: Some(case.reference.clone()),
                        review: case.review,
                        record: due.record,
                        class: due.class,
                        event: due.event.to_owned(),
                        event_on: due.event_on,
                        due_on: due.due_on,
                        listed_on: today,
                        decision: None,
                    },
                )?;
            }
        }
    }
    for (record, class, event) in TRAILS {
        let years = years_in(&set, class);
        let cutoff = disposal::trail_cutoff(today, years);
        let of_trail: Vec<&Disposal> = earlier
            .iter()
            .filter(|d| d.referral.is_none() && d.record == record)
            .collect();
        let due = disposals::trail_has_any_before(conn, pid, record, start_of(cutoff))?;
        if disposal::trail_to_list(today, &of_trail, due) {
            list(
                conn,
                Disposal {
                    id: DisposalId::generate(),
                    referral: None,
                    reference: None,
                    review: None,
                    record,
                    class,
                    event: event.to_owned(),
                    event_on: cutoff,
                    due_on: schedule::due_on(class, cutoff, years, &[]),
                    listed_on: today,
                    decision: None,
                },
            )?;
        }
    }
    Ok(listed)
}

/// The trails disposed of by age, a period at a time, with the words their listings give.
const TRAILS: [(RecordKind, RetentionClass, &str); 2] = [
    (
        RecordKind::AuditTrail,
        RetentionClass::AuditTrail,
        "audit events before this day",
    ),
    (
        RecordKind::DeliveryLog,
        RetentionClass::DeliveryLog,
        "deliveries settled before this day",
    ),
];

/// The first instant of a day, as trails' times are kept (UTC).
fn start_of(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
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

/// A listing as the business team reads it: a case's record on hold when a hold is on its referral or
/// review, a trail when any hold of the partnership's is active (an inquiry may ask who saw what).
fn view(d: &Disposal, held: &HashSet<String>) -> DisposalView {
    let on_hold = match d.referral {
        Some(referral) => {
            held.contains(&referral.to_string())
                || d.review.is_some_and(|r| held.contains(&r.to_string()))
        }
        None => !held.is_empty(),
    };
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

/// What approval weighs: the record's due day under the periods as they stand (none if it no longer
/// has a clock), whether a hold keeps it, and the review a case's record has now.
struct Standing {
    due_on: Option<NaiveDate>,
    held: bool,
    review: Option<ReviewId>,
}

fn standing(
    conn: &mut DbConnection,
    keyring: &Keyring,
    pid: PartnershipId,
    listed: &Disposal,
) -> Result<Standing, ApiError> {
    let set = kept::periods(conn, pid)?;
    let Some(referral) = listed.referral else {
        // A trail's entries before the listed day are due that many years after it.
        let years = years_in(&set, listed.class);
        return Ok(Standing {
            due_on: Some(schedule::due_on(listed.class, listed.event_on, years, &[])),
            held: blocks_disposal(&legal_holds::list(conn, pid, true)?),
            review: None,
        });
    };
    // Holds and steps on the case wait for this (PostgreSQL; SQLite writes one at a time).
    rapid_reviews::lock_referral(conn, referral)?;
    let case = cases(conn, keyring, pid)?
        .into_iter()
        .find(|c| c.referral == referral);
    let gone = disposed_records(conn, pid)?;
    let due_on = case.as_ref().and_then(|c| {
        kept_records(c, &set, &gone)
            .into_iter()
            .find(|due| due.record == listed.record)
            .map(|due| due.due_on)
    });
    let review = case.as_ref().and_then(|c| c.review).or(listed.review);
    let held = blocks_disposal(&legal_holds::on_case(conn, referral, review)?);
    Ok(Standing {
        due_on,
        held,
        review,
    })
}

/// Disposes of the listed record; returns the audit events that say what went.
fn dispose(
    conn: &mut DbConnection,
    pid: PartnershipId,
    listed: &Disposal,
    review: Option<ReviewId>,
    today: NaiveDate,
    log: &Audit,
) -> Result<Vec<AuditEvent>, ApiError> {
    let deleted = |kind, id: String| log.event(AuditAction::Delete, kind, Some(id));
    let before = format!("before {}", listed.event_on);
    Ok(match (listed.record, listed.referral, review) {
        (RecordKind::Case, Some(referral), _) => {
            disposals::dispose_case(conn, referral, review, today)?;
            let mut events = vec![deleted(ResourceKind::Referral, referral.to_string())];
            events.extend(review.map(|r| deleted(ResourceKind::Review, r.to_string())));
            events
        }
        (RecordKind::Publication, _, Some(r)) => {
            disposals::dispose_publication(conn, r)?;
            vec![deleted(ResourceKind::Publication, r.to_string())]
        }
        (RecordKind::AuditTrail, None, _) => {
            disposals::dispose_audit_trail(conn, pid, start_of(listed.event_on), listed.id)?;
            vec![deleted(ResourceKind::AuditEvent, before)]
        }
        (RecordKind::DeliveryLog, None, _) => {
            disposals::dispose_delivery_log(conn, pid, start_of(listed.event_on))?;
            vec![deleted(ResourceKind::OutboxMessage, before)]
        }
        _ => return Err(ApiError::NotFound),
    })
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
            let now = standing(conn, &keyring, pid, &listed)?;
            let today = england_date(log.now());
            let decision = listed.approve(
                now.due_on,
                today,
                now.held,
                caller.actor.subject.clone(),
                log.now(),
            )?;
            if !disposals::decide(conn, id, &decision)? {
                return Err(decided_meanwhile());
            }
            let mut events = dispose(conn, pid, &listed, now.review, today, log)?;
            events.push(log.event(
                AuditAction::Create,
                ResourceKind::Disposal,
                Some(format!("{id}/approve")),
            ));
            audit::append(conn, &events)?;
            listed.review = now.review;
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
