use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{ALPHA, BETA, TestApp, problem, referral_body};

#[tokio::test]
async fn creating_reading_and_listing_a_referral_each_leave_an_audit_event() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let res = app
        .post("/v1/referrals", &app.agency(ALPHA, "LA"), &referral_body())
        .await;
    let create_request = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let r: Value = res.json().await.unwrap();
    let id = r["id"].as_str().unwrap().to_owned();
    let partner = app.partner(ALPHA, "POLICE");
    let read = app.get(&format!("/v1/referrals/{id}"), &partner).await;
    let read_request = read.headers()["x-request-id"].to_str().unwrap().to_owned();
    app.get("/v1/referrals", &partner).await;

    let events = app
        .audit_events(ALPHA, &format!("resource_type=referral&resource_id={id}"))
        .await;
    let summary: Vec<(&str, &str, Option<&str>)> = events
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["subject"].as_str().unwrap(),
                e["agency_code"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("list", "statutory_partner-user", Some("POLICE")),
            ("read", "statutory_partner-user", Some("POLICE")),
            ("create", "agency-user", Some("LA")),
        ]
    );
    assert_eq!(events[2]["request_id"], create_request);
    assert_eq!(events[1]["request_id"], read_request);
}

#[tokio::test]
async fn registering_an_agency_is_audited() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let events = app
        .audit_events(ALPHA, "resource_type=agency&action=create")
        .await;
    assert_eq!(events.len(), 5);
}

#[tokio::test]
async fn a_refused_read_leaves_no_read_event() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let r = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    let path = format!("/v1/referrals/{}", r["id"].as_str().unwrap());
    problem(
        app.get(&path, &app.agency(ALPHA, "HOSPITAL")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(app.audit_events(ALPHA, "action=read").await.is_empty());
}

#[tokio::test]
async fn only_an_admin_reads_the_trail_and_only_their_partnerships() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    for token in [
        app.partner(ALPHA, "POLICE"),
        app.agency(ALPHA, "LA"),
        app.token(ALPHA, &["reporting"], None),
    ] {
        problem(
            app.get("/v1/audit-events", &token).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    assert!(
        app.audit_events(BETA, "")
            .await
            .iter()
            .all(|e| e["resource_type"] == "audit_event")
    );
}

#[tokio::test]
async fn the_trail_pages_newest_first() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let first: Value = app
        .get("/v1/audit-events?limit=2&action=create", &admin)
        .await
        .json()
        .await
        .unwrap();
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get(
            &format!("/v1/audit-events?limit=2&action=create&cursor={cursor}"),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let a = first["items"][1]["id"].as_str().unwrap().to_owned();
    let b = second["items"][0]["id"].as_str().unwrap().to_owned();
    assert!(a > b, "pages continue in descending order");
}

#[tokio::test]
async fn a_read_whose_audit_event_cannot_be_written_is_refused_503_and_answers_nothing() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let created = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    let id = created["id"].as_str().unwrap();
    app.break_writes("audit_events", "INSERT");
    let res = app
        .get(&format!("/v1/referrals/{id}"), &app.admin(ALPHA))
        .await;
    let body = problem(res, StatusCode::SERVICE_UNAVAILABLE).await;
    assert!(
        !body.to_string().contains("Child A"),
        "nothing of the case answered"
    );
}

#[tokio::test]
async fn events_written_before_the_chain_are_chained_in_order_when_the_database_is_migrated() {
    use cspr_persistence::{audit::ChainCheck, partnerships};
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    app.get_ok("/v1/referrals", &app.admin(ALPHA)).await;
    let db = app.database();
    let alpha = db
        .read(cspr_persistence::ReadShape::Statements, |c| {
            partnerships::find_by_slug(
                c,
                &cspr_domain::text::PartnershipSlug::parse(ALPHA).unwrap(),
            )
        })
        .unwrap()
        .unwrap()
        .id;
    let check = |db: &cspr_persistence::Database| {
        db.read(cspr_persistence::ReadShape::Statements, |c| {
            cspr_persistence::audit::verify(c, alpha)
        })
        .unwrap()
    };
    let ChainCheck::Intact { events, .. } = check(&db) else {
        panic!("the chain as written is intact");
    };
    assert!(events >= 3);
    // As a database from before the chain: no event on it, every head at the start.
    app.execute_sql("UPDATE audit_events SET sequence = NULL, previous_hash = NULL, hash = NULL");
    app.execute_sql(&format!(
        "UPDATE audit_chain_heads SET sequence = 0, hash = '{}'",
        cspr_domain::audit::CHAIN_GENESIS
    ));
    assert!(matches!(check(&db), ChainCheck::Broken { .. }));
    db.migrate().unwrap();
    assert!(matches!(check(&db), ChainCheck::Intact { events: e, .. } if e == events));
}
