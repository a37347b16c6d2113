//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Calendar;

use super::{
    meeting::{Attendee, Meeting},
    process::Today,
    requests::{RequestKind, RequestStatus},
    timeline::StepStatus,
    votes::Choice,
    *,
};
use crate::{
    agency::AgencyKind,
    ids::{AgencyId, PartnershipId, ReferralId},
    referral::{
        Child, ChildAge, ChildRole, Criteria, CriteriaDraft, CriterionDraft, IncidentPlace,
        ReferralDetails, ReferralReference, Sex,
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
            kind: ReferralKind::SeriousIncident,
            incident_date: d("2026-02-26"),
            aware_date: d("2026-02-27"),
            received_on: d("2026-03-02"),
            incident_place: IncidentPlace::here(),
            harm: Harm::SeriousHarm,
            abuse_or_neglect: AbuseOrNeglect::Suspected,
            children: vec![Child {
                pseudonym: Pseudonym::parse("Child A").unwrap(),
                role: ChildRole::Subject,
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
    let statutory_role = agencies()
        .into_iter()
        .find(|a| a.code == code(c))
        .map_or(StatutoryRole::None, |a| a.statutory_role);
    Attendee {
        agency: code(c),
        statutory_role,
        role: Name::parse("Lead").unwrap(),
    }
}

/// The date the tests judge on: Thursday 12 March 2026, the meeting's day.
fn on(date: &str) -> Today<'static> {
    static CALENDAR: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    Today {
        calendar: CALENDAR.get_or_init(Calendar::england_and_wales),
        date: d(date),
    }
}

fn today() -> Today<'static> {
    on("2026-03-12")
}

fn held(attendees: Vec<Attendee>) -> RapidReview {
    let mut r = triaged();
    r.meetings = vec![Meeting {
        number: 1,
        date: d("2026-03-12"),
        outside_window_reason: None,
        attendance: Some(attendees),
    }];
    r
}

fn quorate() -> RapidReview {
    held(vec![attendee("LA"), attendee("POLICE"), attendee("ICB")])
}

fn vote(q: Question, role: StatutoryRole, choice: Choice) -> Vote {
    let agency = match role {
        StatutoryRole::Police => "POLICE",
        StatutoryRole::Health => "ICB",
        _ => "LA",
    };
    Vote {
        question: q,
        role,
        agency: code(agency),
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
    let t = on("2026-03-03");
    assert_eq!(
        r.triage(&t, true, None, "abuse suspected").unwrap().0,
        TriageOutcome::RapidReview
    );
    assert_eq!(
        r.triage(&t, false, Some(TriageOutcome::Close), "no")
            .unwrap()
            .0,
        TriageOutcome::Close
    );
    assert_eq!(
        r.triage(
            &t,
            false,
            Some(TriageOutcome::AlternativeLearningReview),
            "learning"
        )
        .unwrap()
        .0,
        TriageOutcome::AlternativeLearningReview
    );
    assert!(r.triage(&t, false, None, "no").is_err());
    assert!(r.triage(&t, true, Some(TriageOutcome::Close), "x").is_err());
    assert!(r.triage(&t, true, None, " ").is_err());
    assert!(triaged().triage(&t, true, None, "again").is_err());
}

#[test]
fn triage_cannot_find_the_criteria_met_without_suspected_abuse_or_neglect() {
    let mut r = review();
    r.referral.details.abuse_or_neglect = AbuseOrNeglect::NotSuspected;
    assert!(matches!(
        r.triage(&today(), true, None, "x"),
        Err(DomainError::Invalid(_))
    ));
}

#[test]
fn ofsted_and_the_secretary_of_state_are_told_only_of_a_looked_after_childs_death() {
    let mut r = review();
    let t = on("2026-03-04");
    let sent = d("2026-03-03");
    assert!(
        r.notify(&t, NotificationKind::NationalPanelSeriousIncident, sent)
            .is_ok()
    );
    assert!(
        r.notify(&t, NotificationKind::OfstedLookedAfterDeath, sent)
            .is_err()
    );
    r.referral.details.harm = Harm::Death;
    r.referral.details.children[0].looked_after = true;
    assert!(
        r.notify(&t, NotificationKind::OfstedLookedAfterDeath, sent)
            .is_ok()
    );
    assert!(
        r.notify(
            &t,
            NotificationKind::NationalPanelSeriousIncident,
            d("2026-03-05")
        )
        .is_err(),
        "not in the future"
    );
}

#[test]
fn a_notification_is_recorded_once_and_then_no_longer_offered() {
    let mut r = review();
    assert!(r.next_steps(&today()).contains(&"record_notification"));
    r.notifications.push(Notification {
        kind: NotificationKind::NationalPanelSeriousIncident,
        sent_on: d("2026-03-03"),
        reference: None,
        recorded_by: who(),
        recorded_at: Utc::now(),
    });
    let e = r
        .notify(
            &on("2026-03-04"),
            NotificationKind::NationalPanelSeriousIncident,
            d("2026-03-03"),
        )
        .unwrap_err();
    assert_eq!(transition(e).state, "received");
    assert_eq!(r.next_steps(&today()), ["record_triage"]);
}

#[test]
fn requests_go_to_involved_agencies_after_triage_and_never_twice() {
    let registered = [code("LA"), code("ICB"), code("SCHOOL")];
    let t = on("2026-03-03");
    let issue = |r: &RapidReview, kind, named: Option<Vec<String>>| {
        r.issue_requests(&t, kind, named, &registered)
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
fn requests_composite_and_views_end_with_a_quorate_meeting() {
    let mut r = quorate();
    r.composite_sent_at = Some(at("2026-03-05T10:00:00Z"));
    let steps = r.next_steps(&today());
    for gone in [
        "issue_information_requests",
        "send_composite",
        "record_subgroup_view",
        "schedule_meeting",
        "record_attendance",
    ] {
        assert!(!steps.contains(&gone), "{gone} offered after the meeting");
    }
    assert!(
        r.issue_requests(&today(), RequestKind::InitialScoping, None, &[])
            .is_err()
    );
    let la = agency("LA", StatutoryRole::LocalAuthority);
    assert!(r.record_view(&today(), Some(&la)).is_err());
}

#[test]
fn returns_close_once_the_review_is_decided() {
    assert!(quorate().accepts_returns(&today()).is_ok());
    assert!(
        decided(DecisionOutcome::Cspr)
            .accepts_returns(&today())
            .is_err()
    );
}

#[test]
fn a_subgroup_view_carries_its_agencys_statutory_role_and_is_given_once() {
    let mut r = triaged();
    let police = agency("POLICE", StatutoryRole::Police);
    assert!(
        r.record_view(&today(), Some(&police)).is_err(),
        "no composite yet"
    );
    r.composite_sent_at = Some(at("2026-03-05T10:00:00Z"));
    assert_eq!(
        r.record_view(&today(), Some(&police)),
        Ok(StatutoryRole::Police)
    );
    r.views.push(SubgroupView {
        agency: code("POLICE"),
        statutory_role: StatutoryRole::Police,
        criteria_met: true,
        view: Narrative::parse("met").unwrap(),
        recorded_by: who(),
        recorded_at: at("2026-03-06T10:00:00Z"),
    });
    assert!(r.record_view(&today(), Some(&police)).is_err());
}

#[test]
fn a_vote_before_the_meeting_is_refused_with_the_allowed_next_steps() {
    let r = triaged();
    let la = agency("LA", StatutoryRole::LocalAuthority);
    let e = transition(
        r.cast_vote(&today(), Some(&la), None, Question::HoldCspr)
            .unwrap_err(),
    );
    assert_eq!(e.state, "rapid_review");
    assert!(e.allowed_next_steps.contains(&"schedule_meeting"));
    assert!(!e.allowed_next_steps.contains(&"cast_vote"));
}

#[test]
fn only_a_statutory_partner_votes_and_only_for_its_own_role() {
    let r = quorate();
    let t = today();
    let school = agency("SCHOOL", StatutoryRole::None);
    let police = agency("POLICE", StatutoryRole::Police);
    assert_eq!(
        r.cast_vote(&t, Some(&school), None, Question::HoldCspr),
        Err(Refusal::NotYourRole.into())
    );
    assert_eq!(
        r.cast_vote(
            &t,
            Some(&police),
            Some(StatutoryRole::Health),
            Question::HoldCspr
        ),
        Err(Refusal::NotYourRole.into())
    );
    assert_eq!(
        r.cast_vote(
            &t,
            Some(&police),
            Some(StatutoryRole::Police),
            Question::HoldCspr
        ),
        Ok(StatutoryRole::Police)
    );
    assert_eq!(
        r.cast_vote(&t, None, None, Question::HoldCspr),
        Err(Refusal::AgencyNotRegistered.into())
    );
}

#[test]
fn votes_need_a_quorate_meeting_and_an_inquorate_one_offers_no_vote() {
    let r = held(vec![attendee("LA"), attendee("POLICE"), attendee("SCHOOL")]);
    let la = agency("LA", StatutoryRole::LocalAuthority);
    let e = transition(
        r.cast_vote(&today(), Some(&la), None, Question::HoldCspr)
            .unwrap_err(),
    );
    assert!(e.detail.contains("quorate"), "{}", e.detail);
    assert!(!e.allowed_next_steps.contains(&"cast_vote"));
    assert!(e.allowed_next_steps.contains(&"schedule_meeting"));
}

#[test]
fn an_inquorate_meeting_reconvenes_on_a_later_date_and_is_kept() {
    let mut r = held(vec![attendee("LA"), attendee("POLICE")]);
    let t = on("2026-03-13");
    assert!(
        r.schedule_meeting(&t, d("2026-03-12"), None).is_err(),
        "not on or before the inquorate meeting"
    );
    let plan = r.schedule_meeting(&t, d("2026-03-16"), None).unwrap();
    assert_eq!((plan.number, plan.date), (2, d("2026-03-16")));
    r.meetings.push(Meeting {
        number: 2,
        date: d("2026-03-16"),
        outside_window_reason: None,
        attendance: None,
    });
    // The new meeting may still be moved before it is held: it keeps its number, and stays after the
    // inquorate one.
    let moved = r.schedule_meeting(&t, d("2026-03-17"), None).unwrap();
    assert_eq!(moved.number, 2);
    assert!(r.schedule_meeting(&t, d("2026-03-11"), None).is_err());
    // Attendance is recorded on or after the meeting's day, never before.
    let people = vec![
        (code("LA"), Name::parse("Head of Service").unwrap()),
        (code("POLICE"), Name::parse("DI").unwrap()),
        (code("ICB"), Name::parse("Designated Nurse").unwrap()),
    ];
    let e = transition(
        r.record_attendance(&t, people.clone(), &agencies())
            .unwrap_err(),
    );
    assert!(e.detail.contains("2026-03-16"), "{}", e.detail);
    assert!(!r.next_steps(&t).contains(&"record_attendance"));
    let attendees = r
        .record_attendance(&on("2026-03-16"), people, &agencies())
        .unwrap();
    assert_eq!(attendees[2].statutory_role, StatutoryRole::Health);
    r.meetings[1].attendance = Some(attendees);
    assert_eq!(r.quorate_meeting().map(|m| m.number), Some(2));
    let steps = r.timeline(&on("2026-03-16"));
    let inquorate: Vec<_> = steps
        .iter()
        .filter(|s| s.step == "inquorate_meeting")
        .collect();
    assert_eq!(inquorate.len(), 1);
    assert_eq!(inquorate[0].done_on, Some(d("2026-03-12")));
    let meeting = steps
        .iter()
        .find(|s| s.step == "rapid_review_meeting")
        .unwrap();
    assert_eq!(meeting.done_on, Some(d("2026-03-16")));
}

#[test]
fn attendance_names_registered_agencies() {
    let mut r = triaged();
    r.meetings = vec![Meeting {
        number: 1,
        date: d("2026-03-12"),
        outside_window_reason: None,
        attendance: None,
    }];
    let e = r
        .record_attendance(
            &today(),
            vec![(code("NOPE"), Name::parse("x").unwrap())],
            &agencies(),
        )
        .unwrap_err();
    assert!(matches!(e, DomainError::Invalid(f) if f[0].field == "attendees[0].agency"));
    assert!(r.record_attendance(&today(), vec![], &agencies()).is_err());
}

#[test]
fn each_partner_votes_once_per_question_and_a_second_agency_of_a_role_is_refused() {
    let mut r = quorate();
    r.votes.push(vote(
        Question::HoldCspr,
        StatutoryRole::LocalAuthority,
        Choice::Yes,
    ));
    let other_council = agency("PBORO", StatutoryRole::LocalAuthority);
    let e = transition(
        r.cast_vote(&today(), Some(&other_council), None, Question::HoldCspr)
            .unwrap_err(),
    );
    assert!(
        e.detail.contains("local_authority") && e.detail.contains("by LA"),
        "{}",
        e.detail
    );
}

#[test]
fn every_partner_may_vote_until_the_decision_is_recorded() {
    let mut r = quorate();
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Police, Choice::Yes));
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Health, Choice::Yes));
    // A majority exists: the decision may be recorded, and the third partner may still vote.
    let steps = r.next_steps(&today());
    assert!(steps.contains(&"record_decision") && steps.contains(&"cast_vote"));
    let la = agency("LA", StatutoryRole::LocalAuthority);
    assert_eq!(
        r.cast_vote(&today(), Some(&la), None, Question::HoldCspr),
        Ok(StatutoryRole::LocalAuthority)
    );
    r.votes.push(vote(
        Question::HoldCspr,
        StatutoryRole::LocalAuthority,
        Choice::No,
    ));
    assert_eq!(r.decide(&today()), Ok(DecisionOutcome::Cspr));
    assert!(!r.next_steps(&today()).contains(&"cast_vote"), "all voted");
    let mut done = decided(DecisionOutcome::Cspr);
    done.votes = r.votes.clone();
    assert!(
        done.cast_vote(&today(), Some(&la), None, Question::HoldAlternativeReview)
            .is_err()
    );
}

#[test]
fn the_second_question_follows_a_majority_no_to_the_first() {
    let mut r = quorate();
    let la = agency("LA", StatutoryRole::LocalAuthority);
    assert!(
        r.cast_vote(&today(), Some(&la), None, Question::HoldAlternativeReview)
            .is_err()
    );
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Police, Choice::No));
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Health, Choice::No));
    assert!(
        r.cast_vote(&today(), Some(&la), None, Question::HoldAlternativeReview)
            .is_ok()
    );
    assert!(r.decide(&today()).is_err());
    assert!(!r.next_steps(&today()).contains(&"record_decision"));
}

#[test]
fn the_decision_follows_the_votes_and_is_recorded_once() {
    let mut r = quorate();
    assert!(r.decide(&today()).is_err());
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Police, Choice::Yes));
    r.votes
        .push(vote(Question::HoldCspr, StatutoryRole::Health, Choice::Yes));
    assert_eq!(r.decide(&today()), Ok(DecisionOutcome::Cspr));
    assert!(decided(DecisionOutcome::Cspr).decide(&today()).is_err());
}

#[test]
fn a_submission_needs_a_decision_and_after_day_15_a_delay_notice() {
    let e = transition(
        quorate()
            .submit(&on("2026-03-13"), d("2026-03-13"))
            .unwrap_err(),
    );
    assert_eq!(e.state, "rapid_review");
    let mut r = decided(DecisionOutcome::Cspr);
    assert!(r.submit(&on("2026-03-13"), d("2026-03-13")).is_ok());
    // Aware Friday 27 February 2026: working day 15 is Friday 20 March.
    let late = transition(r.submit(&on("2026-03-23"), d("2026-03-23")).unwrap_err());
    assert!(late.detail.contains("2026-03-20"), "{}", late.detail);
    assert!(late.allowed_next_steps.contains(&"record_delay_notice"));
    assert!(r.record_delay(&on("2026-03-23"), d("2026-03-20")).is_err());
    assert!(r.record_delay(&on("2026-03-23"), d("2026-03-25")).is_ok());
    r.delay = Some(DelayNotice {
        reasons: Narrative::parse("Police disclosure awaited").unwrap(),
        expected_on: d("2026-03-25"),
        recorded_by: who(),
        recorded_at: at("2026-03-19T10:00:00Z"),
    });
    assert!(r.submit(&on("2026-03-23"), d("2026-03-23")).is_ok());
    assert!(
        r.submit(&on("2026-03-23"), d("2026-03-24")).is_err(),
        "not in the future"
    );
}

#[test]
fn the_panels_acknowledgement_follows_the_submission_once_and_shows_on_the_timeline() {
    let mut r = decided(DecisionOutcome::Cspr);
    let e = transition(
        r.acknowledge(&on("2026-03-13"), d("2026-03-13"))
            .unwrap_err(),
    );
    assert!(e.detail.contains("once it is submitted"), "{}", e.detail);
    r.submission = Some(Submission {
        sent_on: d("2026-03-13"),
        recorded_by: who(),
        recorded_at: at("2026-03-13T10:00:00Z"),
        acknowledgement: None,
    });
    assert!(
        r.next_steps(&on("2026-03-16"))
            .contains(&"record_submission_acknowledgement")
    );
    let field = |e: DomainError| match e {
        DomainError::Invalid(f) => f[0].field.clone(),
        other => panic!("{other:?}"),
    };
    let early = r
        .acknowledge(&on("2026-03-16"), d("2026-03-12"))
        .unwrap_err();
    assert_eq!(field(early), "acknowledged_on");
    let future = r
        .acknowledge(&on("2026-03-16"), d("2026-03-17"))
        .unwrap_err();
    assert_eq!(field(future), "acknowledged_on");
    assert!(r.acknowledge(&on("2026-03-16"), d("2026-03-13")).is_ok());
    let not_yet = r.timeline(&on("2026-03-16"));
    assert!(
        !not_yet
            .iter()
            .any(|s| s.step == "national_panel_acknowledgement")
    );

    if let Some(s) = r.submission.as_mut() {
        s.acknowledgement = Some(Acknowledgement {
            panel_reference: Name::parse("CSPRP-1").unwrap(),
            acknowledged_on: d("2026-03-16"),
            recorded_by: who(),
            recorded_at: at("2026-03-16T10:00:00Z"),
        });
    }
    assert!(
        transition(
            r.acknowledge(&on("2026-03-16"), d("2026-03-16"))
                .unwrap_err()
        )
        .detail
        .contains("already recorded")
    );
    let shown = r.timeline(&on("2026-03-16"));
    let row = shown
        .iter()
        .find(|s| s.step == "national_panel_acknowledgement")
        .unwrap();
    assert_eq!(row.done_on, Some(d("2026-03-16")));
}

#[test]
fn a_submission_is_dated_on_or_after_the_meeting() {
    let r = decided(DecisionOutcome::Cspr);
    let e = r.submit(&on("2026-03-13"), d("2026-03-11")).unwrap_err();
    assert!(matches!(e, DomainError::Invalid(f) if f[0].field == "sent_on"));
}

#[test]
fn a_delay_notice_is_offered_only_when_day_15_is_at_risk() {
    // Aware Fri 27 Feb: day 15 is Fri 20 March; day 13, from which an undecided review is at risk, Wed 18th.
    let r = quorate();
    assert!(
        !r.next_steps(&on("2026-03-12"))
            .contains(&"record_delay_notice")
    );
    let e = transition(
        r.record_delay(&on("2026-03-12"), d("2026-03-27"))
            .unwrap_err(),
    );
    assert!(e.detail.contains("not at risk"), "{}", e.detail);
    assert!(
        r.next_steps(&on("2026-03-18"))
            .contains(&"record_delay_notice")
    );
    // Decided in time: at risk only once day 15 has passed without the submission.
    let d_ = decided(DecisionOutcome::Cspr);
    assert!(
        !d_.next_steps(&on("2026-03-19"))
            .contains(&"record_delay_notice")
    );
    assert!(
        d_.next_steps(&on("2026-03-23"))
            .contains(&"record_delay_notice")
    );
    // A meeting set after day 15 puts it at risk at once.
    let mut late = triaged();
    late.meetings = vec![Meeting {
        number: 1,
        date: d("2026-03-24"),
        outside_window_reason: Narrative::parse("Police unavailable").ok(),
        attendance: None,
    }];
    assert!(
        late.next_steps(&on("2026-03-05"))
            .contains(&"record_delay_notice")
    );
}

#[test]
fn next_steps_are_exactly_the_steps_that_would_be_allowed() {
    // Walk several states; for each step the table offers, its own rule says open, and for each it does
    // not offer, the rule gives a reason.
    let mut composite = triaged();
    composite.composite_sent_at = Some(at("2026-03-05T10:00:00Z"));
    for r in [
        review(),
        triaged(),
        composite,
        held(vec![attendee("LA")]),
        quorate(),
        decided(DecisionOutcome::Cspr),
    ] {
        let t = today();
        let offered = r.next_steps(&t);
        for s in process::STEPS {
            assert_eq!(
                offered.contains(&s.name),
                s.open(&r, &t).is_ok(),
                "{} in state {}",
                s.name,
                r.status()
            );
        }
    }
}

#[test]
fn the_docs_step_table_is_generated_from_the_process_table() {
    let docs = include_str!("../../../docs/RAPID-REVIEW.md");
    let table = process::markdown_table();
    if !docs.contains(&table) {
        if std::env::var_os("CSPR_BLESS").is_some() {
            let begin = "<!-- steps:begin -->\n";
            let end = "<!-- steps:end -->";
            let (head, rest) = docs.split_once(begin).expect("begin marker");
            let (_, tail) = rest.split_once(end).expect("end marker");
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/RAPID-REVIEW.md");
            std::fs::write(path, format!("{head}{begin}{table}{end}{tail}")).unwrap();
        }
        panic!(
            "docs/RAPID-REVIEW.md's step table differs from domain::rapid_review::process::STEPS; \
             rerun with CSPR_BLESS=1 to regenerate it:\n{table}"
        );
    }
}

#[test]
fn the_timeline_computes_each_due_date_from_its_own_clock() {
    let r = triaged();
    let steps = r.timeline(&on("2026-03-04"));
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
    let later = r.timeline(&on("2026-03-05"));
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
    let r = quorate();
    let steps = r.timeline(&on("2026-03-12"));
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
    let steps = decided(DecisionOutcome::Cspr).timeline(&on("2026-03-23"));
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
        .timeline(&on("2026-03-04"))
        .iter()
        .map(|s| s.step)
        .collect();
    assert_eq!(
        names,
        ["triage", "national_panel_notification"],
        "in the order they fall due"
    );
}

#[test]
fn subgroup_views_are_due_72_hours_after_the_composite_and_done_once_each_partner_has_given_one() {
    let mut r = triaged();
    r.composite_sent_at = Some(at("2026-03-05T10:00:00Z"));
    let view = |agency: &str, role: StatutoryRole, when: &str| SubgroupView {
        agency: code(agency),
        statutory_role: role,
        criteria_met: true,
        view: Narrative::parse("met").unwrap(),
        recorded_by: who(),
        recorded_at: at(when),
    };
    r.views = vec![
        view("LA", StatutoryRole::LocalAuthority, "2026-03-06T09:00:00Z"),
        view("POLICE", StatutoryRole::Police, "2026-03-07T09:00:00Z"),
        view("SCHOOL", StatutoryRole::None, "2026-03-07T10:00:00Z"),
    ];
    let step = |r: &RapidReview| {
        r.timeline(&on("2026-03-09"))
            .into_iter()
            .find(|s| s.step == "subgroup_views")
            .unwrap()
    };
    let open = step(&r);
    assert_eq!(
        (open.due, open.done_on, open.status),
        (d("2026-03-08"), None, StepStatus::Overdue),
        "three views, but not one from health"
    );
    r.views
        .push(view("ICB", StatutoryRole::Health, "2026-03-09T09:00:00Z"));
    let done = step(&r);
    assert_eq!(
        (done.done_on, done.status),
        (Some(d("2026-03-09")), StepStatus::DoneLate)
    );
}

#[test]
fn a_near_miss_never_enters_the_rapid_review() {
    let mut r = review();
    r.referral.details.kind = ReferralKind::NearMiss;
    r.referral.details.harm = Harm::NoSeriousHarm;
    let t = on("2026-03-03");
    let e = r.triage(&t, true, None, "met?").unwrap_err();
    assert!(matches!(e, DomainError::Invalid(f) if f[0].field == "criteria_met"));
    assert!(
        r.triage(
            &t,
            false,
            Some(TriageOutcome::AlternativeLearningReview),
            "learning"
        )
        .is_ok()
    );
    assert_eq!(r.next_steps(&t), ["record_triage"], "nothing to notify");
    let names: Vec<_> = r.timeline(&t).iter().map(|s| s.step).collect();
    assert_eq!(
        names,
        ["triage"],
        "no Panel notification, no Rapid Review clocks"
    );
}

#[test]
fn an_incident_in_another_authoritys_area_is_its_duty_to_notify() {
    let mut r = review();
    r.referral.details.incident_place = IncidentPlace {
        in_england: true,
        in_partnership_area: false,
        local_authority: Name::parse("Norfolk County Council").ok(),
        child_resident_in_partnership_area: true,
    };
    let t = on("2026-03-03");
    let panel = r
        .timeline(&t)
        .into_iter()
        .find(|s| s.step == "national_panel_notification")
        .unwrap();
    assert_eq!(panel.status, StepStatus::AnotherAuthority);
    assert!(
        panel.rule.contains("Norfolk County Council"),
        "{}",
        panel.rule
    );
    let e = r
        .notify(
            &t,
            NotificationKind::NationalPanelSeriousIncident,
            d("2026-03-03"),
        )
        .unwrap_err();
    assert!(
        matches!(e, DomainError::Transition(_)),
        "nothing of ours to notify: {e:?}"
    );
}

#[test]
fn every_clock_counts_from_the_date_the_referral_was_received() {
    // Recorded on Thursday 5 March, received by e-mail on Monday 2 March: the window is 11 to 19 March.
    let mut r = triaged();
    r.referral.received_at = at("2026-03-05T10:00:00Z");
    let steps = r.timeline(&on("2026-03-05"));
    let due = |name: &str| steps.iter().find(|s| s.step == name).unwrap().due;
    assert_eq!(due("rapid_review_meeting"), d("2026-03-19"));
    assert_eq!(due("triage"), d("2026-03-04"));
}

#[test]
fn the_composite_goes_without_an_accepted_return_only_with_a_reason() {
    let r = triaged();
    let e = r.send_composite(&today(), None).unwrap_err();
    assert!(matches!(e, DomainError::Invalid(f) if f[0].field == "reason"));
    assert!(
        r.send_composite(&today(), Some("Police return delayed by disclosure."))
            .unwrap()
            .is_some()
    );
    let mut with_return = triaged();
    let mut accepted = with_return
        .issue_requests(&on("2026-03-03"), RequestKind::InitialScoping, None, &[])
        .unwrap()
        .remove(0);
    accepted.status = RequestStatus::Accepted;
    with_return.requests.push(accepted);
    assert_eq!(with_return.send_composite(&today(), None), Ok(None));
}

#[test]
fn a_return_is_done_when_accepted_late_only_when_its_first_version_was_and_a_rework_has_its_own_due_date()
 {
    let mut r = triaged();
    let made = r
        .issue_requests(&on("2026-03-03"), RequestKind::InitialScoping, None, &[])
        .unwrap();
    // Both due back on Tuesday 10 March.
    let (mut la, mut icb) = (made[0].clone(), made[1].clone());
    la.status = RequestStatus::Accepted;
    la.first_submitted_at = Some(at("2026-03-09T10:00:00Z"));
    la.last_submitted_at = Some(at("2026-03-12T10:00:00Z"));
    la.rework_due_on = Some(d("2026-03-11"));
    la.accepted_at = Some(at("2026-03-12T15:00:00Z"));
    icb.status = RequestStatus::Accepted;
    icb.first_submitted_at = Some(at("2026-03-11T10:00:00Z"));
    icb.last_submitted_at = icb.first_submitted_at;
    icb.accepted_at = Some(at("2026-03-11T15:00:00Z"));
    r.requests = vec![la.clone(), icb.clone()];
    let steps = r.timeline(&on("2026-03-13"));
    let find = |name: &str, agency: &str| {
        steps
            .iter()
            .find(|s| s.step == name && s.agency == Some(code(agency)))
            .map(|s| (s.due, s.done_on, s.status))
            .unwrap()
    };
    assert_eq!(
        find("initial_scoping_return", "LA"),
        (
            d("2026-03-10"),
            Some(d("2026-03-12")),
            StepStatus::DoneOnTime
        ),
        "first version on time, accepted after its rework"
    );
    assert_eq!(
        find("initial_scoping_rework", "LA"),
        (d("2026-03-11"), Some(d("2026-03-12")), StepStatus::DoneLate)
    );
    assert_eq!(
        find("initial_scoping_return", "ICB"),
        (d("2026-03-10"), Some(d("2026-03-11")), StepStatus::DoneLate)
    );
    // Waiting: nothing sent by the due date is overdue; a version sent on time and not yet judged is not.
    let mut waiting = made[0].clone();
    waiting.status = RequestStatus::Submitted;
    waiting.first_submitted_at = Some(at("2026-03-10T10:00:00Z"));
    r.requests = vec![waiting, made[1].clone()];
    let steps = r.timeline(&on("2026-03-13"));
    let statuses: Vec<_> = steps
        .iter()
        .filter(|s| s.step == "initial_scoping_return")
        .map(|s| s.status)
        .collect();
    assert_eq!(statuses, [StepStatus::Due, StepStatus::Overdue]);
}

#[test]
fn the_decision_sets_off_its_notifications_each_with_its_recipients() {
    let mut cspr = decided(DecisionOutcome::Cspr);
    let t = on("2026-03-13");
    assert_eq!(
        cspr.notifications_due()[1..],
        [
            NotificationKind::DecisionDepartmentForEducation,
            NotificationKind::DecisionOfsted,
            NotificationKind::DecisionInvolvedAgencies,
            NotificationKind::DecisionLeadsAndChair,
        ]
    );
    assert!(cspr.next_steps(&t).contains(&"record_notification"));
    let steps = cspr.timeline(&t);
    let agencies = steps
        .iter()
        .find(|s| s.step == "decision_involved_agencies")
        .unwrap();
    // With the submission: two working days after the meeting of Thursday 12 March.
    assert_eq!(
        (agencies.due, agencies.status),
        (d("2026-03-16"), StepStatus::Due)
    );
    assert_eq!(agencies.recipients, ["ICB", "LA"]);
    assert!(
        cspr.notify(&t, NotificationKind::DecisionOfsted, d("2026-03-11"))
            .is_err(),
        "not before the decision"
    );
    assert!(
        cspr.notify(&t, NotificationKind::DecisionOfsted, d("2026-03-13"))
            .is_ok()
    );
    let alternative = decided(DecisionOutcome::AlternativeLearningReview);
    assert_eq!(
        alternative.notifications_due()[1..],
        [NotificationKind::DecisionLeadsAndChair]
    );
    assert!(
        alternative
            .notify(&t, NotificationKind::DecisionOfsted, d("2026-03-13"))
            .is_err()
    );
    cspr.decision = None;
    assert_eq!(
        cspr.notifications_due(),
        [NotificationKind::NationalPanelSeriousIncident]
    );
}

#[test]
fn an_overdue_or_disputed_request_is_escalated_to_the_subgroup_then_to_the_partners() {
    use super::escalations::{Escalation, EscalationLevel::*};
    let mut r = triaged();
    let mut request = r
        .issue_requests(&on("2026-03-03"), RequestKind::InitialScoping, None, &[])
        .unwrap()
        .remove(0);
    // Due Tuesday 10 March: not overdue that day, overdue the next.
    let e = r
        .escalate(&on("2026-03-10"), &request, CaseReviewSubgroup, "No reply.")
        .unwrap_err();
    assert!(matches!(e, DomainError::Transition(t) if t.detail.contains("neither overdue")));
    let late = on("2026-03-11");
    let p = r
        .escalate(&late, &request, SafeguardingPartners, "No reply.")
        .unwrap_err();
    assert!(
        matches!(&p, DomainError::Transition(t) if t.allowed_next_steps == ["escalate_to_case_review_subgroup"]),
        "{p:?}"
    );
    assert!(
        r.escalate(&late, &request, CaseReviewSubgroup, " ")
            .is_err()
    );
    assert!(
        r.escalate(&late, &request, CaseReviewSubgroup, "No reply.")
            .is_ok()
    );
    r.escalations.push(Escalation {
        request: request.id,
        agency: request.agency.clone(),
        to: CaseReviewSubgroup,
        reasons: Narrative::parse("No reply.").unwrap(),
        escalated_by: who(),
        escalated_at: at("2026-03-11T10:00:00Z"),
    });
    assert!(
        r.escalate(&late, &request, CaseReviewSubgroup, "Again.")
            .is_err()
    );
    assert!(
        r.escalate(&late, &request, SafeguardingPartners, "Still nothing.")
            .is_ok()
    );
    let step = r
        .timeline(&late)
        .into_iter()
        .find(|s| s.step == "escalated_to_case_review_subgroup")
        .unwrap();
    assert_eq!(step.done_on, Some(d("2026-03-11")));
    // A return sent back is disputed: it may be escalated before any date passes; once accepted, not.
    request.status = RequestStatus::ReturnedForRework;
    request.rework_due_on = Some(d("2026-03-13"));
    assert!(request.disputed() && !request.overdue(d("2026-03-12")));
    r.escalations.clear();
    assert!(
        r.escalate(
            &on("2026-03-12"),
            &request,
            CaseReviewSubgroup,
            "Analysis refused."
        )
        .is_ok()
    );
    request.status = RequestStatus::Accepted;
    assert!(
        r.escalate(&on("2026-03-12"), &request, CaseReviewSubgroup, "x")
            .is_err()
    );
}

#[test]
fn a_decision_to_review_puts_the_reviews_completion_on_the_timeline_and_no_further_review_does_not()
{
    let completion = |outcome| {
        decided(outcome)
            .timeline(&today())
            .into_iter()
            .find(|s| s.step == "review_completion")
    };
    let cspr = completion(DecisionOutcome::Cspr).expect("a CSPR's completion is a step");
    let decided_on =
        crate::calendar::england_date(decided(DecisionOutcome::Cspr).decision.unwrap().decided_at);
    assert_eq!(cspr.due, crate::review::ReviewKind::Cspr.due_on(decided_on));
    assert_eq!(cspr.done_on, None);
    assert!(cspr.rule.contains("six months"), "{}", cspr.rule);
    let alternative = completion(DecisionOutcome::AlternativeLearningReview).unwrap();
    assert!(alternative.rule.contains("three months"));
    assert!(completion(DecisionOutcome::NoFurtherReview).is_none());
}
