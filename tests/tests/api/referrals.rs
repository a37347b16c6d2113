use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem, referral_body},
    identifying::assert_nowhere_in_the_database,
};

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_agency_refers_a_serious_incident_and_gets_a_reference() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let res = app
        .post(
            "/v1/referrals",
            &app.agency(ALPHA, "school"),
            &referral_body(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let r: Value = res.json().await.unwrap();
    assert_eq!(
        location,
        format!("/v1/referrals/{}", r["id"].as_str().unwrap())
    );
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(r["reference"], format!("ALPHA-{year}-0001"));
    assert_eq!(r["referring_agency"], "SCHOOL");
    assert_eq!(r["status"], "received");
    assert_eq!(r["children"][0]["pseudonym"], "Child A");
    assert_eq!(
        r["criteria"][0],
        json!({"name": "improvements_needed", "applies": true, "note": "Information sharing."})
    );
    let read: Value = app
        .get(&location, &app.admin(ALPHA))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read, r);
}

#[tokio::test]
async fn references_count_up_within_each_partnership() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let year = chrono::Utc::now().format("%Y").to_string();
    for n in 1..=3 {
        let r = app.create_referral(ALPHA, "LA", &referral_body()).await;
        assert_eq!(r["reference"], format!("ALPHA-{year}-{n:04}"));
    }
    let r = app.create_referral(BETA, "LA", &referral_body()).await;
    assert_eq!(r["reference"], format!("BETA-{year}-0001"));
}

#[tokio::test]
async fn the_list_pages_newest_first_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let mut made = vec![];
    for _ in 0..5 {
        made.push(
            app.create_referral(ALPHA, "LA", &referral_body()).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    made.reverse();
    let admin = app.admin(ALPHA);
    let mut seen = vec![];
    let mut path = "/v1/referrals?limit=2".to_owned();
    loop {
        let page: Value = app.get(&path, &admin).await.json().await.unwrap();
        assert!(page["items"].as_array().unwrap().len() <= 2);
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/referrals?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, made);
}

#[tokio::test]
async fn the_list_filters_by_status_and_receipt_window() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let first = app.create_referral(ALPHA, "LA", &referral_body()).await;
    let second = app.create_referral(ALPHA, "LA", &referral_body()).await;
    let admin = app.admin(ALPHA);
    let received = second["received_at"].as_str().unwrap();
    let from = app
        .get(&format!("/v1/referrals?received_from={received}"), &admin)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(ids(&from), [second["id"].as_str().unwrap()]);
    let before = app
        .get(&format!("/v1/referrals?received_to={received}"), &admin)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(ids(&before), [first["id"].as_str().unwrap()]);
    let received_status = app
        .get("/v1/referrals?status=received", &admin)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(ids(&received_status).len(), 2);
    let res = app.get("/v1/referrals?status=archived", &admin).await;
    assert_eq!(
        problem(res, StatusCode::BAD_REQUEST).await["code"],
        "invalid-query"
    );
}

#[tokio::test]
async fn an_agency_sees_only_the_referrals_it_made() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let own = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    let other = app
        .create_referral(ALPHA, "HOSPITAL", &referral_body())
        .await;
    let school = app.agency(ALPHA, "SCHOOL");
    let list: Value = app
        .get("/v1/referrals", &school)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&list), [own["id"].as_str().unwrap()]);
    let res = app
        .get(
            &format!("/v1/referrals/{}", other["id"].as_str().unwrap()),
            &school,
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::NOT_FOUND).await["code"],
        "not-found"
    );
}

#[tokio::test]
async fn statutory_partners_and_admins_see_every_referral_of_their_partnership() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    app.create_referral(ALPHA, "HOSPITAL", &referral_body())
        .await;
    for token in [app.partner(ALPHA, "POLICE"), app.admin(ALPHA)] {
        let list: Value = app.get("/v1/referrals", &token).await.json().await.unwrap();
        assert_eq!(ids(&list).len(), 2);
    }
}

#[tokio::test]
async fn a_referral_of_another_partnership_is_not_found_even_by_its_id() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let alpha = app.create_referral(ALPHA, "LA", &referral_body()).await;
    let id = alpha["id"].as_str().unwrap();
    for token in [
        app.admin(BETA),
        app.partner(BETA, "POLICE"),
        app.agency(BETA, "LA"),
    ] {
        let res = app.get(&format!("/v1/referrals/{id}"), &token).await;
        assert_eq!(
            problem(res, StatusCode::NOT_FOUND).await["code"],
            "not-found"
        );
    }
}

#[tokio::test]
async fn reporting_reviewers_and_board_members_read_no_referrals() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let r = app.create_referral(ALPHA, "LA", &referral_body()).await;
    for role in ["reporting", "lead_reviewer", "panel_member", "board"] {
        let token = app.token(ALPHA, &[role], Some("LA"));
        problem(
            app.get("/v1/referrals", &token).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        let path = format!("/v1/referrals/{}", r["id"].as_str().unwrap());
        problem(app.get(&path, &token).await, StatusCode::FORBIDDEN).await;
    }
}

#[tokio::test]
async fn a_date_of_birth_is_kept_sealed_and_read_back_by_no_one_the_age_at_the_incident_is() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let mut body = referral_body();
    body["children"][0]["age_years"] = Value::Null;
    body["children"][0]["date_of_birth"] = json!("2024-02-10");
    let r = app.create_referral(ALPHA, "LA", &body).await;
    assert!(r["children"][0].get("date_of_birth").is_none());
    let path = format!("/v1/referrals/{}", r["id"].as_str().unwrap());
    for token in [app.admin(ALPHA), app.partner(ALPHA, "POLICE")] {
        let seen: Value = app.get(&path, &token).await.json().await.unwrap();
        assert!(seen["children"][0].get("date_of_birth").is_none());
        assert_eq!(seen["children"][0]["age_years"], 1);
    }
    // Neither the date nor any form of it is in the database: only its seal.
    for form in ["2024-02-10", "2024-02-10T", "20240210"] {
        assert_nowhere_in_the_database(&app, form);
    }
}

#[tokio::test]
async fn a_referral_is_made_for_a_registered_agency_named_by_the_token() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let res = app
        .post("/v1/referrals", &app.admin(ALPHA), &referral_body())
        .await;
    assert_eq!(
        problem(res, StatusCode::FORBIDDEN).await["code"],
        "agency-required"
    );
    let res = app
        .post(
            "/v1/referrals",
            &app.agency(ALPHA, "UNKNOWN"),
            &referral_body(),
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::FORBIDDEN).await["code"],
        "agency-not-registered"
    );
    assert_eq!(app.written(ALPHA).await.0, 0);
}

#[tokio::test]
async fn an_involved_agency_must_be_registered_in_the_partnership() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let mut body = referral_body();
    body["involved_agencies"] = json!(["LA", "NOT-HERE"]);
    let res = app
        .post("/v1/referrals", &app.agency(ALPHA, "LA"), &body)
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p["field"], "involved_agencies[1]");
}

#[tokio::test]
async fn ids_are_unique_across_many_referrals() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let mut seen = HashSet::new();
    for _ in 0..8 {
        let r = app.create_referral(ALPHA, "LA", &referral_body()).await;
        assert!(seen.insert(r["reference"].as_str().unwrap().to_owned()));
    }
}
