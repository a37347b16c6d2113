//! A review's team as stored.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::team::{TeamMember, TeamRole},
    text::{AgencyCode, Name, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_team};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_team)]
struct MemberRow {
    review_id: String,
    subject: String,
    role: String,
    name: String,
    agency_code: Option<String>,
    independent_of_case: bool,
    appointed_by: String,
    appointed_at: NaiveDateTime,
}

impl MemberRow {
    fn into_member(self) -> Result<TeamMember, PersistenceError> {
        let bad = |column: &str| {
            let column = format!("review_team.{column}");
            move |e| corrupt(&column, e)
        };
        Ok(TeamMember {
            subject: Subject::parse(&self.subject).map_err(bad("subject"))?,
            role: self.role.parse().map_err(bad("role"))?,
            name: Name::parse(&self.name).map_err(bad("name"))?,
            agency: self
                .agency_code
                .map(|c| AgencyCode::parse(&c))
                .transpose()
                .map_err(bad("agency_code"))?,
            independent_of_case: self.independent_of_case,
            appointed_by: Subject::parse(&self.appointed_by).map_err(bad("appointed_by"))?,
            appointed_at: DateTime::from_naive_utc_and_offset(self.appointed_at, Utc),
        })
    }
}

/// Records an appointment.
pub fn appoint(
    conn: &mut DbConnection,
    review: ReviewId,
    m: &TeamMember,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_team::table)
        .values(MemberRow {
            review_id: review.to_string(),
            subject: m.subject.to_string(),
            role: m.role.to_string(),
            name: m.name.to_string(),
            agency_code: m.agency.as_ref().map(ToString::to_string),
            independent_of_case: m.independent_of_case,
            appointed_by: m.appointed_by.to_string(),
            appointed_at: m.appointed_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// The review's team: the lead reviewer first, then chair, facilitator, author and panel members, each
/// role in the order appointed.
pub fn team(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<TeamMember>, PersistenceError> {
    let mut team = review_team::table
        .filter(review_team::review_id.eq(review.to_string()))
        .select(MemberRow::as_select())
        .load::<MemberRow>(conn)?
        .into_iter()
        .map(MemberRow::into_member)
        .collect::<Result<Vec<_>, _>>()?;
    let rank = |m: &TeamMember| TeamRole::ALL.iter().position(|r| *r == m.role);
    team.sort_by(|a, b| {
        (rank(a), a.appointed_at, a.subject.as_str()).cmp(&(
            rank(b),
            b.appointed_at,
            b.subject.as_str(),
        ))
    });
    Ok(team)
}
