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

/// A calendar feed to create: its name, as the calendar will show it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct CalendarFeedCreate {
    #[schema(value_type = crate::text::NameText)]
    pub name: String,
}

/// A calendar feed: the due steps its owner may see, as iCalendar, at an address only the create's
/// answer carries.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct CalendarFeed {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    /// The agency whose steps it shows; null for the whole partnership's.
    pub agency_code: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Only in the create's answer: the feed's path on this server (append it to the server's address
    /// for the calendar client). It holds the feed's token; keep it as a password.
    pub feed_path: Option<String>,
}

impl From<&cspr_domain::calendar_feed::CalendarFeed> for CalendarFeed {
    fn from(f: &cspr_domain::calendar_feed::CalendarFeed) -> Self {
        CalendarFeed {
            id: f.id.to_string(),
            name: f.name.to_string(),
            agency_code: f.agency.as_ref().map(ToString::to_string),
            created_at: f.created_at,
            revoked_at: f.revoked_at,
            feed_path: None,
        }
    }
}

/// The caller's calendar feeds, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct CalendarFeedList {
    pub items: Vec<CalendarFeed>,
}
