//! Dissemination records and national learning, as kept.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{PartnershipId, ReviewId},
    review::learning::{Dissemination, NationalLearning},
    text::{Name, Narrative, Note, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{disseminations, national_learning},
};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

pub fn record_dissemination(
    conn: &mut DbConnection,
    review: ReviewId,
    d: &Dissemination,
) -> Result<(), PersistenceError> {
    diesel::insert_into(disseminations::table)
        .values((
            disseminations::id.eq(uuid::Uuid::now_v7().to_string()),
            disseminations::review_id.eq(review.to_string()),
            disseminations::kind.eq(d.kind.as_str()),
            disseminations::audience.eq(d.audience.as_str()),
            disseminations::held_on.eq(d.held_on),
            disseminations::note.eq(d.note.as_ref().map(Narrative::as_str)),
            disseminations::recorded_by.eq(d.recorded_by.as_str()),
            disseminations::recorded_at.eq(d.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn disseminations_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Dissemination>, PersistenceError> {
    disseminations::table
        .filter(disseminations::review_id.eq(review.to_string()))
        .order(disseminations::id)
        .select((
            disseminations::kind,
            disseminations::audience,
            disseminations::held_on,
            disseminations::note,
            disseminations::recorded_by,
            disseminations::recorded_at,
        ))
        .load::<(
            String,
            String,
            NaiveDate,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?
        .into_iter()
        .map(|(kind, audience, on, note, by, at)| {
            Ok(Dissemination {
                kind: kind.parse().map_err(bad("disseminations.kind"))?,
                audience: Note::parse(&audience).map_err(bad("disseminations.audience"))?,
                held_on: on,
                note: note
                    .map(|n| Narrative::parse(&n))
                    .transpose()
                    .map_err(bad("disseminations.note"))?,
                recorded_by: Subject::parse(&by).map_err(bad("disseminations.recorded_by"))?,
                recorded_at: utc(at),
            })
        })
        .collect()
}

pub fn record_national(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    n: &NationalLearning,
) -> Result<(), PersistenceError> {
    diesel::insert_into(national_learning::table)
        .values((
            national_learning::id.eq(uuid::Uuid::now_v7().to_string()),
            national_learning::partnership_id.eq(partnership.to_string()),
            national_learning::title.eq(n.title.as_str()),
            national_learning::source.eq(n.source.as_str()),
            national_learning::considered_on.eq(n.considered_on),
            national_learning::local_application.eq(n.local_application.as_str()),
            national_learning::recorded_by.eq(n.recorded_by.as_str()),
            national_learning::recorded_at.eq(n.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The partnership's national learning considered, newest first.
pub fn national_of(
    conn: &mut DbConnection,
    partnership: PartnershipId,
) -> Result<Vec<NationalLearning>, PersistenceError> {
    national_learning::table
        .filter(national_learning::partnership_id.eq(partnership.to_string()))
        .order(national_learning::id.desc())
        .limit(500)
        .select((
            national_learning::title,
            national_learning::source,
            national_learning::considered_on,
            national_learning::local_application,
            national_learning::recorded_by,
            national_learning::recorded_at,
        ))
        .load::<(String, String, NaiveDate, String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(title, source, on, application, by, at)| {
            Ok(NationalLearning {
                title: Name::parse(&title).map_err(bad("national_learning.title"))?,
                source: Note::parse(&source).map_err(bad("national_learning.source"))?,
                considered_on: on,
                local_application: Narrative::parse(&application)
                    .map_err(bad("national_learning.local_application"))?,
                recorded_by: Subject::parse(&by).map_err(bad("national_learning.recorded_by"))?,
                recorded_at: utc(at),
            })
        })
        .collect()
}
