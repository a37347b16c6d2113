use chrono::TimeZone;

use super::*;
use crate::retention::schedule::RecordKind;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d(day).and_hms_opt(10, 0, 0).unwrap())
}

fn admin() -> Subject {
    Subject::parse("records-officer").unwrap()
}

fn due(on: &str) -> Due {
    Due {
        record: RecordKind::Case,
        class: RetentionClass::TriageClosed,
        event: "closed at triage",
        event_on: d("2020-03-02"),
        due_on: d(on),
    }
}

fn listed(on: &str) -> Disposal {
    Disposal {
        id: DisposalId::generate(),
        referral: Some(ReferralId::generate()),
        reference: Some(ReferralReference::from_stored("ALPHA-2020-0001".into())),
        review: None,
        record: RecordKind::Case,
        class: RetentionClass::TriageClosed,
        event: "closed at triage".into(),
        event_on: d("2020-03-02"),
        due_on: d("2026-03-02"),
        listed_on: d(on),
        decision: None,
    }
}

#[test]
fn a_case_is_listed_from_the_day_it_is_due_and_not_while_it_is_listed_or_once_disposed() {
    assert!(!to_list(&due("2026-03-02"), d("2026-03-01"), &[]));
    assert!(to_list(&due("2026-03-02"), d("2026-03-02"), &[]));
    let open = listed("2026-03-02");
    assert!(!to_list(&due("2026-03-02"), d("2026-03-03"), &[&open]));
    let mut gone = listed("2026-03-02");
    gone.decision = Some(
        gone.approve(
            Some(d("2026-03-02")),
            d("2026-03-02"),
            false,
            admin(),
            at("2026-03-02"),
        )
        .unwrap(),
    );
    assert_eq!(gone.status(), DisposalStatus::Disposed);
    assert!(!to_list(&due("2026-03-02"), d("2040-01-01"), &[&gone]));
}

#[test]
fn a_refused_case_is_listed_again_a_year_after_the_refusal() {
    let mut kept = listed("2026-03-02");
    let reasons = Narrative::parse("A complaint about the case is open.").unwrap();
    kept.decision = Some(kept.refuse(reasons, admin(), at("2026-03-10")).unwrap());
    assert_eq!(kept.status(), DisposalStatus::Refused);
    assert!(!to_list(&due("2026-03-02"), d("2027-03-09"), &[&kept]));
    assert!(to_list(&due("2026-03-02"), d("2027-03-10"), &[&kept]));
}

#[test]
fn approval_is_refused_under_a_hold_before_the_case_is_due_and_once_decided() {
    let l = listed("2026-03-02");
    let today = d("2026-03-05");
    let state = |r: Result<Decision, DomainError>| match r {
        Err(DomainError::Transition(t)) => t.state,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(
        state(l.approve(
            Some(d("2026-03-02")),
            today,
            true,
            admin(),
            at("2026-03-05")
        )),
        "on_hold"
    );
    // The partnership lengthened the period after the case was listed.
    assert_eq!(
        state(l.approve(
            Some(d("2028-03-02")),
            today,
            false,
            admin(),
            at("2026-03-05")
        )),
        "not_due"
    );
    assert_eq!(
        state(l.approve(None, today, false, admin(), at("2026-03-05"))),
        "not_due"
    );
    let decision = l
        .approve(
            Some(d("2026-03-02")),
            today,
            false,
            admin(),
            at("2026-03-05"),
        )
        .unwrap();
    assert!(decision.disposed);
    let mut decided = l.clone();
    decided.decision = Some(decision);
    assert_eq!(
        state(decided.refuse(
            Narrative::parse("Too late.").unwrap(),
            admin(),
            at("2026-03-06")
        )),
        "disposed"
    );
}

#[test]
fn a_trail_is_listed_while_anything_is_due_a_month_after_its_last_disposal_a_year_after_a_refusal()
{
    assert_eq!(trail_cutoff(d("2033-09-01"), 7), d("2026-09-01"));
    let today = d("2033-09-01");
    assert!(trail_to_list(today, &[], true));
    assert!(!trail_to_list(today, &[], false));
    let mut trail = listed("2033-09-01");
    trail.record = RecordKind::AuditTrail;
    assert!(!trail_to_list(today, &[&trail], true), "listed already");
    trail.decision = Some(
        trail
            .approve(Some(today), today, false, admin(), at("2033-09-01"))
            .unwrap(),
    );
    assert!(!trail_to_list(d("2033-09-30"), &[&trail], true));
    assert!(trail_to_list(d("2033-10-01"), &[&trail], true));
    let mut kept = listed("2033-09-01");
    kept.decision = Some(
        kept.refuse(
            Narrative::parse("An inquiry asked.").unwrap(),
            admin(),
            at("2033-09-01"),
        )
        .unwrap(),
    );
    assert!(!trail_to_list(d("2034-08-31"), &[&kept], true));
    assert!(trail_to_list(d("2034-09-01"), &[&kept], true));
}
