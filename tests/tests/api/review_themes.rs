//! The panel's key lines of enquiry and themes, linked to chronology entries.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    terms_of_reference::commissioned_review,
};

#[tokio::test]
async fn the_panel_records_themes_and_links_the_entries_that_show_them() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let school = app.agency(ALPHA, "SCHOOL");
    app.post_ok(
        &format!("/v1/reviews/{id}/chronology-entries"),
        &school,
        &json!({"entries": [{"occurred_on": "2026-03-02", "subjects": ["Child A"], "category": "unknown_adults_present",
            "description": "An unknown man collected Child A from school.", "source_ref": "SCH-4"}]}),
    )
    .await;
    app.post_ok(
        &format!("/v1/reviews/{id}/team"),
        &admin,
        &json!({"subject": "panel-pat", "role": "panel_member", "name": "P. Member", "agency": "POLICE", "independent_of_case": true}),
    )
    .await;
    let pat = app.token_as("panel-pat", ALPHA, &["panel_member"], Some("POLICE"));
    let path = format!("/v1/reviews/{id}/themes");
    let theme = json!({"kind": "theme", "title": "Men in the household unseen by services"});

    // A panel member records once declared.
    let p = problem(app.post(&path, &pat, &theme).await, StatusCode::FORBIDDEN).await;
    assert_eq!(p["code"], "declaration-required");
    app.post_ok(
        &format!("/v1/reviews/{id}/declarations"),
        &pat,
        &json!({"confidentiality_signed_on": "2026-08-31"}),
    )
    .await;
    let recorded = app.post_ok(&path, &pat, &theme).await;
    assert_eq!(recorded["number"], 1);
    let kloe = app
        .post_ok(
            &path,
            &admin,
            &json!({"kind": "key_line_of_enquiry", "title": "How was the school's concern shared?"}),
        )
        .await;
    assert_eq!(kloe["number"], 2);

    // Entries are linked by agency and record reference; an entry the chronology lacks is refused.
    let links = format!("{path}/1/entries");
    let p = problem(
        app.post(
            &links,
            &pat,
            &json!({"entries": [{"agency_code": "SCHOOL", "source_ref": "SCH-4"}, {"agency_code": "SCHOOL", "source_ref": "SCH-99"}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "entries[1]");
    let linked = app
        .post_ok(
            &links,
            &pat,
            &json!({"entries": [{"agency_code": "SCHOOL", "source_ref": "SCH-4"}]}),
        )
        .await;
    assert_eq!(linked["entries"][0]["source_ref"], "SCH-4");
    let again = app
        .post_ok(
            &links,
            &admin,
            &json!({"entries": [{"agency_code": "school", "source_ref": "SCH-4"}]}),
        )
        .await;
    assert_eq!(again["entries"].as_array().unwrap().len(), 1);
    // The integrated chronology narrows to a theme's entries.
    app.post_ok(
        &format!("/v1/reviews/{id}/chronology-entries"),
        &school,
        &json!({"entries": [{"occurred_on": "2026-04-02", "subjects": ["Child A"], "category": "missing_episode",
            "description": "Absent all week.", "source_ref": "SCH-5"}]}),
    )
    .await;
    let chronology = format!("/v1/reviews/{id}/chronology");
    let refs = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["source_ref"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(refs(app.get_ok(&chronology, &admin).await).len(), 2);
    assert_eq!(
        refs(app.get_ok(&format!("{chronology}?theme=1"), &admin).await),
        ["SCH-4"]
    );
    assert!(refs(app.get_ok(&format!("{chronology}?theme=2"), &admin).await).is_empty());
    let p = problem(
        app.get(&format!("{chronology}?theme=0"), &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "theme");
    problem(
        app.post(
            &format!("{path}/9/entries"),
            &admin,
            &json!({"entries": [{"agency_code": "SCHOOL", "source_ref": "SCH-4"}]}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let q = app
        .graphql(
            &admin,
            &format!("{{ reviewThemes(reviewId: \"{id}\") {{ items {{ number kind entries {{ sourceRef }} }} }} }}"),
        )
        .await;
    assert_eq!(q["data"]["reviewThemes"]["items"][0]["kind"], "THEME");
    assert_eq!(
        q["data"]["reviewThemes"]["items"][1]["kind"],
        "KEY_LINE_OF_ENQUIRY"
    );

    // Statutory partners read but do not record; agencies, other reviewers, other partnerships cannot.
    let listed = app.get_ok(&path, &app.partner(ALPHA, "LA")).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    let p = problem(
        app.post(&path, &app.partner(ALPHA, "LA"), &theme).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    problem(app.get(&path, &school).await, StatusCode::FORBIDDEN).await;
    let stranger = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [stranger, app.admin(BETA)] {
        problem(app.post(&path, &token, &theme).await, StatusCode::NOT_FOUND).await;
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
        problem(
            app.post(
                &links,
                &token,
                &json!({"entries": [{"agency_code": "SCHOOL", "source_ref": "SCH-4"}]}),
            )
            .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // Nor may another partnership's agency read an entry's versions.
    problem(
        app.get(
            &format!("/v1/reviews/{id}/chronology-entries/versions?source_ref=SCH-4"),
            &app.agency(BETA, "SCHOOL"),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
