//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn criterion(applies: bool) -> CriterionDraft {
    CriterionDraft {
        applies,
        note: None,
    }
}

fn criteria() -> CriteriaDraft {
    CriteriaDraft {
        improvements_needed: criterion(true),
        recurrent_themes: criterion(false),
        multi_agency_working: criterion(true),
        panel_suggested_local_review: criterion(false),
        single_agency_concern: criterion(false),
        no_agency_involvement: criterion(false),
        cross_boundary: criterion(false),
        institutional_setting: criterion(false),
    }
}

fn child() -> ChildDraft {
    ChildDraft {
        pseudonym: "Child A".into(),
        role: ChildRole::Subject,
        age_years: Some(3),
        date_of_birth: None,
        sex: Sex::Female,
        looked_after: false,
        child_protection_plan: true,
        local_authority: "Cambridgeshire".into(),
    }
}

fn draft() -> ReferralDraft {
    ReferralDraft {
        kind: ReferralKind::SeriousIncident,
        incident_date: d("2026-03-01"),
        aware_date: d("2026-03-02"),
        received_on: None,
        incident_place: IncidentPlaceDraft {
            in_england: true,
            in_partnership_area: true,
            local_authority: None,
            child_resident_in_partnership_area: true,
        },
        harm: Harm::SeriousHarm,
        abuse_or_neglect: AbuseOrNeglect::Suspected,
        children: vec![child()],
        involved_agencies: vec!["police".into()],
        criteria: criteria(),
        institutional_setting: None,
        families_moved_across_areas: false,
        parallel_processes: vec![],
        summary: "Infant admitted with unexplained injuries.".into(),
    }
}

fn registered() -> Vec<AgencyCode> {
    vec![
        AgencyCode::parse("POLICE").unwrap(),
        AgencyCode::parse("LA").unwrap(),
    ]
}

fn fields(r: Result<ReferralDetails, Vec<FieldError>>) -> Vec<String> {
    r.unwrap_err().into_iter().map(|e| e.field).collect()
}

const TODAY: &str = "2026-03-10";

/// A checked referral's details, for the tests of what happens to them later (rectification).
pub(super) fn valid_details() -> ReferralDetails {
    draft().check(d(TODAY), &registered()).unwrap()
}

#[test]
fn a_complete_form_is_accepted() {
    let r = draft().check(d(TODAY), &registered()).unwrap();
    assert_eq!(r.children[0].pseudonym.as_str(), "Child A");
    assert_eq!(r.involved_agencies[0].as_str(), "POLICE");
}

#[test]
fn dates_in_the_future_or_out_of_order_are_refused() {
    let mut f = draft();
    f.incident_date = d("2026-03-11");
    f.aware_date = d("2026-03-05");
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["incident_date", "aware_date", "received_on"]
    );
    let mut f = draft();
    f.aware_date = d("2026-03-11");
    assert_eq!(fields(f.check(d(TODAY), &registered())), ["aware_date"]);
}

#[test]
fn becoming_aware_on_the_day_of_the_incident_is_fine() {
    let mut f = draft();
    f.aware_date = f.incident_date;
    assert!(f.check(d(TODAY), &registered()).is_ok());
}

#[test]
fn a_referral_names_at_least_one_child() {
    let mut f = draft();
    f.children.clear();
    assert_eq!(fields(f.check(d(TODAY), &registered())), ["children"]);
}

#[test]
fn each_child_has_exactly_one_of_age_and_date_of_birth() {
    let mut f = draft();
    f.children[0].date_of_birth = Some(d("2023-01-01"));
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["children[0].age_years"]
    );
    let mut f = draft();
    f.children[0].age_years = None;
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["children[0].age_years"]
    );
}

#[test]
fn a_child_is_under_18_on_the_incident_date() {
    let mut f = draft();
    f.children[0].age_years = Some(18);
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["children[0].age_years"]
    );
    let mut f = draft();
    f.children[0].age_years = None;
    f.children[0].date_of_birth = Some(d("2008-03-01"));
    assert_eq!(
        fields(f.clone().check(d(TODAY), &registered())),
        ["children[0].date_of_birth"]
    );
    f.children[0].date_of_birth = Some(d("2008-03-02"));
    let ok = f.check(d(TODAY), &registered()).unwrap();
    assert_eq!(ok.children[0].age_at(d("2026-03-01")), 17);
}

#[test]
fn a_date_of_birth_after_the_incident_is_refused() {
    let mut f = draft();
    f.children[0].age_years = None;
    f.children[0].date_of_birth = Some(d("2026-03-02"));
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["children[0].date_of_birth"]
    );
}

#[test]
fn real_names_and_repeated_pseudonyms_are_refused() {
    let mut f = draft();
    f.children[0].pseudonym = "Jane Doe".into();
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["children[0].pseudonym"]
    );
    let mut f = draft();
    f.children.push(child());
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["children[1].pseudonym"]
    );
}

#[test]
fn involved_agencies_must_be_registered_and_listed_once() {
    let mut f = draft();
    f.involved_agencies = vec![
        "police".into(),
        "POLICE".into(),
        "nobody".into(),
        "bad code".into(),
    ];
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        [
            "involved_agencies[1]",
            "involved_agencies[2]",
            "involved_agencies[3]"
        ]
    );
}

#[test]
fn the_institutional_setting_criterion_needs_the_setting_named() {
    let mut f = draft();
    f.criteria.institutional_setting = criterion(true);
    assert_eq!(
        fields(f.clone().check(d(TODAY), &registered())),
        ["institutional_setting"]
    );
    f.institutional_setting = Some(InstitutionalSetting::SecureChildrensHome);
    assert!(f.check(d(TODAY), &registered()).is_ok());
}

#[test]
fn the_summary_is_bounded_and_notes_are_checked() {
    let mut f = draft();
    f.summary = "x".repeat(Summary::MAX_CHARS + 1);
    f.criteria.recurrent_themes.note = Some(" ".into());
    f.parallel_processes = vec![ParallelProcessDraft {
        kind: ParallelProcessKind::CoronerInquest,
        note: Some("".into()),
    }];
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        [
            "criteria.recurrent_themes.note",
            "parallel_processes[0].note",
            "summary"
        ]
    );
}

#[test]
fn the_reference_counts_within_a_partnership_and_year() {
    let slug = PartnershipSlug::parse("demo").unwrap();
    assert_eq!(
        ReferralReference::new(&slug, 2026, 7).as_str(),
        "DEMO-2026-0007"
    );
    assert_eq!(
        ReferralReference::new(&slug, 2027, 12345).as_str(),
        "DEMO-2027-12345"
    );
}

#[test]
fn a_filter_window_must_not_end_before_it_starts() {
    let from = "2026-03-02T00:00:00Z".parse().ok();
    let to = "2026-03-01T00:00:00Z".parse().ok();
    assert!(ReferralFilter::new(None, from, to).is_err());
    assert!(ReferralFilter::new(None, to, from).is_ok());
}

#[test]
fn criteria_are_listed_in_the_seeds_order() {
    let c = criteria().check().unwrap();
    let names: Vec<_> = c.named().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names[0], "improvements_needed");
    assert_eq!(names.len(), 8);
}

#[test]
fn a_referral_keyed_in_later_keeps_the_date_it_was_received() {
    let mut f = draft();
    f.received_on = Some(d("2026-03-04"));
    assert_eq!(
        f.clone()
            .check(d(TODAY), &registered())
            .unwrap()
            .received_on,
        d("2026-03-04")
    );
    assert_eq!(
        draft().check(d(TODAY), &registered()).unwrap().received_on,
        d(TODAY),
        "today when not given"
    );
    f.received_on = Some(d("2026-03-11"));
    assert_eq!(
        fields(f.clone().check(d(TODAY), &registered())),
        ["received_on"]
    );
    f.received_on = Some(d("2026-02-28"));
    assert_eq!(
        fields(f.clone().check(d(TODAY), &registered())),
        ["received_on"]
    );
    f.received_on = Some(d("2026-03-01"));
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["aware_date"],
        "aware by the time it was received"
    );
}

#[test]
fn a_serious_incident_is_a_death_or_serious_harm_and_a_near_miss_need_not_be() {
    let mut f = draft();
    f.harm = Harm::NoSeriousHarm;
    assert_eq!(fields(f.clone().check(d(TODAY), &registered())), ["harm"]);
    f.kind = ReferralKind::NearMiss;
    assert_eq!(
        f.check(d(TODAY), &registered()).unwrap().kind,
        ReferralKind::NearMiss
    );
}

#[test]
fn a_child_perpetrator_may_be_the_child_the_referral_is_about() {
    let mut f = draft();
    f.children[0].role = ChildRole::ChildPerpetrator;
    let mut sibling = child();
    sibling.pseudonym = "Child B".into();
    sibling.role = ChildRole::Sibling;
    f.children.push(sibling.clone());
    let r = f.check(d(TODAY), &registered()).unwrap();
    assert_eq!(r.children[0].role, ChildRole::ChildPerpetrator);
    let mut only_siblings = draft();
    only_siblings.children = vec![sibling];
    assert_eq!(
        fields(only_siblings.check(d(TODAY), &registered())),
        ["children"]
    );
}

#[test]
fn the_panel_notification_is_this_partnerships_duty_only_under_conditions_a_or_b() {
    let home = Name::parse("Cambridgeshire").unwrap();
    let place = |in_england, in_area, la: Option<&str>, resident| IncidentPlace {
        in_england,
        in_partnership_area: in_area,
        local_authority: la.map(|l| Name::parse(l).unwrap()),
        child_resident_in_partnership_area: resident,
    };
    assert_eq!(
        place(true, true, None, false).panel_duty(&home),
        PanelDuty::Ours,
        "(a) in our area"
    );
    assert_eq!(
        place(false, false, None, true).panel_duty(&home),
        PanelDuty::Ours,
        "(b) outside England, normally resident here"
    );
    assert_eq!(
        place(true, false, Some("Norfolk County Council"), true).panel_duty(&home),
        PanelDuty::Authority(Name::parse("Norfolk County Council").unwrap())
    );
    assert_eq!(
        place(false, false, None, false).panel_duty(&home),
        PanelDuty::Authority(home)
    );
    let mut f = draft();
    f.incident_place.in_partnership_area = false;
    assert_eq!(
        fields(f.clone().check(d(TODAY), &registered())),
        ["incident_place.local_authority"]
    );
    f.incident_place.in_england = false;
    f.incident_place.in_partnership_area = true;
    assert_eq!(
        fields(f.check(d(TODAY), &registered())),
        ["incident_place.in_partnership_area"]
    );
}
