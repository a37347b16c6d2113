//! A review's panel meetings as stored; lists of subjects and narratives kept as JSON arrays of text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::meetings::PanelMeeting,
    text::{Narrative, Subject},
};
use diesel::prelude::*;

use super::{from_json, to_json};
use crate::{DbConnection, PersistenceError, error::corrupt, schema::review_panel_meetings};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_panel_meetings)]
struct MeetingRow {
    review_id: String,
    number: i32,
    held_on: NaiveDate,
    present: String,
    immediate_action_required: bool,
    immediate_actions: String,
    messages_to_workforce: String,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    m: &PanelMeeting,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_panel_meetings::table)
        .values(MeetingRow {
            review_id: review.to_string(),
            number: i32::try_from(m.number)
                .map_err(|e| corrupt("review_panel_meetings.number", e))?,
            held_on: m.held_on,
            present: to_json(&m.present),
            immediate_action_required: m.immediate_action_required,
            immediate_actions: to_json(&m.immediate_actions),
            messages_to_workforce: to_json(&m.messages_to_workforce),
            recorded_by: m.recorded_by.to_string(),
            recorded_at: m.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// The review's meetings, first first.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<PanelMeeting>, PersistenceError> {
    review_panel_meetings::table
        .filter(review_panel_meetings::review_id.eq(review.to_string()))
        .order(review_panel_meetings::number)
        .select(MeetingRow::as_select())
        .load::<MeetingRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(PanelMeeting {
                number: u32::try_from(r.number)
                    .map_err(|e| corrupt("review_panel_meetings.number", e))?,
                held_on: r.held_on,
                present: from_json("review_panel_meetings.present", &r.present, Subject::parse)?,
                immediate_action_required: r.immediate_action_required,
                immediate_actions: from_json(
                    "review_panel_meetings.immediate_actions",
                    &r.immediate_actions,
                    Narrative::parse,
                )?,
                messages_to_workforce: from_json(
                    "review_panel_meetings.messages_to_workforce",
                    &r.messages_to_workforce,
                    Narrative::parse,
                )?,
                recorded_by: Subject::parse(&r.recorded_by)
                    .map_err(|e| corrupt("review_panel_meetings.recorded_by", e))?,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
            })
        })
        .collect()
}
