use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem};

fn agency(code: &str, kind: &str, role: &str) -> Value {
    json!({ "code": code, "name": format!("Agency {code}"), "kind": kind, "statutory_role": role })
}

#[tokio::test]
async fn an_admin_registers_agencies_and_every_member_reads_the_register() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/v1/agencies",
            &app.admin(ALPHA),
            &agency("cambs-police", "police", "police"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["code"], "CAMBS-POLICE");
    assert_eq!(created["statutory_role"], "police");
    let list: Value = app
        .get("/v1/agencies", &app.agency(ALPHA, "CAMBS-POLICE"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["id"], created["id"]);
}

#[tokio::test]
async fn an_agency_code_is_unique_in_its_partnership_only() {
    let app = TestApp::spawn().await;
    let body = agency("LA", "local_authority", "local_authority");
    assert_eq!(
        app.post("/v1/agencies", &app.admin(ALPHA), &body)
            .await
            .status(),
        StatusCode::CREATED
    );
    let p = problem(
        app.post(
            "/v1/agencies",
            &app.admin(ALPHA),
            &agency("la", "other", "none"),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["field"], "code");
    assert_eq!(
        app.post("/v1/agencies", &app.admin(BETA), &body)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_partnership_with_two_councils_registers_both_as_the_local_authority() {
    let app = TestApp::spawn().await;
    let admin = app.admin(ALPHA);
    for (code, role) in [
        ("CAMBS-CC", "local_authority"),
        ("PBORO-CC", "local_authority"),
        ("TRUST", "none"),
    ] {
        assert_eq!(
            app.post(
                "/v1/agencies",
                &admin,
                &agency(code, "local_authority", role)
            )
            .await
            .status(),
            StatusCode::CREATED
        );
    }
    let list = app.get_ok("/v1/agencies", &admin).await;
    let councils = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["statutory_role"] == "local_authority")
        .count();
    assert_eq!(councils, 2);
}

#[tokio::test]
async fn only_an_admin_registers_an_agency() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    for token in [
        app.agency(ALPHA, "SCHOOL"),
        app.partner(ALPHA, "POLICE"),
        app.token(ALPHA, &["reporting"], None),
    ] {
        let res = app
            .post("/v1/agencies", &token, &agency("NEW", "other", "none"))
            .await;
        assert_eq!(
            problem(res, StatusCode::FORBIDDEN).await["code"],
            "role-not-permitted"
        );
    }
}

#[tokio::test]
async fn an_invalid_agency_names_its_fields() {
    let app = TestApp::spawn().await;
    let res = app
        .post(
            "/v1/agencies",
            &app.admin(ALPHA),
            &json!({"code": "a b", "name": " ", "kind": "other", "statutory_role": "none"}),
        )
        .await;
    let p = problem(res, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields: Vec<_> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["code", "name"]);
}
