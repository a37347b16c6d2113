//! Chronology entries: each contributing agency sends its own, in batches, and reads its own back.

use chrono::NaiveDate;
use cspr_domain::{
    FieldError,
    access::{ReferralScope, ReviewScope},
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::{ReferralId, ReviewId},
    review::chronology::{self, EntryDraft},
    text::{AgencyCode, Name, Pseudonym},
};
use cspr_openapi::chronology::{
    ChronologyBatch, ChronologyEntry, ChronologyEntryList, ChronologyEntryPage, ChronologyGap,
    ChronologyQuery, ChronologyVersionsQuery, IntegratedChronology,
};
use cspr_persistence::{
    DbConnection, audit, referrals,
    reviews::{self, chronology::ChronologyFilter},
};

use crate::{
    app::{case_material, field, page, review_id},
    context::{Caller, Ctx},
    error::ApiError,
};

/// What an agency contributing to a review works from: the review's referral (its people) and the
/// period under review of its current terms, if any. An agency that does not contribute does not see
/// the review.
struct Contribution {
    referral: cspr_domain::referral::Referral,
    period: Option<(NaiveDate, NaiveDate)>,
}

fn contribution(
    conn: &mut DbConnection,
    caller: &Caller,
    id: ReviewId,
    agency: &AgencyCode,
) -> Result<Contribution, ApiError> {
    let pid = caller.partnership.id;
    let review =
        reviews::find(conn, pid, &ReviewScope::Partnership, id)?.ok_or(ApiError::NotFound)?;
    let referral: ReferralId = review.referral_id;
    let referral = referrals::find(conn, pid, &ReferralScope::Partnership, referral)?
        .ok_or(ApiError::NotFound)?;
    let terms = reviews::terms::current(conn, id)?.map(|t| t.terms);
    if chronology::contributes(&referral, terms.as_ref(), agency) {
        Ok(Contribution {
            referral,
            period: terms.map(|t| (t.period_from, t.period_to)),
        })
    } else {
        Err(ApiError::NotFound)
    }
}

/// The period under review of the review's current terms, if any.
fn period(
    conn: &mut DbConnection,
    id: ReviewId,
) -> Result<Option<(NaiveDate, NaiveDate)>, ApiError> {
    Ok(reviews::terms::current(conn, id)?.map(|t| (t.terms.period_from, t.terms.period_to)))
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
        let contribution = contribution(conn, caller, id, &agency)?;
        let mut people = chronology::people(&contribution.referral);
        people.extend(
            reviews::family::of_review(conn, id)?
                .into_iter()
                .map(|m| m.pseudonym),
        );
        let entries = chronology::check_batch(drafts, england_date(log.now()), &people)
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
            items: recorded
                .iter()
                .map(|e| ChronologyEntry::flagged(e, contribution.period))
                .collect(),
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
        let period = contribution(conn, caller, id, &agency)?.period;
        let page = reviews::chronology::own(conn, id, &agency, after.as_ref(), size)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Chronology,
            Some(id.to_string()),
        )]);
        Ok(ChronologyEntryPage {
            items: page
                .items
                .iter()
                .map(|e| ChronologyEntry::flagged(e, period))
                .collect(),
            next_cursor: page.next.map(|c| c.to_string()),
        })
    })
    .await
}

/// Every version of one entry, first first: an agency reads its own; those who may read the integrated
/// chronology name the agency.
pub async fn versions(
    ctx: &Ctx,
    id: &str,
    query: ChronologyVersionsQuery,
) -> Result<ChronologyEntryList, ApiError> {
    let id = review_id(id)?;
    let source_ref = field(Name::parse(&query.source_ref), "source_ref")?;
    let named = query
        .agency
        .as_deref()
        .map(|a| field(AgencyCode::parse(a), "agency"))
        .transpose()?;
    let reader = match (ctx.caller.actor.review_scope(), named) {
        (Ok(scope), Some(agency)) => Ok((Some(scope), agency)),
        (Ok(_), None) => Err(ApiError::Invalid(vec![FieldError::new(
            "agency",
            "name the agency whose entry it is",
        )])),
        (Err(_), _) => Ok((None, ctx.caller.actor.acting_agency()?.clone())),
    }?;
    ctx.read(move |conn, caller, log| {
        let (scope, agency) = reader;
        let period = match &scope {
            Some(scope) => {
                case_material(conn, caller, scope, id)?;
                period(conn, id)?
            }
            None => contribution(conn, caller, id, &agency)?.period,
        };
        let versions = reviews::chronology::versions(conn, id, &agency, &source_ref)?;
        if versions.is_empty() {
            return Err(ApiError::NotFound);
        }
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Chronology,
            Some(id.to_string()),
        )]);
        Ok(ChronologyEntryList {
            items: versions
                .iter()
                .map(|e| ChronologyEntry::flagged(e, period))
                .collect(),
        })
    })
    .await
}

/// How the integrated chronology is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A page, with the gaps.
    Page,
    /// Every matching entry (at most `DOWNLOAD_CAP`), for CSV or the picture.
    Whole,
}

/// The most entries a download (CSV, picture) carries; more must be narrowed by the filters.
pub const DOWNLOAD_CAP: i64 = 10_000;

fn filter(q: &ChronologyQuery) -> Result<ChronologyFilter, ApiError> {
    let invalid = |field: &str, why: &str| ApiError::Invalid(vec![FieldError::new(field, why)]);
    Ok(ChronologyFilter {
        agency: q
            .agency
            .as_deref()
            .map(AgencyCode::parse)
            .transpose()
            .map_err(|_| invalid("agency", "must be an agency code"))?,
        category: q.category.map(Into::into),
        subject: q
            .subject
            .as_deref()
            .map(Pseudonym::parse)
            .transpose()
            .map_err(|_| invalid("subject", "must be a pseudonym"))?,
        key_events_only: q.key_events.unwrap_or(false),
        from: q.from,
        to: q.to,
        theme: q
            .theme
            .map(|t| {
                (1..=100_000)
                    .contains(&t)
                    .then_some(t)
                    .ok_or_else(|| invalid("theme", "must be a theme's number, 1 to 100000"))
            })
            .transpose()?,
    })
}

/// Every agency's current entries for a review, merged in date order, for those who may see the
/// review: a page with the gaps across all that match, or (`Shape::Whole`) every entry that matches.
pub async fn integrated(
    ctx: &Ctx,
    id: &str,
    query: ChronologyQuery,
    shape: Shape,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<IntegratedChronology, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let mut wanted = filter(&query)?;
    let gap_days = query.gap_days.unwrap_or(90);
    if !(1..=3650).contains(&gap_days) {
        return Err(ApiError::Invalid(vec![FieldError::new(
            "gap_days",
            "must be 1 to 3650",
        )]));
    }
    let (size, after) = page(limit, cursor)?;
    ctx.read(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let period = period(conn, id)?;
        // The period under review by default; either end given takes the caller's period instead.
        if let (None, None, Some((from, to))) = (wanted.from, wanted.to, period) {
            wanted.from = Some(from);
            wanted.to = Some(to);
        }
        let (items, next) = match shape {
            Shape::Page => {
                let p = reviews::chronology::integrated(conn, id, &wanted, after.as_ref(), size)?;
                (p.items, p.next.map(|c| c.to_string()))
            }
            Shape::Whole => {
                let all = reviews::chronology::integrated_all(conn, id, &wanted, DOWNLOAD_CAP)?
                    .ok_or_else(|| {
                        ApiError::Invalid(vec![FieldError::new(
                            "to",
                            "more than 10,000 entries match: narrow the period or the filters",
                        )])
                    })?;
                (all, None)
            }
        };
        let dates = reviews::chronology::integrated_dates(conn, id, &wanted)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Chronology,
            Some(id.to_string()),
        )]);
        Ok(IntegratedChronology {
            items: items
                .iter()
                .map(|e| ChronologyEntry::flagged(e, period))
                .collect(),
            next_cursor: next,
            gaps: chronology::gaps(&dates, gap_days)
                .iter()
                // `ChronologyGap::from` is also its GraphQL field `from`: name the conversion.
                .map(<ChronologyGap as From<&chronology::Gap>>::from)
                .collect(),
        })
    })
    .await
}
