//! Retention: each closed case's clock from its own event, the child's 25th birthday when known, the
//! partnership's own periods, legal holds shown; for the business team only.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem, referral_body},
    reviews::decided,
};

/// A referral of `body` closed at triage on the clock's day.
pub async fn closed_at_triage(app: &TestApp, body: &Value) -> String {
    let r = app.create_referral(ALPHA, "SCHOOL", body).await;
    let id = r["id"].as_str().unwrap().to_owned();
    app.post_ok(
        &format!("/v1/referrals/{id}/triage"),
        &app.admin(ALPHA),
        &json!({"criteria_met": false, "outcome_if_not_met": "close", "reasons": "Accidental injury."}),
    )
    .await;
    id
}

fn due(schedule: &Value) -> Vec<(String, String, String, bool)> {
    schedule["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["referral_id"].as_str().unwrap().to_owned(),
                i["class"].as_str().unwrap().to_owned(),
                i["due_on"].as_str().unwrap().to_owned(),
                i["on_hold"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn each_closed_case_is_due_from_its_own_event_under_the_partnerships_periods() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    // Closed at triage on 31 August 2026: six years by default.
    let closed = closed_at_triage(&app, &referral_body()).await;
    // The same, for a child born on 29 February 2024: kept to her 25th birthday (28 February 2049).
    let mut young = referral_body();
    young["children"][0]["age_years"] = Value::Null;
    young["children"][0]["date_of_birth"] = json!("2024-02-29");
    let born = closed_at_triage(&app, &young).await;
    // No further review, decided on 31 August 2026: fifteen years. A CSPR still running: no clock.
    let none = decided(&app, "none").await;
    let running = decided(&app, "cspr").await;

    let schedule = app.get_ok("/v1/retention/schedule", &admin).await;
    assert_eq!(schedule["as_of"], "2026-08-31");
    let s = |id: &str, class: &str, on: &str, held: bool| {
        (id.to_owned(), class.to_owned(), on.to_owned(), held)
    };
    assert_eq!(
        due(&schedule),
        [
            s(&closed, "triage_closed", "2032-08-31", false),
            s(&none, "rapid_review", "2041-08-31", false),
            s(&born, "triage_closed", "2049-02-28", false),
        ]
    );
    assert!(!schedule.to_string().contains(&running));
    assert_eq!(schedule["items"][0]["event"], "closed at triage");
    assert_eq!(schedule["items"][0]["record"], "case");

    // The partnership keeps closed referrals eight years; a hold shows on the case it is on.
    let periods = app
        .put_ok(
            "/v1/retention/periods/triage_closed",
            &admin,
            &json!({"years": 8}),
        )
        .await;
    let triage = &periods["items"][0];
    assert_eq!(
        (
            triage["class"].as_str(),
            triage["years"].as_u64(),
            triage["default_years"].as_u64()
        ),
        (Some("triage_closed"), Some(8), Some(6))
    );
    assert_eq!(
        periods["items"][3]["set_by"],
        Value::Null,
        "cspr keeps its default"
    );
    app.post_ok(
        &format!("/v1/referrals/{none}/legal-holds"),
        &admin,
        &json!({"kind": "police_request", "reasons": "A criminal investigation continues."}),
    )
    .await;
    let by_2040 = app
        .get_ok("/v1/retention/schedule?due_by=2040-12-31", &admin)
        .await;
    assert_eq!(
        due(&by_2040),
        [s(&closed, "triage_closed", "2034-08-31", false)]
    );
    let all = app.get_ok("/v1/retention/schedule", &admin).await;
    assert!(due(&all).contains(&s(&none, "rapid_review", "2041-08-31", true)));

    // The business team's alone; another partnership's schedule is its own.
    for token in [
        app.agency(ALPHA, "LA"),
        app.partner(ALPHA, "POLICE"),
        app.token(ALPHA, &["reporting"], None),
    ] {
        problem(
            app.get("/v1/retention/schedule", &token).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(
            app.put("/v1/retention/periods/cspr", &token, &json!({"years": 30}))
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    assert!(
        app.get_ok("/v1/retention/schedule", &app.admin(BETA)).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let beta = app.get_ok("/v1/retention/periods", &app.admin(BETA)).await;
    assert_eq!(beta["items"][0]["years"], 6, "ALPHA's period is ALPHA's");
    let p = problem(
        app.put("/v1/retention/periods/cspr", &admin, &json!({"years": 0}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "years");
    let g = app
        .graphql(
            &admin,
            "{ retentionSchedule { items { class dueOn onHold } } }",
        )
        .await;
    assert_eq!(
        g["data"]["retentionSchedule"]["items"][0]["dueOn"], "2034-08-31",
        "{g}"
    );
}
