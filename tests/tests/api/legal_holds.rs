//! Legal holds: placed on a referral or a review by the business team with reasons, listed, released
//! once with reasons, kept; refused to everyone else and invisible to other partnerships.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::decided_review,
};

#[tokio::test]
async fn a_legal_hold_is_placed_with_reasons_listed_and_released_once_by_the_business_team() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let review = decided_review(&app, "cspr").await;
    let referral = app.get_ok(&format!("/v1/reviews/{review}"), &admin).await["referral_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let on_referral = format!("/v1/referrals/{referral}/legal-holds");
    let on_review = format!("/v1/reviews/{review}/legal-holds");
    let inquest =
        json!({"kind": "inquest", "reasons": "The coroner opened an inquest on 28 August."});

    let held = app.post_ok(&on_referral, &admin, &inquest).await;
    assert_eq!(held["referral_id"], referral.as_str());
    assert_eq!(held["review_id"], serde_json::Value::Null);
    assert_eq!(held["active"], true);
    assert_eq!(held["placed_by"], "partnership_admin-user");
    app.post_ok(
        &on_review,
        &admin,
        &json!({"kind": "litigation", "reasons": "A claim against the council was issued."}),
    )
    .await;

    // Nobody else places one; another partnership finds nothing to hold.
    for token in [app.agency(ALPHA, "LA"), app.partner(ALPHA, "POLICE")] {
        problem(
            app.post(&on_referral, &token, &inquest).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    for path in [&on_referral, &on_review] {
        problem(
            app.post(path, &app.admin(BETA), &inquest).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let p = problem(
        app.post(
            &on_review,
            &admin,
            &json!({"kind": "inquest", "reasons": " "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reasons");

    let all = app.get_ok("/v1/legal-holds", &admin).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    // Released once, with reasons; the release is kept beside the hold.
    let id = held["id"].as_str().unwrap();
    let release = format!("/v1/legal-holds/{id}/release");
    let done = json!({"reasons": "The inquest concluded on 30 August."});
    problem(
        app.post(&release, &app.admin(BETA), &done).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.post(&release, &app.agency(ALPHA, "LA"), &done).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let released = app.post_ok(&release, &admin, &done).await;
    assert_eq!(released["active"], false);
    assert_eq!(
        released["release_reasons"],
        "The inquest concluded on 30 August."
    );
    assert_eq!(
        released["reasons"],
        "The coroner opened an inquest on 28 August."
    );
    problem(
        app.post(&release, &admin, &done).await,
        StatusCode::CONFLICT,
    )
    .await;
    let active = app.get_ok("/v1/legal-holds?active=true", &admin).await;
    assert_eq!(active["items"].as_array().unwrap().len(), 1);
    assert_eq!(active["items"][0]["kind"], "litigation");
    assert!(
        app.get_ok("/v1/legal-holds", &app.admin(BETA)).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    problem(
        app.get("/v1/legal-holds", &app.token(ALPHA, &["reporting"], None))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    // GraphQL: the same holds, the same refusal.
    let g = app
        .graphql(
            &admin,
            "{ legalHolds(active: true) { items { kind active } } }",
        )
        .await;
    assert_eq!(
        g["data"]["legalHolds"]["items"],
        json!([{"kind": "LITIGATION", "active": true}])
    );
    let g = app
        .graphql(&app.agency(ALPHA, "LA"), "{ legalHolds { items { id } } }")
        .await;
    assert_eq!(g["errors"][0]["extensions"]["code"], "role-not-permitted");
    let events = app
        .audit_events(ALPHA, "resource_type=legal_hold&action=create")
        .await;
    assert_eq!(events.len(), 3, "two placed, one released");
}
