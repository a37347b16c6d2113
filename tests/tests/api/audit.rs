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

/// The chain text as docs/DATA-PROTECTION.md specifies it, written from the document (not from the
/// server's code), and its SHA-256.
fn documented_hash(e: &Value) -> String {
    let opt = |v: &Value| {
        v.as_str()
            .map_or_else(|| "-".to_owned(), |s| format!("+{s}"))
    };
    let at = chrono::DateTime::parse_from_rfc3339(e["occurred_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    let text = [
        e["previous_hash"].as_str().unwrap().to_owned(),
        e["sequence"].to_string(),
        e["id"].as_str().unwrap().to_owned(),
        e["partnership_id"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_default(),
        at,
        e["subject"].as_str().unwrap().to_owned(),
        opt(&e["agency_code"]),
        e["action"].as_str().unwrap().to_owned(),
        e["resource_type"].as_str().unwrap().to_owned(),
        opt(&e["resource_id"]),
        e["request_id"].as_str().unwrap().to_owned(),
    ]
    .join("\u{1f}");
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, text.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn an_export_of_a_period_links_every_event_to_the_one_before_and_ends_at_the_chain_head() {
    let app = TestApp::spawn_at("2026-08-31T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    for _ in 0..3 {
        app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    }
    app.get_ok("/v1/referrals", &admin).await;
    app.set_time("2026-08-31T11:00:00Z");
    let path = "/v1/audit-events/export?occurred_from=2026-08-31T00:00:00Z&occurred_to=2026-09-01T00:00:00Z";
    let export = app.get_ok(path, &admin).await;
    assert_eq!(export["partnership"], ALPHA);
    let events = export["events"].as_array().unwrap();
    assert!(events.len() >= 7, "{}", events.len());
    let partnership = export["partnership_id"].as_str().unwrap().to_owned();
    let mut previous: Option<String> = None;
    for e in events {
        let mut with_partnership = e.clone();
        with_partnership["partnership_id"] = Value::String(partnership.clone());
        assert_eq!(e["hash"], documented_hash(&with_partnership), "{e}");
        if let Some(p) = &previous {
            assert_eq!(e["previous_hash"].as_str().unwrap(), p);
        }
        previous = e["hash"].as_str().map(str::to_owned);
    }
    // The export itself was the last event before it was read: the head is at or after the last one.
    let last = events.last().unwrap();
    assert!(export["chain_head"]["sequence"].as_i64() >= last["sequence"].as_i64());
    assert_eq!(events[0]["sequence"], 1);
    assert_eq!(events[0]["previous_hash"], "0".repeat(64));

    let p = problem(
        app.get(
            "/v1/audit-events/export?occurred_from=2026-09-01T00:00:00Z&occurred_to=2026-08-31T00:00:00Z",
            &admin,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "occurred_to");
    problem(
        app.get(path, &app.partner(ALPHA, "POLICE")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let beta = app.get_ok(path, &app.admin(BETA)).await;
    assert!(beta["events"].as_array().unwrap().is_empty());
}
