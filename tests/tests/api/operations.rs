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

#[tokio::test]
async fn readiness_is_refused_while_the_database_cannot_be_written_and_recovers_by_itself() {
    let app = TestApp::spawn().await;
    let ready = || async {
        app.client
            .get(app.url("/health/ready"))
            .send()
            .await
            .unwrap()
    };
    assert_eq!(ready().await.status(), StatusCode::OK);
    // A write that fails, as on a full disk or a read-only file.
    app.break_writes("readiness_probe", "UPDATE");
    let body = problem(ready().await, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(
        !body.to_string().contains("disk"),
        "no internals in the answer: {body}"
    );
    app.mend_writes("readiness_probe");
    assert_eq!(ready().await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_postgresql_database_that_goes_away_is_answered_503_within_about_a_second_and_comes_back()
{
    let app = TestApp::spawn().await;
    let Some((server, name)) = app.postgres.clone() else {
        return;
    };
    let token = app.admin(crate::helpers::ALPHA);
    assert_eq!(
        app.get("/v1/referrals", &token).await.status(),
        StatusCode::OK
    );
    let mut admin =
        <diesel::PgConnection as diesel::Connection>::establish(&format!("{server}/postgres"))
            .unwrap();
    let mut run = |sql: String| {
        diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut admin).unwrap();
    };
    run(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"));
    run(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ));
    for path in ["/v1/referrals", "/health/ready"] {
        let started = std::time::Instant::now();
        let res = app.get(path, &token).await;
        let elapsed = started.elapsed();
        problem(res, StatusCode::SERVICE_UNAVAILABLE).await;
        assert!(
            elapsed < std::time::Duration::from_secs(3),
            "{path} took {elapsed:?}"
        );
    }
    run(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"));
    // It comes back by itself: the pool reconnects (a connection attempt already under way when the
    // database returned may still fail, so the first answer may be one more 503).
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..50 {
        status = app.get("/v1/referrals", &token).await.status();
        if status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::OK, "the server did not recover");
}

#[tokio::test]
async fn answers_are_never_cached_sniffed_or_framed() {
    let app = TestApp::spawn().await;
    let token = app.admin(crate::helpers::ALPHA);
    for path in [
        "/v1/referrals",
        "/docs/",
        "/health/ready",
        "/v1/nothing-here",
    ] {
        let res = app.get(path, &token).await;
        let h = res.headers();
        assert_eq!(h["cache-control"], "no-store", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_and_the_database_file_are_their_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&app.data_dir), 0o700);
    if app.postgres.is_none() {
        assert_eq!(mode(&app.data_dir.join("cspr.db")), 0o600);
    }
}

#[tokio::test]
async fn the_graphql_explorer_is_served_whole_from_the_binary_with_nothing_from_elsewhere() {
    let app = TestApp::spawn().await;
    let page = app.client.get(app.url("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    let assets: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/graphql/assets/"))
        .collect();
    assert_eq!(assets.len(), 5, "{assets:?}");
    for asset in assets
        .iter()
        .copied()
        .chain(["/graphql/assets/schema.json"])
    {
        // As a browser asks (gzip), and as a client that takes no compression.
        for encoding in ["gzip, deflate, br", "identity"] {
            let res = app
                .client
                .get(app.url(asset))
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{asset}");
            let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(
                ["text/javascript", "text/css", "application/json"]
                    .iter()
                    .any(|k| kind.starts_with(k)),
                "{asset}: {kind}"
            );
            let body = res.bytes().await.unwrap();
            assert!(body.len() > 500, "{asset}: {} bytes", body.len());
        }
    }
    // The schema the explorer is handed is the whole of it, without a token.
    let schema: serde_json::Value = app
        .client
        .get(app.url("/graphql/assets/schema.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let types = schema["__schema"]["types"].as_array().unwrap();
    assert!(types.iter().any(|t| t["name"] == "Referral"));
    let missing = app
        .client
        .get(app.url("/graphql/assets/nothing.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}
