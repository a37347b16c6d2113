//! A review's commissioning as stored, and the stage it moves the review to.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::{ReviewStage, commissioning::Commissioning},
    text::{Narrative, Note, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{review_commissioning, reviews},
};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_commissioning)]
struct CommissioningRow {
    review_id: String,
    methodology: String,
    methodology_note: Option<String>,
    arrangements: Option<String>,
    reported_to_subgroup_on: Option<NaiveDate>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

/// Records the commissioning and moves the review to `stage`.
pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    c: &Commissioning,
    stage: ReviewStage,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_commissioning::table)
        .values(CommissioningRow {
            review_id: review.to_string(),
            methodology: c.methodology.to_string(),
            methodology_note: c.methodology_note.as_ref().map(ToString::to_string),
            arrangements: c.arrangements.as_ref().map(ToString::to_string),
            reported_to_subgroup_on: c.reported_to_subgroup_on,
            recorded_by: c.recorded_by.to_string(),
            recorded_at: c.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    diesel::update(reviews::table.filter(reviews::id.eq(review.to_string())))
        .set(reviews::stage.eq(stage.as_str()))
        .execute(conn)?;
    Ok(())
}

/// The review's commissioning, once recorded.
pub fn find(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Option<Commissioning>, PersistenceError> {
    let Some(r) = review_commissioning::table
        .filter(review_commissioning::review_id.eq(review.to_string()))
        .select(CommissioningRow::as_select())
        .first::<CommissioningRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    Ok(Some(Commissioning {
        methodology: r
            .methodology
            .parse()
            .map_err(bad("review_commissioning.methodology"))?,
        methodology_note: r
            .methodology_note
            .map(|n| Note::parse(&n))
            .transpose()
            .map_err(bad("review_commissioning.methodology_note"))?,
        arrangements: r
            .arrangements
            .map(|a| Narrative::parse(&a))
            .transpose()
            .map_err(bad("review_commissioning.arrangements"))?,
        reported_to_subgroup_on: r.reported_to_subgroup_on,
        recorded_by: Subject::parse(&r.recorded_by)
            .map_err(bad("review_commissioning.recorded_by"))?,
        recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
    }))
}
