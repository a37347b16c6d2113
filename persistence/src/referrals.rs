use std::collections::HashMap;

use chrono::{DateTime, Datelike, SubsecRound, Utc};
use cspr_domain::{
    access::ReferralScope,
    ids::{PartnershipId, ReferralId},
    page::{Page, PageSize},
    partnership::Partnership,
    referral::{Referral, ReferralDetails, ReferralFilter, ReferralReference, ReferralStatus},
    text::{AgencyCode, Subject},
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    error::corrupt,
    schema::{information_requests, referral_agencies, referral_children, referrals},
};

mod counter;
mod rows;

use rows::{ChildRow, ReferralRow};

/// Records a referral with its children and involved agencies, numbering it within its partnership's year.
pub fn insert(
    conn: &mut DbConnection,
    partnership: &Partnership,
    referring_agency: &AgencyCode,
    received_by: &Subject,
    details: ReferralDetails,
    now: DateTime<Utc>,
) -> Result<Referral, PersistenceError> {
    // Stored timestamps keep microseconds; trimming here makes the answer equal what a read returns.
    let received_at = now.trunc_subsecs(6);
    let year = received_at.year();
    let number = counter::next(conn, partnership.id, year)?;
    let referral = Referral {
        id: ReferralId::generate(),
        partnership_id: partnership.id,
        reference: ReferralReference::new(&partnership.slug, year, number),
        referring_agency: referring_agency.clone(),
        status: ReferralStatus::Received,
        received_at,
        received_by: received_by.clone(),
        details,
    };
    rows::insert(conn, &referral)?;
    Ok(referral)
}

fn scoped(
    partnership_id: PartnershipId,
    scope: &ReferralScope,
) -> referrals::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
    let q = referrals::table
        .filter(referrals::partnership_id.eq(partnership_id.to_string()))
        .into_boxed();
    match scope {
        ReferralScope::Partnership => q,
        ReferralScope::Agency(code) => {
            let asked = information_requests::table
                .filter(information_requests::referral_id.eq(referrals::id))
                .filter(information_requests::agency_code.eq(code.as_str().to_owned()));
            q.filter(
                referrals::referring_agency
                    .eq(code.as_str().to_owned())
                    .or(diesel::dsl::exists(asked)),
            )
        }
    }
}

/// One referral, if it exists in the partnership and the scope lets the caller see it.
pub fn find(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    id: ReferralId,
) -> Result<Option<Referral>, PersistenceError> {
    let row = scoped(partnership_id, scope)
        .filter(referrals::id.eq(id.to_string()))
        .select(ReferralRow::as_select())
        .first::<ReferralRow>(conn)
        .optional()?;
    Ok(with_parts(conn, row.into_iter().collect())?.pop())
}

/// Many referrals the caller may see, in one round of queries; those it may not see are left out.
pub fn find_many(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    ids: &[ReferralId],
) -> Result<Vec<Referral>, PersistenceError> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let rows = scoped(partnership_id, scope)
        .filter(referrals::id.eq_any(ids))
        .order(referrals::id.desc())
        .select(ReferralRow::as_select())
        .load::<ReferralRow>(conn)?;
    with_parts(conn, rows)
}

/// A page of the referrals the caller may see, newest first.
pub fn list(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    filter: &ReferralFilter,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<Referral, Cursor>, PersistenceError> {
    let mut q = scoped(partnership_id, scope);
    if let Some(s) = filter.status {
        q = q.filter(referrals::status.eq(s.as_str()));
    }
    if let Some(from) = filter.received_from {
        q = q.filter(referrals::received_at.ge(from.naive_utc()));
    }
    if let Some(to) = filter.received_to {
        q = q.filter(referrals::received_at.lt(to.naive_utc()));
    }
    if let Some(c) = after {
        q = q.filter(referrals::id.lt(c.as_str().to_owned()));
    }
    let rows = q
        .order(referrals::id.desc())
        .limit(i64::from(size.get()) + 1)
        .select(ReferralRow::as_select())
        .load::<ReferralRow>(conn)?;
    let referrals = with_parts(conn, rows)?;
    Ok(Page::from_overfetch(referrals, size, |r| {
        Cursor::after(&r.id.to_string())
    }))
}

/// The ids of the referrals still in progress (received, in a Rapid Review, or decided but not yet
/// submitted) that the caller may see, newest first, at most `limit`.
pub fn open_ids(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    limit: i64,
) -> Result<Vec<ReferralId>, PersistenceError> {
    let open = [
        ReferralStatus::Received,
        ReferralStatus::RapidReview,
        ReferralStatus::Decided,
    ]
    .map(|s| s.as_str());
    scoped(partnership_id, scope)
        .filter(referrals::status.eq_any(open))
        .order(referrals::id.desc())
        .limit(limit)
        .select(referrals::id)
        .load::<String>(conn)?
        .iter()
        .map(|id| ReferralId::parse(id).map_err(|e| corrupt("referrals.id", e)))
        .collect()
}

/// Loads the children and involved agencies of many referrals in two queries, whatever their number.
fn with_parts(
    conn: &mut DbConnection,
    rows: Vec<ReferralRow>,
) -> Result<Vec<Referral>, PersistenceError> {
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut children: HashMap<String, Vec<ChildRow>> = HashMap::new();
    for c in referral_children::table
        .filter(referral_children::referral_id.eq_any(&ids))
        .order((referral_children::referral_id, referral_children::position))
        .select(ChildRow::as_select())
        .load::<ChildRow>(conn)?
    {
        children.entry(c.referral_id.clone()).or_default().push(c);
    }
    let mut agencies: HashMap<String, Vec<String>> = HashMap::new();
    for (referral_id, code) in referral_agencies::table
        .filter(referral_agencies::referral_id.eq_any(&ids))
        .order((referral_agencies::referral_id, referral_agencies::position))
        .select((
            referral_agencies::referral_id,
            referral_agencies::agency_code,
        ))
        .load::<(String, String)>(conn)?
    {
        agencies.entry(referral_id).or_default().push(code);
    }
    rows.into_iter()
        .map(|r| {
            let kids = children.remove(&r.id).unwrap_or_default();
            let involved = agencies.remove(&r.id).unwrap_or_default();
            r.into_referral(kids, involved)
        })
        .collect()
}

pub(crate) fn corrupt_code(e: impl std::fmt::Display) -> PersistenceError {
    corrupt("referral_agencies.agency_code", e)
}
