//! Webhook subscriptions over real HTTP: an agency's systems hear of requests to it and nothing else,
//! every message is signed as Standard Webhooks says (and during a rotation by both secrets), and the
//! platform refuses to send to internal addresses, when subscribing and again when delivering.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem};
use crate::identifying::assert_nowhere_in_the_database;
use crate::outbox::delivering_app;
use crate::rapid_review::{a_return_secured, referral_at, request_for};
use crate::receiver::Receiver;

const AT: &str = "2026-03-02T09:00:00Z";

async fn subscribe(app: &TestApp, token: &str, url: &str, types: &[&str]) -> Value {
    let res = app
        .post(
            "/v1/webhook-subscriptions",
            token,
            &json!({"url": url, "event_types": types}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// A referral in a Rapid Review with initial scoping requests issued to LA and POLICE.
async fn requests_issued(app: &TestApp) -> (String, Value) {
    let admin = app.admin(ALPHA);
    let referral = app
        .post_ok(
            "/v1/referrals",
            &app.agency(ALPHA, "LA"),
            &referral_at("2026-02-27", "2026-03-01", &["LA", "POLICE"]),
        )
        .await;
    let id = referral["id"].as_str().unwrap().to_owned();
    app.post_ok(
        &format!("/v1/referrals/{id}/triage"),
        &admin,
        &json!({"criteria_met": true, "reasons": "Neglect suspected."}),
    )
    .await;
    let sent = app
        .post_ok(
            &format!("/v1/referrals/{id}/information-requests"),
            &admin,
            &json!({"kind": "initial_scoping"}),
        )
        .await;
    (id, sent)
}

#[tokio::test]
async fn an_agency_hears_of_its_own_requests_signed_and_the_partnership_of_all() {
    let (police_hook, team_hook) = (Receiver::start().await, Receiver::start().await);
    let app = delivering_app(Some(AT), |_| {}).await;
    let police = app.agency(ALPHA, "POLICE");
    let made = subscribe(
        &app,
        &police,
        &police_hook.url,
        &[
            "information_request.issued",
            "information_request.returned_for_rework",
        ],
    )
    .await;
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert_eq!(made["agency_code"], "POLICE");
    let team = subscribe(
        &app,
        &app.admin(ALPHA),
        &team_hook.url,
        &["information_request.issued"],
    )
    .await;
    assert!(team["agency_code"].is_null());

    let (_, sent) = requests_issued(&app).await;
    let police_request = request_for(&sent, "POLICE");
    let got = police_hook.wait_for(1).await;
    assert!(got[0].signed_by(&secret));
    let body = got[0].json();
    assert_eq!(body["type"], "information_request.issued");
    assert_eq!(body["data"]["request_id"], police_request.as_str());
    assert_eq!(body["data"]["agency_code"], "POLICE");
    // The receiver reads the request itself through the API, with its own token.
    app.get_ok(
        &format!("/v1/information-requests/{police_request}"),
        &police,
    )
    .await;

    let both = team_hook.wait_for(2).await;
    let mut agencies: Vec<_> = both
        .iter()
        .map(|r| r.json()["data"]["agency_code"].clone())
        .collect();
    agencies.sort_by_key(|a| a.to_string());
    assert_eq!(agencies, [json!("LA"), json!("POLICE")]);

    // A return sent back for rework is told to the agency.
    app.post_ok(
        &format!("/v1/information-requests/{police_request}/returns"),
        &police,
        &a_return_secured("Two call-outs; no referral made.", "2026-03-02"),
    )
    .await;
    app.post_ok(
        &format!("/v1/information-requests/{police_request}/reviews"),
        &app.admin(ALPHA),
        &json!({"outcome": "sent_back", "reasons": ["no_analysis"]}),
    )
    .await;
    let got = police_hook.wait_for(2).await;
    assert_eq!(
        got[1].json()["type"],
        "information_request.returned_for_rework"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        police_hook.received().len(),
        2,
        "the LA's request is not the police's business"
    );
}

#[tokio::test]
async fn after_a_rotation_messages_carry_a_signature_by_each_secret() {
    let hook = Receiver::start().await;
    let app = delivering_app(Some(AT), |_| {}).await;
    let police = app.agency(ALPHA, "POLICE");
    let made = subscribe(&app, &police, &hook.url, &["information_request.issued"]).await;
    let (old, id) = (
        made["secret"].as_str().unwrap(),
        made["id"].as_str().unwrap(),
    );
    let rotated = app
        .post_ok(
            &format!("/v1/webhook-subscriptions/{id}/rotate-secret"),
            &police,
            &json!({}),
        )
        .await;
    let new = rotated["secret"].as_str().unwrap();
    assert_ne!(old, new);
    // Both kept sealed: neither is readable in the database.
    for secret in [old, new] {
        assert_nowhere_in_the_database(&app, secret);
    }
    let listed = app.get_ok("/v1/webhook-subscriptions", &police).await;
    assert!(
        !listed.to_string().contains("whsec_"),
        "secrets are not shown again"
    );

    requests_issued(&app).await;
    let got = hook.wait_for(1).await;
    assert!(got[0].signed_by(old) && got[0].signed_by(new));
    assert_eq!(
        got[0]
            .header("webhook-signature")
            .unwrap()
            .split(' ')
            .count(),
        2
    );
    assert!(!got[0].signed_by("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    // A day later only the new secret signs.
    app.set_time("2026-03-03T09:30:00Z");
    requests_issued(&app).await;
    let got = hook.wait_for(2).await;
    assert!(got[1].signed_by(new) && !got[1].signed_by(old));
}

#[tokio::test]
async fn internal_addresses_are_refused_when_subscribing_and_when_a_name_resolves_to_one() {
    let app = TestApp::spawn_at_with(AT, |s| {
        s.delivery_worker = true;
        s.delivery_poll_ms = 20;
        s.delivery_max_attempts = 1;
    })
    .await;
    app.register_agencies(ALPHA).await;
    let police = app.agency(ALPHA, "POLICE");
    for url in [
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://192.168.0.10/",
        "http://hooks.example.org/",
        "https://user:pass@hooks.example.org/",
        "not a url",
    ] {
        let res = app
            .post(
                "/v1/webhook-subscriptions",
                &police,
                &json!({"url": url, "event_types": ["information_request.issued"]}),
            )
            .await;
        assert_eq!(
            problem(res, StatusCode::UNPROCESSABLE_ENTITY).await["errors"][0]["field"],
            "url",
            "{url}"
        );
    }
    // A name is checked at delivery, against what it resolves to then: `localhost` stands for a name
    // rebound to an internal address after the subscription was made.
    let hook = Receiver::start().await;
    let port = hook
        .url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/hook");
    subscribe(
        &app,
        &police,
        &format!("https://localhost:{port}/hook"),
        &["information_request.issued"],
    )
    .await;
    requests_issued(&app).await;
    let admin = app.admin(ALPHA);
    let mut dead = None;
    for _ in 0..200 {
        let page = app.get_ok("/v1/outbox?status=dead", &admin).await;
        if let Some(m) = page["items"].as_array().unwrap().first() {
            dead = Some(m.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let dead = dead.expect("the message died");
    let attempts = app
        .get_ok(
            &format!("/v1/outbox/{}/attempts", dead["id"].as_str().unwrap()),
            &admin,
        )
        .await;
    let error = attempts["items"][0]["error"].as_str().unwrap();
    assert!(error.contains("loopback"), "{error}");
    assert!(attempts["items"][0]["response_status"].is_null());
    assert!(
        hook.received().is_empty(),
        "nothing reached the internal address"
    );
}

#[tokio::test]
async fn subscriptions_are_their_owners_and_agencies_take_only_events_about_themselves() {
    let hook = Receiver::start().await;
    let app = delivering_app(Some(AT), |_| {}).await;
    app.register_agencies(BETA).await;
    let police = app.agency(ALPHA, "POLICE");
    let made = subscribe(&app, &police, &hook.url, &["information_request.issued"]).await;
    let id = made["id"].as_str().unwrap();

    let res = app
        .post(
            "/v1/webhook-subscriptions",
            &police,
            &json!({"url": hook.url, "event_types": ["rapid_review.submitted"]}),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::UNPROCESSABLE_ENTITY).await["errors"][0]["field"],
        "event_types[0]"
    );
    let res = app
        .post(
            "/v1/webhook-subscriptions",
            &police,
            &json!({"url": hook.url, "event_types": []}),
        )
        .await;
    problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;

    // Another agency, the partnership's admin (whose subscriptions are the partnership's), another
    // partnership: none of them finds it.
    for token in [
        app.agency(ALPHA, "LA"),
        app.admin(ALPHA),
        app.agency(BETA, "POLICE"),
        app.admin(BETA),
    ] {
        let res = app
            .post(
                &format!("/v1/webhook-subscriptions/{id}/rotate-secret"),
                &token,
                &json!({}),
            )
            .await;
        problem(res, StatusCode::NOT_FOUND).await;
        let res = app
            .client
            .delete(app.url(&format!("/v1/webhook-subscriptions/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        problem(res, StatusCode::NOT_FOUND).await;
        let listed = app.get_ok("/v1/webhook-subscriptions", &token).await;
        assert!(!listed.to_string().contains(id));
    }
    // Roles without a scope of referrals, or a partner that is not the business team, may not subscribe.
    for token in [
        app.token(ALPHA, &["reporting"], None),
        app.token(ALPHA, &["board"], None),
        app.partner(ALPHA, "POLICE"),
    ] {
        let res = app
            .post(
                "/v1/webhook-subscriptions",
                &token,
                &json!({"url": hook.url, "event_types": ["information_request.issued"]}),
            )
            .await;
        problem(res, StatusCode::FORBIDDEN).await;
    }
    // GraphQL answers the same.
    let mine = app
        .graphql(
            &police,
            "{ webhookSubscriptions { items { id agencyCode } } }",
        )
        .await;
    assert_eq!(mine["data"]["webhookSubscriptions"]["items"][0]["id"], id);

    // Revoked, it hears nothing more.
    let res = app
        .client
        .delete(app.url(&format!("/v1/webhook-subscriptions/{id}")))
        .bearer_auth(&police)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    requests_issued(&app).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(hook.received().is_empty());
}
