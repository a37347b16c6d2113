//! Calendar feeds: the due steps a caller may see as iCalendar, read by address without a bearer token,
//! every read audited; listed and revoked by their owner.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::decided,
};

async fn calendar(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, res.text().await.unwrap())
}

#[tokio::test]
async fn a_feed_shows_its_owners_due_steps_as_icalendar_without_a_bearer_token() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let referral = decided(&app, "cspr").await;
    let admin = app.admin(ALPHA);
    let made = app
        .post_ok(
            "/v1/calendar-feeds",
            &admin,
            &json!({"name": "Business team deadlines"}),
        )
        .await;
    let path = made["feed_path"].as_str().unwrap().to_owned();
    assert!(made["agency_code"].is_null());

    let (status, kind, body) = calendar(&app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
    let due = app.get_ok("/v1/deadlines?status=due", &admin).await["items"]
        .as_array()
        .unwrap()
        .len();
    let overdue = app.get_ok("/v1/deadlines?status=overdue", &admin).await["items"]
        .as_array()
        .unwrap()
        .len();
    assert!(due + overdue > 0);
    assert_eq!(body.matches("BEGIN:VEVENT").count(), due + overdue);
    // The referral's reference and the step, nothing personal.
    let reference = app
        .get_ok(&format!("/v1/referrals/{referral}"), &admin)
        .await["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(body.contains(&reference));
    assert!(!body.contains("Child A") && !body.contains("Neglect"));
    // Every read is audited against the feed.
    calendar(&app, &path).await;
    let reads = app
        .audit_events(ALPHA, "resource_type=calendar_feed&action=read")
        .await;
    assert_eq!(reads.len(), 2);

    // An agency's feed shows only what the agency may see: the hospital is not on this referral.
    let hospital = app
        .post_ok(
            "/v1/calendar-feeds",
            &app.agency(ALPHA, "HOSPITAL"),
            &json!({"name": "Ward"}),
        )
        .await;
    assert_eq!(hospital["agency_code"], "HOSPITAL");
    let (_, _, theirs) = calendar(&app, hospital["feed_path"].as_str().unwrap()).await;
    assert_eq!(theirs.matches("BEGIN:VEVENT").count(), 0);

    // Listed without their addresses; revoked by their owner only; then the address answers nothing.
    let listed = app.get_ok("/v1/calendar-feeds", &admin).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(listed["items"][0]["feed_path"].is_null());
    let id = made["id"].as_str().unwrap();
    let revoke = |token: String| {
        let url = app.url(&format!("/v1/calendar-feeds/{id}"));
        let client = app.client.clone();
        async move { client.delete(url).bearer_auth(token).send().await.unwrap() }
    };
    assert_eq!(
        revoke(app.partner(ALPHA, "LA")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        revoke(app.admin(BETA)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(revoke(admin.clone()).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(calendar(&app, &path).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        calendar(&app, "/v1/calendar-feeds/not-a-token/calendar.ics")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // Roles that see no referrals make no feeds.
    let p = problem(
        app.post(
            "/v1/calendar-feeds",
            &app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None),
            &json!({"name": "Mine"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
}
