//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use chrono::{Datelike, NaiveDate};

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

#[test]
fn the_shipped_data_parses_and_covers_2018_to_2027() {
    let c = Calendar::from_govuk_json(SHIPPED_DATA).unwrap();
    assert_eq!(c.listed_years(), Some((2018, 2027)));
    assert_eq!(c.source_for(2026), HolidaySource::Data);
    assert_eq!(c.source_for(2028), HolidaySource::Rules);
}

#[test]
fn easter_sunday_is_computed_for_known_years() {
    for (year, easter) in [
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2038, "2038-04-25"),
        (2285, "2285-03-22"),
    ] {
        assert_eq!(rules::easter_sunday(year), d(easter), "{year}");
    }
}

#[test]
fn the_rules_reproduce_the_data_in_years_without_one_off_holidays() {
    let c = cal();
    for year in [2018, 2019, 2021, 2024, 2025, 2026, 2027] {
        let from_rules: Vec<_> = rules::holidays_in(year).into_iter().collect();
        let from_data: Vec<_> = c
            .listed
            .iter()
            .filter(|(date, _)| date.year() == year)
            .map(|(d, n)| (*d, n.clone()))
            .collect();
        assert_eq!(from_rules, from_data, "{year}");
    }
}

#[test]
fn one_off_holidays_come_from_the_data_not_the_rules() {
    let c = cal();
    // VE day moved the early May holiday in 2020; the rules would have kept 4 May.
    assert!(c.bank_holiday(d("2020-05-08")).is_some());
    assert!(c.bank_holiday(d("2020-05-04")).is_none());
    // The Platinum Jubilee (2 and 3 June 2022) and the Queen's state funeral.
    assert!(c.bank_holiday(d("2022-06-02")).is_some());
    assert!(c.bank_holiday(d("2022-06-03")).is_some());
    assert!(c.bank_holiday(d("2022-05-30")).is_none());
    assert!(
        c.bank_holiday(d("2022-09-19"))
            .unwrap()
            .contains("State Funeral")
    );
    // The coronation of King Charles III.
    assert!(
        c.bank_holiday(d("2023-05-08"))
            .unwrap()
            .contains("coronation")
    );
}

#[test]
fn substitute_days_follow_weekend_holidays() {
    // Christmas 2027 is a Saturday: Monday 27 and Tuesday 28 December.
    let y2027 = rules::holidays_in(2027);
    assert!(y2027.contains(&(d("2027-12-27"), "Christmas Day (substitute day)".into())));
    assert!(y2027.contains(&(d("2027-12-28"), "Boxing Day (substitute day)".into())));
    // Christmas 2033 is a Sunday: Boxing Day keeps Monday 26, Christmas moves to Tuesday 27.
    let y2033 = rules::holidays_in(2033);
    assert!(y2033.contains(&(d("2033-12-26"), "Boxing Day".into())));
    assert!(y2033.contains(&(d("2033-12-27"), "Christmas Day (substitute day)".into())));
    // New Year's Day 2028 is a Saturday: Monday 3 January.
    assert_eq!(
        rules::holidays_in(2028)[0],
        (d("2028-01-03"), "New Year’s Day (substitute day)".into())
    );
}

#[test]
fn years_past_the_data_are_computed_from_the_rules() {
    let c = cal();
    // 2028: Easter Sunday 16 April, so Good Friday 14 April and Easter Monday 17 April.
    assert_eq!(
        c.bank_holiday(d("2028-04-14")).as_deref(),
        Some("Good Friday")
    );
    assert_eq!(
        c.bank_holiday(d("2028-04-17")).as_deref(),
        Some("Easter Monday")
    );
    assert_eq!(
        c.bank_holiday(d("2028-05-01")).as_deref(),
        Some("Early May bank holiday")
    );
    assert_eq!(
        c.bank_holiday(d("2028-05-29")).as_deref(),
        Some("Spring bank holiday")
    );
    assert_eq!(
        c.bank_holiday(d("2028-08-28")).as_deref(),
        Some("Summer bank holiday")
    );
    assert_eq!(rules::holidays_in(2030).len(), 8);
}

#[test]
fn the_day_of_the_event_is_day_zero() {
    let c = cal();
    // Monday 9 March 2026: 5 working days later is Monday 16 March.
    let dl = c.add_working_days(d("2026-03-09"), WorkingDays::of(5));
    assert_eq!(dl.due, d("2026-03-16"));
    assert_eq!(dl.skipped.len(), 2);
    assert_eq!(
        c.add_working_days(d("2026-03-09"), WorkingDays::of(0)).due,
        d("2026-03-09")
    );
    // From a Saturday, the first working day is the Monday.
    assert_eq!(
        c.add_working_days(d("2026-03-07"), WorkingDays::of(1)).due,
        d("2026-03-09")
    );
}

#[test]
fn a_deadline_across_christmas_skips_and_names_the_holidays() {
    let c = cal();
    // Referral on Monday 21 December 2026: 15 working days skip Christmas (Fri 25), the Boxing Day
    // substitute (Mon 28) and New Year's Day (Fri 1 January 2027), and three weekends.
    let dl = c.add_working_days(d("2026-12-21"), WorkingDays::of(15));
    assert_eq!(dl.due, d("2027-01-14"));
    let holidays: Vec<_> = dl
        .skipped
        .iter()
        .filter_map(|s| match &s.reason {
            NonWorking::BankHoliday(name) => Some((s.date, name.as_str())),
            NonWorking::Weekend(_) => None,
        })
        .collect();
    assert_eq!(
        holidays,
        [
            (d("2026-12-25"), "Christmas Day"),
            (d("2026-12-28"), "Boxing Day (substitute day)"),
            (d("2027-01-01"), "New Year’s Day"),
        ]
    );
    assert_eq!(dl.skipped.len(), 9);
}

#[test]
fn a_deadline_across_easter_skips_good_friday_and_easter_monday() {
    let c = cal();
    // Wednesday 1 April 2026; Good Friday 3 April, Easter Monday 6 April.
    let dl = c.add_working_days(d("2026-04-01"), WorkingDays::of(5));
    assert_eq!(dl.due, d("2026-04-10"));
    assert!(
        dl.skipped
            .iter()
            .any(|s| s.reason == NonWorking::BankHoliday("Good Friday".into()))
    );
    assert!(
        dl.skipped
            .iter()
            .any(|s| s.reason == NonWorking::BankHoliday("Easter Monday".into()))
    );
}

#[test]
fn a_newer_file_in_the_govuk_format_replaces_the_shipped_data() {
    let text = r#"{"england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "Made-up holiday", "date": "2029-07-04", "notes": "", "bunting": true}]}}"#;
    let c = Calendar::from_govuk_json(text).unwrap();
    assert_eq!(
        c.bank_holiday(d("2029-07-04")).as_deref(),
        Some("Made-up holiday")
    );
    assert!(
        c.bank_holiday(d("2029-12-25")).is_none(),
        "a year in the file is taken from the file"
    );
    assert!(Calendar::from_govuk_json("{}").is_err());
    assert!(Calendar::from_govuk_json(r#"{"england-and-wales": {"events": []}}"#).is_err());
}

#[test]
fn working_days_are_bounded() {
    assert!(WorkingDays::parse(-1).is_err());
    assert!(WorkingDays::parse(521).is_err());
    assert_eq!(WorkingDays::parse(15).map(WorkingDays::get), Ok(15));
}

#[test]
fn the_date_in_england_follows_british_summer_time() {
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert_eq!(england_date(at("2026-07-01T23:30:00Z")), d("2026-07-02"));
    assert_eq!(england_date(at("2026-12-01T23:30:00Z")), d("2026-12-01"));
    // BST 2026 starts 29 March 01:00 UTC and ends 25 October 01:00 UTC.
    assert_eq!(england_date(at("2026-03-29T00:30:00Z")), d("2026-03-29"));
    assert_eq!(england_date(at("2026-03-28T23:30:00Z")), d("2026-03-28"));
    assert_eq!(england_date(at("2026-03-29T23:30:00Z")), d("2026-03-30"));
    assert_eq!(england_date(at("2026-10-24T23:30:00Z")), d("2026-10-25"));
    assert_eq!(england_date(at("2026-10-25T23:30:00Z")), d("2026-10-25"));
}

#[test]
fn working_days_between_counts_what_adding_working_days_counted() {
    let c = cal();
    // Friday 18 December 2026 to Monday 4 January 2027: Christmas, Boxing Day (substitute 28th) and New
    // Year's Day are skipped, as are weekends.
    let from = d("2026-12-18");
    let to = d("2027-01-04");
    assert_eq!(c.working_days_between(from, to), 8);
    assert_eq!(c.add_working_days(from, WorkingDays::of(8)).due, to);
    assert_eq!(c.working_days_between(from, from), 0);
    assert_eq!(c.working_days_between(to, from), 0);
    assert_eq!(c.working_days_between(d("2026-12-24"), d("2026-12-28")), 0);
}
