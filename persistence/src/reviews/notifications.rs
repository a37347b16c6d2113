//! A review's notifications as recorded.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::notifications::ReviewNotification,
    text::{Note, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_notifications};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_notifications)]
struct NotificationRow {
    review_id: String,
    kind: String,
    sent_on: NaiveDate,
    reference: Option<String>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    n: &ReviewNotification,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_notifications::table)
        .values(NotificationRow {
            review_id: review.to_string(),
            kind: n.kind.to_string(),
            sent_on: n.sent_on,
            reference: n.reference.as_ref().map(ToString::to_string),
            recorded_by: n.recorded_by.to_string(),
            recorded_at: n.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// The review's notifications, in the order sent.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<ReviewNotification>, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    review_notifications::table
        .filter(review_notifications::review_id.eq(review.to_string()))
        .order((
            review_notifications::sent_on,
            review_notifications::recorded_at,
        ))
        .select(NotificationRow::as_select())
        .load::<NotificationRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(ReviewNotification {
                kind: r.kind.parse().map_err(bad("review_notifications.kind"))?,
                sent_on: r.sent_on,
                reference: r
                    .reference
                    .map(|x| Note::parse(&x))
                    .transpose()
                    .map_err(bad("review_notifications.reference"))?,
                recorded_by: Subject::parse(&r.recorded_by)
                    .map_err(bad("review_notifications.recorded_by"))?,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
            })
        })
        .collect()
}
