//! Unit tests, compiled only under #[cfg(test)] from the parent module.
//!
//! The data set below is counted by hand, day by day, against England's 2026 bank holidays (Good
//! Friday 3 April, Easter Monday 6 April, 4 and 25 May); each answer's working is written beside it.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn code(s: &str) -> AgencyCode {
    AgencyCode::parse(s).unwrap()
}

fn referral(received: &str, aware: &str) -> ReferralFacts {
    ReferralFacts {
        received_on: d(received),
        aware_on: d(aware),
        serious_incident: true,
        triage: Some((d(received), TriageOutcome::RapidReview)),
        decision: None,
        submitted_on: None,
        delay_notified_on: None,
    }
}

fn decided(mut r: ReferralFacts, on: &str, outcome: DecisionOutcome) -> ReferralFacts {
    r.decision = Some((d(on), outcome));
    r
}

fn submitted(mut r: ReferralFacts, on: &str) -> ReferralFacts {
    r.submitted_on = Some(d(on));
    r
}

fn referrals() -> Vec<ReferralFacts> {
    use DecisionOutcome::*;
    let mut r2 = submitted(
        decided(
            referral("2026-05-01", "2026-04-30"),
            "2026-05-20",
            NoFurtherReview,
        ),
        "2026-05-26",
    );
    r2.delay_notified_on = Some(d("2026-05-15"));
    let mut r9 = submitted(
        decided(
            referral("2026-04-02", "2026-04-01"),
            "2026-04-28",
            NoFurtherReview,
        ),
        "2026-04-29",
    );
    r9.delay_notified_on = Some(d("2026-04-20"));
    let mut closed = referral("2026-04-15", "2026-04-14");
    closed.triage = Some((d("2026-04-16"), TriageOutcome::Close));
    let mut near_miss = referral("2026-05-05", "2026-05-01");
    near_miss.serious_incident = false;
    near_miss.triage = None;
    vec![
        // Day 15 is 13 April (over Easter); sent 10 April: on time. Decision: 13 working days.
        submitted(
            decided(referral("2026-03-20", "2026-03-19"), "2026-04-09", Cspr),
            "2026-04-10",
        ),
        // Day 15 is 22 May (over 4 May); sent 26 May: late. Decision: 13 working days.
        r2,
        // Day 15 is 29 June; not sent: late. Decision: 14 working days.
        decided(
            referral("2026-06-10", "2026-06-08"),
            "2026-06-26",
            AlternativeLearningReview,
        ),
        // Day 15 is 10 July: not due in the period; received in it.
        referral("2026-06-20", "2026-06-19"),
        // Closed at triage: received in the period, no Rapid Review.
        closed,
        // Not a serious incident: received, no Rapid Review.
        near_miss,
        // Received, decided and sent after the period: none of it counts.
        submitted(
            decided(referral("2026-07-02", "2026-07-01"), "2026-07-20", Cspr),
            "2026-07-21",
        ),
        // Day 15 is 20 March, decided 20 March: before the period.
        submitted(
            decided(referral("2026-03-01", "2026-02-27"), "2026-03-20", Cspr),
            "2026-03-23",
        ),
        // Day 15 is 24 April (over Easter); sent 29 April: late. Decision: 17 working days.
        r9,
    ]
}

fn review(kind: ReviewKind, due: &str) -> ReviewFacts {
    ReviewFacts {
        kind,
        due_on: d(due),
        completed_on: None,
        report_published_on: None,
        panel_copy_on: None,
        delays: vec![],
    }
}

fn published(mut r: ReviewFacts, on: &str, panel_copy: &str) -> ReviewFacts {
    r.completed_on = Some(d(on));
    r.report_published_on = Some(d(on));
    r.panel_copy_on = Some(d(panel_copy));
    r
}

fn reviews() -> Vec<ReviewFacts> {
    let mut late = published(
        review(ReviewKind::Cspr, "2026-04-15"),
        "2026-06-15",
        "2026-06-10",
    );
    // Delays projecting past its time: one before the period, one in it.
    late.delays = vec![
        (d("2026-03-01"), d("2026-06-30")),
        (d("2026-04-10"), d("2026-06-30")),
    ];
    let mut withheld = review(ReviewKind::AlternativeLearningReview, "2026-06-30");
    withheld.completed_on = Some(d("2026-06-20"));
    let mut running = review(ReviewKind::Cspr, "2026-12-01");
    // One projecting past its time on the period's last day; one still within it, owing no notice.
    running.delays = vec![
        (d("2026-06-30"), d("2027-02-01")),
        (d("2026-05-01"), d("2026-11-01")),
    ];
    vec![
        // Published 28 May, within six months; the Panel's copy on 18 May, the latest allowed (25 May
        // is a bank holiday).
        published(
            review(ReviewKind::Cspr, "2026-09-09"),
            "2026-05-28",
            "2026-05-18",
        ),
        // Published 15 June, two months late; the copy on 10 June, after the latest (4 June).
        late,
        // An alternative review whose report was withheld; its improvements published in time.
        withheld,
        running,
        // Published after the period.
        published(
            review(ReviewKind::Cspr, "2026-08-01"),
            "2026-07-05",
            "2026-06-25",
        ),
    ]
}

fn action(agency: &str, set: &str, due: &str, changes: &[(&str, ActionStatus)]) -> ActionFacts {
    ActionFacts {
        agency: code(agency),
        set_on: d(set),
        due_on: d(due),
        changes: changes.iter().map(|(on, s)| (d(on), *s)).collect(),
    }
}

fn actions() -> Vec<ActionFacts> {
    use ActionStatus::*;
    vec![
        action(
            "LA",
            "2026-05-01",
            "2026-06-15",
            &[("2026-05-10", InProgress)],
        ),
        action("LA", "2026-05-01", "2026-07-31", &[]),
        action(
            "LA",
            "2026-05-01",
            "2026-06-01",
            &[("2026-05-20", InProgress), ("2026-06-01", Complete)],
        ),
        // Complete only after the period: open and overdue at its end.
        action(
            "POLICE",
            "2026-04-01",
            "2026-05-31",
            &[("2026-07-10", Complete)],
        ),
        // Due on the period's last day: open, not yet overdue.
        action("POLICE", "2026-06-01", "2026-06-30", &[]),
        // Set after the period.
        action("ICB", "2026-07-15", "2026-09-30", &[]),
    ]
}

fn second_quarter(today: &str) -> Figures {
    figures(
        &Calendar::england_and_wales(),
        Period::parse(d("2026-04-01"), d("2026-06-30")).unwrap(),
        d(today),
        &referrals(),
        &reviews(),
        &actions(),
    )
}

#[test]
fn the_rapid_review_figures_equal_the_hand_counted_answers() {
    let f = second_quarter("2026-09-01");
    assert_eq!(f.referrals_received, 6);
    assert_eq!(f.closed_at_triage, 1);
    assert_eq!(f.rapid_reviews_due, 4);
    assert_eq!(f.rapid_reviews_submitted_within_15_working_days, 1);
    assert_eq!(f.rapid_review_delays_notified, 2);
    assert_eq!(
        f.outcomes,
        Outcomes {
            cspr: 1,
            alternative_learning_review: 1,
            no_further_review: 2
        }
    );
    // 13, 13, 14, 17 working days.
    assert_eq!(
        f.decision_times,
        DecisionTimes {
            decisions: 4,
            median: Some(13.5),
            percentile_90: Some(17),
        }
    );
}

#[test]
fn the_review_and_publication_figures_equal_the_hand_counted_answers() {
    let f = second_quarter("2026-09-01");
    assert_eq!(
        (f.csprs_completed, f.csprs_completed_within_six_months),
        (2, 1)
    );
    assert_eq!(
        (
            f.alternative_reviews_completed,
            f.alternative_reviews_completed_within_three_months
        ),
        (1, 1)
    );
    assert_eq!(f.review_delays_notified, 2);
    assert_eq!(
        (
            f.reports_published,
            f.reports_sent_to_panel,
            f.reports_sent_to_panel_in_time
        ),
        (2, 2, 1)
    );
}

#[test]
fn actions_are_counted_as_they_stood_at_the_end_of_the_period() {
    let f = second_quarter("2026-09-01");
    assert_eq!(f.actions_as_of, d("2026-06-30"));
    assert_eq!(
        f.actions_by_agency,
        vec![
            AgencyActions {
                agency: code("LA"),
                open: 2,
                overdue: 1
            },
            AgencyActions {
                agency: code("POLICE"),
                open: 2,
                overdue: 1
            },
        ]
    );
}

#[test]
fn while_the_period_runs_actions_are_counted_as_they_stand_today() {
    let f = second_quarter("2026-06-01");
    assert_eq!(f.actions_as_of, d("2026-06-01"));
    // LA: the first (due 15 June) and second open, the third complete that day. POLICE: the first
    // overdue since 31 May, the second set that day.
    assert_eq!(
        f.actions_by_agency,
        vec![
            AgencyActions {
                agency: code("LA"),
                open: 2,
                overdue: 0
            },
            AgencyActions {
                agency: code("POLICE"),
                open: 2,
                overdue: 1
            },
        ]
    );
}

#[test]
fn a_median_of_an_odd_count_is_its_middle_and_the_90th_percentile_is_by_nearest_rank() {
    assert_eq!(median_and_p90(&[]), (None, None));
    assert_eq!(median_and_p90(&[7]), (Some(7.0), Some(7)));
    assert_eq!(median_and_p90(&[3, 5, 9]), (Some(5.0), Some(9)));
    // Ten values: rank 9 of 10.
    let ten: Vec<u32> = (1..=10).collect();
    assert_eq!(median_and_p90(&ten), (Some(5.5), Some(9)));
    // Eleven: rank ceil(9.9) = 10.
    let eleven: Vec<u32> = (1..=11).collect();
    assert_eq!(median_and_p90(&eleven), (Some(6.0), Some(10)));
}

#[test]
fn a_period_ends_on_or_after_it_begins_and_spans_less_than_ten_years() {
    assert!(Period::parse(d("2026-04-01"), d("2026-04-01")).is_ok());
    assert_eq!(
        Period::parse(d("2026-04-02"), d("2026-04-01"))
            .unwrap_err()
            .field,
        "to"
    );
    assert!(Period::parse(d("2016-01-01"), d("2025-12-31")).is_ok());
    assert!(Period::parse(d("2016-01-01"), d("2026-01-01")).is_err());
}

#[test]
fn an_empty_partnership_has_zero_of_everything_and_no_rates() {
    let f = figures(
        &Calendar::england_and_wales(),
        Period::parse(d("2026-04-01"), d("2026-06-30")).unwrap(),
        d("2026-09-01"),
        &[],
        &[],
        &[],
    );
    assert_eq!(f.referrals_received, 0);
    assert_eq!(f.rapid_reviews_due, 0);
    assert_eq!(f.decision_times.median, None);
    assert!(f.actions_by_agency.is_empty());
}
