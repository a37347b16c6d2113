//! The working-day calendar of England and Wales. Every clock of the process counts working days: not a
//! Saturday, not a Sunday, not a bank holiday. Counting convention (docs/CALENDAR.md): the day of the
//! event is day 0; "within N working days" is due at the end of the Nth working day after it.

mod govuk;
mod rules;

use std::{borrow::Cow, collections::BTreeMap, fmt};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

use crate::FieldError;

pub use govuk::CalendarError;

/// The GOV.UK `bank-holidays.json` file shipped with the platform (england-and-wales division).
pub const SHIPPED_DATA: &str = include_str!("../../data/bank-holidays.json");

/// The calendar date in England at an instant: British Summer Time (UTC+1) runs from 01:00 UTC on the
/// last Sunday of March to 01:00 UTC on the last Sunday of October; the rest of the year is UTC.
pub fn england_date(at: DateTime<Utc>) -> NaiveDate {
    let year = at.year();
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or(NaiveDate::MIN);
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(NaiveDate::MIN);
        }
        d.and_time(NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN))
            .and_utc()
    };
    let summer = (last_sunday(3)..last_sunday(10)).contains(&at);
    if summer {
        (at + Duration::hours(1)).date_naive()
    } else {
        at.date_naive()
    }
}

/// A count of working days, bounded so that no request asks for a date centuries away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WorkingDays(u16);

impl WorkingDays {
    pub const MAX: u16 = 520;

    pub fn parse(n: i64) -> Result<Self, FieldError> {
        u16::try_from(n)
            .ok()
            .filter(|n| *n <= Self::MAX)
            .map(Self)
            .ok_or_else(|| {
                FieldError::new(
                    "working_days",
                    format!("must be between 0 and {}", Self::MAX),
                )
            })
    }

    pub const fn of(n: u16) -> Self {
        Self(n)
    }

    pub const fn get(self) -> u16 {
        self.0
    }
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NonWorking {
    Weekend(Weekday),
    BankHoliday(String),
}

impl fmt::Display for NonWorking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NonWorking::Weekend(Weekday::Sat) => f.write_str("Saturday"),
            NonWorking::Weekend(_) => f.write_str("Sunday"),
            NonWorking::BankHoliday(name) => f.write_str(name),
        }
    }
}

/// A day a deadline passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedDay {
    pub date: NaiveDate,
    pub reason: NonWorking,
}

/// A computed due date, with the working of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub from: NaiveDate,
    pub working_days: WorkingDays,
    pub due: NaiveDate,
    /// Every non-working day between `from` (exclusive) and `due`.
    pub skipped: Vec<SkippedDay>,
}

/// Where the bank holidays of a year come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidaySource {
    /// The published list, which includes one-off holidays (2020, 2022, 2023).
    Data,
    /// Computed from the standing rules, for years the data does not cover.
    Rules,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    listed: BTreeMap<NaiveDate, String>,
    listed_years: Option<(i32, i32)>,
}

impl Calendar {
    /// The calendar from the shipped data.
    pub fn england_and_wales() -> Self {
        // invariant: the shipped file is parsed by a unit test on every build, so this cannot fail.
        Self::from_govuk_json(SHIPPED_DATA).unwrap_or_else(|_| Self::from_holidays(Vec::new()))
    }

    /// A calendar from a file in the GOV.UK format; its england-and-wales events are used.
    pub fn from_govuk_json(text: &str) -> Result<Self, CalendarError> {
        govuk::england_and_wales(text).map(Self::from_holidays)
    }

    fn from_holidays(holidays: Vec<(NaiveDate, String)>) -> Self {
        let years = holidays.iter().map(|(d, _)| d.year());
        let listed_years = years.clone().min().zip(years.max());
        Calendar {
            listed: holidays.into_iter().collect(),
            listed_years,
        }
    }

    pub fn source_for(&self, year: i32) -> HolidaySource {
        match self.listed_years {
            Some((first, last)) if (first..=last).contains(&year) => HolidaySource::Data,
            _ => HolidaySource::Rules,
        }
    }

    /// The years the data covers, if any.
    pub fn listed_years(&self) -> Option<(i32, i32)> {
        self.listed_years
    }

    /// The bank holiday on `date`, if it is one.
    pub fn bank_holiday(&self, date: NaiveDate) -> Option<Cow<'_, str>> {
        match self.source_for(date.year()) {
            HolidaySource::Data => self.listed.get(&date).map(|n| Cow::Borrowed(n.as_str())),
            HolidaySource::Rules => rules::holidays_in(date.year())
                .into_iter()
                .find(|(d, _)| *d == date)
                .map(|(_, name)| Cow::Owned(name)),
        }
    }

    /// Why `date` is not a working day, or `None` when it is one.
    pub fn non_working(&self, date: NaiveDate) -> Option<NonWorking> {
        match date.weekday() {
            day @ (Weekday::Sat | Weekday::Sun) => Some(NonWorking::Weekend(day)),
            _ => self
                .bank_holiday(date)
                .map(|n| NonWorking::BankHoliday(n.into_owned())),
        }
    }

    /// The end of the `n`th working day after `from` (day 0), with every day skipped on the way.
    pub fn add_working_days(&self, from: NaiveDate, n: WorkingDays) -> Deadline {
        let mut day = from;
        let mut counted = 0;
        let mut skipped = Vec::new();
        while counted < n.get() {
            let Some(next) = day.succ_opt() else { break };
            day = next;
            match self.non_working(day) {
                Some(reason) => skipped.push(SkippedDay { date: day, reason }),
                None => counted += 1,
            }
        }
        Deadline {
            from,
            working_days: n,
            due: day,
            skipped,
        }
    }

    /// How many working days come after `from` up to and including `to` (none when `to` is not after
    /// `from`): the count `add_working_days` makes, read backwards.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.non_working(*d).is_none())
            .fold(0, |n, _| n + 1)
    }
}

#[cfg(test)]
mod tests;
