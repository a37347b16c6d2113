//! Practitioner events on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::practitioners as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::PractitionerEventKind;

/// A workshop or feedback event, planned with its invitations sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct PractitionerEventCreate {
    pub kind: PractitionerEventKind,
    /// At least 14 days after the invitations; a feedback event after every workshop.
    pub held_on: NaiveDate,
    /// When agencies were asked for the practitioners to invite (usually with the chronology).
    #[serde(default)]
    pub invitations_requested_on: Option<NaiveDate>,
    /// From the decision to today.
    pub invitations_sent_on: NaiveDate,
    /// Whether the short briefing went with the invitations (required for a workshop).
    pub briefing_sent: bool,
    /// How many practitioners were invited.
    #[schema(minimum = 1, maximum = 10000)]
    pub invited: u32,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub note: Option<String>,
}

/// What happened at an event, once it is held.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct PractitionerEventOutcomeCreate {
    /// At most the number invited.
    #[schema(maximum = 10000)]
    pub attended: u32,
    /// Conversations with those invited who could not attend.
    #[schema(maximum = 10000)]
    pub one_to_one_conversations: u32,
    /// The agencies whose practitioners attended.
    #[serde(default)]
    #[graphql(default)]
    #[schema(max_items = 50, value_type = Vec<crate::text::AgencyCodeText>)]
    pub agencies_attending: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub note: Option<String>,
}

/// A practitioner event as recorded; the outcome fields are null until it is held and recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PractitionerEvent {
    /// 1 for the review's first, in the order recorded.
    pub number: u32,
    pub kind: PractitionerEventKind,
    pub held_on: NaiveDate,
    pub invitations_requested_on: Option<NaiveDate>,
    pub invitations_sent_on: NaiveDate,
    pub briefing_sent: bool,
    pub invited: u32,
    pub note: Option<String>,
    pub attended: Option<u32>,
    pub one_to_one_conversations: Option<u32>,
    pub agencies_attending: Option<Vec<String>>,
    pub outcome_note: Option<String>,
    pub outcome_recorded_at: Option<DateTime<Utc>>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&domain::PractitionerEvent> for PractitionerEvent {
    fn from(e: &domain::PractitionerEvent) -> Self {
        let o = e.outcome.as_ref();
        PractitionerEvent {
            number: e.number,
            kind: e.kind.into(),
            held_on: e.held_on,
            invitations_requested_on: e.invitations_requested_on,
            invitations_sent_on: e.invitations_sent_on,
            briefing_sent: e.briefing_sent,
            invited: e.invited,
            note: e.note.as_ref().map(ToString::to_string),
            attended: o.map(|o| o.attended),
            one_to_one_conversations: o.map(|o| o.one_to_one_conversations),
            agencies_attending: o.map(|o| {
                o.agencies_attending
                    .iter()
                    .map(ToString::to_string)
                    .collect()
            }),
            outcome_note: o.and_then(|o| o.note.as_ref().map(ToString::to_string)),
            outcome_recorded_at: o.map(|o| o.recorded_at),
            recorded_at: e.recorded_at,
        }
    }
}

/// A review's practitioner events, first first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PractitionerEventList {
    pub items: Vec<PractitionerEvent>,
}
