//! A review's outcome — its report, publication, recommendations, action plan and learning shared — is
//! its partnership's alone: another partnership's tokens, each holding the role the route asks for (the
//! same lead reviewer's subject, even), find nothing on any route, and change nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    report::approved_review,
};

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn outcome(app: &TestApp, id: &str) -> Vec<Value> {
    let mut seen = vec![];
    for part in ["report", "publication", "action-plan", "dissemination"] {
        seen.push(
            app.get_ok(&format!("/v1/reviews/{id}/{part}"), &app.admin(ALPHA))
                .await,
        );
    }
    seen
}

#[tokio::test]
async fn another_partnerships_tokens_find_nothing_on_any_route_of_a_reviews_outcome() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = approved_review(&app).await;
    let before = outcome(&app, &id).await;

    let admin = app.admin(BETA);
    let board = app.token_as("board-chair", BETA, &["board"], None);
    let lead = app.token_as("reviewer-ann", BETA, &["lead_reviewer"], None);
    let la = app.agency(BETA, "LA");
    let at = |path: &str| format!("/v1/reviews/{id}/{path}");
    let writes: Vec<(String, &String, Value)> = vec![
        (
            at("publication/decision"),
            &admin,
            json!({"decision": "publish"}),
        ),
        (
            at("publication/plan"),
            &admin,
            json!({"title": "Child A", "planned_on": "2026-12-01", "family_wishes": "None.", "family_discussed_on": "2026-08-31", "practitioners_told_on": "2026-08-31", "media_contact": "Business manager", "reviewer_names": ["Dr A. Reviewer"]}),
        ),
        (
            at("publication/copies"),
            &admin,
            json!({"recipient": "national_panel", "sent_on": "2026-08-31"}),
        ),
        (
            at("publication/published"),
            &admin,
            json!({"published_on": "2026-08-31", "web_address": "https://beta.example.org/r", "available_until": "2027-08-31"}),
        ),
        (
            at("publication/improvements"),
            &admin,
            json!({"published_on": "2026-08-31", "web_address": "https://beta.example.org/i", "available_until": "2027-08-31"}),
        ),
        (
            at("publication/deposit"),
            &admin,
            json!({"deposited_on": "2026-08-31", "acknowledgement": "NSPCC 1"}),
        ),
        (
            at("parallel-processes/1/conclusion"),
            &admin,
            json!({"concluded_on": "2026-08-31", "outcome": "Verdict given."}),
        ),
        (
            at("report/versions/1/checklist"),
            &lead,
            json!({"contains": ["summary_of_improvements", "systemic_analysis"], "meets_terms_of_reference": true}),
        ),
        (
            at("report/versions/1/factual-accuracy"),
            &la,
            json!({"answer": "confirmed"}),
        ),
        (
            at("report/versions/1/factual-accuracy/LA/resolution"),
            &lead,
            json!({"note": "Corrected."}),
        ),
        (
            at("report/approval"),
            &board,
            json!({"version": 1, "recommendations_confirmed": true, "action_plans_confirmed": true, "recipients": ["The Panel"], "dissemination": "Briefings.", "monitoring": "Quarterly."}),
        ),
        (
            at("recommendations"),
            &lead,
            json!({"text": "Share findings.", "due_on": "2027-06-30"}),
        ),
        (
            at("actions"),
            &admin,
            json!({"recommendation": 1, "agency_code": "LA", "description": "Audit.", "due_on": "2027-03-31"}),
        ),
        (
            at("action-plan/monitoring"),
            &admin,
            json!({"held_on": "2026-08-31", "note": "On track."}),
        ),
        (at("action-plan/sign-off"), &board, json!({})),
        (
            at("dissemination"),
            &admin,
            json!({"kind": "briefing", "audience": "All staff", "held_on": "2026-08-31"}),
        ),
    ];
    for (path, token, body) in &writes {
        let res = app.post(path, token, body).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "POST {path}");
        problem(res, StatusCode::NOT_FOUND).await;
    }
    let upload = app
        .client
        .post(app.url(&at("report/versions")))
        .bearer_auth(&lead)
        .header("content-type", "application/pdf")
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    problem(upload, StatusCode::NOT_FOUND).await;
    for (path, token) in [
        (at("report"), &board),
        (at("report/versions/1/document"), &board),
        (at("publication"), &admin),
        (at("action-plan"), &board),
        (at("dissemination"), &admin),
    ] {
        problem(app.get(&path, token).await, StatusCode::NOT_FOUND).await;
    }
    // GraphQL answers the same: nothing.
    for query in [
        format!(r#"{{ overviewReport(reviewId: "{id}") {{ versions {{ number }} }} }}"#),
        format!(r#"{{ publication(reviewId: "{id}") {{ decision {{ decision }} }} }}"#),
        format!(r#"{{ actionPlan(reviewId: "{id}") {{ actions {{ id }} }} }}"#),
    ] {
        let g = app.graphql(&board, &query).await;
        assert_eq!(
            g["errors"][0]["extensions"]["code"], "not-found",
            "{query}: {g}"
        );
    }
    assert_eq!(outcome(&app, &id).await, before, "nothing changed");
}
