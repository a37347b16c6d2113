use async_graphql::{Enum, SimpleObject};
use chrono::NaiveDate;
use cspr_domain::calendar as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The deadline to compute: `working_days` after `from`, which is day 0.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// The day of the event (day 0).
    pub from: NaiveDate,
    /// How many working days later it is due, 0 to 520.
    #[param(minimum = 0, maximum = 520)]
    pub working_days: i64,
}

/// Why a day was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Enum)]
#[serde(rename_all = "snake_case")]
pub enum NonWorkingReason {
    Weekend,
    BankHoliday,
}

/// A non-working day a deadline passed over.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct SkippedDay {
    pub date: NaiveDate,
    pub reason: NonWorkingReason,
    /// "Saturday", "Sunday", or the bank holiday's name ("Boxing Day (substitute day)").
    pub name: String,
}

/// A computed due date and the working of it, so a front end can show why a date is what it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Deadline {
    pub from: NaiveDate,
    pub working_days: u16,
    /// Due at the end of this day.
    pub due: NaiveDate,
    /// Every weekend day and bank holiday between `from` and `due`.
    pub skipped: Vec<SkippedDay>,
}

impl From<&domain::Deadline> for Deadline {
    fn from(d: &domain::Deadline) -> Self {
        Deadline {
            from: d.from,
            working_days: d.working_days.get(),
            due: d.due,
            skipped: d.skipped.iter().map(SkippedDay::from).collect(),
        }
    }
}

impl From<&domain::SkippedDay> for SkippedDay {
    fn from(s: &domain::SkippedDay) -> Self {
        SkippedDay {
            date: s.date,
            reason: match s.reason {
                domain::NonWorking::Weekend(_) => NonWorkingReason::Weekend,
                domain::NonWorking::BankHoliday(_) => NonWorkingReason::BankHoliday,
            },
            name: s.reason.to_string(),
        }
    }
}
