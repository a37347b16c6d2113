//! A review's delays as stored, in the order recorded.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::delays::Delay,
    text::{Narrative, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_delays};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_delays)]
#[diesel(treat_none_as_default_value = false)]
struct DelayRow {
    id: String,
    review_id: String,
    cause: String,
    reason: String,
    projected_completion: NaiveDate,
    considered_by_subgroup_on: Option<NaiveDate>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    d: &Delay,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_delays::table)
        .values(DelayRow {
            id: uuid::Uuid::now_v7().to_string(),
            review_id: review.to_string(),
            cause: d.cause.to_string(),
            reason: d.reason.to_string(),
            projected_completion: d.projected_completion,
            considered_by_subgroup_on: d.considered_by_subgroup_on,
            recorded_by: d.recorded_by.to_string(),
            recorded_at: d.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// The review's delays, in the order recorded.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Delay>, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    review_delays::table
        .filter(review_delays::review_id.eq(review.to_string()))
        .order(review_delays::id)
        .select(DelayRow::as_select())
        .load::<DelayRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(Delay {
                cause: r.cause.parse().map_err(bad("review_delays.cause"))?,
                reason: Narrative::parse(&r.reason).map_err(bad("review_delays.reason"))?,
                projected_completion: r.projected_completion,
                considered_by_subgroup_on: r.considered_by_subgroup_on,
                recorded_by: Subject::parse(&r.recorded_by)
                    .map_err(bad("review_delays.recorded_by"))?,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
            })
        })
        .collect()
}
