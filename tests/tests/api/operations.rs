use reqwest::StatusCode;

use crate::helpers::{TestApp, problem};

#[tokio::test]
async fn with_no_configuration_the_server_answers_health_contract_docs_and_graphql() {
    let app = TestApp::spawn().await;
    for path in [
        "/health/live",
        "/health/ready",
        "/openapi.json",
        "/docs/",
        "/graphql",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
    let doc: serde_json::Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

#[tokio::test]
async fn the_bare_docs_path_redirects_to_swagger_ui() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client.get(app.url("/docs")).send().await.unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/docs/");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let ok = app
        .client
        .get(app.url("/health/live"))
        .send()
        .await
        .unwrap();
    let refused = app
        .client
        .get(app.url("/v1/referrals"))
        .send()
        .await
        .unwrap();
    for res in [ok, refused] {
        let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 36);
    }
}

#[tokio::test]
async fn an_unknown_database_scheme_stops_start_up_with_a_clear_error() {
    let mut settings = cspr_api::config::Settings::local(std::env::temp_dir().join("cspr-never"));
    settings.database_url = Some(cspr_api::config::Secret::new("mysql://localhost/cspr"));
    let err = cspr_api::Application::build(settings)
        .err()
        .expect("refused");
    assert!(err.to_string().contains("mysql"), "{err}");
}

#[tokio::test]
async fn cors_is_off_unless_origins_are_configured() {
    let off = TestApp::spawn().await;
    let res = off
        .client
        .get(off.url("/health/live"))
        .header("origin", "https://front.example")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());

    let on = TestApp::spawn_with(|s| s.cors_origins = vec!["https://front.example".into()]).await;
    let res = on
        .client
        .get(on.url("/health/live"))
        .header("origin", "https://front.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://front.example"
    );
}

#[tokio::test]
async fn an_unknown_route_is_a_problem_not_a_blank_page() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    let body = problem(res, StatusCode::NOT_FOUND).await;
    assert_eq!(body["code"], "route-not-found");
}
