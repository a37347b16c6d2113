//! Practitioner events: the reflective learning workshop with notice and a briefing, its outcome once
//! held, and the feedback event after it.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    terms_of_reference::commissioned_review,
};

#[tokio::test]
async fn a_workshop_with_notice_and_a_briefing_then_its_outcome_then_the_feedback_event() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/practitioner-events");
    app.set_time("2026-09-20T10:00:00Z");

    let workshop = json!({"kind": "reflective_learning_workshop", "held_on": "2026-10-20",
        "invitations_requested_on": "2026-09-10", "invitations_sent_on": "2026-09-20",
        "briefing_sent": true, "invited": 12});
    let mut short_notice = workshop.clone();
    short_notice["held_on"] = json!("2026-09-30");
    short_notice["briefing_sent"] = json!(false);
    let p = problem(
        app.post(&path, &admin, &short_notice).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let named: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["held_on", "briefing_sent"]);
    let first = app.post_ok(&path, &admin, &workshop).await;
    assert_eq!(first["number"], 1);
    assert!(first["attended"].is_null());

    // No outcome before it is held; no feedback event before the workshop.
    let outcome = json!({"attended": 9, "one_to_one_conversations": 3, "agencies_attending": ["LA", "POLICE"]});
    problem(
        app.post(&format!("{path}/1/outcome"), &admin, &outcome)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let feedback = json!({"kind": "feedback_event", "held_on": "2026-10-15",
        "invitations_sent_on": "2026-09-20", "briefing_sent": false, "invited": 12});
    problem(
        app.post(&path, &admin, &feedback).await,
        StatusCode::CONFLICT,
    )
    .await;

    app.set_time("2026-10-20T17:00:00Z");
    let mut too_many = outcome.clone();
    too_many["attended"] = json!(13);
    let p = problem(
        app.post(&format!("{path}/1/outcome"), &admin, &too_many)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "attended");
    let held = app
        .post_ok(&format!("{path}/1/outcome"), &admin, &outcome)
        .await;
    assert_eq!(held["attended"], 9);
    assert_eq!(held["agencies_attending"], json!(["LA", "POLICE"]));
    problem(
        app.post(&format!("{path}/1/outcome"), &admin, &outcome)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    problem(
        app.post(&format!("{path}/7/outcome"), &admin, &outcome)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let mut feedback = feedback;
    feedback["held_on"] = json!("2026-12-01");
    feedback["invitations_sent_on"] = json!("2026-10-20");
    let second = app.post_ok(&path, &admin, &feedback).await;
    assert_eq!(second["number"], 2);
    let q = app
        .graphql(
            &admin,
            &format!("{{ practitionerEvents(reviewId: \"{id}\") {{ items {{ number kind attended }} }} }}"),
        )
        .await;
    let items = q["data"]["practitionerEvents"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["attended"], 9);
    assert_eq!(items[1]["kind"], "FEEDBACK_EVENT");
}

#[tokio::test]
async fn practitioner_events_are_recorded_only_by_those_who_run_the_review_in_its_partnership() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/practitioner-events");
    let body = json!({"kind": "feedback_event", "held_on": "2026-09-30",
        "invitations_sent_on": "2026-08-31", "briefing_sent": false, "invited": 4});
    for token in [app.partner(ALPHA, "LA"), app.agency(ALPHA, "SCHOOL")] {
        let p = problem(app.post(&path, &token, &body).await, StatusCode::FORBIDDEN).await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    let stranger = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [stranger, app.admin(BETA)] {
        problem(app.post(&path, &token, &body).await, StatusCode::NOT_FOUND).await;
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
        problem(
            app.post(
                &format!("{path}/1/outcome"),
                &token,
                &json!({"attended": 1, "one_to_one_conversations": 0}),
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    problem(
        app.post(
            &format!("{path}/first/outcome"),
            &app.admin(ALPHA),
            &json!({"attended": 1, "one_to_one_conversations": 0}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let listed = app.get_ok(&path, &app.admin(ALPHA)).await;
    assert!(listed["items"].as_array().unwrap().is_empty());
}
