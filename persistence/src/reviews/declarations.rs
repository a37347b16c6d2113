//! Team members' declarations as stored.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::declarations::Declaration,
    text::{Narrative, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_declarations};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = review_declarations)]
#[diesel(treat_none_as_null = true)]
#[diesel(treat_none_as_default_value = false)]
struct DeclarationRow {
    review_id: String,
    subject: String,
    conflicts_of_interest: Option<String>,
    confidentiality_signed_on: NaiveDate,
    recorded_at: NaiveDateTime,
}

/// Records the member's declaration, replacing their earlier one for the review (interests change).
pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    d: &Declaration,
) -> Result<(), PersistenceError> {
    let row = DeclarationRow {
        review_id: review.to_string(),
        subject: d.subject.to_string(),
        conflicts_of_interest: d.conflicts_of_interest.as_ref().map(ToString::to_string),
        confidentiality_signed_on: d.confidentiality_signed_on,
        recorded_at: d.recorded_at.naive_utc(),
    };
    let earlier = review_declarations::table
        .filter(review_declarations::review_id.eq(review.to_string()))
        .filter(review_declarations::subject.eq(d.subject.to_string()));
    if diesel::update(earlier).set(&row).execute(conn)? == 0 {
        diesel::insert_into(review_declarations::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(())
}

/// Every declaration recorded for the review.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Declaration>, PersistenceError> {
    review_declarations::table
        .filter(review_declarations::review_id.eq(review.to_string()))
        .select(DeclarationRow::as_select())
        .load::<DeclarationRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(Declaration {
                subject: Subject::parse(&r.subject)
                    .map_err(|e| corrupt("review_declarations.subject", e))?,
                conflicts_of_interest: r
                    .conflicts_of_interest
                    .map(|c| Narrative::parse(&c))
                    .transpose()
                    .map_err(|e| corrupt("review_declarations.conflicts_of_interest", e))?,
                confidentiality_signed_on: r.confidentiality_signed_on,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
            })
        })
        .collect()
}

/// Whether the subject has declared for the review.
pub fn has_declared(
    conn: &mut DbConnection,
    review: ReviewId,
    subject: &Subject,
) -> Result<bool, PersistenceError> {
    Ok(diesel::select(diesel::dsl::exists(
        review_declarations::table
            .filter(review_declarations::review_id.eq(review.to_string()))
            .filter(review_declarations::subject.eq(subject.to_string())),
    ))
    .get_result(conn)?)
}
