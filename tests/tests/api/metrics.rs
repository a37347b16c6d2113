//! `/metrics`: what an operator scrapes, and only the scrapers the settings name.

use reqwest::StatusCode;

use crate::helpers::{ALPHA, TestApp, problem};

async fn scrape(app: &TestApp) -> reqwest::Response {
    app.client.get(app.url("/metrics")).send().await.unwrap()
}

#[tokio::test]
async fn metrics_count_each_request_by_its_route_template_and_status_with_the_pool_and_build() {
    let app = TestApp::spawn_with(|s| s.metrics_scrapers = vec!["127.0.0.1".into()]).await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    for _ in 0..3 {
        let res = app
            .get("/v1/referrals/01a216a0-91fb-700d-bf58-79d3d6dc7456", &admin)
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = scrape(&app).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = res.text().await.unwrap();
    let line =
        "cspr_http_requests_total{method=\"GET\",route=\"/v1/referrals/{id}\",status=\"404\"} 3";
    assert!(text.contains(line), "{text}");
    assert!(
        text.contains(
            "cspr_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/referrals/{id}\",status=\"404\"} 3"
        ),
        "{text}"
    );
    // No case id ever reaches a label: the path is never recorded, only its template.
    assert!(!text.contains("01a216a0"), "{text}");
    assert!(text.contains("cspr_db_pool_connections{state=\"waiting\"} 0"));
    assert!(text.contains("cspr_db_pool_connections{state=\"in_use\"}"));
    assert!(text.contains("cspr_build_info{version="));
}

#[tokio::test]
async fn metrics_are_refused_to_an_address_not_named_and_absent_unless_configured() {
    let app = TestApp::spawn_with(|s| s.metrics_scrapers = vec!["10.0.0.9".into()]).await;
    let p = problem(scrape(&app).await, StatusCode::FORBIDDEN).await;
    assert_eq!(p["code"], "not-a-scraper");
    let app = TestApp::spawn().await;
    problem(scrape(&app).await, StatusCode::NOT_FOUND).await;
}
