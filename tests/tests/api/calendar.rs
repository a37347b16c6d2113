use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, TestApp, problem};

#[tokio::test]
async fn a_deadline_across_christmas_names_every_day_it_skips() {
    let app = TestApp::spawn().await;
    let res = app
        .get(
            "/v1/calendar/deadline?from=2026-12-21&working_days=15",
            &app.agency(ALPHA, "LA"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let d: Value = res.json().await.unwrap();
    assert_eq!(d["due"], "2027-01-14");
    let holidays: Vec<_> = d["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["reason"] == "bank_holiday")
        .map(|s| (s["date"].as_str().unwrap(), s["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        holidays,
        [
            ("2026-12-25", "Christmas Day"),
            ("2026-12-28", "Boxing Day (substitute day)"),
            ("2027-01-01", "New Year’s Day")
        ]
    );
    assert!(
        d["skipped"]
            .as_array()
            .unwrap()
            .contains(&json!({"date": "2026-12-26", "reason": "weekend", "name": "Saturday"}))
    );
}

#[tokio::test]
async fn the_deadline_needs_a_token_and_sane_input() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/v1/calendar/deadline?from=2026-01-01&working_days=5"))
        .send()
        .await
        .unwrap();
    problem(res, StatusCode::UNAUTHORIZED).await;
    let token = app.token(ALPHA, &["reporting"], None);
    let p = problem(
        app.get(
            "/v1/calendar/deadline?from=2026-01-01&working_days=9999",
            &token,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "working_days");
    problem(
        app.get("/v1/calendar/deadline?working_days=5", &token)
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    problem(
        app.get(
            "/v1/calendar/deadline?from=01/02/2026&working_days=5",
            &token,
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[tokio::test]
async fn an_operator_can_supply_a_newer_bank_holiday_file() {
    let file = std::env::temp_dir().join(format!("cspr-holidays-{}.json", uuid::Uuid::now_v7()));
    std::fs::write(
        &file,
        r#"{"england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "Made-up bank holiday", "date": "2029-07-04", "notes": "", "bunting": true}]}}"#,
    )
    .unwrap();
    let path = file.clone();
    let app = TestApp::spawn_with(move |s| s.bank_holidays_file = Some(path)).await;
    let d: Value = app
        .get(
            "/v1/calendar/deadline?from=2029-07-03&working_days=1",
            &app.admin(ALPHA),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(d["due"], "2029-07-05");
    assert_eq!(d["skipped"][0]["name"], "Made-up bank holiday");
    std::fs::remove_file(file).ok();
}

#[tokio::test]
async fn graphql_computes_the_same_deadline() {
    let app = TestApp::spawn().await;
    let v = app
        .graphql(
            &app.admin(ALPHA),
            r#"{ deadline(from: "2026-04-01", workingDays: 5) { due skipped { date name } } }"#,
        )
        .await;
    assert_eq!(v["data"]["deadline"]["due"], "2026-04-10");
    let names: Vec<_> = v["data"]["deadline"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Good Friday", "Saturday", "Sunday", "Easter Monday"]
    );
}
