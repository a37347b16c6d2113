//! A review's team: the lead reviewer and panel appointed by the business team; a reviewer sees the
//! reviews they are on and no other.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    reviews::{decided, review_of},
};

fn lead(subject: &str) -> Value {
    json!({"subject": subject, "role": "lead_reviewer", "name": "Dr A. Reviewer", "independent_of_case": true})
}

#[tokio::test]
async fn a_lead_reviewer_appointed_by_name_sees_their_review_and_not_another() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let (first, second) = (decided(&app, "cspr").await, decided(&app, "cspr").await);
    let (first, second) = (
        review_of(&app, &first).await,
        review_of(&app, &second).await,
    );
    let admin = app.admin(ALPHA);
    let team = format!("/v1/reviews/{first}/team");

    let appointed = app.post(&team, &admin, &lead("reviewer-ann")).await;
    assert_eq!(appointed.status(), StatusCode::CREATED);
    let panel = json!({"subject": "panel-raj", "role": "panel_member", "name": "R. Patel",
                       "agency": "POLICE", "independent_of_case": true});
    app.post_ok(&team, &admin, &panel).await;
    let listed = app.get_ok(&team, &app.partner(ALPHA, "LA")).await;
    let roles: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["lead_reviewer", "panel_member"]);

    // Ann, signed in as a lead reviewer, sees her review and its team; not the other review.
    let ann = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let mine = app.get_ok("/v1/reviews", &ann).await;
    let ids: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [first.as_str()]);
    app.get_ok(&format!("/v1/reviews/{first}"), &ann).await;
    app.get_ok(&team, &ann).await;
    problem(
        app.get(&format!("/v1/reviews/{second}"), &ann).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&format!("/v1/reviews/{second}/team"), &ann).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Raj, a panel member, sees the review he is on; the same subject in another partnership does not.
    let raj = app.token_as("panel-raj", ALPHA, &["panel_member"], None);
    assert_eq!(
        app.get_ok("/v1/reviews", &raj).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let raj_elsewhere = app.token_as("panel-raj", BETA, &["panel_member"], None);
    app.register_agencies(BETA).await;
    assert_eq!(
        app.get_ok("/v1/reviews", &raj_elsewhere).await["items"],
        json!([])
    );

    // Appointments are audited; the same over GraphQL.
    let events = app
        .get_ok(
            &format!(
                "/v1/audit-events?resource_type=review_team&resource_id={first}&action=create"
            ),
            &admin,
        )
        .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 2);
    let q = app
        .graphql(
            &ann,
            &format!("{{ reviewTeam(reviewId: \"{first}\") {{ items {{ role name }} }} }}"),
        )
        .await;
    assert_eq!(q["data"]["reviewTeam"]["items"][0]["role"], "LEAD_REVIEWER");
}

#[tokio::test]
async fn the_team_rules_hold_one_independent_lead_and_panel_members_from_registered_agencies() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let review = review_of(&app, &decided(&app, "cspr").await).await;
    let (admin, team) = (app.admin(ALPHA), format!("/v1/reviews/{review}/team"));

    let p = problem(
        app.post(
            &team,
            &admin,
            &json!({"subject": "x", "role": "lead_reviewer", "name": "X"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "independent_of_case");
    let p = problem(
        app.post(&team, &admin, &json!({"subject": "y", "role": "panel_member", "name": "Y", "independent_of_case": true})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "agency");
    let p = problem(
        app.post(&team, &admin, &json!({"subject": "y", "role": "panel_member", "name": "Y", "agency": "NOWHERE", "independent_of_case": true})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "agency");
    assert_eq!(
        app.get_ok(&team, &admin).await["items"],
        json!([]),
        "nothing written"
    );

    app.post_ok(&team, &admin, &lead("reviewer-ann")).await;
    let p = problem(
        app.post(&team, &admin, &lead("reviewer-bob")).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["code"], "illegal-transition");
    assert_eq!(p["allowed_next_steps"], json!(["appoint_team_member"]));
    // The lead reviewer may also be the report's author; the same appointment twice is a conflict.
    let author = json!({"subject": "reviewer-ann", "role": "author", "name": "Dr A. Reviewer"});
    app.post_ok(&team, &admin, &author).await;
    problem(app.post(&team, &admin, &author).await, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn appointing_is_the_business_teams_and_another_partnership_finds_no_review() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let review = review_of(&app, &decided(&app, "cspr").await).await;
    let team = format!("/v1/reviews/{review}/team");
    for token in [
        app.partner(ALPHA, "LA"),
        app.agency(ALPHA, "SCHOOL"),
        app.token(ALPHA, &["lead_reviewer"], None),
        app.token(ALPHA, &["board"], None),
    ] {
        let p = problem(
            app.post(&team, &token, &lead("someone")).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    problem(
        app.get(&team, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.post(&team, &app.admin(BETA), &lead("someone")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    for token in [app.admin(BETA), app.partner(BETA, "LA")] {
        problem(app.get(&team, &token).await, StatusCode::NOT_FOUND).await;
    }
    // A lead reviewer not on the review finds no team.
    problem(
        app.get(&team, &app.token(ALPHA, &["lead_reviewer"], None))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        app.get_ok(&team, &app.admin(ALPHA)).await["items"],
        json!([])
    );
}

#[tokio::test]
async fn a_team_member_reads_the_case_material_only_after_their_declarations() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let review = review_of(&app, &decided(&app, "cspr").await).await;
    let admin = app.admin(ALPHA);
    let team = format!("/v1/reviews/{review}/team");
    app.post_ok(&team, &admin, &lead("reviewer-ann")).await;
    let ann = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let chronology = format!("/v1/reviews/{review}/chronology");
    let declarations = format!("/v1/reviews/{review}/declarations");

    // On the team, but not yet declared: the review and its team, not its case material.
    app.get_ok(&format!("/v1/reviews/{review}"), &ann).await;
    assert_eq!(
        app.get_ok(&team, &admin).await["items"][0]["declared"],
        false
    );
    let p = problem(app.get(&chronology, &ann).await, StatusCode::FORBIDDEN).await;
    assert_eq!(p["code"], "declaration-required");

    let p = problem(
        app.post(
            &declarations,
            &ann,
            &json!({"confidentiality_signed_on": "2026-09-30"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "confidentiality_signed_on");
    let declared = app
        .post_ok(
            &declarations,
            &ann,
            &json!({"confidentiality_signed_on": "2026-08-31",
                    "conflicts_of_interest": "Worked in the same trust until 2019; no contact with the family."}),
        )
        .await;
    assert_eq!(declared["subject"], "reviewer-ann");
    app.get_ok(&chronology, &ann).await;
    assert_eq!(
        app.get_ok(&team, &admin).await["items"][0]["declared"],
        true
    );
    // A member updates their declaration when their interests change: the latest stands.
    let updated = app
        .post_ok(
            &declarations,
            &ann,
            &json!({"confidentiality_signed_on": "2026-08-31",
                "conflicts_of_interest": "Now supervises a social worker who joined the case team."}),
        )
        .await;
    assert!(updated["conflicts_of_interest"].is_string());
    assert_eq!(
        app.get_ok(&team, &admin).await["items"][0]["declared"],
        true
    );

    // Someone not on the team cannot declare; another partnership finds no review.
    let p = problem(
        app.post(
            &declarations,
            &admin,
            &json!({"confidentiality_signed_on": "2026-08-31"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "not-on-the-team");
    problem(
        app.post(
            &declarations,
            &app.agency(ALPHA, "SCHOOL"),
            &json!({"confidentiality_signed_on": "2026-08-31"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let elsewhere = app.token_as("reviewer-ann", BETA, &["lead_reviewer"], None);
    app.register_agencies(BETA).await;
    problem(
        app.post(
            &declarations,
            &elsewhere,
            &json!({"confidentiality_signed_on": "2026-08-31"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
