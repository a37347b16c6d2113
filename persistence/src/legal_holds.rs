//! Legal holds as kept.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{LegalHoldId, PartnershipId, ReferralId, ReviewId},
    retention::holds::{HoldTarget, LegalHold, Release},
    text::{Narrative, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::legal_holds as holds};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = holds)]
struct Row {
    id: String,
    referral_id: Option<String>,
    review_id: Option<String>,
    kind: String,
    reasons: String,
    placed_by: String,
    placed_at: NaiveDateTime,
    released_by: Option<String>,
    released_at: Option<NaiveDateTime>,
    release_reasons: Option<String>,
}

impl Row {
    fn into_hold(self) -> Result<LegalHold, PersistenceError> {
        let target = match (self.referral_id, self.review_id) {
            (Some(r), None) => {
                HoldTarget::Referral(ReferralId::parse(&r).map_err(bad("legal_holds.referral_id"))?)
            }
            (None, Some(r)) => {
                HoldTarget::Review(ReviewId::parse(&r).map_err(bad("legal_holds.review_id"))?)
            }
            _ => {
                return Err(corrupt(
                    "legal_holds",
                    "holds neither one referral nor one review",
                ));
            }
        };
        let released = match (self.released_by, self.released_at, self.release_reasons) {
            (Some(by), Some(at), Some(reasons)) => Some(Release {
                reasons: Narrative::parse(&reasons).map_err(bad("legal_holds.release_reasons"))?,
                by: Subject::parse(&by).map_err(bad("legal_holds.released_by"))?,
                at: utc(at),
            }),
            _ => None,
        };
        Ok(LegalHold {
            id: LegalHoldId::parse(&self.id).map_err(bad("legal_holds.id"))?,
            target,
            kind: self.kind.parse().map_err(bad("legal_holds.kind"))?,
            reasons: Narrative::parse(&self.reasons).map_err(bad("legal_holds.reasons"))?,
            placed_by: Subject::parse(&self.placed_by).map_err(bad("legal_holds.placed_by"))?,
            placed_at: utc(self.placed_at),
            released,
        })
    }
}

pub fn place(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    h: &LegalHold,
) -> Result<(), PersistenceError> {
    let (referral, review) = match h.target {
        HoldTarget::Referral(r) => (Some(r.to_string()), None),
        HoldTarget::Review(r) => (None, Some(r.to_string())),
    };
    diesel::insert_into(holds::table)
        .values((
            holds::id.eq(h.id.to_string()),
            holds::partnership_id.eq(partnership.to_string()),
            holds::referral_id.eq(referral),
            holds::review_id.eq(review),
            holds::kind.eq(h.kind.as_str()),
            holds::reasons.eq(h.reasons.as_str()),
            holds::placed_by.eq(h.placed_by.as_str()),
            holds::placed_at.eq(h.placed_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// One of the partnership's holds.
pub fn find(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    id: LegalHoldId,
) -> Result<Option<LegalHold>, PersistenceError> {
    holds::table
        .filter(holds::partnership_id.eq(partnership.to_string()))
        .filter(holds::id.eq(id.to_string()))
        .select(Row::as_select())
        .first::<Row>(conn)
        .optional()?
        .map(Row::into_hold)
        .transpose()
}

/// The partnership's holds, newest first; only those not released when `active_only`.
pub fn list(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    active_only: bool,
) -> Result<Vec<LegalHold>, PersistenceError> {
    let mut q = holds::table
        .filter(holds::partnership_id.eq(partnership.to_string()))
        .into_boxed();
    if active_only {
        q = q.filter(holds::released_at.is_null());
    }
    q.order(holds::id.desc())
        .limit(1000)
        .select(Row::as_select())
        .load::<Row>(conn)?
        .into_iter()
        .map(Row::into_hold)
        .collect()
}

/// The holds on a case: on its referral, or on its review.
pub fn on_case(
    conn: &mut DbConnection,
    referral: ReferralId,
    review: Option<ReviewId>,
) -> Result<Vec<LegalHold>, PersistenceError> {
    holds::table
        .filter(
            holds::referral_id
                .eq(referral.to_string())
                .or(holds::review_id.eq(review.map(|r| r.to_string()))),
        )
        .select(Row::as_select())
        .load::<Row>(conn)?
        .into_iter()
        .map(Row::into_hold)
        .collect()
}

/// Records a hold's release (only a hold not yet released changes).
pub fn release(
    conn: &mut DbConnection,
    id: LegalHoldId,
    r: &Release,
) -> Result<(), PersistenceError> {
    diesel::update(
        holds::table
            .filter(holds::id.eq(id.to_string()))
            .filter(holds::released_at.is_null()),
    )
    .set((
        holds::released_by.eq(r.by.as_str()),
        holds::released_at.eq(r.at.naive_utc()),
        holds::release_reasons.eq(r.reasons.as_str()),
    ))
    .execute(conn)?;
    Ok(())
}
