//! Delays: recorded as they arise; one that projects the report past six months from the decision owes
//! the National Panel and the Secretary of State the reasons.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    terms_of_reference::commissioned_review,
};

fn delay(cause: &str, projected: &str) -> Value {
    json!({"cause": cause, "reason": "The police ask that key witnesses are not approached before the trial.",
           "projected_completion": projected, "considered_by_subgroup_on": "2026-10-01"})
}

fn owed(notifications: &Value) -> Vec<String> {
    notifications["owed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_delay_past_six_months_owes_the_national_panel_and_the_secretary_of_state_its_reasons() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let (path, notices) = (
        format!("/v1/reviews/{id}/delays"),
        format!("/v1/reviews/{id}/notifications"),
    );
    app.set_time("2026-10-01T10:00:00Z");

    // A delay that still completes within six months (due 28 February 2027) owes nothing new.
    app.post_ok(&path, &admin, &delay("police_request", "2027-02-01"))
        .await;
    let listed = app.get_ok(&path, &admin).await;
    assert_eq!(listed["due_on"], "2027-02-28");
    assert_eq!(listed["projected_completion"], "2027-02-01");
    assert_eq!(listed["past_six_months"], false);
    assert!(
        !owed(&app.get_ok(&notices, &admin).await)
            .iter()
            .any(|k| k.starts_with("delay_"))
    );

    // A projection in the past is refused; a criminal trial pushes the report past six months.
    let p = problem(
        app.post(&path, &admin, &delay("criminal_trial", "2026-09-30"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "projected_completion");
    app.post_ok(&path, &admin, &delay("criminal_trial", "2027-06-30"))
        .await;
    let listed = app.get_ok(&path, &admin).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    assert_eq!(listed["projected_completion"], "2027-06-30");
    assert_eq!(listed["past_six_months"], true);
    let due = owed(&app.get_ok(&notices, &admin).await);
    assert!(due.contains(&"delay_national_panel".to_owned()), "{due:?}");
    assert!(due.contains(&"delay_secretary_of_state".to_owned()));
    // Sent once, then no longer owed.
    app.post_ok(
        &notices,
        &admin,
        &json!({"kind": "delay_national_panel", "sent_on": "2026-10-01"}),
    )
    .await;
    let due = owed(&app.get_ok(&notices, &admin).await);
    assert!(!due.contains(&"delay_national_panel".to_owned()));
    assert!(due.contains(&"delay_secretary_of_state".to_owned()));

    // Over GraphQL, the same.
    let q = app
        .graphql(
            &admin,
            &format!(
                "{{ reviewDelays(reviewId: \"{id}\") {{ pastSixMonths items {{ cause }} }} }}"
            ),
        )
        .await;
    assert_eq!(q["data"]["reviewDelays"]["pastSixMonths"], true);
    let created = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=review_delay&resource_id={id}&action=create"),
            &admin,
        )
        .await;
    assert_eq!(created["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn delays_are_recorded_only_by_those_who_run_the_review_in_its_partnership() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/delays");
    let body = delay("inquest", "2027-01-10");
    for token in [app.partner(ALPHA, "LA"), app.agency(ALPHA, "SCHOOL")] {
        let p = problem(app.post(&path, &token, &body).await, StatusCode::FORBIDDEN).await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    problem(
        app.get(&path, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let stranger = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [stranger, app.admin(BETA)] {
        problem(app.post(&path, &token, &body).await, StatusCode::NOT_FOUND).await;
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
    }
    // Nothing was written by the refusals.
    let listed = app.get_ok(&path, &app.admin(ALPHA)).await;
    assert!(listed["items"].as_array().unwrap().is_empty());
}
