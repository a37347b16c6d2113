//! Subject access: a family member's export holds exactly what concerns them, each item with its source
//! and the others it concerns marked; the child's holds the case; a practitioner's holds their places on
//! teams and what they did; as JSON and CSV; audited; the business team's alone.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    report::declared_lead,
    terms_of_reference::commissioned_review,
};

fn entry(source_ref: &str, subjects: &[&str], description: &str) -> Value {
    json!({"occurred_on": "2026-05-11", "subjects": subjects, "category": "other_significant_event",
           "description": description, "source_ref": source_ref, "key_event": false})
}

/// A CSPR with a father (Adult C) taking no part, three school chronology entries (one corrected) and
/// a lead reviewer who has made her declaration. Returns the referral and the review.
async fn case(app: &TestApp) -> (String, String) {
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let review = commissioned_review(app).await;
    let referral = app.get_ok(&format!("/v1/reviews/{review}"), &admin).await["referral_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let at = |path: &str| format!("/v1/reviews/{review}/{path}");
    app.post_ok(&at("family-members"), &admin, &json!({"pseudonym": "Adult C", "relationship": "father", "non_involvement_reason": "Declined to take part."})).await;
    let school = app.agency(ALPHA, "SCHOOL");
    let batch = json!({"entries": [
        entry("S-1", &["Adult C"], "Adult C collected Child A late; the school called the LA."),
        entry("S-2", &["Child A"], "Absent all week."),
        entry("S-3", &["Adult C"], "Adult C came to a parents' evening."),
    ]});
    app.post_ok(&at("chronology-entries"), &school, &batch)
        .await;
    let corrected = json!({"entries": [entry("S-3", &["Adult C"], "Adult C came to a parents' evening alone.")]});
    app.post_ok(&at("chronology-entries"), &school, &corrected)
        .await;
    declared_lead(app, &review).await;
    app.put_ok(
        &at("identifying-details/Adult%20C"),
        &admin,
        &json!({"real_name": "Quentin Zebedee-Marsh"}),
    )
    .await;
    (referral, review)
}

fn person(referral: &str, pseudonym: &str) -> String {
    format!(
        "/v1/subject-access/person?referral_id={referral}&pseudonym={}",
        pseudonym.replace(' ', "%20")
    )
}

/// Each item as (source, field, value, third parties).
fn items(export: &Value) -> Vec<(String, String, String, Vec<String>)> {
    export["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert_eq!(
                i["third_party"].as_bool().unwrap(),
                !i["third_parties"].as_array().unwrap().is_empty()
            );
            (
                i["source"].as_str().unwrap().to_owned(),
                i["field"].as_str().unwrap().to_owned(),
                i["value"].as_str().unwrap().to_owned(),
                i["third_parties"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_family_members_export_holds_exactly_their_records_and_marks_the_others_they_concern() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let (referral, review) = case(&app).await;
    let admin = app.admin(ALPHA);

    let export = app.get_ok(&person(&referral, "Adult C"), &admin).await;
    let item = |source: &str, field: &str, value: &str, others: &[&str]| {
        (
            source.to_owned(),
            field.to_owned(),
            value.to_owned(),
            others.iter().map(|o| (*o).to_owned()).collect::<Vec<_>>(),
        )
    };
    let entry = "chronology entry (SCHOOL, version 1)";
    assert_eq!(
        items(&export),
        [
            item("family member", "relationship", "father", &[]),
            item(
                "family member",
                "non_involvement_reason",
                "Declined to take part.",
                &[]
            ),
            item(
                entry,
                "description",
                "2026-05-11: Adult C collected Child A late; the school called the LA.",
                &["Child A"]
            ),
            item(
                entry,
                "description",
                "2026-05-11: Adult C came to a parents' evening.",
                &[]
            ),
            item(
                "chronology entry (SCHOOL, version 2)",
                "description",
                "2026-05-11: Adult C came to a parents' evening alone.",
                &[]
            ),
        ]
    );
    assert_eq!(export["review_id"], review.as_str());
    assert_eq!(export["pseudonym"], "Adult C");
    assert_eq!(export["generated_by"], "partnership_admin-user");
    assert!(export["notes"][0].as_str().unwrap().contains("held sealed"));
    assert!(!export.to_string().contains("Zebedee"));

    // The child the case is about: their part of the referral and all of the case, others marked.
    let child = items(&app.get_ok(&person(&referral, "Child A"), &admin).await);
    assert!(child.contains(&item("referral child", "age_at_incident", "2", &[])));
    assert!(child.iter().any(|i| i.0 == "referral" && i.1 == "summary"));
    assert!(
        child
            .iter()
            .any(|i| i.0 == "triage" && i.2 == "Neglect suspected.")
    );
    assert!(child.contains(&item(
        entry,
        "description",
        "2026-05-11: Adult C collected Child A late; the school called the LA.",
        &["Adult C"]
    )));
    assert!(child.contains(&item(
        entry,
        "description",
        "2026-05-11: Absent all week.",
        &[]
    )));
    assert!(!child.iter().any(|i| i.0 == "family member"));

    // As CSV: a header and one row per item.
    let res = app
        .client
        .get(app.url(&person(&referral, "Adult C")))
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
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "source,record_id,field,value,recorded_by,recorded_at,third_party,third_parties"
    );
    assert_eq!(lines.len(), 6);
    assert!(lines[3].ends_with(",true,Child A"));

    // Each export is audited as one.
    let audited = app
        .audit_events(ALPHA, "resource_type=subject_access")
        .await;
    let ids: Vec<&str> = audited
        .iter()
        .map(|e| e["resource_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&format!("{referral}/Adult C").as_str()));
    assert_eq!(ids.len(), 3);

    // Someone who is not of the case is named as the bad field.
    for (pseudonym, status) in [
        ("Child Z", StatusCode::UNPROCESSABLE_ENTITY),
        ("Jane Smith", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let p = problem(app.get(&person(&referral, pseudonym), &admin).await, status).await;
        assert_eq!(p["errors"][0]["field"], "pseudonym");
    }

    // GraphQL gives the same export.
    let q = format!(
        "{{ personData(referralId: \"{referral}\", pseudonym: \"Adult C\") {{ items {{ source field thirdParty thirdParties }} }} }}"
    );
    let got = app.graphql(&admin, &q).await;
    assert_eq!(
        got["data"]["personData"]["items"].as_array().unwrap().len(),
        5
    );
    assert_eq!(
        got["data"]["personData"]["items"][2]["thirdParties"],
        json!(["Child A"])
    );
}

#[tokio::test]
async fn a_practitioners_export_holds_their_team_places_declarations_and_what_they_did() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let (_, review) = case(&app).await;
    let admin = app.admin(ALPHA);
    let export = app
        .get_ok(
            "/v1/subject-access/practitioner?subject=reviewer-ann",
            &admin,
        )
        .await;
    let all = items(&export);
    assert!(all.contains(&(
        "review team".to_owned(),
        "name".to_owned(),
        "Dr A. Reviewer".to_owned(),
        vec![]
    )));
    assert!(all.contains(&(
        "declaration".to_owned(),
        "confidentiality_signed_on".to_owned(),
        "2026-08-31".to_owned(),
        vec![]
    )));
    // Her declaration, as the trail records it: written, so it holds others' data and is marked.
    assert!(all.iter().any(|i| i.0 == "audit event"
        && i.1 == "create"
        && i.2 == format!("declaration {review}")
        && i.3 == ["the record written"]));
    assert_eq!(export["subject"], "reviewer-ann");
    // Another partnership's trail and teams are its own.
    let beta = app
        .get_ok(
            "/v1/subject-access/practitioner?subject=reviewer-ann",
            &app.admin(BETA),
        )
        .await;
    assert!(beta["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn subject_access_is_the_business_teams_alone_and_another_partnership_finds_no_case() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    let (referral, _) = case(&app).await;
    let practitioner = "/v1/subject-access/practitioner?subject=reviewer-ann";
    for token in [
        app.agency(ALPHA, "LA"),
        app.partner(ALPHA, "POLICE"),
        app.token(ALPHA, &["reporting"], None),
        app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None),
        app.token(ALPHA, &["board"], None),
    ] {
        for path in [person(&referral, "Adult C"), practitioner.to_owned()] {
            problem(app.get(&path, &token).await, StatusCode::FORBIDDEN).await;
        }
    }
    problem(
        app.get(&person(&referral, "Adult C"), &app.admin(BETA))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let q = format!(
        "{{ personData(referralId: \"{referral}\", pseudonym: \"Adult C\") {{ items {{ value }} }} }}"
    );
    let refused = app.graphql(&app.agency(ALPHA, "LA"), &q).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "role-not-permitted"
    );
    assert!(
        app.audit_events(ALPHA, "resource_type=subject_access")
            .await
            .is_empty(),
        "a refused export is not one"
    );
}
