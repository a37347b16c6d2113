//! The Rapid Review's other paths: across Easter with a late meeting and a delay notice, triage that closes
//! a referral, a looked-after child's death, the overdue list, and every route's refusals.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::{a_return_secured, referral_at, request_for, step},
};

async fn to_quorate_meeting(app: &TestApp, id: &str, date: &str, reason: Option<&str>) {
    let admin = app.admin(ALPHA);
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    let mut body = json!({"date": date});
    if let Some(r) = reason {
        body["outside_window_reason"] = json!(r);
    }
    app.put_ok(&at("meeting"), &admin, &body).await;
    let attendees = json!({"attendees": [
        {"agency": "LA", "role": "Head of Service"}, {"agency": "POLICE", "role": "DI"}, {"agency": "ICB", "role": "Designated Nurse"}]});
    app.post_ok(&at("meeting/attendance"), &admin, &attendees)
        .await;
}

#[tokio::test]
async fn a_referral_received_before_easter_is_decided_late_and_submitted_with_a_delay_notice() {
    // Tuesday 31 March 2026; Good Friday is 3 April and Easter Monday 6 April.
    let app = TestApp::spawn_at("2026-03-31T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let (la, police, icb) = (
        app.partner(ALPHA, "LA"),
        app.partner(ALPHA, "POLICE"),
        app.partner(ALPHA, "ICB"),
    );
    let referral = app
        .post_ok(
            "/v1/referrals",
            &app.agency(ALPHA, "SCHOOL"),
            &referral_at("2026-03-28", "2026-03-30", &["SCHOOL", "LA"]),
        )
        .await;
    let id = referral["id"].as_str().unwrap().to_owned();
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    app.post_ok(
        &at("triage"),
        &admin,
        &json!({"criteria_met": true, "reasons": "Neglect suspected."}),
    )
    .await;
    let sent = app
        .post_ok(
            &at("information-requests"),
            &admin,
            &json!({"kind": "initial_scoping", "agencies": ["SCHOOL", "LA"]}),
        )
        .await;
    // Sent Tuesday 31 March: 5 working days skip Good Friday, the weekend and Easter Monday.
    assert_eq!(sent["items"][0]["due_on"], "2026-04-09");
    let school_request = request_for(&sent, "SCHOOL");
    app.set_time("2026-04-01T09:00:00Z");
    app.post_ok(
        &format!("/v1/information-requests/{school_request}/returns"),
        &app.agency(ALPHA, "SCHOOL"),
        &a_return_secured("Attendance concerns were not shared.", "2026-04-01"),
    )
    .await;

    // Working days 7 to 13 after receipt are 13 to 21 April; the police partner cannot meet until the 23rd.
    let p = problem(
        app.put(&at("meeting"), &admin, &json!({"date": "2026-04-23"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let reason = p["errors"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("2026-04-13") && reason.contains("2026-04-21"),
        "{reason}"
    );
    app.set_time("2026-04-23T15:00:00Z");
    to_quorate_meeting(
        &app,
        &id,
        "2026-04-23",
        Some("The police partner was at a murder trial."),
    )
    .await;

    // Two say no to a CSPR; only then is the alternative review put, and two say yes to it.
    let p = problem(
        app.post(
            &at("votes"),
            &la,
            &json!({"question": "hold_alternative_review", "choice": "yes"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "illegal-transition");
    for token in [&la, &police] {
        app.post_ok(
            &at("votes"),
            token,
            &json!({"question": "hold_cspr", "choice": "no"}),
        )
        .await;
    }
    for token in [&la, &icb] {
        app.post_ok(
            &at("votes"),
            token,
            &json!({"question": "hold_alternative_review", "choice": "yes"}),
        )
        .await;
    }
    let decided = app
        .post_ok(
            &at("decision"),
            &admin,
            &json!({"rationale": "Single-agency learning; a reflective workshop will serve."}),
        )
        .await;
    assert_eq!(
        decided["decision"]["outcome"],
        "alternative_learning_review"
    );

    // Day 15 after awareness (Monday 30 March) is Wednesday 22 April: already past, so a delay notice first.
    let p = problem(
        app.post(&at("submission"), &admin, &json!({"sent_on": "2026-04-23"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("2026-04-22"), "{p}");
    assert!(
        p["allowed_next_steps"]
            .as_array()
            .unwrap()
            .contains(&json!("record_delay_notice"))
    );
    app.post_ok(&at("delay-notice"), &admin, &json!({"reasons": "The meeting could not be quorate before the 23rd.", "expected_on": "2026-04-24"})).await;
    app.set_time("2026-04-24T10:00:00Z");
    app.post_ok(&at("submission"), &admin, &json!({"sent_on": "2026-04-24"}))
        .await;
    // The Panel is told of both, through the outbox: the delay with the date to expect the decision.
    let outbox = app.get_ok("/v1/outbox", &admin).await;
    let panel: Vec<Value> = outbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["recipient"] == "national_panel")
        .map(|m| serde_json::from_str(m["payload"].as_str().unwrap()).unwrap())
        .collect();
    let delay = panel
        .iter()
        .find(|p| p["type"] == "rapid_review.delay_notice")
        .unwrap();
    assert_eq!(delay["data"]["expected_on"], "2026-04-24");
    assert!(panel.iter().any(|p| p["type"] == "rapid_review.submitted"));

    let t = app.get_ok(&at("timeline"), &admin).await;
    assert_eq!(step(&t, "rapid_review_meeting")["due"], "2026-04-21");
    assert_eq!(step(&t, "rapid_review_meeting")["status"], "done_late");
    let submission = step(&t, "submission_to_national_panel");
    assert_eq!(
        (submission["due"].as_str(), submission["status"].as_str()),
        (Some("2026-04-22"), Some("done_late"))
    );
    let skipped: Vec<_> = submission["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["reason"] == "bank_holiday")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["Good Friday", "Easter Monday"]);
    let delay = step(&t, "delay_notice");
    assert_eq!(
        (
            delay["due"].as_str(),
            delay["done_on"].as_str(),
            delay["status"].as_str()
        ),
        (Some("2026-04-22"), Some("2026-04-23"), Some("done_late"))
    );
    // The school's return came on time but was never judged: neither done nor overdue.
    let school_return = step(&t, "initial_scoping_return");
    assert_eq!(
        (
            school_return["status"].as_str(),
            school_return["done_on"].as_str()
        ),
        (Some("due"), None)
    );
    let la_return = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "initial_scoping_return" && s["agency_code"] == "LA")
        .unwrap();
    assert_eq!(la_return["status"], "overdue", "the LA never answered");
}

#[tokio::test]
async fn triage_that_finds_the_criteria_not_met_closes_the_referral() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let r = app
        .create_referral(
            ALPHA,
            "LA",
            &referral_at("2026-11-02", "2026-11-03", &["LA"]),
        )
        .await;
    let id = r["id"].as_str().unwrap();
    let p = problem(
        app.post(
            &format!("/v1/referrals/{id}/triage"),
            &admin,
            &json!({"criteria_met": false, "reasons": "Accident."}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "outcome_if_not_met");
    let closed = app.post_ok(&format!("/v1/referrals/{id}/triage"), &admin, &json!({"criteria_met": false, "outcome_if_not_met": "close", "reasons": "Accidental injury; no abuse or neglect."})).await;
    assert_eq!(closed["status"], "closed");
    let p = problem(
        app.post(
            &format!("/v1/referrals/{id}/information-requests"),
            &admin,
            &json!({"kind": "initial_scoping"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "closed");
    let list: Value = app.get_ok("/v1/referrals?status=closed", &admin).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_looked_after_childs_death_adds_the_ofsted_and_secretary_of_state_notifications() {
    let app = TestApp::spawn_at("2026-06-01T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let mut body = referral_at("2026-05-29", "2026-05-29", &["LA"]);
    body["harm"] = json!("death");
    body["children"][0]["looked_after"] = json!(true);
    let r = app.create_referral(ALPHA, "LA", &body).await;
    let id = r["id"].as_str().unwrap();
    app.post_ok(
        &format!("/v1/referrals/{id}/notifications"),
        &admin,
        &json!({"kind": "ofsted_looked_after_death", "sent_on": "2026-06-01"}),
    )
    .await;
    let t = app
        .get_ok(&format!("/v1/referrals/{id}/timeline"), &admin)
        .await;
    // Aware Friday 29 May 2026: 5 working days later is Friday 5 June.
    assert_eq!(step(&t, "ofsted_notification")["status"], "done_on_time");
    assert_eq!(
        step(&t, "secretary_of_state_notification")["due"],
        "2026-06-05"
    );
    assert_eq!(step(&t, "secretary_of_state_notification")["status"], "due");
}

#[tokio::test]
async fn the_overdue_list_names_each_late_step_across_the_partnership() {
    let app = TestApp::spawn_at("2026-06-01T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let r = app
        .create_referral(
            ALPHA,
            "SCHOOL",
            &referral_at("2026-05-28", "2026-05-29", &["LA"]),
        )
        .await;
    app.set_time("2026-06-10T09:00:00Z");
    let admin = app.admin(ALPHA);
    let list = app.get_ok("/v1/deadlines?status=overdue", &admin).await;
    let steps: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "triage",
            "initial_scoping_sent",
            "national_panel_notification"
        ]
    );
    assert_eq!(list["items"][0]["reference"], r["reference"]);
    assert_eq!(list["as_of"], "2026-06-10");
    let due = app.get_ok("/v1/deadlines?status=due", &admin).await;
    assert!(
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "due")
    );
    // The referring agency sees its own referral's deadlines; another agency and another partnership none.
    assert_eq!(
        app.get_ok("/v1/deadlines", &app.agency(ALPHA, "SCHOOL"))
            .await["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        app.get_ok("/v1/deadlines", &app.agency(ALPHA, "HOSPITAL"))
            .await["items"],
        json!([])
    );
    assert_eq!(
        app.get_ok("/v1/deadlines", &app.admin(BETA)).await["items"],
        json!([])
    );
    problem(
        app.get("/v1/deadlines", &app.token(ALPHA, &["reporting"], None))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

/// Every step route: the wrong role is forbidden and another partnership's admin finds nothing.
#[tokio::test]
async fn every_rapid_review_route_refuses_the_wrong_role_and_another_partnership() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let r = app
        .create_referral(
            ALPHA,
            "LA",
            &referral_at("2026-11-02", "2026-11-03", &["LA"]),
        )
        .await;
    let id = r["id"].as_str().unwrap();
    let admin_only: Vec<(&str, String, Value)> = vec![
        (
            "POST",
            format!("/v1/referrals/{id}/triage"),
            json!({"criteria_met": true, "reasons": "x"}),
        ),
        (
            "POST",
            format!("/v1/referrals/{id}/notifications"),
            json!({"kind": "national_panel_serious_incident", "sent_on": "2026-11-04"}),
        ),
        (
            "POST",
            format!("/v1/referrals/{id}/information-requests"),
            json!({"kind": "initial_scoping"}),
        ),
        ("POST", format!("/v1/referrals/{id}/composite"), json!({})),
        (
            "PUT",
            format!("/v1/referrals/{id}/meeting"),
            json!({"date": "2026-11-20"}),
        ),
        (
            "POST",
            format!("/v1/referrals/{id}/meeting/attendance"),
            json!({"attendees": [{"agency": "LA", "role": "x"}]}),
        ),
        (
            "POST",
            format!("/v1/referrals/{id}/decision"),
            json!({"rationale": "x"}),
        ),
        (
            "POST",
            format!("/v1/referrals/{id}/delay-notice"),
            json!({"reasons": "x", "expected_on": "2026-12-31"}),
        ),
        (
            "POST",
            format!("/v1/referrals/{id}/submission"),
            json!({"sent_on": "2026-11-20"}),
        ),
    ];
    let send = |method: &str, path: &str, token: &str, body: &Value| {
        app.client
            .request(method.parse().unwrap(), app.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
    };
    for (method, path, body) in &admin_only {
        for token in [
            app.agency(ALPHA, "LA"),
            app.partner(ALPHA, "POLICE"),
            app.token(ALPHA, &["reporting"], None),
        ] {
            let res = send(method, path, &token, body).await.unwrap();
            assert_eq!(
                problem(res, StatusCode::FORBIDDEN).await["code"],
                "role-not-permitted",
                "{method} {path}"
            );
        }
        let res = send(method, path, &app.admin(BETA), body).await.unwrap();
        assert_eq!(
            problem(res, StatusCode::NOT_FOUND).await["code"],
            "not-found",
            "{method} {path}"
        );
    }
    let vote = json!({"question": "hold_cspr", "choice": "yes"});
    let res = app
        .post(
            &format!("/v1/referrals/{id}/votes"),
            &app.partner(BETA, "POLICE"),
            &vote,
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let view = json!({"criteria_met": true, "view": "x"});
    let res = app
        .post(
            &format!("/v1/referrals/{id}/subgroup-views"),
            &app.partner(BETA, "POLICE"),
            &view,
        )
        .await;
    problem(res, StatusCode::NOT_FOUND).await;
    let res = app
        .post(
            &format!("/v1/referrals/{id}/subgroup-views"),
            &app.token(ALPHA, &["board"], Some("LA")),
            &view,
        )
        .await;
    problem(res, StatusCode::FORBIDDEN).await;
    // Reads: an agency neither referring nor asked finds nothing; reporting and the board are refused.
    for path in [
        "rapid-review",
        "timeline",
        "votes",
        "composite",
        "information-requests",
    ] {
        let path = format!("/v1/referrals/{id}/{path}");
        let res = app.get(&path, &app.agency(ALPHA, "HOSPITAL")).await;
        assert_eq!(
            problem(res, StatusCode::NOT_FOUND).await["code"],
            "not-found",
            "{path}"
        );
        for role in ["reporting", "board"] {
            let res = app.get(&path, &app.token(ALPHA, &[role], Some("LA"))).await;
            problem(res, StatusCode::FORBIDDEN).await;
        }
    }
    // The submission document holds every agency's return: no agency reads it, not even the referrer.
    let path = format!("/v1/referrals/{id}/submission");
    for token in [app.agency(ALPHA, "HOSPITAL"), app.agency(ALPHA, "LA")] {
        let res = app.get(&path, &token).await;
        assert_eq!(
            problem(res, StatusCode::FORBIDDEN).await["code"],
            "role-not-permitted"
        );
    }
}
