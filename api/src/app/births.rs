//! Children's dates of birth given on referrals, kept sealed like identifying details (docs/
//! DATA-PROTECTION.md): sealed as a referral is recorded, opened only inside the server where a rule
//! needs the date (the retention schedule's 25th birthday), never answered to anyone.

use chrono::NaiveDate;
use cspr_domain::{
    ids::{PartnershipId, ReferralId},
    referral::{ChildAge, ReferralDetails},
    text::Pseudonym,
};
use cspr_persistence::{
    Database, PersistenceError,
    referrals::births::{self, Birth},
    retention::Case,
};

use crate::{
    error::ApiError,
    sealing::{Keyring, SealingError},
};

/// Dates sealed in one transaction when plain ones are sealed or sealed ones rotated.
pub const BATCH: i64 = 100;

/// What a sealed date of birth is bound to: moved to another child or referral, it does not open.
pub fn bound_to(partnership: PartnershipId, referral: ReferralId, who: &Pseudonym) -> String {
    format!("birth/{partnership}/{referral}/{}", who.as_str())
}

fn seal_one(
    keyring: &Keyring,
    partnership: PartnershipId,
    referral: ReferralId,
    who: &Pseudonym,
    born: NaiveDate,
) -> Result<Birth, SealingError> {
    Ok(Birth {
        pseudonym: who.clone(),
        sealed: keyring.seal(
            born.to_string().as_bytes(),
            &bound_to(partnership, referral, who),
        )?,
    })
}

/// The referral's children's dates of birth, sealed for it.
pub fn seal(
    keyring: &Keyring,
    partnership: PartnershipId,
    referral: ReferralId,
    details: &ReferralDetails,
) -> Result<Vec<Birth>, ApiError> {
    details
        .children
        .iter()
        .filter_map(|c| match c.age {
            ChildAge::DateOfBirth(born) => Some((&c.pseudonym, born)),
            ChildAge::Years(_) => None,
        })
        .map(|(who, born)| {
            seal_one(keyring, partnership, referral, who, born).map_err(ApiError::internal)
        })
        .collect()
}

/// Opens a sealed date of birth; a date that does not open or parse is an error, never a guess.
pub fn open(
    keyring: &Keyring,
    partnership: PartnershipId,
    referral: ReferralId,
    b: &Birth,
) -> Result<NaiveDate, ApiError> {
    let bytes = keyring
        .open(&b.sealed, &bound_to(partnership, referral, &b.pseudonym))
        .map_err(ApiError::internal)?;
    std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ApiError::internal(SealingError::Unopenable))
}

/// Opens a case's sealed dates of birth into its facts, for the retention schedule.
pub fn open_into(
    keyring: &Keyring,
    partnership: PartnershipId,
    case: &mut Case,
) -> Result<(), ApiError> {
    for b in &case.births {
        let born = open(keyring, partnership, case.referral, b)?;
        case.facts.children_born.push(born);
    }
    Ok(())
}

/// Seals every date of birth still kept plain (written before dates were sealed), batch by batch;
/// returns how many. Run as the server starts: safe to run again, a no-op once done.
pub fn seal_plain(db: &Database, keyring: &Keyring) -> Result<usize, PersistenceError> {
    let mut total = 0;
    loop {
        let done = db.transaction(|conn| {
            let batch = births::plain(conn, BATCH)?;
            for p in &batch {
                let sealed = seal_one(keyring, p.partnership, p.referral, &p.pseudonym, p.born)
                    .map_err(|e| PersistenceError::Corrupt(e.to_string()))?;
                let age = cspr_domain::referral::whole_years_between(p.born, p.incident);
                births::seal(conn, p.referral, &p.pseudonym, age, &sealed.sealed)?;
            }
            Ok::<_, PersistenceError>(batch.len())
        })?;
        total += done;
        if done == 0 {
            return Ok(total);
        }
    }
}

/// Reseals, batch by batch, every date of birth not under the current key (key rotation); a date that
/// does not open is reported, never overwritten. Returns how many.
pub fn reseal_all(db: &Database, keyring: &Keyring) -> Result<usize, PersistenceError> {
    let mut total = 0;
    loop {
        let done = db.transaction(|conn| {
            let batch = births::under_other_keys(conn, keyring.current(), BATCH)?;
            for (partnership, referral, b) in &batch {
                let bound = bound_to(*partnership, *referral, &b.pseudonym);
                let resealed = keyring
                    .open(&b.sealed, &bound)
                    .ok()
                    .filter(|bytes| {
                        std::str::from_utf8(bytes).is_ok_and(|s| s.parse::<NaiveDate>().is_ok())
                    })
                    .and_then(|bytes| keyring.seal(&bytes, &bound).ok())
                    .ok_or_else(|| {
                        PersistenceError::Corrupt(format!(
                            "the date of birth of {referral}/{} does not open under key {}",
                            b.pseudonym.as_str(),
                            b.sealed.key_id
                        ))
                    })?;
                let again = Birth {
                    pseudonym: b.pseudonym.clone(),
                    sealed: resealed,
                };
                births::reseal(conn, *referral, &again)?;
            }
            Ok::<_, PersistenceError>(batch.len())
        })?;
        total += done;
        if done == 0 {
            return Ok(total);
        }
    }
}
