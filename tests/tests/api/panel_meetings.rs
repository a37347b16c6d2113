//! Panel meetings: each answers whether immediate action is required; the record is case material.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::decided_review,
};

#[tokio::test]
async fn each_meeting_records_the_immediate_action_question_and_team_members_read_it_once_declared()
{
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = decided_review(&app, "cspr").await;
    let admin = app.admin(ALPHA);
    let path = format!("/v1/reviews/{id}/panel-meetings");
    let meeting = json!({"held_on": "2026-08-31", "present": ["reviewer-ann"], "immediate_action_required": true,
        "immediate_actions": ["Remind schools to share attendance concerns with children's social care the same day."],
        "messages_to_workforce": ["Seven-minute briefing on neglect and absence."]});

    // Not before the review is commissioned.
    let p = problem(
        app.post(&path, &admin, &meeting).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "commissioning");
    app.post_ok(
        &format!("/v1/reviews/{id}/commissioning"),
        &admin,
        &json!({"methodology": "peer_review"}),
    )
    .await;
    // Only the team attends.
    let p = problem(
        app.post(&path, &admin, &meeting).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "present[0]");
    app.post_ok(
        &format!("/v1/reviews/{id}/team"),
        &admin,
        &json!({"subject": "reviewer-ann",
        "role": "lead_reviewer", "name": "Dr A. Reviewer", "independent_of_case": true}),
    )
    .await;
    let first = app.post_ok(&path, &admin, &meeting).await;
    assert_eq!(first["number"], 1);
    let p = problem(
        app.post(&path, &admin, &json!({"held_on": "2026-08-31", "present": ["reviewer-ann"], "immediate_action_required": true})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "immediate_actions");
    let second = app
        .post_ok(&path, &admin, &json!({"held_on": "2026-08-31", "present": ["reviewer-ann"], "immediate_action_required": false}))
        .await;
    assert_eq!(second["number"], 2);

    // Case material: the lead reviewer reads it after her declarations.
    let ann = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let p = problem(app.get(&path, &ann).await, StatusCode::FORBIDDEN).await;
    assert_eq!(p["code"], "declaration-required");
    app.post_ok(
        &format!("/v1/reviews/{id}/declarations"),
        &ann,
        &json!({"confidentiality_signed_on": "2026-08-31"}),
    )
    .await;
    let listed = app.get_ok(&path, &ann).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed["items"][0]["immediate_action_required"], true);

    // The business team records; others are refused; another partnership finds no review.
    let p = problem(
        app.post(&path, &app.partner(ALPHA, "LA"), &meeting).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    problem(
        app.get(&path, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.post(&path, &app.admin(BETA), &meeting).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&path, &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn a_parallel_process_is_recorded_and_pausing_the_review_for_it_needs_a_reason() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = decided_review(&app, "cspr").await;
    let admin = app.admin(ALPHA);
    let path = format!("/v1/reviews/{id}/parallel-processes");
    let trial = json!({"kind": "criminal_investigation", "reference": "OP-HAWTHORN",
        "status": "Charged; trial listed for March.", "contact": "DCI Shaw, SIO", "publication_waits": true});
    app.post_ok(&path, &admin, &trial).await;
    let mut paused = trial.clone();
    paused["pauses_review"] = json!(true);
    let p = problem(
        app.post(&path, &admin, &paused).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "pause_reason");
    paused["kind"] = json!("coroners_inquest");
    paused["pause_reason"] =
        json!("The coroner asks that the family is not approached before the inquest.");
    app.post_ok(&path, &admin, &paused).await;
    let listed = app.get_ok(&path, &app.partner(ALPHA, "POLICE")).await;
    let kinds: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["criminal_investigation", "coroners_inquest"]);
    assert_eq!(listed["items"][0]["publication_waits"], true);

    let p = problem(
        app.post(&path, &app.partner(ALPHA, "LA"), &trial).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    problem(
        app.get(&path, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.post(&path, &app.admin(BETA), &trial).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&path, &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
