//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    meeting::{Attendee, Meeting},
    requests::{RequestKind, RequestStatus},
    timeline::StepStatus,
    *,
};
use crate::{
    agency::AgencyKind,
    ids::{AgencyId, PartnershipId, ReferralId},
    referral::{
        Child, ChildAge, Criteria, CriteriaDraft, CriterionDraft, ReferralDetails,
        ReferralReference, Sex,
    },
    text::{PartnershipSlug, Pseudonym, Summary},
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn who() -> Subject {
    Subject::parse("someone").unwrap()
}

fn code(c: &str) -> AgencyCode {
    AgencyCode::parse(c).unwrap()
}

fn agency(c: &str, role: StatutoryRole) -> Agency {
    Agency {
        id: AgencyId::generate(),
        partnership_id: PartnershipId::generate(),
        code: code(c),
        name: Name::parse(c).unwrap(),
        kind: AgencyKind::Other,
        statutory_role: role,
    }
}

fn agencies() -> Vec<Agency> {
    vec![
        agency("LA", StatutoryRole::LocalAuthority),
        agency("POLICE", StatutoryRole::Police),
        agency("ICB", StatutoryRole::Health),
        agency("SCHOOL", StatutoryRole::None),
    ]
}

fn criteria() -> Criteria {
    CriteriaDraft::from_named(|_| CriterionDraft {
        applies: false,
        note: None,
    })
    .check()
    .unwrap()
}

/// A referral received on Monday 2 March 2026, the partnership aware since Friday 27 February.
fn review() -> RapidReview {
    RapidReview::new(Referral {
        id: ReferralId::generate(),
        partnership_id: PartnershipId::generate(),
        reference: ReferralReference::new(&PartnershipSlug::parse("demo").unwrap(), 2026, 1),
        referring_agency: code("SCHOOL"),
        status: ReferralStatus::Received,
        received_at: at("2026-03-02T10:00:00Z"),
        received_by: who(),
        details: ReferralDetails {
            incident_date: d("2026-02-26"),
            aware_date: d("2026-02-27"),
            harm: Harm::SeriousHarm,
            abuse_or_neglect: AbuseOrNeglect::Suspected,
            children: vec![Child {
                pseudonym: Pseudonym::parse("Child A").unwrap(),
                age: ChildAge::Years(4),
                sex: Sex::Male,
                looked_after: false,
                child_protection_plan: false,
                local_authority: Name::parse("LA").unwrap(),
            }],
            involved_agencies: vec![code("LA"), code("ICB")],
            criteria: criteria(),
            institutional_setting: None,
            families_moved_across_areas: false,
            parallel_processes: vec![],
            summary: Summary::parse("x").unwrap(),
        },
    })
}

fn triaged() -> RapidReview {
    let mut r = review();
    r.triage = Some(Triage {
        criteria_met: true,
        outcome: TriageOutcome::RapidReview,
        reasons: Narrative::parse("met").unwrap(),
        decided_by: who(),
        decided_at: at("2026-03-03T09:00:00Z"),
    });
    r
}

fn attendee(c: &str) -> Attendee {
    Attendee {
        agency: code(c),
        role: Name::parse("Lead").unwrap(),
    }
}

fn held(attendees: Vec<Attendee>) -> RapidReview {
    let mut r = triaged();
    r.meeting = Some(Meeting {
        date: d("2026-03-12"),
        outside_window_reason: None,
        attendance: Some(attendees),
    });
    r
}

fn quorate() -> RapidReview {
    held(vec![attendee("LA"), attendee("POLICE"), attendee("ICB")])
}

fn vote(q: Question, role: StatutoryRole, choice: Choice) -> Vote {
    Vote {
        question: q,
        role,
        agency: code("LA"),
        choice,
        rationale: None,
        cast_by: who(),
        cast_at: Utc::now(),
    }
}

fn decided(outcome: DecisionOutcome) -> RapidReview {
    let mut r = quorate();
    r.decision = Some(Decision {
        outcome,
        rationale: Narrative::parse("why").unwrap(),
        immediate_safety_actions: vec![],
        immediate_learning: vec![],
        decided_by: who(),
        decided_at: at("2026-03-12T15:00:00Z"),
    });
    r
}

fn transition(e: DomainError) -> crate::error::IllegalTransition {
    match e {
        DomainError::Transition(t) => t,
        other => panic!("expected a transition error, got {other:?}"),
    }
}

#[test]
fn triage_met_opens_a_rapid_review_and_not_met_closes_or_routes() {
    let r = review();
    assert_eq!(
        r.triage(true, None, "abuse suspected").unwrap().0,
        TriageOutcome::RapidReview
    );
    assert_eq!(
        r.triage(false, Some(TriageOutcome::Close), "no").unwrap().0,
        TriageOutcome::Close
    );
    assert_eq!(
        r.triage(
            false,
            Some(TriageOutcome::AlternativeLearningReview),
            "learning"
        )
        .unwrap()
        .0,
        TriageOutcome::AlternativeLearningReview
    );
    assert!(r.triage(false, None, "no").is_err());
    assert!(r.triage(true, Some(TriageOutcome::Close), "x").is_err());
    assert!(r.triage(true, None, " ").is_err());
    assert!(triaged().triage(true, None, "again").is_err());
}

#[test]
fn triage_cannot_find_the_criteria_met_without_suspected_abuse_or_neglect() {
    let mut r = review();
    r.referral.details.abuse_or_neglect = AbuseOrNeglect::NotSuspected;
    assert!(matches!(
        r.triage(true, None, "x"),
        Err(DomainError::Invalid(_))
    ));
}

#[test]
fn ofsted_and_the_secretary_of_state_are_told_only_of_a_looked_after_childs_death() {
    let mut r = review();
    let today = d("2026-03-04");
    assert!(
        r.notify(
            NotificationKind::NationalPanelSeriousIncident,
            d("2026-03-03"),
            today
        )
        .is_ok()
    );
    assert!(
        r.notify(
            NotificationKind::OfstedLookedAfterDeath,
            d("2026-03-03"),
            today
        )
        .is_err()
    );
    r.referral.details.harm = Harm::Death;
    r.referral.details.children[0].looked_after = true;
    assert!(
        r.notify(
            NotificationKind::OfstedLookedAfterDeath,
            d("2026-03-03"),
            today
        )
        .is_ok()
    );
    assert!(
        r.notify(
            NotificationKind::NationalPanelSeriousIncident,
            d("2026-03-05"),
            today
        )
        .is_err()
    );
}

#[test]
fn a_notification_is_recorded_once() {
    let mut r = review();
    r.notifications.push(Notification {
        kind: NotificationKind::NationalPanelSeriousIncident,
        sent_on: d("2026-03-03"),
        reference: None,
        recorded_by: who(),
        recorded_at: Utc::now(),
    });
    let e = r
        .notify(
            NotificationKind::NationalPanelSeriousIncident,
            d("2026-03-03"),
            d("2026-03-04"),
        )
        .unwrap_err();
    assert_eq!(transition(e).state, "received");
}

#[test]
fn requests_go_to_involved_agencies_after_triage_and_never_twice() {
    let c = Calendar::england_and_wales();
    let registered = [code("LA"), code("ICB"), code("SCHOOL")];
    let sent = d("2026-03-03");
    let issue = |r: &RapidReview, kind, named: Option<Vec<String>>| {
        r.issue_requests(kind, named, &registered, &c, sent)
    };
    let e = issue(&review(), RequestKind::InitialScoping, None).unwrap_err();
    assert_eq!(
        transition(e).allowed_next_steps,
        ["record_triage", "record_notification"]
    );
    let mut r = triaged();
    let made = issue(&r, RequestKind::InitialScoping, None).unwrap();
    let agencies: Vec<_> = made.iter().map(|q| q.agency.clone()).collect();
    assert_eq!(agencies, [code("LA"), code("ICB")]);
    // Sent Tuesday 3 March 2026: due back 5 working days later, Tuesday 10 March.
    assert!(
        made.iter()
            .all(|q| q.due_on == d("2026-03-10") && q.status == RequestStatus::Issued)
    );
    assert!(issue(&r, RequestKind::InitialScoping, Some(vec!["NOPE".into()])).is_err());
    assert!(
        issue(
            &r,
            RequestKind::InitialScoping,
            Some(vec!["LA".into(), "la".into()])
        )
        .is_err()
    );
    r.requests.push(made[0].clone());
    assert!(issue(&r, RequestKind::InitialScoping, None).is_err());
    assert!(issue(&r, RequestKind::RapidReviewReturn, Some(vec!["la".into()])).is_ok());
}

#[test]
fn returns_close_once_the_review_is_decided() {
    assert!(quorate().accepts_returns().is_ok());
    assert!(decided(DecisionOutcome::Cspr).accepts_returns().is_err());
}

#[test]
fn a_vote_before_the_meeting_is_refused_with_the_allowed_next_steps() {
    let r = triaged();
    let la = agency("LA", StatutoryRole::LocalAuthority);
    let e = transition(
        r.cast_vote(Some(&la), None, Question::HoldCspr, &agencies())
            .unwrap_err(),
    );
    assert_eq!(e.state, "rapid_review");
    assert!(e.allowed_next_steps.contains(&"schedule_meeting"));
}

#[test]
fn only_a_statutory_partner_votes_and_only_for_its_own_role() {
    let r = quorate();
    let school = agency("SCHOOL", StatutoryRole::None);
    let police = agency("POLICE", StatutoryRole::Police);
    assert_eq!(
        r.cast_vote(Some(&school), None, Question::HoldCspr, &agencies()),
        Err(Refusal::NotYourRole.into())
    );
    assert_eq!(
        r.cast_vote(
            Some(&police),
            Some(StatutoryRole::Health),
            Question::HoldCspr,
            &agencies()
        ),
        Err(Refusal::NotYourRole.into())
    );
    assert_eq!(
        r.cast_vote(
            Some(&police),
            Some(StatutoryRole::Police),
            Question::HoldCspr,
            &agencies()
        ),
        Ok(StatutoryRole::Police)
    );
    assert_eq!(
        r.cast_vote(None, None, Question::HoldCspr, &agencies()),
        Err(Refusal::AgencyNotRegistered.into())
    );
}

#[test]
fn votes_need_a_quorate_meeting() {
    let r = held(vec![attendee("LA"), attendee("POLICE"), attendee("SCHOOL")]);
    let la = agency("LA", StatutoryRole::LocalAuthority);
    let e = transition(
        r.cast_vote(Some(&la), None, Question::HoldCspr, &agencies())
            .unwrap_err(),
    );
    assert!(
        e.detail.contains("not quorate") && e.detail.contains("health"),
        "{}",
        e.detail
    );
}

#[test]
fn a_partner_votes_once_per_question() {
    let mut r = quorate();
    r.votes.push(vote(
        Question::HoldCspr,
        StatutoryRole::LocalAuthority,
        Choice::Yes,
    ));
    let la = agency("LA", StatutoryRole::LocalAuthority);
    assert!(
        r.cast_vote(Some(&la), None, Question::HoldCspr, &agencies())
            .is_err()
    );
}

#[test]
fn the_second_question_follows_a_majority_no_to_the_first() {
    let mut r = quorate();
    let la = agency("LA", StatutoryRole::LocalAuthority);
    assert!(
        r.cast_vote(
            Some(&la),
            None,
            Question::HoldAlternativeReview,
            &agencies()
        )
        .is_err()
    );
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Police, Choice::No));
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Health, Choice::No));
    assert!(
        r.cast_vote(
            Some(&la),
            None,
            Question::HoldAlternativeReview,
            &agencies()
        )
        .is_ok()
    );
    assert!(r.decide().is_err());
}

#[test]
fn the_decision_follows_the_votes_and_is_recorded_once() {
    let mut r = quorate();
    assert!(r.decide().is_err());
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Police, Choice::Yes));
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Health, Choice::Yes));
    assert_eq!(r.decide(), Ok(DecisionOutcome::Cspr));
    let la = agency("LA", StatutoryRole::LocalAuthority);
    assert!(
        r.cast_vote(Some(&la), None, Question::HoldCspr, &agencies())
            .is_err(),
        "decided already"
    );
    assert!(decided(DecisionOutcome::Cspr).decide().is_err());
}

#[test]
fn a_submission_needs_a_decision_and_after_day_15_a_delay_notice() {
    let c = Calendar::england_and_wales();
    let e = transition(
        quorate()
            .submit(&c, d("2026-03-13"), d("2026-03-13"))
            .unwrap_err(),
    );
    assert_eq!(e.state, "rapid_review");
    let mut r = decided(DecisionOutcome::Cspr);
    assert!(r.submit(&c, d("2026-03-13"), d("2026-03-13")).is_ok());
    // Aware Friday 27 February 2026: working day 15 is Friday 20 March.
    let late = transition(r.submit(&c, d("2026-03-23"), d("2026-03-23")).unwrap_err());
    assert!(late.detail.contains("2026-03-20"), "{}", late.detail);
    assert!(r.record_delay(&c, d("2026-03-20")).is_err());
    assert!(r.record_delay(&c, d("2026-03-25")).is_ok());
    r.delay = Some(DelayNotice {
        reasons: Narrative::parse("Police disclosure awaited").unwrap(),
        expected_on: d("2026-03-25"),
        recorded_by: who(),
        recorded_at: at("2026-03-19T10:00:00Z"),
    });
    assert!(r.submit(&c, d("2026-03-23"), d("2026-03-23")).is_ok());
    assert!(
        r.submit(&c, d("2026-03-24"), d("2026-03-23")).is_err(),
        "not in the future"
    );
}

#[test]
fn the_timeline_computes_each_due_date_from_its_own_clock() {
    let c = Calendar::england_and_wales();
    let r = triaged();
    let steps = r.timeline(&c, d("2026-03-04"));
    let due = |name: &str| {
        steps
            .iter()
            .find(|s| s.step == name)
            .map(|s| (s.due, s.status))
    };
    // Aware Fri 27 Feb: +5 working days = Fri 6 March.
    assert_eq!(
        due("national_panel_notification"),
        Some((d("2026-03-06"), StepStatus::Due))
    );
    // Received Mon 2 March: triage by +2 = Wed 4 March (done Tue 3rd); scoping sent by Wed 4 March.
    assert_eq!(
        due("triage"),
        Some((d("2026-03-04"), StepStatus::DoneOnTime))
    );
    assert_eq!(
        due("initial_scoping_sent"),
        Some((d("2026-03-04"), StepStatus::Due))
    );
    // Meeting by working day 13 = Thu 19 March; submission by day 15 after awareness = Fri 20 March.
    assert_eq!(
        due("rapid_review_meeting"),
        Some((d("2026-03-19"), StepStatus::Due))
    );
    assert_eq!(
        due("submission_to_national_panel"),
        Some((d("2026-03-20"), StepStatus::Due))
    );
    assert!(due("delay_notice").is_none());
    let later = r.timeline(&c, d("2026-03-05"));
    assert_eq!(
        later
            .iter()
            .find(|s| s.step == "initial_scoping_sent")
            .unwrap()
            .status,
        StepStatus::Overdue
    );
}

#[test]
fn after_the_meeting_the_submission_is_due_two_working_days_later_unless_day_15_is_sooner() {
    let c = Calendar::england_and_wales();
    let r = quorate();
    let steps = r.timeline(&c, d("2026-03-12"));
    let sub = steps
        .iter()
        .find(|s| s.step == "submission_to_national_panel")
        .unwrap();
    // Meeting Thursday 12 March: +2 working days = Monday 16 March.
    assert_eq!(sub.due, d("2026-03-16"));
    assert!(sub.rule.contains("after the meeting"));
}

#[test]
fn a_missed_day_15_adds_an_overdue_delay_notice() {
    let c = Calendar::england_and_wales();
    let steps = decided(DecisionOutcome::Cspr).timeline(&c, d("2026-03-23"));
    let delay = steps.iter().find(|s| s.step == "delay_notice").unwrap();
    assert_eq!(
        (delay.due, delay.status),
        (d("2026-03-20"), StepStatus::Overdue)
    );
}

#[test]
fn a_closed_referral_has_no_rapid_review_steps() {
    let mut r = review();
    r.triage = Some(Triage {
        criteria_met: false,
        outcome: TriageOutcome::Close,
        reasons: Narrative::parse("not met").unwrap(),
        decided_by: who(),
        decided_at: at("2026-03-03T09:00:00Z"),
    });
    assert_eq!(r.status(), ReferralStatus::Closed);
    let names: Vec<_> = r
        .timeline(&Calendar::england_and_wales(), d("2026-03-04"))
        .iter()
        .map(|s| s.step)
        .collect();
    assert_eq!(names, ["national_panel_notification", "triage"]);
}

#[test]
fn subgroup_views_are_due_72_hours_after_the_composite_and_done_with_the_third() {
    let mut r = triaged();
    r.composite_sent_at = Some(at("2026-03-05T10:00:00Z"));
    let view = |agency: &str, when: &str| SubgroupView {
        agency: code(agency),
        criteria_met: true,
        view: Narrative::parse("met").unwrap(),
        recorded_by: who(),
        recorded_at: at(when),
    };
    r.views = vec![
        view("LA", "2026-03-06T09:00:00Z"),
        view("POLICE", "2026-03-07T09:00:00Z"),
    ];
    let c = Calendar::england_and_wales();
    let step = |r: &RapidReview| {
        r.timeline(&c, d("2026-03-09"))
            .into_iter()
            .find(|s| s.step == "subgroup_views")
            .unwrap()
    };
    let open = step(&r);
    assert_eq!(
        (open.due, open.done_on, open.status),
        (d("2026-03-08"), None, StepStatus::Overdue)
    );
    r.views.push(view("ICB", "2026-03-09T09:00:00Z"));
    let done = step(&r);
    assert_eq!(
        (done.done_on, done.status),
        (Some(d("2026-03-09")), StepStatus::DoneLate)
    );
}
