use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, TestApp, problem, referral_body};

async fn post_raw(
    app: &TestApp,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.client
        .post(app.url("/v1/referrals"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// Each bad body is answered with a problem and leaves the referrals and the audit trail as they were.
#[tokio::test]
async fn unreadable_bodies_are_problems_and_write_nothing() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.create_referral(ALPHA, "LA", &referral_body()).await;
    let before = app.written(ALPHA).await;
    let token = app.agency(ALPHA, "LA");
    let mut unknown_field = referral_body();
    unknown_field["child_name"] = json!("Jane Smith");
    let mut wrong_type = referral_body();
    wrong_type["children"][0]["sex"] = json!(3);
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        (
            "application/json",
            b"{\"harm\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed-json",
        ),
        (
            "application/json",
            b"".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed-json",
        ),
        (
            "text/plain",
            referral_body().to_string().into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
        ),
        (
            "application/json",
            unknown_field.to_string().into_bytes(),
            StatusCode::BAD_REQUEST,
            "invalid-body",
        ),
        (
            "application/json",
            wrong_type.to_string().into_bytes(),
            StatusCode::BAD_REQUEST,
            "invalid-body",
        ),
        (
            "application/json",
            vec![b' '; 300 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let p = problem(post_raw(&app, &token, content_type, body).await, status).await;
        assert_eq!(p["code"], code, "{p}");
    }
    assert_eq!(app.written(ALPHA).await, before);
}

#[tokio::test]
async fn a_wrong_type_names_the_field_without_echoing_the_value() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let mut body = referral_body();
    body["children"][0]["pseudonym"] = json!(["Jane", "Smith"]);
    let res = app
        .post("/v1/referrals", &app.agency(ALPHA, "LA"), &body)
        .await;
    let p = problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(p["field"], "children[0].pseudonym");
    assert!(!p.to_string().contains("Smith"));
}

#[tokio::test]
async fn invalid_values_are_all_named_and_write_nothing() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let before = app.written(ALPHA).await;
    let mut body = referral_body();
    body["incident_date"] = json!("2099-01-01");
    body["children"][0]["pseudonym"] = json!("Jane Smith");
    body["children"][0]["age_years"] = json!(19);
    body["summary"] = json!("");
    let res = app
        .post("/v1/referrals", &app.agency(ALPHA, "LA"), &body)
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p["code"], "validation-failed");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "incident_date",
        "aware_date",
        "children[0].pseudonym",
        "children[0].age_years",
        "summary",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    assert!(!p.to_string().contains("Jane"));
    assert_eq!(app.written(ALPHA).await, before);
}

#[tokio::test]
async fn a_wrong_method_is_405_with_the_allowed_methods() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .delete(app.url("/v1/referrals"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET, POST");
    assert_eq!(
        problem(res, StatusCode::METHOD_NOT_ALLOWED).await["code"],
        "method-not-allowed"
    );
    let res = app
        .client
        .put(app.url("/v1/referrals/01a216a0-91fb-700d-bf58-79d3d6dc7456"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET");
}

#[tokio::test]
async fn bad_paging_and_ids_are_problems() {
    let app = TestApp::spawn().await;
    let admin = app.admin(ALPHA);
    for (path, status, code) in [
        (
            "/v1/referrals?limit=0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
        ),
        (
            "/v1/referrals?limit=101",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
        ),
        (
            "/v1/referrals?limit=ten",
            StatusCode::BAD_REQUEST,
            "invalid-query",
        ),
        (
            "/v1/referrals?cursor=nonsense",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
        ),
        (
            "/v1/referrals?received_from=yesterday",
            StatusCode::BAD_REQUEST,
            "invalid-query",
        ),
        (
            "/v1/referrals/not-an-id",
            StatusCode::NOT_FOUND,
            "not-found",
        ),
        (
            "/v1/audit-events?limit=500",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation-failed",
        ),
    ] {
        let p: Value = problem(app.get(path, &admin).await, status).await;
        assert_eq!(p["code"], code, "{path}");
    }
}

#[tokio::test]
async fn a_receipt_window_that_ends_before_it_starts_is_refused() {
    let app = TestApp::spawn().await;
    let res = app
        .get(
            "/v1/referrals?received_from=2026-03-02T00:00:00Z&received_to=2026-03-01T00:00:00Z",
            &app.admin(ALPHA),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::UNPROCESSABLE_ENTITY).await["field"],
        "received_to"
    );
}

#[tokio::test]
async fn a_bad_value_in_the_query_string_is_named_but_never_echoed() {
    let app = TestApp::spawn().await;
    let token = app.admin(ALPHA);
    for path in [
        "/v1/referrals?status=JaneSmith",
        "/v1/deadlines?status=JaneSmith",
    ] {
        let p = problem(app.get(path, &token).await, StatusCode::BAD_REQUEST).await;
        assert_eq!(p["code"], "invalid-query");
        assert!(!p.to_string().contains("JaneSmith"), "{p}");
    }
}
