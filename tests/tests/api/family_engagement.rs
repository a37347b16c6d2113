//! Family engagement: each member by pseudonym, invited or not, with the reason for any non-involvement;
//! their pseudonyms join the people chronology entries may name.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    terms_of_reference::commissioned_review,
};

#[tokio::test]
async fn each_family_member_is_recorded_by_pseudonym_with_the_reason_for_any_non_involvement() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/family-members");

    let mother = json!({"pseudonym": "Adult B", "relationship": "mother", "invited_on": "2026-08-31",
        "invitation_method": "letter"});
    let invited = app.post_ok(&path, &admin, &mother).await;
    assert_eq!(invited["response"], "awaited");
    // A father not invited needs the reason, which the final report will carry; a name is refused.
    let father = json!({"pseudonym": "Adult C", "relationship": "father"});
    let p = problem(
        app.post(&path, &admin, &father).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "non_involvement_reason");
    let named = json!({"pseudonym": "Jane Smith", "relationship": "grandparent",
        "non_involvement_reason": "Not known to agencies."});
    let p = problem(
        app.post(&path, &admin, &named).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "pseudonym");
    let mut father = father;
    father["non_involvement_reason"] =
        json!("Charged in the criminal investigation; the SIO advised against contact.");
    app.post_ok(&path, &admin, &father).await;
    // The mother accepts and contributes: the same pseudonym again replaces her record.
    let mut mother = mother;
    mother["response"] = json!("accepted");
    mother["contribution"] = json!("Described asking the health visitor for help twice.");
    app.post_ok(&path, &admin, &mother).await;
    let listed = app.get_ok(&path, &admin).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["pseudonym"], "Adult B");
    assert_eq!(items[0]["response"], "accepted");
    assert!(items[1]["non_involvement_reason"].is_string());

    // Chronology entries may now name the mother; a pseudonym the review does not know is refused.
    let entries = format!("/v1/reviews/{id}/chronology-entries");
    let school = app.agency(ALPHA, "SCHOOL");
    let entry = |who: &str| {
        json!({"entries": [{"occurred_on": "2026-05-11", "subjects": ["Child A", who],
        "category": "engagement_with_professionals", "description": "Mother met the class teacher.",
        "source_ref": "SCH-9"}]})
    };
    app.post_ok(&entries, &school, &entry("Adult B")).await;
    let p = problem(
        app.post(&entries, &school, &entry("Adult Z")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "entries[0].subjects");

    let q = app
        .graphql(
            &admin,
            &format!(
                "{{ familyMembers(reviewId: \"{id}\") {{ items {{ pseudonym relationship }} }} }}"
            ),
        )
        .await;
    assert_eq!(
        q["data"]["familyMembers"]["items"][1]["relationship"],
        "FATHER"
    );
}

#[tokio::test]
async fn family_engagement_is_case_material_recorded_only_by_those_who_run_the_review() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/family-members");
    let body = json!({"pseudonym": "Adult B", "relationship": "mother",
        "non_involvement_reason": "Whereabouts unknown."});
    app.post_ok(
        &format!("/v1/reviews/{id}/team"),
        &admin,
        &json!({"subject": "panel-pat", "role": "panel_member", "name": "P. Member", "agency": "POLICE", "independent_of_case": true}),
    )
    .await;
    let pat = app.token_as("panel-pat", ALPHA, &["panel_member"], Some("POLICE"));
    let p = problem(app.get(&path, &pat).await, StatusCode::FORBIDDEN).await;
    assert_eq!(p["code"], "declaration-required");
    for token in [app.partner(ALPHA, "LA"), app.agency(ALPHA, "SCHOOL")] {
        let p = problem(app.post(&path, &token, &body).await, StatusCode::FORBIDDEN).await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    let stranger = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [stranger, app.admin(BETA)] {
        problem(app.post(&path, &token, &body).await, StatusCode::NOT_FOUND).await;
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
    }
    let listed = app.get_ok(&path, &admin).await;
    assert!(listed["items"].as_array().unwrap().is_empty());
}
