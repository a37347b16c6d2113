//! The cases the Referral Form holds besides a serious incident in the partnership's own area, reported
//! the day it happens: a referral keyed in days after it arrived, a near miss, a child perpetrator, and an
//! incident in another authority's area.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, TestApp, problem},
    rapid_review::{referral_at, step},
};

#[tokio::test]
async fn a_referral_keyed_in_three_days_after_it_was_received_counts_every_clock_from_receipt() {
    // Thursday 5 March 2026; the e-mailed form arrived on Monday 2 March.
    let app = TestApp::spawn_at("2026-03-05T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let mut body = referral_at("2026-02-26", "2026-02-27", &["LA"]);
    body["received_on"] = json!("2026-03-06");
    let p = problem(
        app.post("/v1/referrals", &app.agency(ALPHA, "SCHOOL"), &body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "received_on");
    body["received_on"] = json!("2026-03-02");
    let referral = app.create_referral(ALPHA, "SCHOOL", &body).await;
    assert_eq!(referral["received_on"], "2026-03-02");
    let id = referral["id"].as_str().unwrap().to_owned();
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    app.post_ok(
        &at("triage"),
        &admin,
        &json!({"criteria_met": true, "reasons": "Abuse suspected."}),
    )
    .await;

    // Triage and scoping were due on Wednesday 4 March (received + 2), so both are late today.
    let t = app.get_ok(&at("timeline"), &admin).await;
    assert_eq!(step(&t, "triage")["due"], "2026-03-04");
    assert_eq!(step(&t, "triage")["status"], "done_late");
    assert_eq!(step(&t, "initial_scoping_sent")["status"], "overdue");
    // The meeting window is working days 7 to 13 after receipt: 11 to 19 March, not 16 to 24.
    assert_eq!(step(&t, "rapid_review_meeting")["due"], "2026-03-19");
    app.put_ok(&at("meeting"), &admin, &json!({"date": "2026-03-11"}))
        .await;
    let p = problem(
        app.move_meeting(&id, &admin, &json!({"date": "2026-03-20"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("received on 2026-03-02"),
        "{p}"
    );
}

#[tokio::test]
async fn a_near_miss_referral_never_enters_the_rapid_review() {
    let app = TestApp::spawn_at("2026-03-05T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let mut body = referral_at("2026-03-03", "2026-03-04", &["LA"]);
    body["harm"] = json!("no_serious_harm");
    let p = problem(
        app.post("/v1/referrals", &app.agency(ALPHA, "SCHOOL"), &body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "harm", "a serious incident needs serious harm");
    body["kind"] = json!("near_miss");
    let referral = app.create_referral(ALPHA, "SCHOOL", &body).await;
    assert_eq!(referral["kind"], "near_miss");
    let id = referral["id"].as_str().unwrap().to_owned();
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");

    let review = app.get_ok(&at("rapid-review"), &admin).await;
    assert_eq!(review["next_steps"], json!(["record_triage"]));
    let p = problem(
        app.post(
            &at("notifications"),
            &admin,
            &json!({"kind": "national_panel_serious_incident", "sent_on": "2026-03-05"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("not a serious incident"),
        "{p}"
    );
    let p = problem(
        app.post(
            &at("triage"),
            &admin,
            &json!({"criteria_met": true, "reasons": "Send it to a Rapid Review."}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "criteria_met");
    let routed = app
        .post_ok(
            &at("triage"),
            &admin,
            &json!({"criteria_met": false, "outcome_if_not_met": "alternative_learning_review", "reasons": "A near miss with multi-agency learning."}),
        )
        .await;
    assert_eq!(routed["status"], "alternative_learning_review");
    let t = app.get_ok(&at("timeline"), &admin).await;
    let steps: Vec<_> = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["triage"],
        "no Panel notification, no Rapid Review clock"
    );
    // The alternative learning review opens with the triage, due (ideally) three months on.
    let opened = app
        .get_ok(&format!("/v1/reviews?referral_id={id}"), &admin)
        .await;
    let review = &opened["items"][0];
    assert_eq!(review["kind"], "alternative_learning_review");
    assert_eq!(review["stage"], "commissioning");
    assert_eq!(review["decided_on"], "2026-03-05");
    assert_eq!(review["due_on"], "2026-06-05");
}

#[tokio::test]
async fn a_child_perpetrator_is_recorded_beside_the_child_harmed() {
    let app = TestApp::spawn_at("2026-03-05T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let mut body = referral_at("2026-03-03", "2026-03-04", &["LA"]);
    let child = |pseudonym: &str, role: &str| {
        json!({"pseudonym": pseudonym, "role": role, "age_years": 15, "sex": "male", "looked_after": false,
               "child_protection_plan": false, "local_authority": "Alphashire County Council"})
    };
    body["children"] = json!([
        child("Child A", "subject"),
        child("Child B", "child_perpetrator")
    ]);
    let referral = app.create_referral(ALPHA, "SCHOOL", &body).await;
    assert_eq!(referral["children"][1]["role"], "child_perpetrator");
    let read = app
        .get_ok(
            &format!("/v1/referrals/{}", referral["id"].as_str().unwrap()),
            &app.admin(ALPHA),
        )
        .await;
    assert_eq!(read["children"][0]["role"], "subject");

    body["children"] = json!([child("Child A", "sibling")]);
    let p = problem(
        app.post("/v1/referrals", &app.agency(ALPHA, "SCHOOL"), &body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "children");
}

#[tokio::test]
async fn an_incident_in_another_authoritys_area_shows_the_panel_notification_as_its_duty() {
    let app = TestApp::spawn_at("2026-03-05T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let mut body = referral_at("2026-03-03", "2026-03-04", &["LA"]);
    body["incident_place"] = json!({"in_england": true, "in_partnership_area": false,
        "child_resident_in_partnership_area": true});
    let p = problem(
        app.post("/v1/referrals", &app.agency(ALPHA, "SCHOOL"), &body)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "incident_place.local_authority");
    body["incident_place"]["local_authority"] = json!("Norfolk County Council");
    let referral = app.create_referral(ALPHA, "SCHOOL", &body).await;
    assert_eq!(
        referral["incident_place"]["panel_notification_by"],
        "Norfolk County Council"
    );
    let id = referral["id"].as_str().unwrap();
    let t = app
        .get_ok(&format!("/v1/referrals/{id}/timeline"), &admin)
        .await;
    let panel = step(&t, "national_panel_notification");
    assert_eq!(panel["status"], "another_authority");
    assert!(
        panel["rule"]
            .as_str()
            .unwrap()
            .contains("Norfolk County Council")
    );
    let overdue = app.get_ok("/v1/deadlines?status=due", &admin).await;
    assert!(
        overdue["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["step"] != "national_panel_notification"),
        "not ours to chase"
    );
    problem(
        app.post(
            &format!("/v1/referrals/{id}/notifications"),
            &admin,
            &json!({"kind": "national_panel_serious_incident", "sent_on": "2026-03-05"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
}
