//! Identifying details: sealed in the database, released only to the review's declared lead reviewer
//! with a purpose (each release audited), never in GraphQL; and a report version checked against them
//! for real names, naming only the pseudonym a match belongs to.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    report::finalising,
};

const REAL_NAME: &str = "Lily-May Smithson";

fn details() -> Value {
    json!({"real_name": REAL_NAME, "other_names": ["Lily Jones"], "date_of_birth": "2024-02-29",
           "address": "1 High Street, Alphaton"})
}

fn child_a(id: &str) -> String {
    format!("/v1/reviews/{id}/identifying-details/Child%20A")
}

/// Fails when `needle` is anywhere in the test's database: every table's every row on PostgreSQL (as
/// text, binary columns as hex too), the SQLite file and its write-ahead log byte for byte.
pub fn assert_nowhere_in_the_database(app: &TestApp, needle: &str) {
    if app.postgres.is_some() {
        let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
        app.execute_sql(&format!(
            "DO $$ DECLARE t record; n int; BEGIN
               FOR t IN SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' LOOP
                 EXECUTE format('SELECT count(*) FROM %I x WHERE position(%L in x::text) > 0 OR position(%L in x::text) > 0',
                                t.table_name, '{needle}', '{hex}') INTO n;
                 IF n > 0 THEN RAISE EXCEPTION 'found in %', t.table_name; END IF;
               END LOOP; END $$;"
        ));
    } else {
        for file in ["cspr.db", "cspr.db-wal"] {
            let bytes = std::fs::read(app.data_dir.join(file)).unwrap_or_default();
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} is readable in {file}"
            );
        }
    }
}

#[tokio::test]
async fn identifying_details_are_sealed_and_released_only_to_the_reviews_declared_lead_reviewer() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = finalising(&app).await;
    let lead = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);

    // The map: the referral's child and the family member, by what they are to the case.
    let map = app
        .get_ok(&format!("/v1/reviews/{id}/pseudonyms"), &admin)
        .await;
    assert_eq!(
        map["items"],
        json!([
            {"pseudonym": "Child A", "stands_for": "subject", "details_held": false},
            {"pseudonym": "Adult C", "stands_for": "father", "details_held": false}
        ])
    );

    // The map is the review's readers': not an agency's, the reporting role's or another partnership's.
    let map_path = format!("/v1/reviews/{id}/pseudonyms");
    for (token, status) in [
        (app.agency(ALPHA, "LA"), StatusCode::FORBIDDEN),
        (
            app.token(ALPHA, &["reporting"], None),
            StatusCode::FORBIDDEN,
        ),
        (app.admin(BETA), StatusCode::NOT_FOUND),
    ] {
        problem(app.get(&map_path, &token).await, status).await;
    }

    // Recorded by the business team, sealed, never echoed.
    let recorded = app.put_ok(&child_a(&id), &admin, &details()).await;
    assert_eq!(recorded["pseudonym"], "Child A");
    assert!(!recorded.to_string().contains("Smithson"));
    app.put_ok(
        &format!("/v1/reviews/{id}/identifying-details/Adult%20C"),
        &lead,
        &json!({"real_name": "Mark Smithson"}),
    )
    .await;
    let p = problem(
        app.put(
            &format!("/v1/reviews/{id}/identifying-details/Adult%20Z"),
            &admin,
            &details(),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "pseudonym");
    let mut future = details();
    future["date_of_birth"] = json!("2026-09-01");
    let p = problem(
        app.put(&child_a(&id), &admin, &future).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "date_of_birth");
    for (token, status) in [
        (app.agency(ALPHA, "LA"), StatusCode::FORBIDDEN),
        (
            app.token_as("board-chair", ALPHA, &["board"], None),
            StatusCode::FORBIDDEN,
        ),
        (app.admin(BETA), StatusCode::NOT_FOUND),
    ] {
        problem(app.put(&child_a(&id), &token, &details()).await, status).await;
    }
    assert_nowhere_in_the_database(&app, "Smithson");
    assert_nowhere_in_the_database(&app, "High Street");

    // Released to the declared lead reviewer, with a purpose; to no one else.
    let release = format!("/v1/reviews/{id}/identifying-details/release");
    let purpose = json!({"purpose": "Genogram for the panel's second meeting."});
    let res = app.post(&release, &lead, &purpose).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let released: Value = res.json().await.unwrap();
    assert_eq!(
        released["purpose"],
        "Genogram for the panel's second meeting."
    );
    let child = &released["items"][1];
    assert_eq!(child["pseudonym"], "Child A");
    assert_eq!(child["real_name"], REAL_NAME);
    assert_eq!(child["date_of_birth"], "2024-02-29");
    assert_eq!(released["items"][0]["real_name"], "Mark Smithson");
    for (token, status) in [
        (admin.clone(), StatusCode::FORBIDDEN),
        (app.partner(ALPHA, "POLICE"), StatusCode::FORBIDDEN),
        (
            app.token_as("board-chair", ALPHA, &["board"], None),
            StatusCode::FORBIDDEN,
        ),
        (
            app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None),
            StatusCode::NOT_FOUND,
        ),
        (
            app.token_as("reviewer-ann", BETA, &["lead_reviewer"], None),
            StatusCode::NOT_FOUND,
        ),
    ] {
        problem(app.post(&release, &token, &purpose).await, status).await;
    }
    let p = problem(
        app.post(&release, &lead, &json!({"purpose": " "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "purpose");

    // Each recording and each release is in the audit trail: one read per person released.
    let events = app
        .audit_events(ALPHA, "resource_type=identifying_details")
        .await;
    let of = |action: &str| {
        events
            .iter()
            .filter(|e| e["action"] == action)
            .map(|e| e["resource_id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("create").len(), 2);
    let mut read = of("read");
    read.sort();
    assert_eq!(read, [format!("{id}/Adult C"), format!("{id}/Child A")]);
    assert!(
        events
            .iter()
            .all(|e| e["action"] != "read" || e["subject"] == "reviewer-ann")
    );

    // The map says they are held; GraphQL has no way to the details.
    let map = app
        .get_ok(&format!("/v1/reviews/{id}/pseudonyms"), &admin)
        .await;
    assert_eq!(map["items"][0]["details_held"], true);
    let g = app
        .graphql(
            &lead,
            r#"{ a: __type(name: "IdentifyingDetailsView") { name } b: __type(name: "IdentifyingDetailsRelease") { name } }"#,
        )
        .await;
    assert_eq!(g["data"], json!({"a": null, "b": null}), "{g}");
    assert_nowhere_in_the_database(&app, "Smithson");
}

/// A Word document holding `text` as one paragraph (stored, uncompressed).
fn docx(text: &str) -> Vec<u8> {
    let xml = format!(
        "<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    );
    let name = b"word/document.xml";
    let n = |v: usize| u32::try_from(v).unwrap().to_le_bytes();
    let s = |v: usize| u16::try_from(v).unwrap().to_le_bytes();
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    zip.extend_from_slice(&n(xml.len()));
    zip.extend_from_slice(&n(xml.len()));
    zip.extend_from_slice(&s(name.len()));
    zip.extend_from_slice(&s(0));
    zip.extend_from_slice(name);
    zip.extend_from_slice(xml.as_bytes());
    let central = zip.len();
    zip.extend_from_slice(
        b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    );
    zip.extend_from_slice(&n(xml.len()));
    zip.extend_from_slice(&n(xml.len()));
    zip.extend_from_slice(&s(name.len()));
    zip.extend_from_slice(&[0; 12]);
    zip.extend_from_slice(&n(0));
    zip.extend_from_slice(name);
    let size = zip.len() - central;
    zip.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
    zip.extend_from_slice(&n(size));
    zip.extend_from_slice(&n(central));
    zip.extend_from_slice(&s(0));
    zip
}

async fn upload(app: &TestApp, id: &str, token: &str, content_type: &str, body: Vec<u8>) {
    let res = app
        .client
        .post(app.url(&format!("/v1/reviews/{id}/report/versions")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_report_version_that_names_a_real_person_is_flagged_against_their_pseudonym_only() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = finalising(&app).await;
    let lead = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    app.put_ok(&child_a(&id), &admin, &details()).await;
    let docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    upload(
        &app,
        &id,
        &lead,
        docx_type,
        docx("Child A was seen at home. Ms Smithson's health visitor noted Lily-May was quiet."),
    )
    .await;
    let clean = b"%PDF-1.7\n4 0 obj << >> stream\nBT (Child A was seen at home by Adult C.) Tj ET\nendstream endobj\n%%EOF\n";
    upload(&app, &id, &lead, "application/pdf", clean.to_vec()).await;

    let check = |v: u32| format!("/v1/reviews/{id}/report/versions/{v}/anonymisation");
    let first = app.get_ok(&check(1), &lead).await;
    assert_eq!(
        first,
        json!({"version": 1, "text_read": true, "real_names_found": true, "flags": [
            {"pseudonym": "Child A", "stands_for": "subject", "pseudonym_used": true, "real_name_matches": 2},
            {"pseudonym": "Adult C", "stands_for": "father", "pseudonym_used": false, "real_name_matches": 0}
        ]})
    );
    let second = app.get_ok(&check(2), &admin).await;
    assert_eq!(second["text_read"], true);
    assert_eq!(second["real_names_found"], false);
    assert_eq!(second["flags"][1]["pseudonym_used"], true);

    // The same in GraphQL, for the board; refused to those who do not read the report.
    let g = app
        .graphql(
            &app.token_as("board-chair", ALPHA, &["board"], None),
            &format!(
                r#"{{ reportAnonymisation(reviewId: "{id}", version: 1) {{ realNamesFound flags {{ pseudonym realNameMatches }} }} }}"#
            ),
        )
        .await;
    assert_eq!(
        g["data"]["reportAnonymisation"]["realNamesFound"], true,
        "{g}"
    );
    assert_eq!(
        g["data"]["reportAnonymisation"]["flags"][0]["realNameMatches"],
        2
    );
    for (token, status) in [
        (app.admin(BETA), StatusCode::NOT_FOUND),
        (app.agency(ALPHA, "SCHOOL"), StatusCode::NOT_FOUND),
        (
            app.token(ALPHA, &["reporting"], None),
            StatusCode::FORBIDDEN,
        ),
    ] {
        problem(app.get(&check(1), &token).await, status).await;
    }
    problem(app.get(&check(3), &lead).await, StatusCode::NOT_FOUND).await;
    let events = app
        .audit_events(ALPHA, "resource_type=identifying_details")
        .await;
    assert!(
        events
            .iter()
            .any(|e| e["resource_id"] == format!("{id}/anonymisation-check").as_str())
    );
}
