//! The Rapid Review walked end to end as the real actors would: the partnership's business team (admin),
//! the three statutory partners, and agencies answering from their own systems with their own tokens.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem, referral_body};

pub fn a_return(analysis: &str) -> Value {
    a_return_secured(analysis, "2026-12-22")
}

/// A return whose records were secured on `secured_on`.
pub fn a_return_secured(analysis: &str, secured_on: &str) -> Value {
    json!({
        "summary_of_involvement": "Universal services only; two contacts in the last year.",
        "analysis_of_involvement": analysis,
        "records_secured": true,
        "records_secured_on": secured_on,
        "records_secured_by": "Designated safeguarding lead",
        "representative": { "name": "A. Lead", "role": "Designated safeguarding lead", "contact": "dsl@agency.example" }
    })
}

pub fn step<'a>(timeline: &'a Value, name: &str) -> &'a Value {
    timeline["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == name)
        .unwrap_or_else(|| panic!("no step {name}"))
}

pub fn referral_at(incident: &str, aware: &str, involved: &[&str]) -> Value {
    let mut body = referral_body();
    body["incident_date"] = json!(incident);
    body["aware_date"] = json!(aware);
    body["involved_agencies"] = json!(involved);
    body
}

/// The request for `agency` among a referral's requests.
pub fn request_for(requests: &Value, agency: &str) -> String {
    requests["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agency_code"] == agency)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_referral_received_before_christmas_is_walked_from_receipt_to_submission() {
    // Monday 21 December 2026. Christmas Day is Friday 25; Boxing Day's substitute Monday 28; New Year's Day
    // Friday 1 January 2027.
    let app = TestApp::spawn_at("2026-12-21T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let (la, police, icb) = (
        app.partner(ALPHA, "LA"),
        app.partner(ALPHA, "POLICE"),
        app.partner(ALPHA, "ICB"),
    );
    let (school, hospital) = (app.agency(ALPHA, "SCHOOL"), app.agency(ALPHA, "HOSPITAL"));

    // The hospital refers; the partnership became aware on Sunday 20 December.
    let referral = app
        .post_ok(
            "/v1/referrals",
            &hospital,
            &referral_at("2026-12-19", "2026-12-20", &["LA", "ICB", "SCHOOL"]),
        )
        .await;
    let id = referral["id"].as_str().unwrap().to_owned();
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");

    // Nothing can be voted on before triage, the meeting and attendance.
    let p = problem(
        app.post(
            &at("votes"),
            &la,
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "illegal-transition");
    assert_eq!(p["state"], "received");
    assert_eq!(
        p["allowed_next_steps"],
        json!(["record_triage", "record_notification"])
    );

    let review = app.post_ok(&at("triage"), &admin, &json!({"criteria_met": true, "reasons": "Unexplained injuries to a non-mobile infant."})).await;
    assert_eq!(review["status"], "rapid_review");

    // Initial scoping goes to every involved agency; returns are due 5 working days later: Wednesday 30
    // December, Christmas Eve being a working day and the 25th and 28th not.
    let sent = app
        .post_ok(
            &at("information-requests"),
            &admin,
            &json!({"kind": "initial_scoping"}),
        )
        .await;
    assert_eq!(sent["items"].as_array().unwrap().len(), 3);
    assert!(
        sent["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["due_on"] == "2026-12-30" && r["status"] == "issued")
    );
    let school_request = request_for(&sent, "SCHOOL");
    let icb_request = request_for(&sent, "ICB");
    let la_request = request_for(&sent, "LA");
    app.set_time("2026-12-22T10:00:00Z");
    app.post_ok(&at("notifications"), &admin, &json!({"kind": "national_panel_serious_incident", "sent_on": "2026-12-22", "reference": "SIN-2026-0412"})).await;

    // The school sees its own request only, and the referral it was asked about.
    let inbox = app.get_ok("/v1/information-requests", &school).await;
    assert_eq!(inbox["items"].as_array().unwrap().len(), 1);
    assert_eq!(inbox["items"][0]["id"], school_request.as_str());
    app.get_ok(&format!("/v1/referrals/{id}"), &school).await;
    problem(
        app.get(&format!("/v1/information-requests/{icb_request}"), &school)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(
            &format!("/v1/information-requests/{icb_request}/returns"),
            &school,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.post(
            &format!("/v1/information-requests/{icb_request}/returns"),
            &school,
            &a_return("x"),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let mine = app.get_ok(&at("information-requests"), &school).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);

    // A return without analysis is refused; a thin one is sent back by the business team and redone.
    app.set_time("2026-12-23T10:00:00Z");
    let p = problem(
        app.post(
            &format!("/v1/information-requests/{school_request}/returns"),
            &school,
            &a_return(" "),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "analysis_of_involvement");
    let v1 = app
        .post_ok(
            &format!("/v1/information-requests/{school_request}/returns"),
            &school,
            &a_return("See attached notes."),
        )
        .await;
    assert_eq!(v1["version"], 1);
    let back = app
        .post_ok(&format!("/v1/information-requests/{school_request}/reviews"), &admin, &json!({"outcome": "sent_back", "reasons": ["no_analysis", "pasted_case_notes"], "note": "Please analyse, not paste."}))
        .await;
    assert_eq!(back["status"], "returned_for_rework");
    // Redone within 2 working days: Christmas Eve, then (past Christmas and the Boxing Day substitute)
    // Tuesday 29 December.
    assert_eq!(back["rework_due_on"], "2026-12-29");
    let p = problem(
        app.post(
            &format!("/v1/information-requests/{school_request}/reviews"),
            &admin,
            &json!({"outcome": "accepted"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["allowed_next_steps"], json!(["submit_return"]));
    app.set_time("2026-12-29T10:00:00Z");
    let v2 = app
        .post_ok(&format!("/v1/information-requests/{school_request}/returns"), &school, &a_return("Attendance fell from October; the school did not link it to the new partner's arrival."))
        .await;
    assert_eq!(v2["version"], 2);
    app.post_ok(
        &format!("/v1/information-requests/{school_request}/reviews"),
        &admin,
        &json!({"outcome": "accepted"}),
    )
    .await;
    let versions = app
        .get_ok(
            &format!("/v1/information-requests/{school_request}/returns"),
            &school,
        )
        .await;
    assert_eq!(versions["items"][0]["review"]["outcome"], "sent_back");
    assert_eq!(
        versions["items"][0]["review"]["reasons"],
        json!(["no_analysis", "pasted_case_notes"])
    );
    assert_eq!(versions["items"][1]["review"]["outcome"], "accepted");

    // The health and local authority partners answer their own requests with their own tokens.
    for (token, request) in [(&icb, &icb_request), (&la, &la_request)] {
        app.post_ok(
            &format!("/v1/information-requests/{request}/returns"),
            token,
            &a_return("Missed developmental check not followed up."),
        )
        .await;
        app.post_ok(
            &format!("/v1/information-requests/{request}/reviews"),
            &admin,
            &json!({"outcome": "accepted"}),
        )
        .await;
    }

    // The composite goes to the subgroup; the three partners give their views.
    app.post_ok(&at("composite"), &admin, &json!({})).await;
    for token in [&la, &police, &icb] {
        app.post_ok(
            &at("subgroup-views"),
            token,
            &json!({"criteria_met": true, "view": "Criteria met."}),
        )
        .await;
    }

    // The meeting falls between working day 7 (Monday 4 January) and 13 (Tuesday 12 January).
    let p = problem(
        app.put(&at("meeting"), &admin, &json!({"date": "2026-12-31"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "date");
    let reason = p["errors"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("2027-01-04") && reason.contains("2027-01-12"),
        "{reason}"
    );
    app.put_ok(&at("meeting"), &admin, &json!({"date": "2027-01-06"}))
        .await;
    let p = problem(
        app.post(
            &at("votes"),
            &la,
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    // The meeting is on 6 January: nothing is recorded of it before that day.
    assert_eq!(
        p["allowed_next_steps"],
        json!([
            "issue_information_requests",
            "record_subgroup_view",
            "schedule_meeting"
        ])
    );
    app.set_time("2027-01-05T14:00:00Z");
    let early = problem(
        app.post(
            &at("meeting/attendance"),
            &admin,
            &json!({"attendees": [{"agency": "LA", "role": "Head of Safeguarding"}]}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        early["detail"].as_str().unwrap().contains("2027-01-06"),
        "{early}"
    );

    app.set_time("2027-01-06T14:00:00Z");
    let held = app
        .post_ok(&at("meeting/attendance"), &admin, &json!({"attendees": [
            {"agency": "LA", "role": "Head of Safeguarding"}, {"agency": "POLICE", "role": "Detective Inspector"},
            {"agency": "ICB", "role": "Designated Nurse"}, {"agency": "SCHOOL", "role": "Headteacher"}]}))
        .await;
    assert_eq!(held["meeting"]["quorate"], true);

    // Only statutory partners vote, each for its own role, once per question.
    let p = problem(
        app.post(
            &at("votes"),
            &school,
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    let school_partner = app.partner(ALPHA, "SCHOOL");
    let p = problem(
        app.post(
            &at("votes"),
            &school_partner,
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "not-a-statutory-partner");
    let p = problem(
        app.post(
            &at("votes"),
            &police,
            &json!({"question": "hold_cspr", "choice": "yes", "statutory_role": "health"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "not-your-role");
    app.post_ok(
        &at("votes"),
        &la,
        &json!({"question": "hold_cspr", "choice": "yes", "rationale": "Learning about infants."}),
    )
    .await;
    let p = problem(
        app.post(
            &at("votes"),
            &la,
            &json!({"question": "hold_cspr", "choice": "no"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "illegal-transition");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("already cast, by LA"),
        "{p}"
    );
    app.post_ok(
        &at("votes"),
        &police,
        &json!({"question": "hold_cspr", "choice": "yes", "statutory_role": "police"}),
    )
    .await;
    // Two agree: the decision may be recorded, and the third partner still has its say.
    let review = app.get_ok(&at("rapid-review"), &admin).await;
    assert_eq!(
        review["next_steps"],
        json!(["cast_vote", "record_decision"])
    );
    app.post_ok(
        &at("votes"),
        &icb,
        &json!({"question": "hold_cspr", "choice": "no", "rationale": "Single-agency learning suffices."}),
    )
    .await;
    let p = problem(
        app.post(
            &at("votes"),
            &icb,
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("every partner has voted"),
        "{p}"
    );
    assert_eq!(p["allowed_next_steps"], json!(["record_decision"]));
    let votes = app.get_ok(&at("votes"), &police).await;
    assert_eq!(votes["items"].as_array().unwrap().len(), 3);

    // A submission before the decision is refused; the decision follows the votes.
    problem(
        app.post(&at("submission"), &admin, &json!({"sent_on": "2027-01-06"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let decided = app
        .post_ok(&at("decision"), &admin, &json!({"rationale": "Two partners found potential for learning.", "immediate_safety_actions": ["Sibling safety plan reviewed."], "immediate_learning": ["Share the bruising protocol."]}))
        .await;
    assert_eq!(decided["decision"]["outcome"], "cspr");
    assert_eq!(decided["status"], "decided");
    let positions: Vec<_> = decided["decision"]["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["statutory_role"].as_str().unwrap(),
                p["position"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        positions,
        [
            ("local_authority", "yes"),
            ("police", "yes"),
            ("health", "no")
        ]
    );

    // Submitted on Thursday 7 January: due Friday 8 (2 working days after the meeting), before day 15.
    app.set_time("2027-01-07T11:00:00Z");
    let submitted = app
        .post_ok(&at("submission"), &admin, &json!({"sent_on": "2027-01-07"}))
        .await;
    assert_eq!(submitted["status"], "submitted");
    let doc = app.get_ok(&at("submission"), &admin).await;
    assert_eq!(doc["reference"], referral["reference"]);
    assert_eq!(doc["decision"]["outcome"], "cspr");
    assert_eq!(doc["returns"].as_array().unwrap().len(), 3);
    assert_eq!(doc["returns"][0]["status"], "accepted");
    assert_eq!(doc["votes"].as_array().unwrap().len(), 3);
    assert_eq!(
        doc["positions"][2]["rationale"],
        "Single-agency learning suffices."
    );
    assert_eq!(doc["meetings"][0]["quorate"], true);

    // The timeline: every due date computed across Christmas, and when each step was done.
    let t = app.get_ok(&at("timeline"), &admin).await;
    let due_done_status = |name: &str| {
        let s = step(&t, name);
        (
            s["due"].as_str().unwrap().to_owned(),
            s["done_on"].as_str().map(str::to_owned),
            s["status"].as_str().unwrap().to_owned(),
        )
    };
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        due_done_status("national_panel_notification"),
        (
            "2026-12-29".into(),
            some("2026-12-22"),
            "done_on_time".into()
        )
    );
    assert_eq!(
        due_done_status("triage"),
        (
            "2026-12-23".into(),
            some("2026-12-21"),
            "done_on_time".into()
        )
    );
    assert_eq!(
        due_done_status("initial_scoping_sent"),
        (
            "2026-12-23".into(),
            some("2026-12-21"),
            "done_on_time".into()
        )
    );
    assert_eq!(
        due_done_status("rapid_review_meeting"),
        (
            "2027-01-12".into(),
            some("2027-01-06"),
            "done_on_time".into()
        )
    );
    assert_eq!(
        due_done_status("decision"),
        (
            "2027-01-06".into(),
            some("2027-01-06"),
            "done_on_time".into()
        )
    );
    assert_eq!(
        due_done_status("submission_to_national_panel"),
        (
            "2027-01-08".into(),
            some("2027-01-07"),
            "done_on_time".into()
        )
    );
    let notification = step(&t, "national_panel_notification");
    assert!(
        notification["rule"]
            .as_str()
            .unwrap()
            .contains("2026-12-20")
    );
    let skipped: Vec<_> = notification["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        [
            "Christmas Day",
            "Saturday",
            "Sunday",
            "Boxing Day (substitute day)"
        ]
    );
    let school_return = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "initial_scoping_return" && s["agency_code"] == "SCHOOL")
        .unwrap();
    assert_eq!(
        (
            school_return["due"].as_str(),
            school_return["done_on"].as_str()
        ),
        (Some("2026-12-30"), Some("2026-12-29")),
        "done when accepted"
    );
    assert_eq!(
        school_return["status"], "done_on_time",
        "its first version came on time"
    );
    let rework = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "initial_scoping_rework")
        .unwrap();
    assert_eq!(
        (
            rework["due"].as_str(),
            rework["done_on"].as_str(),
            rework["status"].as_str()
        ),
        (Some("2026-12-29"), Some("2026-12-29"), Some("done_on_time"))
    );
    assert!(
        t["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["step"] != "delay_notice")
    );

    // Another partnership's tokens find none of it.
    for token in [app.admin(BETA), app.partner(BETA, "POLICE")] {
        for path in [
            "rapid-review",
            "timeline",
            "votes",
            "submission",
            "composite",
            "information-requests",
        ] {
            problem(app.get(&at(path), &token).await, StatusCode::NOT_FOUND).await;
        }
        problem(
            app.get(
                &format!("/v1/information-requests/{school_request}"),
                &token,
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(
            app.get_ok("/v1/information-requests", &token).await["items"],
            json!([])
        );
    }
    for token in [app.agency(BETA, "SCHOOL"), app.partner(BETA, "ICB")] {
        let path = format!("/v1/information-requests/{school_request}/returns");
        problem(
            app.post(&path, &token, &a_return("x")).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let path = format!("/v1/information-requests/{school_request}/reviews");
    problem(
        app.post(&path, &app.admin(BETA), &json!({"outcome": "accepted"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
