//! Chronology entries: contributing agencies send batches, whole or not at all, correct entries by
//! their own record reference, and read back only their own.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::decided_review,
};

fn entry(source_ref: &str, on: &str, description: &str) -> Value {
    json!({"occurred_on": on, "subjects": ["Child A"], "category": "hospital_attendance_or_admission",
           "description": description, "source_ref": source_ref, "key_event": true})
}

#[tokio::test]
async fn contributing_agencies_send_batches_and_a_second_send_of_a_reference_corrects_it() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/chronology-entries");
    let (school, la) = (app.agency(ALPHA, "SCHOOL"), app.partner(ALPHA, "LA"));

    let batch = json!({"entries": [
        entry("SCH-1", "2026-03-02", "Absent for two weeks; no contact from home."),
        entry("SCH-2", "2026-05-11", "Bruise to the cheek noticed by the class teacher."),
    ]});
    let res = app.post(&path, &school, &batch).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let recorded: Value = res.json().await.unwrap();
    assert_eq!(recorded["items"].as_array().unwrap().len(), 2);
    assert_eq!(recorded["items"][0]["version"], 1);
    assert_eq!(recorded["items"][0]["agency"], "SCHOOL");
    // The local authority (a statutory partner acting for its agency) contributes too.
    app.post_ok(
        &path,
        &la,
        &json!({"entries": [entry("LA-77", "2026-05-12", "Strategy discussion held.")]}),
    )
    .await;

    // The same reference again is a correction: a new version, the earlier kept but not current.
    let corrected = app
        .post_ok(&path, &school, &json!({"entries": [entry("SCH-2", "2026-05-11", "Bruise to the left cheek; DSL informed the same day.")]}))
        .await;
    assert_eq!(corrected["items"][0]["version"], 2);
    let mine = app.get_ok(&path, &school).await;
    let items = mine["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "one current entry per reference: {mine}");
    let sch2 = items.iter().find(|e| e["source_ref"] == "SCH-2").unwrap();
    assert_eq!(sch2["version"], 2);
    assert!(sch2["description"].as_str().unwrap().contains("left cheek"));
    // Every version is kept and read back: an agency its own (another agency's is not found to it);
    // the business team naming the agency.
    let versions = app
        .get_ok(&format!("{path}/versions?source_ref=SCH-2"), &school)
        .await;
    let numbered: Vec<i64> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbered, [1, 2]);
    assert!(
        versions["items"][0]["description"]
            .as_str()
            .unwrap()
            .starts_with("Bruise to the cheek")
    );
    problem(
        app.get(
            &format!("{path}/versions?source_ref=SCH-2&agency=SCHOOL"),
            &app.agency(ALPHA, "LA"),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let admin = app.admin(ALPHA);
    let p = problem(
        app.get(&format!("{path}/versions?source_ref=SCH-2"), &admin)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "agency");
    let read = app
        .get_ok(
            &format!("{path}/versions?source_ref=SCH-2&agency=SCHOOL"),
            &admin,
        )
        .await;
    assert_eq!(read["items"].as_array().unwrap().len(), 2);
    // Each agency reads only its own.
    let theirs = app.get_ok(&path, &la).await;
    assert_eq!(theirs["items"].as_array().unwrap().len(), 1);
    assert_eq!(theirs["items"][0]["agency"], "LA");

    // Audited, and the same over GraphQL.
    let events = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=chronology&resource_id={id}&action=create"),
            &app.admin(ALPHA),
        )
        .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 3);
    let q = app
        .graphql(&school, &format!("{{ chronologyEntries(reviewId: \"{id}\") {{ items {{ sourceRef version category }} }} }}"))
        .await;
    assert_eq!(
        q["data"]["chronologyEntries"]["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_batch_with_one_bad_entry_is_refused_whole_naming_each_error_by_index() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/chronology-entries");
    let school = app.agency(ALPHA, "SCHOOL");
    let mut stranger = entry("SCH-3", "2026-04-01", "Seen with an unknown adult.");
    stranger["subjects"] = json!(["Child Q"]);
    let batch = json!({"entries": [
        entry("SCH-1", "2026-03-02", "Absent for two weeks."),
        entry("SCH-2", "2027-01-01", "A date in the future."),
        stranger,
    ]});
    let p = problem(
        app.post(&path, &school, &batch).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let named: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, ["entries[1].occurred_on", "entries[2].subjects"]);
    assert_eq!(
        app.get_ok(&path, &school).await["items"],
        json!([]),
        "nothing written"
    );
    // A category outside the seed's list is named too; more than 1,000 entries are refused.
    let mut odd = entry("SCH-4", "2026-03-02", "x");
    odd["category"] = json!("gossip");
    let p = problem(
        app.post(&path, &school, &json!({"entries": [odd]})).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(p["field"], "entries[0].category");
    let many: Vec<Value> = (0..1001)
        .map(|i| entry(&format!("R{i}"), "2026-03-02", "x"))
        .collect();
    let p = problem(
        app.post(&path, &school, &json!({"entries": many})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "entries");
}

#[tokio::test]
async fn only_an_agency_of_the_case_in_its_partnership_sends_or_reads_entries() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/chronology-entries");
    let batch = json!({"entries": [entry("X-1", "2026-03-02", "Contact.")]});
    // Not involved in the referral: the review is not theirs to see.
    for token in [
        app.agency(ALPHA, "HOSPITAL"),
        app.partner(ALPHA, "POLICE"),
        app.agency(BETA, "SCHOOL"),
    ] {
        problem(app.post(&path, &token, &batch).await, StatusCode::NOT_FOUND).await;
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
    }
    // Entries are an agency's: a caller acting for none is refused.
    for token in [
        app.admin(ALPHA),
        app.token(ALPHA, &["lead_reviewer"], None),
        app.token(ALPHA, &["agency"], None),
    ] {
        let p = problem(app.post(&path, &token, &batch).await, StatusCode::FORBIDDEN).await;
        assert!(
            ["role-not-permitted", "agency-required"].contains(&p["code"].as_str().unwrap()),
            "{p}"
        );
    }
}

#[tokio::test]
async fn the_integrated_chronology_merges_every_agency_in_date_order_as_json_csv_and_a_picture() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "cspr").await;
    let entries = format!("/v1/reviews/{id}/chronology-entries");
    let (school, la) = (app.agency(ALPHA, "SCHOOL"), app.partner(ALPHA, "LA"));
    app.post_ok(
        &entries,
        &school,
        &json!({"entries": [
            entry("SCH-1", "2026-01-05", "=HYPERLINK(\"http://evil\") absent"),
            entry("SCH-2", "2026-06-01", "Bruise, cheek."),
        ]}),
    )
    .await;
    app.post_ok(
        &entries,
        &la,
        &json!({"entries": [entry("LA-1", "2026-02-01", "Strategy discussion.")]}),
    )
    .await;
    let path = format!("/v1/reviews/{id}/chronology");
    let admin = app.admin(ALPHA);

    // JSON: date order across agencies; the gap from February to June listed; filters narrow it.
    let merged = app.get_ok(&path, &admin).await;
    let order: Vec<&str> = merged["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source_ref"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["SCH-1", "LA-1", "SCH-2"]);
    assert_eq!(
        merged["gaps"],
        json!([{"from": "2026-02-01", "to": "2026-06-01", "days": 120}])
    );
    let las = app.get_ok(&format!("{path}?agency=LA"), &admin).await;
    assert_eq!(las["items"].as_array().unwrap().len(), 1);
    let paged = app.get_ok(&format!("{path}?limit=2"), &admin).await;
    let next = paged["next_cursor"].as_str().unwrap();
    let rest = app
        .get_ok(&format!("{path}?limit=2&cursor={next}"), &admin)
        .await;
    assert_eq!(rest["items"][0]["source_ref"], "SCH-2");

    // CSV: a header and a row per entry, the formula defused.
    let res = app
        .client
        .get(app.url(&path))
        .bearer_auth(&admin)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let rows: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("occurred_on,"));
    assert!(rows[1].contains("\"'=HYPERLINK("), "{}", rows[1]);

    // The picture: well-formed XML, a mark per entry, a colour per agency.
    let res = app
        .client
        .get(app.url(&path))
        .bearer_auth(&admin)
        .header("accept", "image/svg+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let marks: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("entry"))
        .collect();
    assert_eq!(marks.len(), 3);
    let colours: std::collections::BTreeSet<&str> =
        marks.iter().filter_map(|m| m.attribute("fill")).collect();
    assert_eq!(colours.len(), 2, "one colour per agency");

    // An agency reads its own entries, not the integrated chronology; another partnership finds none.
    problem(app.get(&path, &school).await, StatusCode::FORBIDDEN).await;
    app.register_agencies(BETA).await;
    problem(
        app.get(&path, &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn a_thousand_entry_batch_passes_its_own_body_limit_larger_than_the_ordinary_one() {
    let app = TestApp::spawn_at_with("2026-08-31T14:00:00Z", |s| {
        s.batch_body_limit_bytes = 600 * 1024
    })
    .await;
    app.register_agencies(ALPHA).await;
    let id = decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/chronology-entries");
    let long = "Seen at home by the health visitor; the flat was cold and there was little food. "
        .repeat(4);
    let batch = |n: usize| json!({"entries": (0..n).map(|i| entry(&format!("HV-{i}"), "2026-03-02", &long)).collect::<Vec<_>>()});
    let body = batch(1000);
    assert!(
        body.to_string().len() > 256 * 1024,
        "larger than the ordinary limit"
    );
    let recorded = app
        .post_ok(&path, &app.agency(ALPHA, "SCHOOL"), &body)
        .await;
    assert_eq!(recorded["items"].as_array().unwrap().len(), 1000);
    // Past the batch limit, refused whole before any work.
    let p = problem(
        app.post(&path, &app.agency(ALPHA, "SCHOOL"), &batch(1600))
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    assert_eq!(p["status"], 413);
}
