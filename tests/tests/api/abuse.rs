//! Hostile requests: slow bodies, bodies built to produce huge error lists, GraphQL aliases that multiply
//! reads and writes, and queries whose errors would echo them.

use std::io::{Read, Write};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, TestApp, problem, referral_body};

#[tokio::test]
async fn a_body_that_stalls_half_way_is_cut_off_with_a_408() {
    let app = TestApp::spawn_with(|s| s.body_timeout_seconds = 1).await;
    app.register_agencies(ALPHA).await;
    let token = app.agency(ALPHA, "SCHOOL");
    let addr = app.address.trim_start_matches("http://").to_owned();
    let answer = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "POST /v1/referrals HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{{\"incident"
        )
        .unwrap();
        let started = std::time::Instant::now();
        let mut answer = String::new();
        s.read_to_string(&mut answer).ok();
        (answer, started.elapsed())
    })
    .await
    .unwrap();
    assert!(answer.0.starts_with("HTTP/1.1 408"), "{}", answer.0);
    assert!(answer.0.contains("request-timeout"));
    assert!(answer.1 < std::time::Duration::from_secs(5));
}

#[tokio::test]
async fn a_body_with_thousands_of_bad_children_gets_a_short_list_of_errors() {
    let app = TestApp::spawn_with(|s| s.body_limit_bytes = 4 * 1024 * 1024).await;
    app.register_agencies(ALPHA).await;
    let mut body = referral_body();
    let bad = json!({"pseudonym": "x", "age_years": 40, "sex": "female", "looked_after": false,
                     "child_protection_plan": false, "local_authority": ""});
    body["children"] = Value::Array(vec![bad; 20_000]);
    let res = app
        .post("/v1/referrals", &app.agency(ALPHA, "SCHOOL"), &body)
        .await;
    let text_len = res.content_length();
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(p["errors"].as_array().unwrap().len() <= 20, "{text_len:?}");
    assert_eq!(p["field"], "children");
    assert_eq!(app.written(ALPHA).await.0, 0, "nothing written");
}

#[tokio::test]
async fn graphql_aliases_cannot_multiply_writes_or_reads() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let create = |alias: &str| {
        format!(
            "{alias}: createAgency(input: {{code: \"{alias}\", name: \"x\", kind: OTHER, statutoryRole: NONE}}) {{ code }}"
        )
    };
    let twice = format!("mutation {{ {} {} }}", create("a1"), create("a2"));
    let res = app
        .post("/graphql", &admin, &json!({ "query": twice }))
        .await;
    let p = problem(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(p["code"], "graphql-one-mutation");
    let one = app
        .graphql(&admin, &format!("mutation {{ {} }}", create("a1")))
        .await;
    assert_eq!(one["data"]["a1"]["code"], "A1", "{one}");
    let register = app.get_ok("/v1/agencies", &admin).await;
    assert_eq!(
        register["items"].as_array().unwrap().len(),
        5 + 1,
        "the refused pair wrote nothing"
    );

    let many: String = (0..100)
        .map(|i| format!("r{i}: referrals(limit: 100) {{ items {{ reference }} }} "))
        .collect();
    let res = app
        .post(
            "/graphql",
            &admin,
            &json!({ "query": format!("{{ {many} }}") }),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::BAD_REQUEST).await["code"],
        "graphql-too-many-fields"
    );
    // Within the root-field cap, the list sizes still count: ten pages of 100 are too complex.
    let ten: String = (0..10)
        .map(|i| format!("r{i}: referrals(limit: 100) {{ items {{ reference summary children {{ pseudonym ageYears sex }} }} }} "))
        .collect();
    let body = app.graphql(&admin, &format!("{{ {ten} }}")).await;
    assert!(body["data"].is_null(), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "graphql-invalid");
    assert!(
        app.audit_events(ALPHA, "action=list").await.is_empty(),
        "nothing was read"
    );
}

#[tokio::test]
async fn graphql_errors_carry_a_code_and_never_echo_the_query() {
    let app = TestApp::spawn().await;
    let admin = app.admin(ALPHA);
    let deep = format!("{}{}", "{ a".repeat(2000), "}".repeat(2000));
    let res = app
        .post("/graphql", &admin, &json!({ "query": deep }))
        .await;
    let p = problem(res, StatusCode::BAD_REQUEST).await;
    assert!(p.to_string().len() < 1000, "{p}");
    let body = app
        .graphql(
            &admin,
            "{ referrals(status: JANE_SMITH) { items { reference } } }",
        )
        .await;
    let e = &body["errors"][0];
    assert_eq!(e["extensions"]["code"], "graphql-invalid");
    assert!(
        !e["message"].as_str().unwrap().contains("JANE_SMITH"),
        "{e}"
    );
}

#[tokio::test]
async fn a_caller_over_its_rate_limit_is_answered_429_with_retry_after() {
    let app = TestApp::spawn_with(|s| s.rate_limit_per_caller = 2).await;
    let token = app.admin(ALPHA);
    let mut limited = None;
    for _ in 0..10 {
        let res = app.get("/v1/agencies", &token).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(res);
            break;
        }
    }
    let res = limited.expect("limited within ten requests");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    assert_eq!(
        problem(res, StatusCode::TOO_MANY_REQUESTS).await["code"],
        "too-many-requests"
    );
    // Another caller is not held back by the first.
    assert_eq!(
        app.get("/v1/agencies", &app.agency(ALPHA, "LA"))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn repeated_failed_sign_ins_from_one_address_are_answered_429() {
    let app = TestApp::spawn_with(|s| s.failed_sign_ins_per_minute = 3).await;
    let mut statuses = vec![];
    for i in 0..6 {
        statuses.push(
            app.get("/v1/agencies", &format!("not-a-token-{i}"))
                .await
                .status(),
        );
    }
    assert_eq!(&statuses[..3], [StatusCode::UNAUTHORIZED; 3]);
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn one_address_over_its_limit_is_answered_429_before_anything_runs() {
    let app = TestApp::spawn_with(|s| s.rate_limit_per_address = 2).await;
    let mut saw = false;
    for _ in 0..10 {
        let res = app
            .client
            .get(app.url("/v1/agencies"))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            saw = true;
            break;
        }
    }
    assert!(saw);
    // Health checks are never limited.
    for _ in 0..10 {
        let res = app
            .client
            .get(app.url("/health/live"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn graphql_refuses_an_anonymous_upload_before_reading_its_body() {
    let app = TestApp::spawn_with(|s| s.body_timeout_seconds = 30).await;
    let addr = app.address.trim_start_matches("http://").to_owned();
    let (answer, took) = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: 100000\r\nConnection: close\r\n\r\n{{\"query\": \""
        )
        .unwrap();
        let started = std::time::Instant::now();
        let mut answer = String::new();
        s.read_to_string(&mut answer).ok();
        (answer, started.elapsed())
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(
        took < std::time::Duration::from_secs(5),
        "answered without waiting for the body: {took:?}"
    );
}
