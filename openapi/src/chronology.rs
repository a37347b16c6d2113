//! Chronology entries on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use cspr_domain::review::chronology as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{DatePrecision, EventCategory};

/// One entry as an agency's system sends it. Missing or bad values are named by the entry's index.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ChronologyEntryInput {
    /// The day it happened (not in the future).
    #[schema(required = true, nullable = false)]
    pub occurred_on: Option<NaiveDate>,
    /// The time, only with a date known to the day.
    #[serde(default)]
    pub time: Option<NaiveTime>,
    /// `day` (the default), `month` or `approximate`.
    #[serde(default)]
    pub precision: Option<DatePrecision>,
    /// One or more of the case's people, by pseudonym (`Child A`).
    #[serde(default)]
    #[schema(min_items = 1, value_type = Vec<crate::text::PseudonymText>)]
    pub subjects: Vec<String>,
    #[schema(required = true, nullable = false)]
    pub category: Option<EventCategory>,
    /// What happened, relevant and succinct.
    #[serde(default)]
    #[schema(value_type = crate::text::SummaryText)]
    pub description: String,
    /// The agency's own record reference: the same reference again corrects the entry.
    #[serde(default)]
    #[schema(value_type = crate::text::NameText)]
    pub source_ref: String,
    /// A key event: significant to the child's safety, welfare, circumstances or home.
    #[serde(default)]
    pub key_event: bool,
}

impl From<ChronologyEntryInput> for domain::EntryDraft {
    fn from(i: ChronologyEntryInput) -> Self {
        domain::EntryDraft {
            occurred_on: i.occurred_on,
            time: i.time,
            precision: i.precision.map(Into::into),
            subjects: i.subjects,
            category: i.category.map(Into::into),
            description: i.description,
            source_ref: i.source_ref,
            key_event: i.key_event,
        }
    }
}

/// A batch of entries, accepted or refused whole.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct ChronologyBatch {
    #[schema(min_items = 1, max_items = 1000)]
    pub entries: Vec<ChronologyEntryInput>,
}

/// An entry as recorded, in its current version.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ChronologyEntry {
    pub agency: String,
    pub source_ref: String,
    /// 1 when first recorded; each correction by the same `source_ref` adds one.
    pub version: u32,
    pub occurred_on: NaiveDate,
    pub time: Option<NaiveTime>,
    pub precision: DatePrecision,
    pub subjects: Vec<String>,
    pub category: EventCategory,
    pub description: String,
    pub key_event: bool,
    /// Outside the period under review of the review's current terms of reference: accepted, but
    /// flagged (false while the review has no terms).
    pub outside_period_under_review: bool,
    pub recorded_at: DateTime<Utc>,
}

impl ChronologyEntry {
    /// The entry as recorded, flagged against the period under review (`from`, `to`), if there is one.
    pub fn flagged(r: &domain::RecordedEntry, period: Option<(NaiveDate, NaiveDate)>) -> Self {
        let e = &r.entry;
        ChronologyEntry {
            agency: r.agency.to_string(),
            source_ref: e.source_ref.to_string(),
            version: r.version,
            occurred_on: e.occurred_on,
            time: e.time,
            precision: e.precision.into(),
            subjects: e.subjects.iter().map(|p| p.as_str().to_owned()).collect(),
            category: e.category.into(),
            description: e.description.to_string(),
            key_event: e.key_event,
            outside_period_under_review: period.is_some_and(|(from, to)| e.outside(from, to)),
            recorded_at: r.recorded_at,
        }
    }
}

/// The entries a batch recorded, in the batch's order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ChronologyEntryList {
    pub items: Vec<ChronologyEntry>,
}

/// A page of an agency's current entries, the latest recorded first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ChronologyEntryPage {
    pub items: Vec<ChronologyEntry>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Which entry's versions.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChronologyVersionsQuery {
    /// The agency's own record reference of the entry.
    #[param(value_type = crate::text::NameText)]
    pub source_ref: String,
    /// Whose entry: required of those who read the integrated chronology; an agency reads its own.
    #[param(value_type = Option<crate::text::AgencyCodeText>)]
    pub agency: Option<String>,
}

/// Filters of the integrated chronology.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChronologyQuery {
    /// Only this agency's entries.
    #[param(value_type = Option<crate::text::AgencyCodeText>)]
    pub agency: Option<String>,
    pub category: Option<EventCategory>,
    /// Only entries about this person (a pseudonym).
    #[param(value_type = Option<crate::text::PseudonymText>)]
    pub subject: Option<String>,
    /// Only key events.
    pub key_events: Option<bool>,
    /// From this date (inclusive).
    pub from: Option<NaiveDate>,
    /// To this date (inclusive).
    pub to: Option<NaiveDate>,
    /// Only the entries linked to this key line of enquiry or theme (its number).
    #[param(minimum = 1, maximum = 100000)]
    pub theme: Option<u32>,
    /// The shortest stretch without any agency's entry listed as a gap, in days (default 90).
    #[param(minimum = 1, maximum = 3650)]
    pub gap_days: Option<i64>,
}

/// A stretch with no entry from any agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ChronologyGap {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
}

impl From<&domain::Gap> for ChronologyGap {
    fn from(g: &domain::Gap) -> Self {
        ChronologyGap {
            from: g.from,
            to: g.to,
            days: g.days,
        }
    }
}

/// Every agency's entries merged in date order (a page), and the gaps across all that match.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct IntegratedChronology {
    pub items: Vec<ChronologyEntry>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// Stretches of at least `gap_days` with no entry, over every matching entry (not only this page).
    pub gaps: Vec<ChronologyGap>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_travels_as_the_text_the_database_keeps() {
        for c in domain::EventCategory::ALL {
            let wire = serde_json::to_string(&EventCategory::from(*c)).unwrap();
            assert_eq!(wire, format!("\"{}\"", c.as_str()));
        }
    }
}
