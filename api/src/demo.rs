//! `cspr demo`: a fictional partnership with its agencies and a few referrals, loaded through the same
//! application functions as the API (so it is validated and audited like any other data).

use std::sync::Arc;

use chrono::{Duration, Utc};
use cspr_domain::{
    access::{Actor, Role},
    calendar::Calendar,
    text::{AgencyCode, Name, PartnershipSlug, Subject},
};
use cspr_openapi::{
    AbuseOrNeglect, AgencyKind, Harm, InstitutionalSetting, ParallelProcessKind, RequestKind, Sex,
    StatutoryRole,
    agency::AgencyCreate,
    information_request::InformationRequestsCreate,
    rapid_review::TriageCreate,
    referral::{ChildInput, CriteriaInput, CriterionInput, ParallelProcessInput, ReferralCreate},
};
use cspr_persistence::{agencies, partnerships};

use crate::{
    app,
    audit_writer::AuditWriter,
    clock::SystemClock,
    config::Settings,
    context::{Caller, Ctx},
    sealing::Keyring,
    startup::open_database,
};

const AGENCIES: &[(&str, &str, AgencyKind, StatutoryRole)] = &[
    (
        "DEMO-LA",
        "Demoshire County Council Children's Services",
        AgencyKind::LocalAuthority,
        StatutoryRole::LocalAuthority,
    ),
    (
        "DEMO-POLICE",
        "Demoshire Constabulary",
        AgencyKind::Police,
        StatutoryRole::Police,
    ),
    (
        "DEMO-ICB",
        "Demoshire Integrated Care Board",
        AgencyKind::Health,
        StatutoryRole::Health,
    ),
    (
        "DEMO-HOSPITAL",
        "Demoshire Hospitals NHS Foundation Trust",
        AgencyKind::Health,
        StatutoryRole::None,
    ),
    (
        "DEMO-SCHOOL",
        "Demo Primary Academy",
        AgencyKind::Education,
        StatutoryRole::None,
    ),
    (
        "DEMO-PROBATION",
        "Probation Service, Demoshire",
        AgencyKind::Probation,
        StatutoryRole::None,
    ),
];

/// The demonstration's context acting in `role` (for `agency`).
fn as_role(base: &Ctx, role: Role, agency: Option<&str>) -> Ctx {
    let mut ctx = base.clone();
    ctx.caller.actor.roles = vec![role];
    ctx.caller.actor.agency = agency.and_then(|a| AgencyCode::parse(a).ok());
    ctx
}

fn criterion(applies: bool, note: Option<&str>) -> CriterionInput {
    CriterionInput {
        applies,
        note: note.map(Into::into),
    }
}

fn referral(
    days_ago: i64,
    harm: Harm,
    child: ChildInput,
    involved: &[&str],
    summary: &str,
) -> ReferralCreate {
    let incident = (Utc::now() - Duration::days(days_ago)).date_naive();
    ReferralCreate {
        kind: Default::default(),
        incident_date: incident,
        aware_date: incident + Duration::days(1),
        received_on: None,
        incident_place: None,
        harm,
        abuse_or_neglect: AbuseOrNeglect::Suspected,
        children: vec![child],
        involved_agencies: involved.iter().map(|s| (*s).to_owned()).collect(),
        criteria: CriteriaInput {
            improvements_needed: criterion(
                true,
                Some("Information sharing between health and children's services."),
            ),
            recurrent_themes: criterion(
                true,
                Some("Non-mobile infant with bruising: a recurrent theme locally."),
            ),
            multi_agency_working: criterion(true, None),
            panel_suggested_local_review: criterion(false, None),
            single_agency_concern: criterion(false, None),
            no_agency_involvement: criterion(false, None),
            cross_boundary: criterion(false, None),
            institutional_setting: criterion(false, None),
        },
        institutional_setting: None,
        families_moved_across_areas: false,
        parallel_processes: vec![ParallelProcessInput {
            kind: ParallelProcessKind::CriminalInvestigation,
            note: Some("Police investigation under way.".into()),
        }],
        summary: summary.into(),
    }
}

fn child(pseudonym: &str, age: i64, sex: Sex, looked_after: bool) -> ChildInput {
    ChildInput {
        pseudonym: pseudonym.into(),
        role: Default::default(),
        age_years: Some(age),
        date_of_birth: None,
        sex,
        looked_after,
        child_protection_plan: false,
        local_authority: "Demoshire County Council".into(),
    }
}

pub async fn load(settings: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let db = open_database(settings)?;
    let writer = AuditWriter::start(db.clone());
    let slug = PartnershipSlug::parse("demo")?;
    let name = Name::parse("Demoshire Safeguarding Children Partnership")?;
    let (partnership, _) = db.transaction(|c| partnerships::ensure(c, &slug, &name))?;
    let la = AgencyCode::parse("DEMO-LA")?;
    if db
        .transaction(|c| agencies::find_by_code(c, partnership.id, &la))?
        .is_some()
    {
        println!("the demo partnership is already loaded");
        return Ok(());
    }
    let caller = Caller {
        actor: Actor {
            subject: Subject::parse("cspr-demo")?,
            partnership_id: partnership.id,
            agency: None,
            roles: vec![],
        },
        partnership,
    };
    let base = Ctx {
        db: db.clone(),
        audit_writer: writer.clone(),
        calendar: Arc::new(Calendar::england_and_wales()),
        clock: Arc::new(SystemClock),
        caller,
        request_id: "cspr-demo".into(),
        idempotency: None,
        address_policy: Default::default(),
        keyring: Arc::new(Keyring::load(
            settings.identifying_details_key_file.as_deref(),
            &settings.data_dir,
        )?),
    };
    let admin = as_role(&base, Role::PartnershipAdmin, None);
    for (code, name, kind, statutory_role) in AGENCIES {
        let input = AgencyCreate {
            code: (*code).into(),
            name: (*name).into(),
            kind: *kind,
            statutory_role: *statutory_role,
        };
        app::agencies::register(&admin, input).await?;
    }
    let mut late = referral(
        9,
        Harm::Death,
        child("Child B", 15, Sex::Male, true),
        &["DEMO-LA", "DEMO-POLICE", "DEMO-SCHOOL"],
        "A looked-after young person died in a children's home; exploitation is suspected.",
    );
    late.institutional_setting = Some(InstitutionalSetting::ChildrensHome);
    late.criteria.institutional_setting =
        criterion(true, Some("Death in a registered children's home."));
    let referrals = [
        (
            "DEMO-HOSPITAL",
            referral(
                3,
                Harm::SeriousHarm,
                child("Child A", 0, Sex::Female, false),
                &["DEMO-HOSPITAL", "DEMO-LA", "DEMO-ICB"],
                "A four-month-old was admitted with unexplained bruising and a fracture.",
            ),
        ),
        ("DEMO-POLICE", late),
        (
            "DEMO-SCHOOL",
            referral(
                20,
                Harm::SeriousHarm,
                child("Child C", 8, Sex::Female, false),
                &["DEMO-SCHOOL", "DEMO-LA"],
                "Prolonged neglect came to light after a long absence from school.",
            ),
        ),
    ];
    let mut made = vec![];
    for (agency, input) in referrals {
        let r = app::referrals::create(&as_role(&base, Role::Agency, Some(agency)), input).await?;
        println!("referral {} recorded ({})", r.reference, r.id);
        made.push(r);
    }
    // The infant's referral is already in its Rapid Review, so its timeline and the agencies' inboxes
    // have something in them.
    if let Some(infant) = made.first() {
        let triage = TriageCreate {
            criteria_met: true,
            outcome_if_not_met: None,
            reasons: "Unexplained injuries to a non-mobile infant: abuse suspected, serious harm."
                .into(),
        };
        app::rapid_review::triage(&admin, &infant.id, triage).await?;
        let scoping = InformationRequestsCreate {
            kind: RequestKind::InitialScoping,
            agencies: None,
        };
        app::information_requests::issue(&admin, &infant.id, scoping).await?;
        println!(
            "referral {} triaged and initial scoping sent",
            infant.reference
        );
    }
    // The school's referral has been through its Rapid Review: decided today, its CSPR commissioned,
    // with a lead reviewer to sign in as (`cspr token --partnership demo --role lead_reviewer --subject
    // reviewer-ann`), so the reviews' routes have something to show.
    if let Some(neglect) = made.get(2) {
        decided_review(&admin, &neglect.id).await?;
        println!(
            "referral {} decided: a CSPR in establish, lead reviewer reviewer-ann",
            neglect.reference
        );
    }
    println!(
        "demo loaded: partnership `demo`, {} agencies; try `cspr token --partnership demo --role partnership_admin`",
        AGENCIES.len()
    );
    Ok(())
}

/// Takes a referral through triage, a meeting (today, outside the window, as a demonstration must),
/// the three partners' votes and the decision, then commissions the CSPR it opens and appoints its lead
/// reviewer.
async fn decided_review(admin: &Ctx, id: &str) -> Result<(), Box<dyn std::error::Error>> {
    use cspr_openapi::{
        Choice, Methodology, Question, TeamRole,
        rapid_review::{
            AttendanceCreate, AttendeeInput, DecisionCreate, MeetingSchedule, VoteCreate,
        },
        review::{CommissioningCreate, ReviewQuery, TeamMemberCreate},
    };
    let triage = TriageCreate {
        criteria_met: true,
        outcome_if_not_met: None,
        reasons: "Prolonged neglect with several agencies involved: serious harm.".into(),
    };
    app::rapid_review::triage(admin, id, triage).await?;
    let meeting = MeetingSchedule {
        date: cspr_domain::calendar::england_date(Utc::now()),
        outside_window_reason: Some("The demonstration meets on the day of referral.".into()),
    };
    app::rapid_review::schedule_meeting(admin, id, meeting, None).await?;
    let partners = ["DEMO-LA", "DEMO-POLICE", "DEMO-ICB"];
    let attendance = AttendanceCreate {
        attendees: partners
            .iter()
            .map(|a| AttendeeInput {
                agency: (*a).into(),
                role: "Safeguarding lead".into(),
            })
            .collect(),
    };
    app::rapid_review::record_attendance(admin, id, attendance).await?;
    for partner in partners {
        let vote = VoteCreate {
            question: Question::HoldCspr,
            choice: Choice::Yes,
            rationale: None,
            statutory_role: None,
        };
        let as_partner = as_role(admin, Role::StatutoryPartner, Some(partner));
        app::rapid_review::cast_vote(&as_partner, id, vote).await?;
    }
    let decision = DecisionCreate {
        rationale: "Learning about neglect and school absence across agencies.".into(),
        immediate_safety_actions: vec![],
        immediate_learning: vec![
            "Share attendance concerns with children's social care the same day.".into(),
        ],
    };
    app::rapid_review::decide(admin, id, decision).await?;
    let query = ReviewQuery {
        referral_id: Some(id.to_owned()),
    };
    let review = app::reviews::list(admin, query, None, None).await?;
    let review = review
        .items
        .first()
        .ok_or("the decision opened no review")?
        .id
        .clone();
    let commissioning = CommissioningCreate {
        methodology: Methodology::SystemsLearningTogether,
        methodology_note: None,
        arrangements: None,
        reported_to_subgroup_on: None,
    };
    app::commissioning::commission(admin, &review, commissioning).await?;
    let lead = TeamMemberCreate {
        subject: "reviewer-ann".into(),
        role: TeamRole::LeadReviewer,
        name: "Dr A. Reviewer".into(),
        agency: None,
        independent_of_case: true,
    };
    app::review_team::appoint(admin, &review, lead).await?;
    Ok(())
}
