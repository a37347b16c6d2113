use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem, referral_body};

/// Every route that needs a caller, with a body where it takes one.
fn routes() -> Vec<(&'static str, &'static str, Option<Value>)> {
    vec![
        ("GET", "/v1/agencies", None),
        (
            "POST",
            "/v1/agencies",
            Some(json!({"code": "X1", "name": "X", "kind": "other", "statutory_role": "none"})),
        ),
        ("GET", "/v1/referrals", None),
        ("POST", "/v1/referrals", Some(referral_body())),
        (
            "GET",
            "/v1/referrals/01a216a0-91fb-700d-bf58-79d3d6dc7456",
            None,
        ),
        ("GET", "/v1/audit-events", None),
    ]
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    body: &Option<Value>,
    auth: Option<&str>,
) -> reqwest::Response {
    let mut req = app.client.request(method.parse().unwrap(), app.url(path));
    if let Some(auth) = auth {
        req = req.header("authorization", auth);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send().await.unwrap()
}

/// Signs claims with the server's own local key, for tokens `cspr token` would never make.
fn sign_local(app: &TestApp, claims: &Value) -> String {
    let text = std::fs::read_to_string(app.data_dir.join("local-signing-key")).unwrap();
    let secret = STANDARD.decode(text.trim()).unwrap();
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(&secret),
    )
    .unwrap()
}

fn claims(exp_offset: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({ "sub": "jo", "partnership": ALPHA, "roles": ["partnership_admin"], "iss": "cspr-local", "aud": "cspr", "iat": now, "exp": now + exp_offset })
}

#[tokio::test]
async fn every_route_refuses_a_request_without_a_token() {
    let app = TestApp::spawn().await;
    for (method, path, body) in routes() {
        let res = call(&app, method, path, &body, None).await;
        assert_eq!(
            res.headers()["www-authenticate"],
            "Bearer",
            "{method} {path}"
        );
        let p = problem(res, StatusCode::UNAUTHORIZED).await;
        assert_eq!(p["code"], "unauthenticated", "{method} {path}");
    }
}

#[tokio::test]
async fn malformed_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let other = TestApp::spawn().await;
    let foreign = other.admin(ALPHA);
    let mut bad = vec![
        "Bearer".to_owned(),
        "Bearer not.a.token".to_owned(),
        format!("Basic {}", STANDARD.encode("admin:admin")),
        format!("Bearer {foreign}"),
    ];
    bad.push(format!("Bearer {}", app.admin(ALPHA).replace('.', "x")));
    for auth in bad {
        let res = call(&app, "GET", "/v1/referrals", &None, Some(&auth)).await;
        problem(res, StatusCode::UNAUTHORIZED).await;
    }
}

#[tokio::test]
async fn expired_wrong_audience_wrong_issuer_and_exp_less_tokens_are_refused() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/v1/referrals", &sign_local(&app, &claims(600)))
            .await
            .status(),
        StatusCode::OK
    );
    let mut wrong_aud = claims(600);
    wrong_aud["aud"] = json!("someone-else");
    let mut wrong_iss = claims(600);
    wrong_iss["iss"] = json!("https://evil.example");
    let mut no_exp = claims(600);
    no_exp.as_object_mut().unwrap().remove("exp");
    for c in [claims(-3600), wrong_aud, wrong_iss, no_exp] {
        let res = app.get("/v1/referrals", &sign_local(&app, &c)).await;
        problem(res, StatusCode::UNAUTHORIZED).await;
    }
}

#[tokio::test]
async fn an_unsigned_alg_none_token_is_refused() {
    let app = TestApp::spawn().await;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(claims(600).to_string());
    let res = app.get("/v1/referrals", &format!("{header}.{body}.")).await;
    problem(res, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_token_for_a_partnership_this_deployment_does_not_hold_is_refused_saying_so_without_naming_it()
 {
    let app = TestApp::spawn().await;
    let res = app.get("/v1/agencies", &app.admin("gamma")).await;
    let p = problem(res, StatusCode::UNAUTHORIZED).await;
    assert_eq!(p["code"], "unauthenticated");
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("partnership is unknown to this deployment"),
        "{detail}"
    );
    assert!(!detail.contains("gamma"), "{detail}");
    // A token that does not verify is told the general reason, not this one.
    let res = app.get("/v1/agencies", "not-a-token").await;
    let p = problem(res, StatusCode::UNAUTHORIZED).await;
    assert!(!p["detail"].as_str().unwrap().contains("partnership"));
}

#[tokio::test]
async fn a_role_without_the_right_is_forbidden_on_every_route() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    // A board member may read the agency register but nothing else here.
    let board = app.token(ALPHA, &["board"], Some("LA"));
    for (method, path, body) in routes()
        .into_iter()
        .filter(|(m, p, _)| !(*m == "GET" && *p == "/v1/agencies"))
    {
        let res = call(&app, method, path, &body, Some(&format!("Bearer {board}"))).await;
        let p = problem(res, StatusCode::FORBIDDEN).await;
        assert_eq!(p["code"], "role-not-permitted", "{method} {path}");
    }
}

#[tokio::test]
async fn another_partnerships_token_sees_nothing_of_this_one() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let referral = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    let beta = app.admin(BETA);
    let res = app
        .get(
            &format!("/v1/referrals/{}", referral["id"].as_str().unwrap()),
            &beta,
        )
        .await;
    assert_eq!(
        problem(res, StatusCode::NOT_FOUND).await["code"],
        "not-found"
    );
    let list: Value = app.get("/v1/referrals", &beta).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    let agencies: Value = app.get("/v1/agencies", &beta).await.json().await.unwrap();
    assert_eq!(agencies["items"].as_array().unwrap().len(), 0);
    let audit: Value = app
        .get("/v1/audit-events", &beta)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"].as_array().unwrap().len(), 0);
}
