//! `Idempotency-Key` on REST creates: a retry answers the first answer and writes nothing again; the key
//! with another body is refused; a key in flight is refused; only successes are kept; keys are the
//! caller's own.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{
    helpers::{ALPHA, TestApp, problem, referral_body},
    reviews::decided_review,
};

async fn post_keyed(
    app: &TestApp,
    path: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn referrals_in(app: &TestApp) -> usize {
    app.get_ok("/v1/referrals?limit=100", &app.admin(ALPHA))
        .await["items"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_retried_create_with_its_key_answers_the_first_answer_and_writes_once() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let school = app.agency(ALPHA, "SCHOOL");
    let first = post_keyed(
        &app,
        "/v1/referrals",
        &school,
        "\"ref-1\"",
        &referral_body(),
    )
    .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].clone();
    let made: Value = first.json().await.unwrap();
    for _ in 0..2 {
        let again = post_keyed(
            &app,
            "/v1/referrals",
            &school,
            "\"ref-1\"",
            &referral_body(),
        )
        .await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.headers()["location"], location);
        assert_eq!(again.json::<Value>().await.unwrap(), made);
    }
    assert_eq!(referrals_in(&app).await, 1);
    // The replays are audited as reads of the key; the create once.
    let created = app
        .audit_events(ALPHA, "resource_type=referral&action=create")
        .await;
    assert_eq!(created.len(), 1);
    let replays = app
        .audit_events(ALPHA, "resource_type=idempotency_key&action=read")
        .await;
    assert_eq!(replays.len(), 2);
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let school = app.agency(ALPHA, "SCHOOL");
    post_keyed(&app, "/v1/referrals", &school, "k-2", &referral_body()).await;
    let mut other = referral_body();
    other["summary"] = json!("Another child, another incident.");
    let p = problem(
        post_keyed(&app, "/v1/referrals", &school, "k-2", &other).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["code"], "idempotency-key-reused");
    assert_eq!(referrals_in(&app).await, 1);
}

#[tokio::test]
async fn keys_are_their_callers_own_and_a_refused_request_keeps_none() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let school = app.token_as("school-system", ALPHA, &["agency"], Some("SCHOOL"));
    let hospital = app.token_as("hospital-system", ALPHA, &["agency"], Some("HOSPITAL"));
    let a: Value = post_keyed(&app, "/v1/referrals", &school, "shared", &referral_body())
        .await
        .json()
        .await
        .unwrap();
    let b: Value = post_keyed(&app, "/v1/referrals", &hospital, "shared", &referral_body())
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(a["id"], b["id"]);
    // The same subject acting for another agency does not get the first agency's answer.
    let elsewhere = app.token_as("school-system", ALPHA, &["agency"], Some("HOSPITAL"));
    let p = problem(
        post_keyed(
            &app,
            "/v1/referrals",
            &elsewhere,
            "shared",
            &referral_body(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["code"], "idempotency-key-reused");
    // A refused request keeps no key: the corrected request under it is a new one.
    let mut bad = referral_body();
    bad["children"] = json!([]);
    let refused = post_keyed(&app, "/v1/referrals", &school, "fix-me", &bad).await;
    assert!(refused.status().is_client_error());
    let fixed = post_keyed(&app, "/v1/referrals", &school, "fix-me", &referral_body()).await;
    assert_eq!(fixed.status(), StatusCode::CREATED);
    assert!(fixed.headers().get("idempotent-replayed").is_none());
    assert_eq!(referrals_in(&app).await, 3);
}

#[tokio::test]
async fn a_key_that_is_not_visible_ascii_up_to_255_characters_is_refused() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let school = app.agency(ALPHA, "SCHOOL");
    for key in ["two words".to_owned(), "k".repeat(256), "\"\"".to_owned()] {
        let p = problem(
            post_keyed(&app, "/v1/referrals", &school, &key, &referral_body()).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(p["code"], "invalid-idempotency-key");
        assert_eq!(p["field"], "Idempotency-Key");
    }
    assert_eq!(referrals_in(&app).await, 0);
}

#[tokio::test]
async fn a_second_request_while_the_first_is_in_flight_is_refused_then_the_first_completes() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let school = app.agency(ALPHA, "SCHOOL");
    let body = referral_body().to_string();
    // The first request's body arrives slowly: its key is in flight meanwhile.
    let address = app
        .url("/")
        .replace("http://", "")
        .trim_end_matches('/')
        .to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /v1/referrals HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {school}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: slow-1\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let p = problem(
        post_keyed(&app, "/v1/referrals", &school, "slow-1", &referral_body()).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "idempotency-key-in-use");
    slow.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    // Once answered, the key replays.
    let again = post_keyed(&app, "/v1/referrals", &school, "slow-1", &referral_body()).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(referrals_in(&app).await, 1);
}

#[tokio::test]
async fn many_concurrent_requests_under_one_key_write_once_on_either_database() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    // The same caller with several tokens (as replicas of its system would hold): the in-process guard
    // does not see them as one, the database does.
    let tokens: Vec<String> = (0..8)
        .map(|i| app.token_again("school-system", &["agency"], Some("SCHOOL"), i))
        .collect();
    let answers = futures_join(&app, &tokens).await;
    let created = answers
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert!(created >= 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT),
        "{answers:?}"
    );
    assert_eq!(referrals_in(&app).await, 1);
}

async fn futures_join(app: &TestApp, tokens: &[String]) -> Vec<StatusCode> {
    let sends = tokens.iter().map(|t| {
        app.client
            .post(app.url("/v1/referrals"))
            .bearer_auth(t)
            .header("idempotency-key", "together")
            .json(&referral_body())
            .send()
    });
    let mut out = vec![];
    let handles: Vec<_> = sends.map(tokio::spawn).collect();
    for h in handles {
        out.push(h.await.unwrap().unwrap().status());
    }
    out
}

#[tokio::test]
async fn a_chronology_batch_is_idempotent_too() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/chronology-entries");
    let school = app.agency(ALPHA, "SCHOOL");
    let batch = json!({"entries": [{"occurred_on": "2026-03-02", "subjects": ["Child A"],
        "category": "missing_episode", "description": "Absent.", "source_ref": "S-1"}]});
    for _ in 0..2 {
        let res = post_keyed(&app, &path, &school, "batch-1", &batch).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let mine = app.get_ok(&path, &school).await;
    assert_eq!(
        mine["items"][0]["version"], 1,
        "sent once, not corrected by the retry"
    );
}
