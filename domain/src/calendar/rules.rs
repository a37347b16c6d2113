//! The standing rules for England and Wales bank holidays, for years the published data does not cover.
//! One-off holidays (a jubilee, a coronation, a state funeral) cannot be foreseen by rules: they come only
//! from the data.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    // invariant: callers pass real calendar dates (month 1-12, day valid for the month).
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month.unsigned_abs(), day.unsigned_abs())
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap_or(NaiveDate::MIN)
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    let mut d = first_of_next - Duration::days(1);
    while d.weekday() != Weekday::Mon {
        d -= Duration::days(1);
    }
    d
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every bank holiday of `year` by the standing rules, in date order, named as GOV.UK names them.
pub fn holidays_in(year: i32) -> Vec<(NaiveDate, String)> {
    let easter = easter_sunday(year);
    let mut days: Vec<(NaiveDate, String)> = vec![
        (easter - Duration::days(2), "Good Friday".into()),
        (easter + Duration::days(1), "Easter Monday".into()),
        (first_monday(year, 5), "Early May bank holiday".into()),
        (last_monday(year, 5), "Spring bank holiday".into()),
        (last_monday(year, 8), "Summer bank holiday".into()),
    ];
    // Fixed-date holidays on weekdays keep their day; those on a weekend then move, in order, to the next
    // weekday not already a holiday. So Christmas on a Sunday leaves Boxing Day on Monday 26th and
    // Christmas moves to Tuesday 27th; Christmas on a Saturday gives Monday 27th and Tuesday 28th.
    let fixed = [
        (1, 1, "New Year’s Day"),
        (12, 25, "Christmas Day"),
        (12, 26, "Boxing Day"),
    ];
    let (weekday, weekend): (Vec<_>, Vec<_>) = fixed
        .into_iter()
        .partition(|(m, d, _)| !is_weekend(date(year, *m, *d)));
    days.extend(
        weekday
            .into_iter()
            .map(|(m, d, name)| (date(year, m, d), name.to_owned())),
    );
    for (month, day, name) in weekend {
        let mut d = date(year, month, day);
        while is_weekend(d) || days.iter().any(|(h, _)| *h == d) {
            d += Duration::days(1);
        }
        days.push((d, format!("{name} (substitute day)")));
    }
    days.sort();
    days
}
