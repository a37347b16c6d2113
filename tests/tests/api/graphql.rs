use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem, referral_body};

const REFERRALS: &str = "{ referrals(limit: 10) { items { id reference referringAgency children { pseudonym ageYears } } nextCursor } }";

fn error_codes(v: &Value) -> Vec<String> {
    v["errors"].as_array().map_or(vec![], |e| {
        e.iter()
            .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned())
            .collect()
    })
}

#[tokio::test]
async fn graphql_returns_the_same_referrals_as_rest() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    app.create_referral(ALPHA, "LA", &referral_body()).await;
    let admin = app.admin(ALPHA);
    let rest: Value = app.get("/v1/referrals", &admin).await.json().await.unwrap();
    let gql = app.graphql(&admin, REFERRALS).await;
    assert!(gql["errors"].is_null(), "{gql}");
    let rest_ids: Vec<_> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    let gql_ids: Vec<_> = gql["data"]["referrals"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(rest_ids, gql_ids);
}

#[tokio::test]
async fn graphql_applies_the_same_scope_and_refusals() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let own = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    let other = app
        .create_referral(ALPHA, "HOSPITAL", &referral_body())
        .await;
    let school = app.agency(ALPHA, "SCHOOL");
    let gql = app.graphql(&school, REFERRALS).await;
    let items = gql["data"]["referrals"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], own["id"]);

    let q = format!(
        "{{ referral(id: \"{}\") {{ id }} }}",
        other["id"].as_str().unwrap()
    );
    assert_eq!(error_codes(&app.graphql(&school, &q).await), ["not-found"]);
    assert_eq!(
        error_codes(&app.graphql(&app.admin(BETA), &q).await),
        ["not-found"]
    );
    let reporting = app.token(ALPHA, &["reporting"], None);
    assert_eq!(
        error_codes(&app.graphql(&reporting, REFERRALS).await),
        ["role-not-permitted"]
    );
}

#[tokio::test]
async fn graphql_reads_are_audited_like_rest_reads() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let r = app.create_referral(ALPHA, "LA", &referral_body()).await;
    let q = format!(
        "{{ referral(id: \"{}\") {{ reference }} }}",
        r["id"].as_str().unwrap()
    );
    app.graphql(&app.partner(ALPHA, "POLICE"), &q).await;
    assert_eq!(app.audit_events(ALPHA, "action=read").await.len(), 1);
}

#[tokio::test]
async fn graphql_needs_a_token_and_refuses_batches_and_deep_queries() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ agencies { code } }"}))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::UNAUTHORIZED).await;
    let admin = app.admin(ALPHA);
    let batch = json!([{ "query": "{ agencies { code } }" }, { "query": "{ agencies { name } }" }]);
    let p = problem(
        app.post("/graphql", &admin, &batch).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(p["code"], "graphql-batch-refused");
    let res = app
        .client
        .post(app.url("/graphql"))
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let huge = json!({ "query": "x".repeat(300 * 1024) });
    problem(
        app.post("/graphql", &admin, &huge).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    let deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }";
    let v = app.graphql(&admin, deep).await;
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("nested too deep"),
        "{v}"
    );
}

#[tokio::test]
async fn graphql_lists_the_agency_register() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let v = app
        .graphql(
            &app.agency(ALPHA, "LA"),
            "{ agencies { code statutoryRole } }",
        )
        .await;
    assert_eq!(v["data"]["agencies"].as_array().unwrap().len(), 5);
    assert_eq!(
        v["data"]["agencies"][2],
        json!({"code": "LA", "statutoryRole": "LOCAL_AUTHORITY"})
    );
}

#[tokio::test]
async fn graphql_mutations_follow_the_same_rules_as_rest() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let r = app.create_referral(ALPHA, "LA", &referral_body()).await;
    let id = r["id"].as_str().unwrap();
    let triage = format!(
        r#"mutation {{ recordTriage(referralId: "{id}", input: {{criteriaMet: true, reasons: "Met."}}) {{ status nextSteps }} }}"#
    );
    // A partner may not triage; the admin may, once.
    let refused = app.graphql(&app.partner(ALPHA, "POLICE"), &triage).await;
    assert_eq!(error_codes(&refused), ["role-not-permitted"]);
    let done = app.graphql(&app.admin(ALPHA), &triage).await;
    assert_eq!(
        done["data"]["recordTriage"]["status"], "RAPID_REVIEW",
        "{done}"
    );
    let again = app.graphql(&app.admin(ALPHA), &triage).await;
    assert_eq!(error_codes(&again), ["illegal-transition"]);
    // A vote before the meeting is refused the same way.
    let vote = format!(
        r#"mutation {{ castVote(referralId: "{id}", input: {{question: HOLD_CSPR, choice: YES}}) {{ status }} }}"#
    );
    assert_eq!(
        error_codes(&app.graphql(&app.partner(ALPHA, "LA"), &vote).await),
        ["illegal-transition"]
    );
    // The timeline reads the same through both.
    let rest: Value = app
        .get(&format!("/v1/referrals/{id}/timeline"), &app.admin(ALPHA))
        .await
        .json()
        .await
        .unwrap();
    let gql = app
        .graphql(
            &app.admin(ALPHA),
            &format!(r#"{{ timeline(referralId: "{id}") {{ steps {{ step due }} }} }}"#),
        )
        .await;
    let due = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s["due"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(due(&rest["steps"]), due(&gql["data"]["timeline"]["steps"]));
}
