//! Parallel processes as stored.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::parallel::{Conclusion, ParallelProcess},
    text::{Name, Narrative, Note, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_parallel_processes};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_parallel_processes)]
struct ProcessRow {
    id: String,
    review_id: String,
    kind: String,
    reference: Option<String>,
    status: String,
    contact: Option<String>,
    publication_waits: bool,
    pause_reason: Option<String>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
    concluded_on: Option<NaiveDate>,
    outcome: Option<String>,
}

pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    p: &ParallelProcess,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_parallel_processes::table)
        .values(ProcessRow {
            id: uuid::Uuid::now_v7().to_string(),
            review_id: review.to_string(),
            kind: p.kind.to_string(),
            reference: p.reference.as_ref().map(ToString::to_string),
            status: p.status.to_string(),
            contact: p.contact.as_ref().map(ToString::to_string),
            publication_waits: p.publication_waits,
            pause_reason: p.pause_reason.as_ref().map(ToString::to_string),
            recorded_by: p.recorded_by.to_string(),
            recorded_at: p.recorded_at.naive_utc(),
            concluded_on: None,
            outcome: None,
        })
        .execute(conn)?;
    Ok(())
}

/// The review's parallel processes, in the order recorded.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<ParallelProcess>, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    review_parallel_processes::table
        .filter(review_parallel_processes::review_id.eq(review.to_string()))
        .order(review_parallel_processes::id)
        .select(ProcessRow::as_select())
        .load::<ProcessRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(ParallelProcess {
                kind: r
                    .kind
                    .parse()
                    .map_err(bad("review_parallel_processes.kind"))?,
                reference: r
                    .reference
                    .map(|x| Name::parse(&x))
                    .transpose()
                    .map_err(bad("review_parallel_processes.reference"))?,
                status: Note::parse(&r.status).map_err(bad("review_parallel_processes.status"))?,
                contact: r
                    .contact
                    .map(|x| Name::parse(&x))
                    .transpose()
                    .map_err(bad("review_parallel_processes.contact"))?,
                publication_waits: r.publication_waits,
                pause_reason: r
                    .pause_reason
                    .map(|x| Narrative::parse(&x))
                    .transpose()
                    .map_err(bad("review_parallel_processes.pause_reason"))?,
                recorded_by: Subject::parse(&r.recorded_by)
                    .map_err(bad("review_parallel_processes.recorded_by"))?,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
                conclusion: match (r.concluded_on, r.outcome) {
                    (Some(on), Some(outcome)) => Some(Conclusion {
                        concluded_on: on,
                        outcome: Note::parse(&outcome)
                            .map_err(bad("review_parallel_processes.outcome"))?,
                    }),
                    _ => None,
                },
            })
        })
        .collect()
}

/// Records the conclusion of the review's `number`th process (in the order recorded, from 1); false
/// when there is none such.
pub fn conclude(
    conn: &mut DbConnection,
    review: ReviewId,
    number: u32,
    c: &Conclusion,
) -> Result<bool, PersistenceError> {
    let Some(offset) = number.checked_sub(1).map(i64::from) else {
        return Ok(false);
    };
    let id: Option<String> = review_parallel_processes::table
        .filter(review_parallel_processes::review_id.eq(review.to_string()))
        .order(review_parallel_processes::id)
        .offset(offset)
        .select(review_parallel_processes::id)
        .first(conn)
        .optional()?;
    let Some(id) = id else { return Ok(false) };
    diesel::update(review_parallel_processes::table.filter(review_parallel_processes::id.eq(id)))
        .set((
            review_parallel_processes::concluded_on.eq(Some(c.concluded_on)),
            review_parallel_processes::outcome.eq(Some(c.outcome.as_str())),
        ))
        .execute(conn)?;
    Ok(true)
}
