//! Children's dates of birth given on referrals, kept sealed (docs/DATA-PROTECTION.md): what the
//! retention schedule and subject access read of them, the sealing of dates kept plain before, and
//! key rotation.

use chrono::NaiveDate;
use cspr_domain::{
    FieldError,
    ids::{PartnershipId, ReferralId},
    text::Pseudonym,
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError, Sealed,
    error::corrupt,
    schema::{referral_children as children, referrals},
};

/// A child's date of birth sealed for its referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Birth {
    pub pseudonym: Pseudonym,
    pub sealed: Sealed,
}

/// A date of birth still kept plain (written before dates were sealed), with what sealing it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainBirth {
    pub partnership: PartnershipId,
    pub referral: ReferralId,
    pub pseudonym: Pseudonym,
    pub born: NaiveDate,
    pub incident: NaiveDate,
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

type SealedRow = (
    String,
    String,
    Option<String>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
);

fn birth(row: SealedRow) -> Result<Option<(String, Birth)>, PersistenceError> {
    let (referral, pseudonym, key_id, nonce, sealed) = row;
    let (Some(key_id), Some(nonce), Some(sealed)) = (key_id, nonce, sealed) else {
        return Ok(None);
    };
    Ok(Some((
        referral,
        Birth {
            pseudonym: Pseudonym::parse(&pseudonym).map_err(bad("referral_children.pseudonym"))?,
            sealed: Sealed {
                key_id,
                nonce,
                sealed,
            },
        },
    )))
}

/// The sealed dates of birth of the partnership's referrals (`of` one referral only, if given), by
/// referral id.
pub fn sealed_of(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    of: Option<ReferralId>,
) -> Result<Vec<(String, Birth)>, PersistenceError> {
    let mut q = children::table
        .inner_join(referrals::table.on(referrals::id.eq(children::referral_id)))
        .filter(referrals::partnership_id.eq(partnership.to_string()))
        .filter(children::birth_sealed.is_not_null())
        .into_boxed();
    if let Some(r) = of {
        q = q.filter(children::referral_id.eq(r.to_string()));
    }
    q.select((
        children::referral_id,
        children::pseudonym,
        children::birth_key_id,
        children::birth_nonce,
        children::birth_sealed,
    ))
    .load::<SealedRow>(conn)?
    .into_iter()
    .filter_map(|row| birth(row).transpose())
    .collect()
}

/// Up to `limit` dates of birth still kept plain, any partnership's.
pub fn plain(conn: &mut DbConnection, limit: i64) -> Result<Vec<PlainBirth>, PersistenceError> {
    children::table
        .inner_join(referrals::table.on(referrals::id.eq(children::referral_id)))
        .filter(children::date_of_birth.is_not_null())
        .order((children::referral_id, children::position))
        .limit(limit)
        .select((
            referrals::partnership_id,
            children::referral_id,
            children::pseudonym,
            children::date_of_birth,
            referrals::incident_date,
        ))
        .load::<(String, String, String, Option<NaiveDate>, NaiveDate)>(conn)?
        .into_iter()
        .filter_map(|(p, r, who, born, incident)| born.map(|b| (p, r, who, b, incident)))
        .map(|(p, r, who, born, incident)| {
            Ok(PlainBirth {
                partnership: PartnershipId::parse(&p).map_err(bad("referrals.partnership_id"))?,
                referral: ReferralId::parse(&r).map_err(bad("referral_children.referral_id"))?,
                pseudonym: Pseudonym::parse(&who).map_err(bad("referral_children.pseudonym"))?,
                born,
                incident,
            })
        })
        .collect()
}

/// Keeps a child's date of birth sealed (`sealed`) instead of plain, with its age at the incident.
pub fn seal(
    conn: &mut DbConnection,
    referral: ReferralId,
    pseudonym: &Pseudonym,
    age_years: u8,
    sealed: &Sealed,
) -> Result<(), PersistenceError> {
    diesel::update(
        children::table
            .filter(children::referral_id.eq(referral.to_string()))
            .filter(children::pseudonym.eq(pseudonym.as_str())),
    )
    .set((
        children::age_years.eq(Some(i32::from(age_years))),
        children::date_of_birth.eq(None::<NaiveDate>),
        children::birth_key_id.eq(Some(&sealed.key_id)),
        children::birth_nonce.eq(Some(&sealed.nonce)),
        children::birth_sealed.eq(Some(&sealed.sealed)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Up to `limit` sealed dates of birth under a key other than `current`, with their partnership.
pub fn under_other_keys(
    conn: &mut DbConnection,
    current: &str,
    limit: i64,
) -> Result<Vec<(PartnershipId, ReferralId, Birth)>, PersistenceError> {
    children::table
        .inner_join(referrals::table.on(referrals::id.eq(children::referral_id)))
        .filter(children::birth_key_id.ne(current))
        .order((children::referral_id, children::position))
        .limit(limit)
        .select((
            referrals::partnership_id,
            (
                children::referral_id,
                children::pseudonym,
                children::birth_key_id,
                children::birth_nonce,
                children::birth_sealed,
            ),
        ))
        .load::<(String, SealedRow)>(conn)?
        .into_iter()
        .filter_map(|(p, row)| birth(row).transpose().map(|b| b.map(|b| (p, b))))
        .map(|found| {
            let (p, (r, b)) = found?;
            Ok((
                PartnershipId::parse(&p).map_err(bad("referrals.partnership_id"))?,
                ReferralId::parse(&r).map_err(bad("referral_children.referral_id"))?,
                b,
            ))
        })
        .collect()
}

/// Replaces a sealed date of birth with the same date sealed again (key rotation).
pub fn reseal(
    conn: &mut DbConnection,
    referral: ReferralId,
    b: &Birth,
) -> Result<(), PersistenceError> {
    diesel::update(
        children::table
            .filter(children::referral_id.eq(referral.to_string()))
            .filter(children::pseudonym.eq(b.pseudonym.as_str())),
    )
    .set((
        children::birth_key_id.eq(Some(&b.sealed.key_id)),
        children::birth_nonce.eq(Some(&b.sealed.nonce)),
        children::birth_sealed.eq(Some(&b.sealed.sealed)),
    ))
    .execute(conn)?;
    Ok(())
}
