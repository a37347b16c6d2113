//! The National Panel's submission integration, walked end to end: told by a signed event that a
//! Rapid Review was submitted, it reads the document with its own token (audited) and records the
//! Panel's acknowledgement and reference, which shows on the timeline.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ALPHA, BETA, problem};
use crate::outbox::delivering_app;
use crate::rapid_review::step;
use crate::receiver::Receiver;
use crate::reviews::decided;

#[tokio::test]
async fn the_panel_integration_hears_of_a_submission_reads_it_and_records_the_acknowledgement() {
    let hook = Receiver::start().await;
    let app = delivering_app(Some("2026-08-31T14:00:00Z"), |_| {}).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let made = app
        .post_ok(
            "/v1/webhook-subscriptions",
            &admin,
            &json!({"url": hook.url, "event_types": ["rapid_review.submitted", "rapid_review.submission_acknowledged"]}),
        )
        .await;
    let secret = made["secret"].as_str().unwrap().to_owned();
    let referral = decided(&app, "cspr").await;
    let integration = app.token_as("panel-integration", ALPHA, &["panel_integration"], None);
    let ack = json!({"panel_reference": "CSPRP-2026-0412", "acknowledged_on": "2026-08-31"});
    let path = format!("/v1/referrals/{referral}/submission/acknowledgement");
    // Nothing to acknowledge before the submission.
    problem(
        app.post(&path, &integration, &ack).await,
        StatusCode::CONFLICT,
    )
    .await;

    app.post_ok(
        &format!("/v1/referrals/{referral}/submission"),
        &admin,
        &json!({"sent_on": "2026-08-31"}),
    )
    .await;
    let got = hook.wait_for(1).await;
    assert!(got[0].signed_by(&secret));
    let event = got[0].json();
    assert_eq!(event["type"], "rapid_review.submitted");
    assert_eq!(event["data"]["referral_id"], referral.as_str());

    // It reads the document under its own token, and the read is audited as its own.
    let document = app
        .get_ok(
            &format!("/v1/referrals/{referral}/submission"),
            &integration,
        )
        .await;
    assert_eq!(document["decision"]["outcome"], "cspr");
    let reads = app
        .get_ok(
            &format!(
                "/v1/audit-events?resource_type=submission&resource_id={referral}&action=read"
            ),
            &admin,
        )
        .await;
    assert!(
        reads["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["subject"] == "panel-integration")
    );
    // It reads nothing else.
    for path in [
        format!("/v1/referrals/{referral}"),
        "/v1/referrals".into(),
        format!("/v1/referrals/{referral}/timeline"),
    ] {
        problem(app.get(&path, &integration).await, StatusCode::FORBIDDEN).await;
    }

    // The acknowledgement: not before the submission, not in the future; once.
    let early = json!({"panel_reference": "CSPRP-2026-0412", "acknowledged_on": "2026-08-30"});
    let p = problem(
        app.post(&path, &integration, &early).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "acknowledged_on");
    for token in [
        app.agency(ALPHA, "SCHOOL"),
        app.token(ALPHA, &["reporting"], None),
    ] {
        problem(app.post(&path, &token, &ack).await, StatusCode::FORBIDDEN).await;
    }
    let other = app.token_as("panel-integration", BETA, &["panel_integration"], None);
    problem(app.post(&path, &other, &ack).await, StatusCode::NOT_FOUND).await;
    problem(
        app.get(&format!("/v1/referrals/{referral}/submission"), &other)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let review = app.post_ok(&path, &integration, &ack).await;
    assert_eq!(
        review["acknowledgement"]["panel_reference"],
        "CSPRP-2026-0412"
    );
    assert_eq!(
        review["acknowledgement"]["recorded_by"],
        "panel-integration"
    );
    problem(
        app.post(&path, &integration, &ack).await,
        StatusCode::CONFLICT,
    )
    .await;
    let timeline = app
        .get_ok(&format!("/v1/referrals/{referral}/timeline"), &admin)
        .await;
    let row = step(&timeline, "national_panel_acknowledgement");
    assert_eq!(row["done_on"], "2026-08-31");
    assert!(row["rule"].as_str().unwrap().contains("CSPRP-2026-0412"));
    let got = hook.wait_for(2).await;
    assert_eq!(
        got[1].json()["type"],
        "rapid_review.submission_acknowledged"
    );
}
