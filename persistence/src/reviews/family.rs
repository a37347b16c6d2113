//! A review's family members as stored: one row per pseudonym, the latest record replacing the last.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::family::{FamilyMember, Invitation},
    text::{Narrative, Pseudonym, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_family_members};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = review_family_members)]
#[diesel(treat_none_as_null = true)]
#[diesel(treat_none_as_default_value = false)]
struct MemberRow {
    review_id: String,
    pseudonym: String,
    relationship: String,
    invited_on: Option<NaiveDate>,
    invitation_method: Option<String>,
    response: Option<String>,
    contribution: Option<String>,
    non_involvement_reason: Option<String>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

/// Records the member, replacing an earlier record of the same pseudonym. Returns whether it replaced.
pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    m: &FamilyMember,
) -> Result<bool, PersistenceError> {
    let text = |v: &Option<Narrative>| v.as_ref().map(ToString::to_string);
    let row = MemberRow {
        review_id: review.to_string(),
        pseudonym: m.pseudonym.as_str().to_owned(),
        relationship: m.relationship.to_string(),
        invited_on: m.invitation.map(|i| i.on),
        invitation_method: m.invitation.map(|i| i.method.to_string()),
        response: m.invitation.map(|i| i.response.to_string()),
        contribution: text(&m.contribution),
        non_involvement_reason: text(&m.non_involvement_reason),
        recorded_by: m.recorded_by.to_string(),
        recorded_at: m.recorded_at.naive_utc(),
    };
    let this = review_family_members::table
        .filter(review_family_members::review_id.eq(review.to_string()))
        .filter(review_family_members::pseudonym.eq(m.pseudonym.as_str()));
    let replaced = diesel::update(this).set(&row).execute(conn)? == 1;
    if !replaced {
        diesel::insert_into(review_family_members::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(replaced)
}

/// The review's family members, by pseudonym.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<FamilyMember>, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    review_family_members::table
        .filter(review_family_members::review_id.eq(review.to_string()))
        .order(review_family_members::pseudonym)
        .select(MemberRow::as_select())
        .load::<MemberRow>(conn)?
        .into_iter()
        .map(|r| {
            let invitation = match (r.invited_on, r.invitation_method, r.response) {
                (Some(on), Some(method), Some(response)) => Some(Invitation {
                    on,
                    method: method
                        .parse()
                        .map_err(bad("review_family_members.invitation_method"))?,
                    response: response
                        .parse()
                        .map_err(bad("review_family_members.response"))?,
                }),
                _ => None,
            };
            let narrative = |v: Option<String>, c: &'static str| {
                v.map(|x| Narrative::parse(&x)).transpose().map_err(bad(c))
            };
            Ok(FamilyMember {
                pseudonym: Pseudonym::parse(&r.pseudonym)
                    .map_err(bad("review_family_members.pseudonym"))?,
                relationship: r
                    .relationship
                    .parse()
                    .map_err(bad("review_family_members.relationship"))?,
                invitation,
                contribution: narrative(r.contribution, "review_family_members.contribution")?,
                non_involvement_reason: narrative(
                    r.non_involvement_reason,
                    "review_family_members.non_involvement_reason",
                )?,
                recorded_by: Subject::parse(&r.recorded_by)
                    .map_err(bad("review_family_members.recorded_by"))?,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
            })
        })
        .collect()
}
