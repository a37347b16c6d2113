//! A review moves from establish to monitor once it has its terms and lead reviewer, and from monitor to
//! finalise once the panel has met and no information asked of agencies is outstanding.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::a_return_secured,
    terms_of_reference::{commissioned_review, terms},
};

#[tokio::test]
async fn a_review_moves_to_monitor_then_to_finalise_when_what_each_needs_is_there() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let at = |path: &str| format!("/v1/reviews/{id}/{path}");
    let to = |stage: &str| json!({"stage": stage});

    let p = problem(
        app.post(&at("stage"), &admin, &to("monitor")).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("terms of reference and its lead reviewer")
    );
    app.post_ok(&at("terms-of-reference"), &admin, &terms(&["LA"]))
        .await;
    app.post_ok(
        &at("team"),
        &admin,
        &json!({"subject": "reviewer-ann", "role": "lead_reviewer", "name": "Dr A. Reviewer", "independent_of_case": true}),
    )
    .await;
    // Others may not move it; another partnership finds no review.
    let p = problem(
        app.post(&at("stage"), &app.partner(ALPHA, "LA"), &to("monitor"))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    problem(
        app.post(&at("stage"), &app.admin(BETA), &to("monitor"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let monitoring = app.post_ok(&at("stage"), &admin, &to("monitor")).await;
    assert_eq!(monitoring["stage"], "monitor");

    // Finalise waits for the panel to meet and for every request to be accepted.
    let imr = app
        .post_ok(
            &at("information-requests"),
            &admin,
            &json!({"kind": "imr", "due_on": "2026-09-30"}),
        )
        .await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let p = problem(
        app.post(&at("stage"), &admin, &to("finalise")).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("panel has not met"));
    app.post_ok(
        &at("panel-meetings"),
        &admin,
        &json!({"held_on": "2026-08-31", "present": ["reviewer-ann"], "immediate_action_required": false}),
    )
    .await;
    let p = problem(
        app.post(&at("stage"), &admin, &to("finalise")).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("not yet accepted"));
    let la = app.partner(ALPHA, "LA");
    let request = |path: &str| format!("/v1/information-requests/{imr}/{path}");
    app.post_ok(
        &request("returns"),
        &la,
        &a_return_secured("Analysed.", "2026-08-31"),
    )
    .await;
    app.post_ok(
        &request("sign-off"),
        &la,
        &json!({"chief_officer": "Director of Children's Services", "signed_off_on": "2026-08-31"}),
    )
    .await;
    app.post_ok(&request("reviews"), &admin, &json!({"outcome": "accepted"}))
        .await;
    let finalising = app.post_ok(&at("stage"), &admin, &to("finalise")).await;
    assert_eq!(finalising["stage"], "finalise");
    let p = problem(
        app.post(&at("stage"), &admin, &to("monitor")).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "finalise");
    assert_eq!(
        app.get_ok(&format!("/v1/reviews/{id}"), &admin).await["stage"],
        "finalise"
    );
}
