//! Identifying details as kept: sealed bytes only (the application seals and opens them), apart from
//! every other table; the review's pseudonym map, read from its referral's children and its family
//! members; and the record of each release.

use chrono::{DateTime, Utc};
use cspr_domain::{
    ids::{PartnershipId, ReviewId},
    review::identifying::PseudonymEntry,
    text::{Pseudonym, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{
        identifying_detail_releases as releases, identifying_details as details, referral_children,
        review_family_members as family, reviews,
    },
    sealed::Sealed,
};

fn pseudonym(s: &str, column: &'static str) -> Result<Pseudonym, PersistenceError> {
    Pseudonym::parse(s).map_err(|e| corrupt(column, e))
}

/// Who each pseudonym of the review stands for — the referral's children by their part in the case,
/// the family members by their relationship — and whether details are held for them.
pub fn pseudonym_map(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<PseudonymEntry>, PersistenceError> {
    let id = review.to_string();
    let referral: String = reviews::table
        .filter(reviews::id.eq(&id))
        .select(reviews::referral_id)
        .first(conn)?;
    let held: Vec<String> = details::table
        .filter(details::review_id.eq(&id))
        .select(details::pseudonym)
        .load(conn)?;
    let children: Vec<(String, String)> = referral_children::table
        .filter(referral_children::referral_id.eq(&referral))
        .order(referral_children::position)
        .select((referral_children::pseudonym, referral_children::role))
        .load(conn)?;
    let members: Vec<(String, String)> = family::table
        .filter(family::review_id.eq(&id))
        .order(family::pseudonym)
        .select((family::pseudonym, family::relationship))
        .load(conn)?;
    let mut map: Vec<PseudonymEntry> = vec![];
    for (p, part) in children.into_iter().chain(members) {
        let p = pseudonym(&p, "pseudonym")?;
        if map.iter().any(|e| e.pseudonym == p) {
            continue;
        }
        map.push(PseudonymEntry {
            details_held: held.iter().any(|h| h == p.as_str()),
            pseudonym: p,
            stands_for: part.replace('_', " "),
        });
    }
    Ok(map)
}

/// Keeps the sealed details for one pseudonym, replacing any kept before.
pub fn store(
    conn: &mut DbConnection,
    review: ReviewId,
    who: &Pseudonym,
    sealed: &Sealed,
    by: &Subject,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let id = review.to_string();
    diesel::delete(
        details::table
            .filter(details::review_id.eq(&id))
            .filter(details::pseudonym.eq(who.as_str())),
    )
    .execute(conn)?;
    diesel::insert_into(details::table)
        .values((
            details::review_id.eq(&id),
            details::pseudonym.eq(who.as_str()),
            details::key_id.eq(&sealed.key_id),
            details::nonce.eq(&sealed.nonce),
            details::sealed.eq(&sealed.sealed),
            details::recorded_by.eq(by.as_str()),
            details::recorded_at.eq(at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The review's sealed details, by pseudonym.
pub fn sealed_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<(Pseudonym, Sealed)>, PersistenceError> {
    details::table
        .filter(details::review_id.eq(review.to_string()))
        .order(details::pseudonym)
        .select((
            details::pseudonym,
            details::key_id,
            details::nonce,
            details::sealed,
        ))
        .load::<(String, String, Vec<u8>, Vec<u8>)>(conn)?
        .into_iter()
        .map(|(p, key_id, nonce, sealed)| {
            Ok((
                pseudonym(&p, "identifying_details.pseudonym")?,
                Sealed {
                    key_id,
                    nonce,
                    sealed,
                },
            ))
        })
        .collect()
}

/// Up to `limit` sealed records not under `current`, with their partnership and review: what a
/// rotation reseals next.
pub fn sealed_under_other_keys(
    conn: &mut DbConnection,
    current: &str,
    limit: i64,
) -> Result<Vec<(PartnershipId, ReviewId, Pseudonym, Sealed)>, PersistenceError> {
    details::table
        .inner_join(reviews::table.on(reviews::id.eq(details::review_id)))
        .filter(details::key_id.ne(current))
        .order((details::review_id, details::pseudonym))
        .limit(limit)
        .select((
            reviews::partnership_id,
            details::review_id,
            details::pseudonym,
            (details::key_id, details::nonce, details::sealed),
        ))
        .load::<(String, String, String, (String, Vec<u8>, Vec<u8>))>(conn)?
        .into_iter()
        .map(|(partnership, review, p, (key_id, nonce, sealed))| {
            Ok((
                PartnershipId::parse(&partnership)
                    .map_err(|e| corrupt("reviews.partnership_id", e))?,
                ReviewId::parse(&review)
                    .map_err(|e| corrupt("identifying_details.review_id", e))?,
                pseudonym(&p, "identifying_details.pseudonym")?,
                Sealed {
                    key_id,
                    nonce,
                    sealed,
                },
            ))
        })
        .collect()
}

/// Replaces one record's sealed bytes (a rotation), leaving who recorded it and when.
pub fn reseal(
    conn: &mut DbConnection,
    review: ReviewId,
    who: &Pseudonym,
    sealed: &Sealed,
) -> Result<(), PersistenceError> {
    diesel::update(
        details::table
            .filter(details::review_id.eq(review.to_string()))
            .filter(details::pseudonym.eq(who.as_str())),
    )
    .set((
        details::key_id.eq(&sealed.key_id),
        details::nonce.eq(&sealed.nonce),
        details::sealed.eq(&sealed.sealed),
    ))
    .execute(conn)?;
    Ok(())
}

/// Records that `pseudonyms`' details were given to `to`, for `purpose`.
pub fn record_release(
    conn: &mut DbConnection,
    review: ReviewId,
    to: &Subject,
    purpose: &str,
    pseudonyms: &[Pseudonym],
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(releases::table)
        .values((
            releases::id.eq(uuid::Uuid::now_v7().to_string()),
            releases::review_id.eq(review.to_string()),
            releases::released_to.eq(to.as_str()),
            releases::purpose.eq(purpose),
            releases::pseudonyms.eq(pseudonyms
                .iter()
                .map(Pseudonym::as_str)
                .collect::<Vec<_>>()
                .join(",")),
            releases::released_at.eq(at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}
