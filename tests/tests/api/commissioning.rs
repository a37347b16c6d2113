//! Commissioning: the methodology, and an alternative review's arrangements reported to the subgroup;
//! it moves the review to `establish`, once.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::decided_review,
};

#[tokio::test]
async fn a_cspr_is_commissioned_once_with_its_methodology_and_moves_to_establish() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "cspr").await;
    let (admin, path) = (app.admin(ALPHA), format!("/v1/reviews/{id}/commissioning"));
    problem(app.get(&path, &admin).await, StatusCode::NOT_FOUND).await;

    let p = problem(
        app.post(&path, &admin, &json!({"methodology": "other"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "methodology_note");
    let recorded = app
        .post_ok(
            &path,
            &admin,
            &json!({"methodology": "systems_learning_together",
            "methodology_note": "Learning Together, with a practitioner workshop in week 6."}),
        )
        .await;
    assert_eq!(recorded["methodology"], "systems_learning_together");
    assert_eq!(
        app.get_ok(&format!("/v1/reviews/{id}"), &admin).await["stage"],
        "establish"
    );
    assert_eq!(
        app.get_ok(&path, &app.partner(ALPHA, "POLICE")).await["methodology"],
        "systems_learning_together"
    );
    let p = problem(
        app.post(&path, &admin, &json!({"methodology": "peer_review"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "illegal-transition");
    assert_eq!(p["state"], "establish");
    let q = app
        .graphql(
            &admin,
            &format!("{{ reviewCommissioning(reviewId: \"{id}\") {{ methodology }} }}"),
        )
        .await;
    assert_eq!(
        q["data"]["reviewCommissioning"]["methodology"],
        "SYSTEMS_LEARNING_TOGETHER"
    );
}

#[tokio::test]
async fn an_alternative_review_records_its_arrangements_reported_to_the_subgroup() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "alternative").await;
    let (admin, path) = (app.admin(ALPHA), format!("/v1/reviews/{id}/commissioning"));
    let p = problem(
        app.post(
            &path,
            &admin,
            &json!({"methodology": "reflective_learning_workshop"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["arrangements", "reported_to_subgroup_on"]);
    app.post_ok(&path, &admin, &json!({"methodology": "reflective_learning_workshop",
        "arrangements": "Chaired by the subgroup chair; a workshop in October; report to the subgroup in November.",
        "reported_to_subgroup_on": "2026-08-31"}))
        .await;
}

#[tokio::test]
async fn commissioning_is_the_business_teams_and_another_partnership_finds_no_review() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/commissioning");
    let body = json!({"methodology": "peer_review"});
    for token in [
        app.partner(ALPHA, "LA"),
        app.agency(ALPHA, "SCHOOL"),
        app.token(ALPHA, &["lead_reviewer"], None),
    ] {
        let p = problem(app.post(&path, &token, &body).await, StatusCode::FORBIDDEN).await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    problem(
        app.post(&path, &app.admin(BETA), &body).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    app.post_ok(&path, &app.admin(ALPHA), &body).await;
    problem(
        app.get(&path, &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&path, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // Audited.
    let events = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=commissioning&resource_id={id}"),
            &app.admin(ALPHA),
        )
        .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_cspr_owes_its_commissioning_and_its_reviewers_name_to_the_panel_dfe_and_ofsted_once_each()
 {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = decided_review(&app, "cspr").await;
    let admin = app.admin(ALPHA);
    let path = format!("/v1/reviews/{id}/notifications");
    let owed = |v: &serde_json::Value| -> Vec<String> {
        v["owed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(owed(&app.get_ok(&path, &admin).await).is_empty());

    app.post_ok(
        &format!("/v1/reviews/{id}/commissioning"),
        &admin,
        &json!({"methodology": "peer_review"}),
    )
    .await;
    let listed = app.get_ok(&path, &admin).await;
    assert_eq!(
        owed(&listed),
        [
            "commissioning_national_panel",
            "commissioning_department_for_education",
            "commissioning_ofsted"
        ]
    );
    assert_eq!(listed["owed"][2]["recipient"], "SCR.SIN@ofsted.gov.uk");

    // Not owed yet: the reviewer's name, before a lead reviewer is appointed.
    let p = problem(
        app.post(
            &path,
            &admin,
            &json!({"kind": "reviewer_named_ofsted", "sent_on": "2026-08-31"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["allowed_next_steps"].as_array().unwrap().len(), 3);
    let sent = app
        .post_ok(&path, &admin, &json!({"kind": "commissioning_ofsted", "sent_on": "2026-08-31", "reference": "SIN-77"}))
        .await;
    assert_eq!(sent["recipient"], "SCR.SIN@ofsted.gov.uk");
    problem(
        app.post(
            &path,
            &admin,
            &json!({"kind": "commissioning_ofsted", "sent_on": "2026-08-31"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    let p = problem(
        app.post(
            &path,
            &admin,
            &json!({"kind": "commissioning_national_panel", "sent_on": "2026-09-01"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "sent_on");

    app.post_ok(
        &format!("/v1/reviews/{id}/team"),
        &admin,
        &json!({"subject": "reviewer-ann",
        "role": "lead_reviewer", "name": "Dr A. Reviewer", "independent_of_case": true}),
    )
    .await;
    let listed = app.get_ok(&path, &app.partner(ALPHA, "POLICE")).await;
    assert_eq!(owed(&listed).len(), 5);
    assert_eq!(listed["sent"].as_array().unwrap().len(), 1);

    // The business team's to record; another partnership finds no review.
    let body = json!({"kind": "commissioning_national_panel", "sent_on": "2026-08-31"});
    let p = problem(
        app.post(&path, &app.partner(ALPHA, "LA"), &body).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    problem(
        app.post(&path, &app.admin(BETA), &body).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&path, &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&path, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}
