//! Rectifications as kept, and the corrected fact written to the referral.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{PartnershipId, RectificationId, ReferralId},
    referral::{
        ReferralDetails,
        rectification::{Rectification, RectifiedField},
    },
    text::{Narrative, Pseudonym, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{rectifications, referral_children as children, referrals},
};

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = rectifications)]
struct Row {
    id: String,
    referral_id: String,
    field: String,
    pseudonym: Option<String>,
    original: String,
    corrected: String,
    reasons: String,
    made_by: String,
    made_at: NaiveDateTime,
}

impl Row {
    fn into_rectification(self) -> Result<Rectification, PersistenceError> {
        Ok(Rectification {
            id: RectificationId::parse(&self.id).map_err(bad("rectifications.id"))?,
            referral: ReferralId::parse(&self.referral_id)
                .map_err(bad("rectifications.referral_id"))?,
            field: self.field.parse().map_err(bad("rectifications.field"))?,
            pseudonym: self
                .pseudonym
                .as_deref()
                .map(Pseudonym::parse)
                .transpose()
                .map_err(bad("rectifications.pseudonym"))?,
            original: self.original,
            corrected: self.corrected,
            reasons: Narrative::parse(&self.reasons).map_err(bad("rectifications.reasons"))?,
            made_by: Subject::parse(&self.made_by).map_err(bad("rectifications.made_by"))?,
            made_at: DateTime::from_naive_utc_and_offset(self.made_at, Utc),
        })
    }
}

/// Keeps the rectification and writes its field's corrected value, as `details` now hold it, to the
/// referral.
pub fn record(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    r: &Rectification,
    details: &ReferralDetails,
) -> Result<(), PersistenceError> {
    diesel::insert_into(rectifications::table)
        .values((
            rectifications::id.eq(r.id.to_string()),
            rectifications::partnership_id.eq(partnership.to_string()),
            rectifications::referral_id.eq(r.referral.to_string()),
            rectifications::field.eq(r.field.as_str()),
            rectifications::pseudonym.eq(r.pseudonym.as_ref().map(Pseudonym::as_str)),
            rectifications::original.eq(&r.original),
            rectifications::corrected.eq(&r.corrected),
            rectifications::reasons.eq(r.reasons.as_str()),
            rectifications::made_by.eq(r.made_by.as_str()),
            rectifications::made_at.eq(r.made_at.naive_utc()),
        ))
        .execute(conn)?;
    let id = r.referral.to_string();
    let child = r
        .pseudonym
        .as_ref()
        .and_then(|p| details.children.iter().find(|c| c.pseudonym == *p));
    let of_child = children::table
        .filter(children::referral_id.eq(&id))
        .filter(children::pseudonym.eq(r.pseudonym.as_ref().map_or("", Pseudonym::as_str)));
    match (r.field, child) {
        (RectifiedField::Summary, _) => {
            diesel::update(referrals::table.filter(referrals::id.eq(&id)))
                .set(referrals::summary.eq(details.summary.as_str()))
                .execute(conn)?
        }
        (RectifiedField::ChildSex, Some(c)) => diesel::update(of_child)
            .set(children::sex.eq(c.sex.as_str()))
            .execute(conn)?,
        (RectifiedField::ChildLookedAfter, Some(c)) => diesel::update(of_child)
            .set(children::looked_after.eq(c.looked_after))
            .execute(conn)?,
        (RectifiedField::ChildProtectionPlan, Some(c)) => diesel::update(of_child)
            .set(children::child_protection_plan.eq(c.child_protection_plan))
            .execute(conn)?,
        (RectifiedField::ChildLocalAuthority, Some(c)) => diesel::update(of_child)
            .set(children::local_authority.eq(c.local_authority.as_str()))
            .execute(conn)?,
        (_, None) => return Err(corrupt("rectifications.pseudonym", "names no child")),
    };
    Ok(())
}

/// A referral's rectifications, oldest first.
pub fn of_referral(
    conn: &mut DbConnection,
    referral: ReferralId,
) -> Result<Vec<Rectification>, PersistenceError> {
    rectifications::table
        .filter(rectifications::referral_id.eq(referral.to_string()))
        .order(rectifications::id)
        .select(Row::as_select())
        .load::<Row>(conn)?
        .into_iter()
        .map(Row::into_rectification)
        .collect()
}
