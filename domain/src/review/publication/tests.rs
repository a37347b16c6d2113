//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use chrono::Utc;

use super::*;
use crate::review::{ReviewKind, decided_review};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn who() -> Subject {
    Subject::parse("someone").unwrap()
}

fn calendar() -> Calendar {
    Calendar::england_and_wales()
}

fn approved() -> Review {
    decided_review(ReviewKind::Cspr, ReviewStage::ReportApproved)
}

fn plan(on: &str) -> Plan {
    Plan {
        title: Name::parse("Child A: a local child safeguarding practice review").unwrap(),
        planned_on: day(on),
        family_wishes: Narrative::parse("The mother asked for no photographs.").unwrap(),
        family_discussed_on: day("2027-03-01"),
        practitioners_told_on: day("2027-03-01"),
        media_contact: Name::parse("Business manager").unwrap(),
        reviewer_names: vec![Name::parse("Dr A. Reviewer").unwrap()],
        planned_by: who(),
        planned_at: Utc::now(),
    }
}

fn deciding(d: PublicationDecision) -> Publication {
    let (reasons, improvements) = match d {
        PublicationDecision::Publish => (None, None),
        PublicationDecision::Withhold => (
            Some(Narrative::parse("The surviving sibling could be identified.").unwrap()),
            Some(Narrative::parse("Agencies will share injury findings within a day.").unwrap()),
        ),
    };
    Publication {
        decision: Some(Decision::new(d, reasons, improvements, who(), Utc::now()).unwrap()),
        ..Publication::default()
    }
}

fn copy(r: CopyRecipient, on: &str) -> Copy {
    Copy {
        recipient: r,
        sent_on: day(on),
        recorded_by: who(),
        recorded_at: Utc::now(),
    }
}

#[test]
fn the_copies_go_seven_working_days_before_publication_counting_around_bank_holidays() {
    let c = calendar();
    // Publication Tuesday 6 April 2027: counting back 5, 2 and 1 April, 31 and 30 March, then past
    // Easter Monday (29th) and Good Friday (26th) to 25 and 24 March.
    assert_eq!(latest_copy_date(&c, day("2027-04-06")), day("2027-03-24"));
    assert_eq!(latest_copy_date(&c, day("2027-04-08")), day("2027-03-30"));
    // An ordinary week: Thursday 10 June 2027 less seven working days is Tuesday 1 June.
    assert_eq!(latest_copy_date(&c, day("2027-06-10")), day("2027-06-01"));
}

#[test]
fn withholding_needs_its_reasons_and_the_improvements_and_publishing_neither() {
    let d = Decision::new(PublicationDecision::Withhold, None, None, who(), Utc::now());
    assert!(matches!(d, Err(DomainError::Invalid(f)) if f.len() == 2));
    let why = Some(Narrative::parse("Identifiable.").unwrap());
    let d = Decision::new(PublicationDecision::Publish, why, None, who(), Utc::now());
    assert!(matches!(d, Err(DomainError::Invalid(f)) if f[0].field == "reasons"));
}

#[test]
fn a_plan_follows_approval_and_the_decision_to_publish_and_leaves_time_for_the_copies() {
    let c = calendar();
    let p = deciding(PublicationDecision::Publish);
    let today = day("2027-03-25");
    let finalising = decided_review(ReviewKind::Cspr, ReviewStage::Finalise);
    assert!(
        p.check_plan(&finalising, &plan("2027-04-30"), &c, today)
            .is_err()
    );
    assert!(
        deciding(PublicationDecision::Withhold)
            .check_plan(&approved(), &plan("2027-04-30"), &c, today)
            .is_err()
    );
    // 8 April leaves until 30 March: fine on the 25th; 6 April, across Easter, only until the 24th.
    assert!(
        p.check_plan(&approved(), &plan("2027-04-08"), &c, today)
            .is_ok()
    );
    let refused = p
        .check_plan(&approved(), &plan("2027-04-06"), &c, today)
        .unwrap_err();
    assert!(format!("{refused:?}").contains("2027-03-24"), "{refused:?}");
}

#[test]
fn a_copy_is_refused_after_the_latest_date_and_publication_waits_for_every_copy() {
    let c = calendar();
    let mut p = deciding(PublicationDecision::Publish);
    p.plan = Some(plan("2027-04-08"));
    let today = day("2027-04-01");
    let late = p
        .check_copy(
            &approved(),
            CopyRecipient::Ofsted,
            day("2027-03-31"),
            &c,
            today,
        )
        .unwrap_err();
    assert!(format!("{late:?}").contains("2027-03-30"));
    assert!(
        p.check_copy(
            &approved(),
            CopyRecipient::Ofsted,
            day("2027-03-30"),
            &c,
            today
        )
        .is_ok()
    );
    p.copies = vec![
        copy(CopyRecipient::NationalPanel, "2027-03-30"),
        copy(CopyRecipient::Ofsted, "2027-03-30"),
    ];
    assert!(
        p.check_copy(
            &approved(),
            CopyRecipient::Ofsted,
            day("2027-03-30"),
            &c,
            today
        )
        .is_err()
    );
    let on = day("2027-04-08");
    let year = day("2028-04-08");
    let unsent = p
        .check_publish(&approved(), &[], on, year, &c, on)
        .unwrap_err();
    assert!(format!("{unsent:?}").contains("secretary_of_state"));
    p.copies
        .push(copy(CopyRecipient::SecretaryOfState, "2027-03-29"));
    assert!(p.check_publish(&approved(), &[], on, year, &c, on).is_ok());
    let short = p.check_publish(&approved(), &[], on, day("2028-04-07"), &c, on);
    assert!(matches!(short, Err(DomainError::Invalid(f)) if f[0].field == "available_until"));
    // Published earlier than planned, the copies would have been late.
    let early = p.check_publish(&approved(), &[], day("2027-04-07"), year, &c, on);
    assert!(matches!(early, Err(DomainError::Invalid(f)) if f[0].field == "published_on"));
}

#[test]
fn an_open_process_publication_waits_for_holds_it_back_until_it_concludes() {
    use crate::review::parallel::{Conclusion, ParallelKind};
    let c = calendar();
    let mut p = deciding(PublicationDecision::Publish);
    p.plan = Some(plan("2027-04-08"));
    p.copies = CopyRecipient::ALL
        .iter()
        .map(|r| copy(*r, "2027-03-29"))
        .collect();
    let mut trial = ParallelProcess {
        kind: ParallelKind::CriminalInvestigation,
        reference: None,
        status: Note::parse("Trial listed for May.").unwrap(),
        contact: None,
        publication_waits: true,
        pause_reason: None,
        recorded_by: who(),
        recorded_at: Utc::now(),
        conclusion: None,
    };
    let on = day("2027-04-08");
    let held = p.check_publish(
        &approved(),
        std::slice::from_ref(&trial),
        on,
        day("2028-04-08"),
        &c,
        on,
    );
    assert!(format!("{held:?}").contains("criminal_investigation"));
    trial.conclusion = Some(Conclusion {
        concluded_on: day("2027-04-01"),
        outcome: Note::parse("Verdict given.").unwrap(),
    });
    assert!(
        p.check_publish(&approved(), &[trial], on, day("2028-04-08"), &c, on)
            .is_ok()
    );
}

#[test]
fn a_withheld_reports_improvements_are_published_and_the_deposit_follows_a_published_report() {
    let p = deciding(PublicationDecision::Withhold);
    let on = day("2027-04-08");
    assert!(
        p.check_improvements(&approved(), on, day("2028-04-08"), on)
            .is_ok()
    );
    assert!(
        deciding(PublicationDecision::Publish)
            .check_improvements(&approved(), on, day("2028-04-08"), on)
            .is_err()
    );
    let mut published = deciding(PublicationDecision::Publish);
    assert!(published.check_deposit(&approved(), on, on).is_err());
    published.published = Some(Published {
        kind: PublishedKind::Report,
        title: Name::parse("Child A").unwrap(),
        published_on: on,
        web_address: "https://example.org/a".into(),
        available_until: day("2028-04-08"),
        reviewer_names: vec![],
        recorded_by: who(),
        recorded_at: Utc::now(),
    });
    assert!(
        published
            .check_deposit(&approved(), day("2027-04-07"), on)
            .is_err()
    );
    assert!(published.check_deposit(&approved(), on, on).is_ok());
}
