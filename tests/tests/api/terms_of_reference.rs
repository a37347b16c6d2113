//! Terms of reference: versioned; the latest names the agencies that contribute to the chronology and
//! the period its entries are flagged against; run by the business team or the review's lead reviewer.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::decided_review,
};

/// Terms naming `agencies` in scope, the period under review from September 2025 to 20 August 2026.
pub fn terms(agencies: &[&str]) -> Value {
    json!({
        "questions": ["How well did agencies share what they knew about the injuries?"],
        "period_from": "2025-09-01",
        "period_to": "2026-08-20",
        "agencies_in_scope": agencies.iter().map(|a| json!({"agency_code": a, "single_point_of_contact": format!("Safeguarding lead, {a}")})).collect::<Vec<_>>(),
        "timetable": [{"kind": "panel_meeting", "on": "2026-09-14"}, {"kind": "learning_event", "on": "2026-11-02", "note": "Reflective learning workshop"}],
        "coroner_liaison": "Through the coroner's officer; inquest opened and adjourned.",
        "communications_plan": "Single media contact: the partnership's business manager."
    })
}

/// A decided CSPR, commissioned, ready for its terms.
pub async fn commissioned_review(app: &TestApp) -> String {
    let id = decided_review(app, "cspr").await;
    app.post_ok(
        &format!("/v1/reviews/{id}/commissioning"),
        &app.admin(ALPHA),
        &json!({"methodology": "systems_learning_together"}),
    )
    .await;
    id
}

fn entry(source_ref: &str, on: &str) -> Value {
    json!({"entries": [{"occurred_on": on, "subjects": ["Child A"], "category": "hospital_attendance_or_admission",
           "description": "Attended with an unexplained bruise.", "source_ref": source_ref, "key_event": true}]})
}

#[tokio::test]
async fn the_latest_terms_name_who_contributes_and_entries_outside_the_period_are_flagged() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/terms-of-reference");
    let entries = format!("/v1/reviews/{id}/chronology-entries");

    // Not before the review is commissioned.
    let p = problem(
        app.post(&path, &admin, &terms(&["HOSPITAL"])).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "commissioning");
    app.post_ok(
        &format!("/v1/reviews/{id}/commissioning"),
        &admin,
        &json!({"methodology": "systems_learning_together"}),
    )
    .await;
    // Every agency in scope is one of the partnership's; the period under review has ended.
    let mut bad = terms(&["NOPE", "HOSPITAL"]);
    bad["period_to"] = json!("2026-09-30");
    let p = problem(
        app.post(&path, &admin, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let named: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["period_to", "agencies_in_scope[0].agency_code"]);

    // Version 1 puts the hospital in scope: the school that referred is no longer asked.
    let v1 = app
        .post_ok(&path, &admin, &terms(&["HOSPITAL", "LA"]))
        .await;
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["agencies_in_scope"][0]["agency_code"], "HOSPITAL");
    let (school, hospital) = (app.agency(ALPHA, "SCHOOL"), app.agency(ALPHA, "HOSPITAL"));
    problem(
        app.post(&entries, &school, &entry("SCH-1", "2026-03-02"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let inside = app
        .post_ok(&entries, &hospital, &entry("H-1", "2026-03-02"))
        .await;
    assert_eq!(inside["items"][0]["outside_period_under_review"], false);
    let outside = app
        .post_ok(&entries, &hospital, &entry("H-0", "2025-06-01"))
        .await;
    assert_eq!(outside["items"][0]["outside_period_under_review"], true);

    // The integrated chronology shows the period under review by default; a period given overrides it.
    let chronology = format!("/v1/reviews/{id}/chronology");
    let within = app.get_ok(&chronology, &admin).await;
    assert_eq!(within["items"].as_array().unwrap().len(), 1);
    let all = app
        .get_ok(&format!("{chronology}?from=2025-01-01"), &admin)
        .await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    assert_eq!(all["items"][0]["outside_period_under_review"], true);

    // Version 2 adds the school; the latest governs, and every version is kept.
    let v2 = app
        .post_ok(&path, &admin, &terms(&["HOSPITAL", "LA", "SCHOOL"]))
        .await;
    assert_eq!(v2["version"], 2);
    app.post_ok(&entries, &school, &entry("SCH-1", "2026-03-02"))
        .await;
    let versions = app.get_ok(&path, &app.partner(ALPHA, "POLICE")).await;
    let numbers: Vec<i64> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 1]);
    // An agency in scope reads the terms addressed to it: the current version only.
    let addressed = app.get_ok(&path, &school).await;
    assert_eq!(addressed["items"].as_array().unwrap().len(), 1);
    assert_eq!(addressed["items"][0]["version"], 2);
    // One not in scope does not see the review.
    problem(
        app.get(&path, &app.agency(ALPHA, "ICB")).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Recording and reading are audited.
    let events = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=terms_of_reference&resource_id={id}"),
            &admin,
        )
        .await;
    let actions: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "create").count(), 2);
    assert_eq!(actions.iter().filter(|a| **a == "read").count(), 2);
}

#[tokio::test]
async fn the_reviews_own_lead_reviewer_records_terms_and_other_roles_reviewers_and_partnerships_are_refused()
 {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/terms-of-reference");
    for (subject, role, agency) in [
        ("reviewer-ann", "lead_reviewer", None),
        ("panel-pat", "panel_member", Some("POLICE")),
    ] {
        app.post_ok(
            &format!("/v1/reviews/{id}/team"),
            &admin,
            &json!({"subject": subject, "role": role, "name": "A. Person", "agency": agency, "independent_of_case": true}),
        )
        .await;
    }
    let ann = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let pat = app.token_as("panel-pat", ALPHA, &["panel_member"], Some("POLICE"));
    // The lead reviewer, once declared, records them (over GraphQL here: the same function).
    let mutation = format!(
        "mutation {{ recordTermsOfReference(reviewId: \"{id}\", input: {{ questions: [\"Q1\"], periodFrom: \"2025-09-01\", periodTo: \"2026-08-20\", agenciesInScope: [{{ agencyCode: \"LA\", singlePointOfContact: \"Sam\" }}] }}) {{ version }} }}"
    );
    let refused = app.graphql(&ann, &mutation).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "declaration-required"
    );
    for token in [&ann, &pat] {
        app.post_ok(
            &format!("/v1/reviews/{id}/declarations"),
            token,
            &json!({"confidentiality_signed_on": "2026-08-31"}),
        )
        .await;
    }
    let done = app.graphql(&ann, &mutation).await;
    assert_eq!(
        done["data"]["recordTermsOfReference"]["version"], 1,
        "{done}"
    );
    let read = app
        .graphql(
            &pat,
            &format!("{{ termsOfReference(reviewId: \"{id}\") {{ items {{ version agenciesInScope {{ agencyCode }} }} }} }}"),
        )
        .await;
    assert_eq!(read["data"]["termsOfReference"]["items"][0]["version"], 1);

    // A panel member and a statutory partner read but do not record; another lead reviewer and another
    // partnership find no review; an agency is refused.
    for token in [&pat, &app.partner(ALPHA, "LA")] {
        let p = problem(
            app.post(&path, token, &terms(&["LA"])).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    let other_lead = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [&other_lead, &app.admin(BETA)] {
        problem(
            app.post(&path, token, &terms(&["LA"])).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        problem(app.get(&path, token).await, StatusCode::NOT_FOUND).await;
    }
    problem(
        app.post(&path, &app.agency(ALPHA, "LA"), &terms(&["LA"]))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}
