//! Retention: the periods a partnership sets for each class, and the schedule of when each record
//! becomes due, for the business team.

use std::collections::HashSet;

use chrono::NaiveDate;
use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::{PartnershipId, ReferralId},
    retention::{
        disposal::DisposalStatus,
        schedule::{self, CLASSES, Due, RecordKind, RetentionClass},
    },
};
use cspr_openapi::retention::{
    RetentionPeriodList, RetentionPeriodPut, RetentionPeriodView, RetentionSchedule, ScheduleEntry,
};
use cspr_persistence::{
    DbConnection, audit, disposal,
    retention::{self as kept, Case, SetPeriod},
};

use crate::{app::births, context::Ctx, error::ApiError, sealing::Keyring};

fn views(set: &[SetPeriod]) -> Vec<RetentionPeriodView> {
    CLASSES
        .iter()
        .map(|class| {
            let own = set.iter().find(|p| p.class == *class);
            RetentionPeriodView {
                class: (*class).into(),
                years: years_in(set, *class),
                default_years: class.default_years(),
                set_by: own.map(|p| p.set_by.to_string()),
                set_at: own.map(|p| p.set_at),
            }
        })
        .collect()
}

/// A class's period: the partnership's own, or the default.
pub(crate) fn years_in(set: &[SetPeriod], class: RetentionClass) -> u32 {
    set.iter()
        .find(|p| p.class == class)
        .map_or(class.default_years(), |p| p.years)
}

/// The records of a case still kept, each with when it is due under the periods `set`: a disposed
/// case's own record and a disposed publication record (`gone`) are no longer scheduled.
pub(crate) fn kept_records(
    case: &Case,
    set: &[SetPeriod],
    gone: &HashSet<(ReferralId, RecordKind)>,
) -> Vec<Due> {
    schedule::schedule(&case.facts, case.published_on, |class| years_in(set, class))
        .into_iter()
        .filter(|due| !(due.record == RecordKind::Case && case.disposed))
        .filter(|due| !gone.contains(&(case.referral, due.record)))
        .collect()
}

/// Every case of the partnership with its children's sealed dates of birth opened into its facts.
pub(crate) fn cases(
    conn: &mut DbConnection,
    keyring: &Keyring,
    pid: PartnershipId,
) -> Result<Vec<Case>, ApiError> {
    let mut all = kept::cases(conn, pid)?;
    for case in &mut all {
        births::open_into(keyring, pid, case)?;
    }
    Ok(all)
}

/// The partnership's records disposed of.
pub(crate) fn disposed_records(
    conn: &mut DbConnection,
    pid: PartnershipId,
) -> Result<HashSet<(ReferralId, RecordKind)>, ApiError> {
    Ok(disposal::list(conn, pid, Some(DisposalStatus::Disposed))?
        .into_iter()
        .filter_map(|d| d.referral.map(|r| (r, d.record)))
        .collect())
}

pub async fn periods(ctx: &Ctx) -> Result<RetentionPeriodList, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    ctx.read(move |conn, caller, _| {
        Ok(RetentionPeriodList {
            items: views(&kept::periods(conn, caller.partnership.id)?),
        })
    })
    .await
}

pub async fn set_period(
    ctx: &Ctx,
    class: RetentionClass,
    input: RetentionPeriodPut,
) -> Result<RetentionPeriodList, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let years = schedule::parse_years(input.years)?;
    ctx.command(move |conn, caller, log| {
        let pid = caller.partnership.id;
        kept::set_period(
            conn,
            pid,
            &SetPeriod {
                class,
                years,
                set_by: caller.actor.subject.clone(),
                set_at: log.now(),
            },
        )?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Retention,
                Some(format!("periods/{}", class.as_str())),
            )],
        )?;
        Ok(RetentionPeriodList {
            items: views(&kept::periods(conn, pid)?),
        })
    })
    .await
}

/// Every record with a clock (only those due by `due_by`, if given), soonest first. Reading it lists
/// the cases it names, so each is audited as listed.
pub async fn schedule(ctx: &Ctx, due_by: Option<NaiveDate>) -> Result<RetentionSchedule, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let keyring = ctx.keyring.clone();
    ctx.read(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let set = kept::periods(conn, pid)?;
        let gone = disposed_records(conn, pid)?;
        let mut items = vec![];
        for case in cases(conn, &keyring, pid)? {
            for due in kept_records(&case, &set, &gone) {
                if due_by.is_some_and(|by| due.due_on > by) {
                    continue;
                }
                items.push(ScheduleEntry {
                    referral_id: case.referral.to_string(),
                    reference: case.reference.to_string(),
                    review_id: case.review.map(|r| r.to_string()),
                    record: due.record.into(),
                    class: due.class.into(),
                    event: due.event.to_owned(),
                    event_on: due.event_on,
                    due_on: due.due_on,
                    on_hold: case.held,
                });
            }
        }
        items.sort_by_key(|i| i.due_on);
        log.record(log.each(
            AuditAction::List,
            ResourceKind::Referral,
            items.iter().map(|i| i.referral_id.clone()),
        ));
        Ok(RetentionSchedule {
            as_of: england_date(log.now()),
            items,
        })
    })
    .await
}
