//! Retention periods and the retention schedule on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{RetentionClass, RetentionRecord};

/// A class's period: the partnership's, or the default.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RetentionPeriodView {
    pub class: RetentionClass,
    pub years: u32,
    pub default_years: u32,
    /// Who set the partnership's own period, and when; null while the default applies.
    pub set_by: Option<String>,
    pub set_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RetentionPeriodList {
    pub items: Vec<RetentionPeriodView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct RetentionPeriodPut {
    /// Whole years from the record's event, 1 to 100.
    pub years: u32,
}

/// One record with a retention clock: when it becomes due, from what event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ScheduleEntry {
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub reference: String,
    pub review_id: Option<String>,
    pub record: RetentionRecord,
    pub class: RetentionClass,
    /// The event the clock starts at, in words.
    pub event: String,
    pub event_on: NaiveDate,
    pub due_on: NaiveDate,
    /// A legal hold not yet released keeps it from disposal, whatever its date.
    pub on_hold: bool,
}

/// The partnership's records with a retention clock, soonest due first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RetentionSchedule {
    pub as_of: NaiveDate,
    pub items: Vec<ScheduleEntry>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScheduleParams {
    /// Only records due on or before this day.
    pub due_by: Option<NaiveDate>,
}
