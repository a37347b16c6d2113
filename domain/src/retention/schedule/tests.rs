//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn case() -> CaseFacts {
    CaseFacts {
        triage: Some((d("2026-09-01"), TriageOutcome::RapidReview)),
        decision: None,
        review: None,
        children_born: vec![],
    }
}

#[test]
fn each_case_starts_its_clock_at_its_own_event_and_a_running_case_has_none() {
    let mut closed = case();
    closed.triage = Some((d("2026-09-01"), TriageOutcome::Close));
    assert_eq!(
        case_event(&closed),
        Some((
            RetentionClass::TriageClosed,
            "closed at triage",
            d("2026-09-01")
        ))
    );
    let mut none = case();
    none.decision = Some((d("2026-09-20"), DecisionOutcome::NoFurtherReview));
    assert_eq!(
        case_event(&none).map(|e| e.0),
        Some(RetentionClass::RapidReview)
    );
    let mut running = case();
    running.decision = Some((d("2026-09-20"), DecisionOutcome::Cspr));
    running.review = Some((ReviewKind::Cspr, None));
    assert_eq!(case_event(&running), None);
    running.review = Some((ReviewKind::Cspr, Some(d("2027-06-30"))));
    assert_eq!(
        case_event(&running),
        Some((RetentionClass::Cspr, "review closed", d("2027-06-30")))
    );
    assert_eq!(case_event(&case()), None);
}

#[test]
fn a_record_about_a_child_is_kept_to_the_childs_25th_birthday_at_least() {
    // Six years after closure, unless the child is 25 later.
    assert_eq!(
        due_on(RetentionClass::TriageClosed, d("2026-09-01"), 6, &[]),
        d("2032-09-01")
    );
    assert_eq!(
        due_on(
            RetentionClass::TriageClosed,
            d("2026-09-01"),
            6,
            &[d("2024-02-29"), d("2010-05-01")]
        ),
        d("2049-02-28"),
        "the youngest child's 25th birthday; 29 February falls on the 28th"
    );
    // A published report is not about a child alone: its own period only.
    assert_eq!(
        due_on(
            RetentionClass::PublishedReport,
            d("2027-01-05"),
            25,
            &[d("2024-02-29")]
        ),
        d("2052-01-05")
    );
}

#[test]
fn a_published_review_has_a_publication_record_beside_its_case() {
    let mut c = case();
    c.decision = Some((d("2026-09-20"), DecisionOutcome::Cspr));
    c.review = Some((ReviewKind::Cspr, Some(d("2027-06-30"))));
    let due = schedule(&c, Some(d("2027-01-05")), RetentionClass::default_years);
    assert_eq!(due.len(), 2);
    assert_eq!(
        (due[0].class, due[0].due_on),
        (RetentionClass::Cspr, d("2052-06-30"))
    );
    assert_eq!(due[1].record, RecordKind::Publication);
    assert_eq!(due[1].due_on, d("2052-01-05"));
    let shorter = schedule(&c, None, |_| 10);
    assert_eq!(shorter[0].due_on, d("2037-06-30"));
}

#[test]
fn a_period_is_whole_years_from_1_to_100() {
    assert!(parse_years(0).is_err());
    assert!(parse_years(101).is_err());
    assert_eq!(parse_years(25), Ok(25));
    assert!(
        CLASSES
            .iter()
            .all(|c| parse_years(c.default_years()).is_ok())
    );
}
