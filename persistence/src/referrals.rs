use chrono::{DateTime, Datelike, SubsecRound, Utc};
use cspr_domain::{
    access::ReferralScope,
    ids::{PartnershipId, ReferralId},
    page::{Page, PageSize},
    partnership::Partnership,
    referral::{Referral, ReferralDetails, ReferralFilter, ReferralReference, ReferralStatus},
    review::ReviewStage,
    text::{AgencyCode, Subject},
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    error::corrupt,
    schema::{information_requests, referrals, reviews},
};

pub mod births;
mod counter;
mod parts;
mod rows;

use rows::ReferralRow;

/// A referral to record: its id (made by the caller, which seals its children's dates of birth for it),
/// who referred and received it, the form, and the sealed dates of birth.
pub struct NewReferral<'a> {
    pub id: ReferralId,
    pub referring_agency: &'a AgencyCode,
    pub received_by: &'a Subject,
    pub details: ReferralDetails,
    pub births: Vec<births::Birth>,
    pub now: DateTime<Utc>,
}

/// Records a referral with its children and involved agencies, numbering it within its partnership's
/// year.
pub fn insert(
    conn: &mut DbConnection,
    partnership: &Partnership,
    new: NewReferral,
) -> Result<Referral, PersistenceError> {
    let NewReferral {
        id,
        referring_agency,
        received_by,
        details,
        births,
        now,
    } = new;
    // Stored timestamps keep microseconds; trimming here makes the answer equal what a read returns.
    let received_at = now.trunc_subsecs(6);
    let year = received_at.year();
    let number = counter::next(conn, partnership.id, year)?;
    let referral = Referral {
        id,
        partnership_id: partnership.id,
        reference: ReferralReference::new(&partnership.slug, year, number),
        referring_agency: referring_agency.clone(),
        status: ReferralStatus::Received,
        received_at,
        received_by: received_by.clone(),
        details,
    };
    rows::insert(conn, &referral, &births)?;
    Ok(referral)
}

type Scoped = referrals::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend>;

/// The partnership's referrals the scope covers; a disposed case is no longer any caller's to read.
fn scoped(partnership_id: PartnershipId, scope: &ReferralScope) -> Scoped {
    let q = referrals::table
        .filter(referrals::partnership_id.eq(partnership_id.to_string()))
        .filter(referrals::disposed_on.is_null())
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
    let query = scoped(partnership_id, scope).filter(referrals::id.eq(id.to_string()));
    Ok(whole(conn, query)?.pop())
}

/// Many referrals the caller may see, in one round of queries; those it may not see are left out.
pub fn find_many(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    ids: &[ReferralId],
) -> Result<Vec<Referral>, PersistenceError> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let query = scoped(partnership_id, scope)
        .filter(referrals::id.eq_any(ids))
        .order(referrals::id.desc());
    whole(conn, query)
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
    let query = q
        .order(referrals::id.desc())
        .limit(i64::from(size.get()) + 1);
    let referrals = whole(conn, query)?;
    Ok(Page::from_overfetch(referrals, size, |r| {
        Cursor::after(&r.id.to_string())
    }))
}

/// The ids of the referrals still in progress (received, in a Rapid Review, decided but not yet
/// submitted, or with a review not yet published) that the caller may see, newest first, at most
/// `limit`.
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
    let review_open = reviews::table
        .filter(reviews::referral_id.eq(referrals::id))
        .filter(
            reviews::stage
                .ne_all([ReviewStage::Published, ReviewStage::Closed].map(|s| s.as_str())),
        );
    scoped(partnership_id, scope)
        .filter(
            referrals::status
                .eq_any(open)
                .or(diesel::dsl::exists(review_open)),
        )
        .order(referrals::id.desc())
        .limit(limit)
        .select(referrals::id)
        .load::<String>(conn)?
        .iter()
        .map(|id| ReferralId::parse(id).map_err(|e| corrupt("referrals.id", e)))
        .collect()
}

/// The referrals a query selects, each read whole with its children and involved agencies in the same
/// single statement, whatever their number.
fn whole(conn: &mut DbConnection, query: Scoped) -> Result<Vec<Referral>, PersistenceError> {
    let (children, agencies) = (parts::children_column(conn), parts::agencies_column(conn));
    query
        .select((ReferralRow::as_select(), children, agencies))
        .load::<(ReferralRow, String, String)>(conn)?
        .into_iter()
        .map(|(row, children, agencies)| {
            let children = parts::children(&row.id, &children)?;
            row.into_referral(children, parts::agencies(&agencies)?)
        })
        .collect()
}

pub(crate) fn corrupt_code(e: impl std::fmt::Display) -> PersistenceError {
    corrupt("referral_agencies.agency_code", e)
}
