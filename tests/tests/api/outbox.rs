//! The outbox over real HTTP: notifications reach the partnership's destinations once, failures are
//! tried again with back-off, a dead message is retried by an admin, a message without a destination
//! waits, and a notification recorded by hand is not sent.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem};
use crate::identifying::assert_nowhere_in_the_database;
use crate::receiver::Receiver;

/// A server whose delivery worker runs quickly and may send to loopback over plain HTTP.
pub async fn delivering_app(
    at: Option<&str>,
    adjust: impl FnOnce(&mut cspr_api::config::Settings),
) -> TestApp {
    let tune = move |s: &mut cspr_api::config::Settings| {
        s.delivery_worker = true;
        s.delivery_poll_ms = 20;
        s.delivery_loopback_for_testing = true;
        adjust(s);
    };
    let app = match at {
        Some(at) => TestApp::spawn_at_with(at, tune).await,
        None => TestApp::spawn_with(tune).await,
    };
    app.register_agencies(ALPHA).await;
    app
}

/// Sets the National Panel's destination to `url`; answers with the signing secret.
pub async fn panel_destination(app: &TestApp, url: &str) -> String {
    let set = app
        .put_ok(
            "/v1/destinations/national_panel",
            &app.admin(ALPHA),
            &json!({"channel": "https", "url": url}),
        )
        .await;
    set["signing_secret"].as_str().unwrap().to_owned()
}

/// The partnership's messages, newest first.
async fn messages(app: &TestApp) -> Vec<Value> {
    app.get_ok("/v1/outbox", &app.admin(ALPHA)).await["items"]
        .as_array()
        .unwrap()
        .clone()
}

/// Waits (up to 20 s) until the one message has `status`, and returns it.
async fn settled(app: &TestApp, status: &str) -> Value {
    for _ in 0..400 {
        let all = messages(app).await;
        if let Some(m) = all.iter().find(|m| m["status"] == status) {
            return m.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no message became {status}: {:?}", messages(app).await);
}

async fn referral(app: &TestApp) -> String {
    let made = app
        .create_referral(ALPHA, "LA", &crate::helpers::referral_body())
        .await;
    made["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_serious_incident_notification_reaches_the_panel_once_signed_and_is_recorded_as_sent() {
    let panel = Receiver::start().await;
    let app = delivering_app(None, |_| {}).await;
    let secret = panel_destination(&app, &panel.url).await;
    let id = referral(&app).await;

    let got = panel.wait_for(1).await;
    let message = &got[0];
    assert!(message.signed_by(&secret), "the signature verifies");
    let body = message.json();
    assert_eq!(body["type"], "rapid_review.notification");
    assert_eq!(body["data"]["kind"], "national_panel_serious_incident");
    assert_eq!(body["data"]["referral_id"], id.as_str());
    // Thin: ids and the reference, never the child or the narrative.
    assert!(!message.body.contains("Child A") && !message.body.contains("toddler"));

    let delivered = settled(&app, "delivered").await;
    assert_eq!(message.header("webhook-id"), delivered["id"].as_str());
    let attempts = app
        .get_ok(
            &format!("/v1/outbox/{}/attempts", delivered["id"].as_str().unwrap()),
            &app.admin(ALPHA),
        )
        .await;
    assert_eq!(attempts["items"].as_array().unwrap().len(), 1);
    assert_eq!(attempts["items"][0]["delivered"], true);
    assert_eq!(attempts["items"][0]["response_status"], 204);

    // Its delivery records the notification as sent, so the Rapid Review no longer owes it.
    let review = app
        .get_ok(
            &format!("/v1/referrals/{id}/rapid-review"),
            &app.admin(ALPHA),
        )
        .await;
    let sent = review["notifications"].as_array().unwrap();
    assert!(
        sent.iter()
            .any(|n| n["kind"] == "national_panel_serious_incident")
    );

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(panel.received().len(), 1, "delivered once, not again");
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_message_on_the_third_attempt_after_backing_off() {
    let panel = Receiver::start().await;
    let app = delivering_app(Some("2026-03-02T09:00:00Z"), |_| {}).await;
    panel_destination(&app, &panel.url).await;
    panel.fail_next(2);
    referral(&app).await;

    panel.wait_for(1).await;
    let waiting = settled(&app, "pending").await;
    assert_eq!(waiting["attempts"], 1);
    // The second attempt waits 15 to 30 seconds (half the back-off, then jitter): not before.
    let next: chrono::DateTime<chrono::Utc> = waiting["next_attempt_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let failed_at: chrono::DateTime<chrono::Utc> = "2026-03-02T09:00:00Z".parse().unwrap();
    assert!(
        (15..=30).contains(&(next - failed_at).num_seconds()),
        "{next}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(panel.received().len(), 1, "not tried again before its time");

    app.set_time("2026-03-02T09:01:00Z");
    panel.wait_for(2).await;
    app.set_time("2026-03-02T09:03:00Z");
    panel.wait_for(3).await;
    let delivered = settled(&app, "delivered").await;
    assert_eq!(delivered["attempts"], 3);
    let attempts = app
        .get_ok(
            &format!("/v1/outbox/{}/attempts", delivered["id"].as_str().unwrap()),
            &app.admin(ALPHA),
        )
        .await;
    let statuses: Vec<&Value> = attempts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["response_status"])
        .collect();
    assert_eq!(statuses, [&json!(500), &json!(500), &json!(204)]);
    let ids: Vec<_> = panel
        .received()
        .iter()
        .map(|r| r.header("webhook-id").map(str::to_owned))
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] == w[1]),
        "one webhook-id on every attempt"
    );
}

#[tokio::test]
async fn a_message_that_always_fails_dies_and_an_admin_retry_delivers_it() {
    let panel = Receiver::start().await;
    let app = delivering_app(None, |s| {
        s.delivery_max_attempts = 2;
        s.delivery_backoff_ms = 1;
    })
    .await;
    panel_destination(&app, &panel.url).await;
    panel.fail_always(true);
    referral(&app).await;

    let dead = settled(&app, "dead").await;
    assert_eq!(dead["attempts"], 2);
    let id = dead["id"].as_str().unwrap().to_owned();
    let depth = app.get_ok("/v1/outbox/depth", &app.admin(ALPHA)).await;
    assert_eq!(depth["dead"], 1);

    panel.fail_always(false);
    let retried = app
        .post_ok(
            &format!("/v1/outbox/{id}/retry"),
            &app.admin(ALPHA),
            &json!({}),
        )
        .await;
    assert_eq!(retried["status"], "pending");
    settled(&app, "delivered").await;
    let attempts = app
        .get_ok(&format!("/v1/outbox/{id}/attempts"), &app.admin(ALPHA))
        .await;
    assert_eq!(attempts["items"].as_array().unwrap().len(), 3);

    // Only a dead message is retried.
    let again = app
        .post(
            &format!("/v1/outbox/{id}/retry"),
            &app.admin(ALPHA),
            &json!({}),
        )
        .await;
    problem(again, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn a_message_without_a_destination_waits_visible_until_one_is_set() {
    let panel = Receiver::start().await;
    let app = delivering_app(None, |s| s.metrics_scrapers = vec!["127.0.0.1".into()]).await;
    referral(&app).await;
    let waiting = settled(&app, "waiting").await;
    assert_eq!(waiting["recipient"], "national_panel");
    assert_eq!(waiting["attempts"], 0);
    let depth = app.get_ok("/v1/outbox/depth", &app.admin(ALPHA)).await;
    assert_eq!(depth["waiting"], 1);
    assert!(depth["oldest_undelivered_at"].is_string());
    let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains("cspr_outbox_messages{state=\"waiting\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("cspr_outbox_oldest_undelivered_age_seconds"),
        "{text}"
    );

    panel_destination(&app, &panel.url).await;
    panel.wait_for(1).await;
    settled(&app, "delivered").await;
}

#[tokio::test]
async fn a_notification_recorded_by_hand_is_not_sent_and_one_sent_elsewhere_is_recorded() {
    let panel = Receiver::start().await;
    let app = delivering_app(Some("2026-03-02T09:00:00Z"), |_| {}).await;
    let admin = app.admin(ALPHA);
    let first = referral(&app).await;
    settled(&app, "waiting").await;
    app.post_ok(
        &format!("/v1/referrals/{first}/notifications"),
        &admin,
        &json!({"kind": "national_panel_serious_incident", "sent_on": "2026-03-02"}),
    )
    .await;
    let settled_by_hand = settled(&app, "sent_elsewhere").await;
    assert!(
        settled_by_hand["payload"]
            .as_str()
            .unwrap()
            .contains(&first)
    );

    // A second referral's message is recorded as sent by other means through the outbox.
    let second = referral(&app).await;
    let waiting = settled(&app, "waiting").await;
    let recorded = app
        .post_ok(
            &format!(
                "/v1/outbox/{}/sent-elsewhere",
                waiting["id"].as_str().unwrap()
            ),
            &admin,
            &json!({"reference": "Mailbox ref 77"}),
        )
        .await;
    assert_eq!(recorded["status"], "sent_elsewhere");
    let review = app
        .get_ok(&format!("/v1/referrals/{second}/rapid-review"), &admin)
        .await;
    assert_eq!(
        review["notifications"][0]["kind"],
        "national_panel_serious_incident"
    );
    assert_eq!(review["notifications"][0]["reference"], "Mailbox ref 77");

    // With a destination now set, neither is sent.
    panel_destination(&app, &panel.url).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(panel.received().is_empty());
}

#[tokio::test]
async fn only_the_partnerships_admins_see_and_act_on_its_outbox() {
    let app = delivering_app(None, |_| {}).await;
    app.register_agencies(BETA).await;
    referral(&app).await;
    let message = settled(&app, "waiting").await;
    let id = message["id"].as_str().unwrap();
    let police = app.agency(ALPHA, "POLICE");
    let partner = app.partner(ALPHA, "POLICE");
    for token in [&police, &partner] {
        problem(app.get("/v1/outbox", token).await, StatusCode::FORBIDDEN).await;
        problem(
            app.get(&format!("/v1/outbox/{id}/attempts"), token).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(
            app.post(
                &format!("/v1/outbox/{id}/sent-elsewhere"),
                token,
                &json!({}),
            )
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(
            app.put(
                "/v1/destinations/ofsted",
                token,
                &json!({"channel": "https", "url": "https://x.example/"}),
            )
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let other = app.admin(BETA);
    problem(
        app.get(&format!("/v1/outbox/{id}"), &other).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.post(&format!("/v1/outbox/{id}/retry"), &other, &json!({}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(
        app.get_ok("/v1/outbox", &other).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // GraphQL answers the same.
    let refused = app
        .graphql(&police, "{ outboxMessages { items { id } } }")
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "role-not-permitted"
    );
    let listed = app
        .graphql(
            &app.admin(ALPHA),
            "{ outboxMessages { items { id status } } }",
        )
        .await;
    assert_eq!(
        listed["data"]["outboxMessages"]["items"][0]["status"],
        "WAITING"
    );
}

#[tokio::test]
async fn a_destinations_secrets_are_write_only_and_its_fields_belong_to_its_channel() {
    let app = delivering_app(None, |_| {}).await;
    let admin = app.admin(ALPHA);
    let set = app
        .put_ok(
            "/v1/destinations/ofsted",
            &admin,
            &json!({"channel": "https", "url": "https://ofsted.example.org/cspr"}),
        )
        .await;
    assert!(
        set["signing_secret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_")
    );
    assert_nowhere_in_the_database(&app, set["signing_secret"].as_str().unwrap());
    let listed = app.get_ok("/v1/destinations", &admin).await;
    assert_eq!(listed["items"][0]["recipient"], "ofsted");

    // Replacing it names the version read (RFC 9110): none is 428, a stale one 412.
    let again = json!({"channel": "https", "url": "https://ofsted.example.org/cspr/v2"});
    problem(
        app.put("/v1/destinations/ofsted", &admin, &again).await,
        StatusCode::PRECONDITION_REQUIRED,
    )
    .await;
    let read = app.get("/v1/destinations/ofsted", &admin).await;
    let tag = read.headers()["etag"].to_str().unwrap().to_owned();
    let stale = app
        .client
        .put(app.url("/v1/destinations/ofsted"))
        .bearer_auth(&admin)
        .header("if-match", "\"0000\"")
        .json(&again)
        .send()
        .await
        .unwrap();
    problem(stale, StatusCode::PRECONDITION_FAILED).await;
    let replaced = app
        .client
        .put(app.url("/v1/destinations/ofsted"))
        .bearer_auth(&admin)
        .header("if-match", &tag)
        .json(&again)
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.status(), StatusCode::OK);
    assert_ne!(replaced.headers()["etag"].to_str().unwrap(), tag);
    let shown: Value = replaced.json().await.unwrap();
    assert_ne!(
        shown["signing_secret"], set["signing_secret"],
        "a new secret with a new endpoint"
    );
    assert!(listed["items"][0]["signing_secret"].is_null());
    assert!(!listed.to_string().contains("whsec_"));

    for (body, field) in [
        (json!({"channel": "https"}), "url"),
        (
            json!({"channel": "https", "url": "https://10.0.0.7/"}),
            "url",
        ),
        (
            json!({"channel": "https", "url": "ftp://x.example/"}),
            "url",
        ),
        (
            json!({"channel": "https", "url": "https://x.example/", "email_address": "a@b.example"}),
            "email_address",
        ),
        (
            json!({"channel": "notify", "email_address": "a@b.example", "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a"}),
            "notify_api_key",
        ),
        (
            json!({"channel": "notify", "email_address": "a@b.example", "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a", "notify_api_key": "nonsense"}),
            "notify_api_key",
        ),
        (
            json!({"channel": "notify", "email_address": "not mail", "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a", "notify_api_key": crate::notify::KEY}),
            "email_address",
        ),
    ] {
        let refused = problem(
            app.put("/v1/destinations/dfe", &admin, &body).await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(refused["status"], 404, "an unknown recipient is no route");
        let refused = problem(
            app.put("/v1/destinations/department_for_education", &admin, &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(refused["errors"][0]["field"], field, "{body}");
    }
    app.client
        .delete(app.url("/v1/destinations/ofsted"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    assert!(
        app.get_ok("/v1/destinations", &admin).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
