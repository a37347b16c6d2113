//! Retention periods a partnership set, and the facts its retention schedule is computed from: the dates
//! and outcomes of each case, its children's dates of birth, and the holds on it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{PartnershipId, ReferralId, ReviewId},
    referral::ReferralReference,
    retention::schedule::{CaseFacts, RetentionClass},
    text::Subject,
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    case_outcomes::{self, day},
    error::corrupt,
    referrals::births::{self, Birth},
    schema::{
        action_plan_sign_offs as sign_offs, legal_holds, publications,
        referral_children as children, referrals, retention_periods as periods, reviews,
    },
};

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

/// A period a partnership set for a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetPeriod {
    pub class: RetentionClass,
    pub years: u32,
    pub set_by: Subject,
    pub set_at: DateTime<Utc>,
}

pub fn periods(
    conn: &mut DbConnection,
    partnership: PartnershipId,
) -> Result<Vec<SetPeriod>, PersistenceError> {
    periods::table
        .filter(periods::partnership_id.eq(partnership.to_string()))
        .select((
            periods::class,
            periods::years,
            periods::set_by,
            periods::set_at,
        ))
        .load::<(String, i32, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(class, years, by, at)| {
            Ok(SetPeriod {
                class: class.parse().map_err(bad("retention_periods.class"))?,
                years: u32::try_from(years).unwrap_or(0),
                set_by: Subject::parse(&by).map_err(bad("retention_periods.set_by"))?,
                set_at: DateTime::from_naive_utc_and_offset(at, Utc),
            })
        })
        .collect()
}

/// Sets (or replaces) the partnership's period for a class.
pub fn set_period(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    p: &SetPeriod,
) -> Result<(), PersistenceError> {
    let pid = partnership.to_string();
    diesel::delete(
        periods::table
            .filter(periods::partnership_id.eq(&pid))
            .filter(periods::class.eq(p.class.as_str())),
    )
    .execute(conn)?;
    diesel::insert_into(periods::table)
        .values((
            periods::partnership_id.eq(&pid),
            periods::class.eq(p.class.as_str()),
            periods::years.eq(i32::try_from(p.years).unwrap_or(i32::MAX)),
            periods::set_by.eq(p.set_by.as_str()),
            periods::set_at.eq(p.set_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// One case as the schedule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub referral: ReferralId,
    pub reference: ReferralReference,
    pub review: Option<ReviewId>,
    pub facts: CaseFacts,
    pub published_on: Option<NaiveDate>,
    /// Whether a hold not yet released is on the referral or its review.
    pub held: bool,
    /// Whether the case itself has been disposed of (its publication record may remain).
    pub disposed: bool,
    /// The children's dates of birth kept sealed: opened by the caller, which holds the keys, into
    /// `facts.children_born` (which holds only dates written before sealing and not yet sealed).
    pub births: Vec<Birth>,
}

/// Every case of the partnership, with what its schedule needs; a disposed case too, for its
/// publication record.
pub fn cases(
    conn: &mut DbConnection,
    partnership: PartnershipId,
) -> Result<Vec<Case>, PersistenceError> {
    let p = partnership.to_string();
    let outcomes = case_outcomes::of_partnership(conn, &p)?;
    let mut born: HashMap<String, Vec<NaiveDate>> = HashMap::new();
    for (id, dob) in children::table
        .inner_join(referrals::table.on(referrals::id.eq(children::referral_id)))
        .filter(referrals::partnership_id.eq(&p))
        .filter(children::date_of_birth.is_not_null())
        .select((children::referral_id, children::date_of_birth))
        .load::<(String, Option<NaiveDate>)>(conn)?
    {
        born.entry(id).or_default().extend(dob);
    }
    let mut sealed: HashMap<String, Vec<Birth>> = HashMap::new();
    for (referral, b) in births::sealed_of(conn, partnership, None)? {
        sealed.entry(referral).or_default().push(b);
    }
    let review_of: HashMap<String, (String, String)> = reviews::table
        .filter(reviews::partnership_id.eq(&p))
        .select((reviews::referral_id, reviews::id, reviews::kind))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(referral, id, kind)| (referral, (id, kind)))
        .collect();
    let closed: HashMap<String, NaiveDate> = sign_offs::table
        .inner_join(reviews::table.on(reviews::id.eq(sign_offs::review_id)))
        .filter(reviews::partnership_id.eq(&p))
        .select((sign_offs::review_id, sign_offs::signed_off_at))
        .load::<(String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(id, at)| (id, day(at)))
        .collect();
    let published: HashMap<String, NaiveDate> = publications::table
        .filter(publications::partnership_id.eq(&p))
        .select((publications::review_id, publications::published_on))
        .load::<(String, NaiveDate)>(conn)?
        .into_iter()
        .collect();
    let held: HashSet<String> = legal_holds::table
        .filter(legal_holds::partnership_id.eq(&p))
        .filter(legal_holds::released_at.is_null())
        .select((legal_holds::referral_id, legal_holds::review_id))
        .load::<(Option<String>, Option<String>)>(conn)?
        .into_iter()
        .flat_map(|(a, b)| a.into_iter().chain(b))
        .collect();
    referrals::table
        .filter(referrals::partnership_id.eq(&p))
        .order(referrals::id)
        .select((referrals::id, referrals::reference, referrals::disposed_on))
        .load::<(String, String, Option<NaiveDate>)>(conn)?
        .into_iter()
        .map(|(id, reference, disposed_on)| {
            let review = review_of.get(&id);
            let facts = CaseFacts {
                triage: outcomes.triage.get(&id).copied(),
                decision: outcomes.decisions.get(&id).copied(),
                review: review
                    .map(|(rid, kind)| {
                        Ok::<_, PersistenceError>((
                            kind.parse().map_err(bad("reviews.kind"))?,
                            closed.get(rid).copied(),
                        ))
                    })
                    .transpose()?,
                children_born: born.remove(&id).unwrap_or_default(),
            };
            Ok(Case {
                referral: ReferralId::parse(&id).map_err(bad("referrals.id"))?,
                reference: ReferralReference::from_stored(reference),
                review: review
                    .map(|(rid, _)| ReviewId::parse(rid).map_err(bad("reviews.id")))
                    .transpose()?,
                published_on: review.and_then(|(rid, _)| published.get(rid).copied()),
                held: held.contains(&id) || review.is_some_and(|(rid, _)| held.contains(rid)),
                disposed: disposed_on.is_some(),
                births: sealed.remove(&id).unwrap_or_default(),
                facts,
            })
        })
        .collect()
}
