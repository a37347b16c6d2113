//! Disposal: each closed case listed on the day its retention period runs out, approved (its personal
//! data and free text gone, a tombstone kept, the figures the same) or refused with reasons (listed
//! again a year later), and never while a legal hold is on it; for the business team only.

use reqwest::StatusCode;
use serde_json::{Value, json};

use cspr_domain::ids::PartnershipId;
use cspr_persistence::audit::{self, ChainCheck};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem, referral_body},
    identifying::assert_nowhere_in_the_database,
    report::{approve, finalising},
    retention::closed_at_triage,
    reviews::decided,
};

const FIGURES: &str = "/v1/figures?from=2026-01-01&to=2026-12-31";

/// Runs the daily job's listing now, returning the cases' records it listed (referral id, class, due
/// day, listed day); the trails' listings are tested on their own.
async fn list_now(app: &TestApp) -> Vec<(String, String, String, String)> {
    app.post_ok("/v1/disposals/listing", &app.admin(ALPHA), &json!({}))
        .await["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["referral_id"].is_string())
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap().to_owned();
            (s("referral_id"), s("class"), s("due_on"), s("listed_on"))
        })
        .collect()
}

/// The listing of a referral's record of `class`, as the business team sees it.
async fn listing_of(app: &TestApp, referral: &str, class: &str) -> Value {
    app.get_ok("/v1/disposals", &app.admin(ALPHA)).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["referral_id"] == referral && d["class"] == class && d["status"] == "listed")
        .cloned()
        .unwrap_or_else(|| panic!("{referral}'s {class} record is not listed"))
}

/// The id of the listing of a referral's record of `class`.
async fn listed_id(app: &TestApp, referral: &str, class: &str) -> String {
    listing_of(app, referral, class).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Approves the listing of a referral's record of `class`; returns the decision.
async fn approve_listed(app: &TestApp, referral: &str, class: &str) -> Value {
    let id = listed_id(app, referral, class).await;
    app.post_ok(
        &format!("/v1/disposals/{id}/approve"),
        &app.admin(ALPHA),
        &json!({}),
    )
    .await
}

/// Rows of `table` whose `column` is `id`, read behind the server's back.
fn rows(app: &TestApp, table: &str, column: &str, id: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let db = app.database();
    db.transaction(|c| {
        diesel::RunQueryDsl::load::<N>(
            diesel::sql_query(format!(
                "SELECT COUNT(*) AS n FROM {table} WHERE {column} = '{id}'"
            )),
            c,
        )
        .map_err(cspr_persistence::PersistenceError::from)
    })
    .unwrap()[0]
        .n
}

/// A CSPR decided, reviewed, its report approved and withheld with its improvements published, its one
/// action complete and its plan signed off on the clock's day: closed. Returns the referral and the review.
async fn closed_cspr(app: &TestApp) -> (String, String) {
    let admin = app.admin(ALPHA);
    let id = finalising(app).await;
    app.put_ok(
        &format!("/v1/reviews/{id}/identifying-details/Child%20A"),
        &admin,
        &json!({"real_name": "Poppy-Rae Quenby", "date_of_birth": "2024-02-29"}),
    )
    .await;
    let at = |path: &str| format!("/v1/reviews/{id}/{path}");
    app.post_ok(&at("recommendations"), &admin, &json!({"text": "Share injury findings within a day.", "agencies": ["LA"], "due_on": "2027-06-30"})).await;
    approve(app, &id).await;
    let plan = app.post_ok(&at("actions"), &admin, &json!({"recommendation": 1, "agency_code": "LA", "description": "Revise the procedure.", "due_on": "2027-03-31"})).await;
    let action = plan["actions"][0]["id"].as_str().unwrap();
    app.post_ok(
        &format!("/v1/actions/{action}/progress"),
        &app.agency(ALPHA, "LA"),
        &json!({"status": "complete", "note": "Done and audited."}),
    )
    .await;
    app.post_ok(&at("publication/decision"), &admin, &json!({"decision": "withhold", "reasons": "Identifiable.", "improvements": "Findings shared within a day."})).await;
    app.post_ok(&at("publication/improvements"), &admin, &json!({"published_on": "2026-08-31", "web_address": "https://alpha.example.org/learning", "available_until": "2027-08-31"})).await;
    let board = app.token_as("board-chair", ALPHA, &["board"], None);
    app.post_ok(&at("action-plan/sign-off"), &board, &json!({}))
        .await;
    let review = app.get_ok(&format!("/v1/reviews/{id}"), &admin).await;
    assert_eq!(review["stage"], "closed");
    (review["referral_id"].as_str().unwrap().to_owned(), id)
}

#[tokio::test]
async fn a_case_is_listed_on_the_day_it_falls_due_and_its_disposal_keeps_a_tombstone_and_the_figures()
 {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let admin = app.admin(ALPHA);
    app.register_agencies(ALPHA).await;
    // Closed at triage on 31 August 2026 (six years), and decided "no further review" the same day
    // (fifteen years); a CSPR closed that day (twenty-five years).
    let mut body = referral_body();
    body["summary"] = json!("Marker-7Q: a bruise seen at nursery, explained by a fall.");
    let closed = closed_at_triage(&app, &body).await;
    app.post_ok(
        &format!("/v1/referrals/{closed}/rectifications"),
        &admin,
        &json!({"field": "summary", "value": "Marker-7Q: a bruise seen at nursery, from a fall off a slide.",
                "reasons": "The nursery corrected how it happened."}),
    )
    .await;
    let none = decided(&app, "none").await;
    let (cspr, review) = closed_cspr(&app).await;
    // The figures for 2026, read once the year is over.
    app.set_time("2027-01-04T09:00:00Z");
    let figures = app.get_ok(FIGURES, &admin).await;

    // Not the day before it is due; on the day, once; the others later.
    app.set_time("2032-08-30T12:00:00Z");
    assert!(list_now(&app).await.is_empty());
    app.set_time("2032-08-31T07:00:00Z");
    let listed = |id: &str, class: &str, due: &str, on: &str| {
        (
            id.to_owned(),
            class.to_owned(),
            due.to_owned(),
            on.to_owned(),
        )
    };
    assert_eq!(
        list_now(&app).await,
        [listed(&closed, "triage_closed", "2032-08-31", "2032-08-31")]
    );
    assert!(list_now(&app).await.is_empty(), "listed once");
    let listing = listing_of(&app, &closed, "triage_closed").await;
    assert_eq!(
        (&listing["event"], &listing["event_on"], &listing["on_hold"]),
        (
            &json!("closed at triage"),
            &json!("2026-08-31"),
            &json!(false)
        )
    );

    // Approved: the case is gone from every read, its words from the database; the tombstone stays
    // and the figures for 2026 are what they were.
    let id = listing["id"].as_str().unwrap();
    let gone = app
        .post_ok(&format!("/v1/disposals/{id}/approve"), &admin, &json!({}))
        .await;
    assert_eq!(
        (&gone["status"], &gone["decided_by"], &gone["class"]),
        (
            &json!("disposed"),
            &json!("partnership_admin-user"),
            &json!("triage_closed")
        )
    );
    problem(
        app.get(&format!("/v1/referrals/{closed}"), &admin).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(
        !app.get_ok("/v1/referrals", &admin)
            .await
            .to_string()
            .contains(&closed)
    );
    assert_eq!(rows(&app, "referral_children", "referral_id", &closed), 0);
    assert_eq!(rows(&app, "rectifications", "referral_id", &closed), 0);
    assert_nowhere_in_the_database(&app, "Marker-7Q");
    assert_eq!(app.get_ok(FIGURES, &admin).await, figures);
    let tombstones = app.get_ok("/v1/disposals?status=disposed", &admin).await;
    assert_eq!(tombstones["items"][0]["referral_id"], closed.as_str());
    assert_eq!(tombstones["items"][0]["due_on"], "2032-08-31");
    let audit = app
        .audit_events(ALPHA, &format!("resource_id={closed}"))
        .await;
    assert!(audit.iter().any(|e| e["action"] == "delete"));
    problem(
        app.post(&format!("/v1/disposals/{id}/approve"), &admin, &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;

    // Refused with reasons: kept, and listed again a year after the refusal.
    app.set_time("2041-08-31T09:00:00Z");
    assert_eq!(
        list_now(&app).await,
        [listed(&none, "rapid_review", "2041-08-31", "2041-08-31")]
    );
    let id = listed_id(&app, &none, "rapid_review").await;
    let p = problem(
        app.post(
            &format!("/v1/disposals/{id}/refuse"),
            &admin,
            &json!({"reasons": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reasons");
    let kept = app
        .post_ok(
            &format!("/v1/disposals/{id}/refuse"),
            &admin,
            &json!({"reasons": "A complaint about the Rapid Review is with the Ombudsman."}),
        )
        .await;
    assert_eq!(kept["status"], "refused");
    app.get_ok(&format!("/v1/referrals/{none}"), &admin).await;
    app.set_time("2042-08-30T09:00:00Z");
    assert!(list_now(&app).await.is_empty());
    app.set_time("2042-08-31T09:00:00Z");
    assert_eq!(
        list_now(&app).await,
        [listed(&none, "rapid_review", "2041-08-31", "2042-08-31")]
    );

    // The CSPR twenty-five years after it closed, and its publication record as long after the
    // improvements were published: the publication record first, the case still readable.
    app.set_time("2051-08-31T09:00:00Z");
    approve_listed(&app, &none, "rapid_review").await;
    assert_eq!(
        list_now(&app).await,
        [
            listed(&cspr, "cspr", "2051-08-31", "2051-08-31"),
            listed(&cspr, "published_report", "2051-08-31", "2051-08-31"),
        ]
    );
    let gone = approve_listed(&app, &cspr, "published_report").await;
    assert_eq!(gone["record"], "publication");
    let publication = app
        .get_ok(&format!("/v1/reviews/{review}/publication"), &admin)
        .await;
    assert_eq!(publication["decision"]["reasons"], "[disposed]");
    assert_eq!(
        publication["decision"]["improvements"], "Findings shared within a day.",
        "published, so public"
    );
    let gone = approve_listed(&app, &cspr, "cspr").await;
    assert_eq!(gone["review_id"], review.as_str());
    problem(
        app.get(&format!("/v1/reviews/{review}"), &admin).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    for table in [
        "review_family_members",
        "review_team",
        "identifying_details",
        "report_versions",
        "review_terms_of_reference",
    ] {
        assert_eq!(rows(&app, table, "review_id", &review), 0, "{table}");
    }
    assert_nowhere_in_the_database(&app, "Declined through his solicitor.");
    assert_eq!(app.get_ok(FIGURES, &admin).await, figures);
    assert!(
        app.get_ok("/v1/retention/schedule", &admin).await["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing disposed of is scheduled"
    );
}

#[tokio::test]
async fn a_legal_hold_blocks_disposal_until_it_is_released() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let admin = app.admin(ALPHA);
    app.register_agencies(ALPHA).await;
    let closed = closed_at_triage(&app, &referral_body()).await;
    let hold = app
        .post_ok(
            &format!("/v1/referrals/{closed}/legal-holds"),
            &admin,
            &json!({"kind": "inquest", "reasons": "The coroner has opened an inquest."}),
        )
        .await;
    app.set_time("2032-09-01T09:00:00Z");
    assert_eq!(list_now(&app).await.len(), 1);
    let listing = listing_of(&app, &closed, "triage_closed").await;
    assert_eq!(listing["on_hold"], true);
    let approving = format!("/v1/disposals/{}/approve", listing["id"].as_str().unwrap());
    let p = problem(
        app.post(&approving, &admin, &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "on_hold");
    app.get_ok(&format!("/v1/referrals/{closed}"), &admin).await;

    app.post_ok(
        &format!("/v1/legal-holds/{}/release", hold["id"].as_str().unwrap()),
        &admin,
        &json!({"reasons": "The inquest concluded."}),
    )
    .await;
    assert_eq!(
        listing_of(&app, &closed, "triage_closed").await["on_hold"],
        false
    );
    let gone = app.post_ok(&approving, &admin, &json!({})).await;
    assert_eq!(gone["status"], "disposed");
    problem(
        app.get(&format!("/v1/referrals/{closed}"), &admin).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn a_case_no_longer_due_under_a_lengthened_period_is_not_disposed_of() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let admin = app.admin(ALPHA);
    app.register_agencies(ALPHA).await;
    let closed = closed_at_triage(&app, &referral_body()).await;
    app.set_time("2032-09-01T09:00:00Z");
    list_now(&app).await;
    let listing = listing_of(&app, &closed, "triage_closed").await;
    app.put_ok(
        "/v1/retention/periods/triage_closed",
        &admin,
        &json!({"years": 10}),
    )
    .await;
    let p = problem(
        app.post(
            &format!("/v1/disposals/{}/approve", listing["id"].as_str().unwrap()),
            &admin,
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "not_due");
    assert!(p["detail"].as_str().unwrap().contains("2036-08-31"));
}

#[tokio::test]
async fn disposal_is_the_business_teams_alone_and_another_partnership_finds_nothing() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let closed = closed_at_triage(&app, &referral_body()).await;
    app.set_time("2032-09-01T09:00:00Z");
    list_now(&app).await;
    let id = listed_id(&app, &closed, "triage_closed").await;
    let refuse = json!({"reasons": "Keep."});
    for token in [
        app.agency(ALPHA, "LA"),
        app.partner(ALPHA, "POLICE"),
        app.token(ALPHA, &["reporting"], None),
        app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None),
    ] {
        for res in [
            app.get("/v1/disposals", &token).await,
            app.post("/v1/disposals/listing", &token, &json!({})).await,
            app.post(&format!("/v1/disposals/{id}/approve"), &token, &json!({}))
                .await,
            app.post(&format!("/v1/disposals/{id}/refuse"), &token, &refuse)
                .await,
        ] {
            problem(res, StatusCode::FORBIDDEN).await;
        }
    }
    let beta = app.admin(BETA);
    assert!(
        app.get_ok("/v1/disposals", &beta).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    for path in ["approve", "refuse"] {
        problem(
            app.post(&format!("/v1/disposals/{id}/{path}"), &beta, &refuse)
                .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // GraphQL: the same listing, the same refusal for a role without the right.
    let q = "{ disposals(status: LISTED) { items { referralId class dueOn onHold } } }";
    let got = app.graphql(&app.admin(ALPHA), q).await;
    assert_eq!(
        got["data"]["disposals"]["items"][0],
        json!({"referralId": closed, "class": "TRIAGE_CLOSED", "dueOn": "2032-08-31", "onHold": false})
    );
    let refused = app.graphql(&app.agency(ALPHA, "LA"), q).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "role-not-permitted"
    );
    // Nothing was decided by any of it.
    assert_eq!(
        listing_of(&app, &closed, "triage_closed").await["status"],
        "listed"
    );
}

/// The listing of the partnership's trail of `class`, listed now.
async fn trail_listing(app: &TestApp, class: &str) -> Option<Value> {
    app.post_ok("/v1/disposals/listing", &app.admin(ALPHA), &json!({}))
        .await;
    app.get_ok("/v1/disposals?status=listed", &app.admin(ALPHA))
        .await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["class"] == class)
        .cloned()
}

#[tokio::test]
async fn the_delivery_log_and_the_audit_trail_are_disposed_of_by_age_and_the_chain_still_verifies()
{
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let admin = app.admin(ALPHA);
    app.register_agencies(ALPHA).await;
    closed_at_triage(&app, &referral_body()).await;
    // A notification owed for a serious incident, recorded as sent another way: a settled delivery.
    let message = app.get_ok("/v1/outbox", &admin).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post_ok(
        &format!("/v1/outbox/{message}/sent-elsewhere"),
        &admin,
        &json!({"reference": "Mailbox ref 12"}),
    )
    .await;

    // Deliveries are kept two years by default: not listed the day before, listed on the day.
    app.set_time("2028-08-30T09:00:00Z");
    assert!(trail_listing(&app, "delivery_log").await.is_none());
    app.set_time("2028-09-01T09:00:00Z");
    let log = trail_listing(&app, "delivery_log").await.unwrap();
    assert_eq!(
        (
            &log["record"],
            &log["event_on"],
            &log["due_on"],
            &log["referral_id"]
        ),
        (
            &json!("delivery_log"),
            &json!("2026-09-01"),
            &json!("2028-09-01"),
            &Value::Null
        )
    );
    app.post_ok(
        &format!("/v1/disposals/{}/approve", log["id"].as_str().unwrap()),
        &admin,
        &json!({}),
    )
    .await;
    assert_eq!(rows(&app, "outbox_messages", "id", &message), 0);
    assert_eq!(rows(&app, "delivery_attempts", "message_id", &message), 0);

    // The audit trail, seven years: a hold anywhere in the partnership keeps it; released, disposed of
    // up to the day, the chain anchored there still verifies and the trail goes on from it.
    app.set_time("2033-09-01T09:00:00Z");
    let trail = trail_listing(&app, "audit_trail").await.unwrap();
    assert_eq!(trail["event_on"], "2026-09-01");
    let other = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hold = app
        .post_ok(
            &format!("/v1/referrals/{other}/legal-holds"),
            &admin,
            &json!({"kind": "inquiry", "reasons": "A public inquiry asked for the records."}),
        )
        .await;
    let approving = format!("/v1/disposals/{}/approve", trail["id"].as_str().unwrap());
    let p = problem(
        app.post(&approving, &admin, &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["state"], "on_hold");
    app.post_ok(
        &format!("/v1/legal-holds/{}/release", hold["id"].as_str().unwrap()),
        &admin,
        &json!({"reasons": "The inquiry reported."}),
    )
    .await;
    let export = app
        .get_ok(
            "/v1/audit-events/export?occurred_from=2026-01-01T00:00:00Z&occurred_to=2034-01-01T00:00:00Z",
            &admin,
        )
        .await;
    let before = export["events"].as_array().unwrap().len();
    app.post_ok(&approving, &admin, &json!({})).await;
    let export = app
        .get_ok(
            "/v1/audit-events/export?occurred_from=2026-01-01T00:00:00Z&occurred_to=2034-01-01T00:00:00Z",
            &admin,
        )
        .await;
    let events = export["events"].as_array().unwrap();
    assert!(events.len() < before);
    assert!(
        events
            .iter()
            .all(|e| e["occurred_at"].as_str().unwrap() >= "2026-09-01")
    );
    let partnership = PartnershipId::parse(export["partnership_id"].as_str().unwrap()).unwrap();
    let check = app
        .database()
        .transaction(|c| audit::verify(c, partnership))
        .unwrap();
    assert!(matches!(check, ChainCheck::Intact { .. }), "{check:?}");
    // Listed again a month after, not the next day.
    app.set_time("2033-09-02T09:00:00Z");
    assert!(trail_listing(&app, "audit_trail").await.is_none());
}
