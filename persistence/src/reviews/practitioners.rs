//! A review's practitioner events as stored.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::practitioners::{EventOutcome, PractitionerEvent},
    text::{AgencyCode, Note, Subject},
};
use diesel::prelude::*;

use super::{from_json, to_json};
use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_practitioner_events};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_practitioner_events)]
#[diesel(treat_none_as_default_value = false)]
struct EventRow {
    review_id: String,
    number: i32,
    kind: String,
    held_on: NaiveDate,
    invitations_requested_on: Option<NaiveDate>,
    invitations_sent_on: NaiveDate,
    briefing_sent: bool,
    invited: i32,
    note: Option<String>,
    attended: Option<i32>,
    one_to_one_conversations: Option<i32>,
    agencies_attending: Option<String>,
    outcome_note: Option<String>,
    outcome_recorded_at: Option<NaiveDateTime>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

fn count(column: &'static str, n: u32) -> Result<i32, PersistenceError> {
    i32::try_from(n).map_err(|e| corrupt(column, e))
}

fn uncount(column: &'static str, n: i32) -> Result<u32, PersistenceError> {
    u32::try_from(n).map_err(|e| corrupt(column, e))
}

/// Records a planned event (its outcome comes later).
pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    e: &PractitionerEvent,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_practitioner_events::table)
        .values(EventRow {
            review_id: review.to_string(),
            number: count("review_practitioner_events.number", e.number)?,
            kind: e.kind.to_string(),
            held_on: e.held_on,
            invitations_requested_on: e.invitations_requested_on,
            invitations_sent_on: e.invitations_sent_on,
            briefing_sent: e.briefing_sent,
            invited: count("review_practitioner_events.invited", e.invited)?,
            note: e.note.as_ref().map(ToString::to_string),
            attended: None,
            one_to_one_conversations: None,
            agencies_attending: None,
            outcome_note: None,
            outcome_recorded_at: None,
            recorded_by: e.recorded_by.to_string(),
            recorded_at: e.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// Records an event's outcome; only an event without one is changed (a second is a conflict).
pub fn record_outcome(
    conn: &mut DbConnection,
    review: ReviewId,
    number: u32,
    o: &EventOutcome,
) -> Result<bool, PersistenceError> {
    use review_practitioner_events as t;
    let changed = diesel::update(
        t::table
            .filter(t::review_id.eq(review.to_string()))
            .filter(t::number.eq(count("review_practitioner_events.number", number)?))
            .filter(t::outcome_recorded_at.is_null()),
    )
    .set((
        t::attended.eq(Some(count(
            "review_practitioner_events.attended",
            o.attended,
        )?)),
        t::one_to_one_conversations.eq(Some(count(
            "review_practitioner_events.one_to_one_conversations",
            o.one_to_one_conversations,
        )?)),
        t::agencies_attending.eq(Some(to_json(&o.agencies_attending))),
        t::outcome_note.eq(o.note.as_ref().map(ToString::to_string)),
        t::outcome_recorded_at.eq(Some(o.recorded_at.naive_utc())),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The review's events, first first.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<PractitionerEvent>, PersistenceError> {
    review_practitioner_events::table
        .filter(review_practitioner_events::review_id.eq(review.to_string()))
        .order(review_practitioner_events::number)
        .select(EventRow::as_select())
        .load::<EventRow>(conn)?
        .into_iter()
        .map(into_event)
        .collect()
}

fn into_event(r: EventRow) -> Result<PractitionerEvent, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    let note =
        |v: Option<String>, c: &'static str| v.map(|x| Note::parse(&x)).transpose().map_err(bad(c));
    let outcome = match (
        r.attended,
        r.one_to_one_conversations,
        r.agencies_attending,
        r.outcome_recorded_at,
    ) {
        (Some(attended), Some(one_to_one), Some(agencies), Some(at)) => Some(EventOutcome {
            attended: uncount("review_practitioner_events.attended", attended)?,
            one_to_one_conversations: uncount(
                "review_practitioner_events.one_to_one_conversations",
                one_to_one,
            )?,
            agencies_attending: from_json(
                "review_practitioner_events.agencies_attending",
                &agencies,
                AgencyCode::parse,
            )?,
            note: note(r.outcome_note, "review_practitioner_events.outcome_note")?,
            recorded_at: DateTime::from_naive_utc_and_offset(at, Utc),
        }),
        _ => None,
    };
    Ok(PractitionerEvent {
        number: uncount("review_practitioner_events.number", r.number)?,
        kind: r
            .kind
            .parse()
            .map_err(bad("review_practitioner_events.kind"))?,
        held_on: r.held_on,
        invitations_requested_on: r.invitations_requested_on,
        invitations_sent_on: r.invitations_sent_on,
        briefing_sent: r.briefing_sent,
        invited: uncount("review_practitioner_events.invited", r.invited)?,
        note: note(r.note, "review_practitioner_events.note")?,
        outcome,
        recorded_by: Subject::parse(&r.recorded_by)
            .map_err(bad("review_practitioner_events.recorded_by"))?,
        recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
    })
}
