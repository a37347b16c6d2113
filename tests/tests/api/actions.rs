//! Recommendations and actions to the board's sign-off: recommendations made while the review runs,
//! actions for the agencies they name, each agency updating only its own, overdue ones listed, the
//! Case Review Subgroup's monitoring, and the sign-off refused until every action is complete.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, problem},
    outbox::delivering_app,
    receiver::Receiver,
    report::{approve, finalising},
};

#[tokio::test]
async fn recommendations_become_actions_each_agency_reports_its_own_and_the_board_signs_off() {
    let hook = Receiver::start().await;
    let app = delivering_app(Some("2026-08-31T14:00:00Z"), |_| {}).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let (la, police) = (app.agency(ALPHA, "LA"), app.agency(ALPHA, "POLICE"));
    let board = app.token_as("board-chair", ALPHA, &["board"], None);
    let lead = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    app.post_ok(
        "/v1/webhook-subscriptions",
        &la,
        &json!({"url": hook.url, "event_types": ["action.assigned"]}),
    )
    .await;
    let id = finalising(&app).await;
    let at = |path: &str| format!("/v1/reviews/{id}/{path}");

    // Recommendations while the review runs: for named agencies, or all; a date ahead.
    let p = problem(
        app.post(
            &at("recommendations"),
            &lead,
            &json!({"text": "Share findings.", "agencies": ["NOPE"], "due_on": "2027-06-30"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "agencies[0]");
    app.post_ok(&at("recommendations"), &lead, &json!({"text": "Health and police share injury findings within one working day.", "agencies": ["LA", "POLICE"], "due_on": "2027-06-30"})).await;
    let plan = app.post_ok(&at("recommendations"), &admin, &json!({"text": "Every agency trains its staff on bruising in non-mobile babies.", "due_on": "2027-09-30"})).await;
    assert_eq!(plan["recommendations"][1]["agencies"], json!([]));
    problem(
        app.post(
            &at("recommendations"),
            &la,
            &json!({"text": "x", "due_on": "2027-06-30"}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    approve(&app, &id).await;
    problem(
        app.post(
            &at("recommendations"),
            &admin,
            &json!({"text": "Too late.", "due_on": "2027-06-30"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;

    // Actions: one agency each, named by the recommendation (or any for "all"), due by its date.
    let p = problem(app.post(&at("actions"), &admin, &json!({"recommendation": 1, "agency_code": "ICB", "description": "Audit.", "due_on": "2027-03-31"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p["errors"][0]["field"], "agency_code");
    let p = problem(app.post(&at("actions"), &admin, &json!({"recommendation": 1, "agency_code": "LA", "description": "Audit.", "due_on": "2027-07-01"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p["errors"][0]["field"], "due_on");
    app.post_ok(&at("actions"), &admin, &json!({"recommendation": 1, "agency_code": "LA", "description": "Revise the strategy discussion procedure.", "due_on": "2026-10-30"})).await;
    app.post_ok(&at("actions"), &admin, &json!({"recommendation": 1, "agency_code": "POLICE", "description": "Brief custody sergeants.", "due_on": "2027-03-31"})).await;
    let plan = app.post_ok(&at("actions"), &admin, &json!({"recommendation": 2, "agency_code": "ICB", "description": "Train named nurses.", "due_on": "2027-03-31"})).await;
    let action_of = |agency: &str| -> String {
        plan["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["agency_code"] == agency)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (la_action, police_action, icb_action) =
        (action_of("LA"), action_of("POLICE"), action_of("ICB"));
    // The LA's systems heard of its action, and of no other.
    let got = hook.wait_for(1).await;
    assert_eq!(got[0].json()["data"]["action_id"], la_action.as_str());

    // Each agency updates only its own.
    let update = json!({"status": "in_progress", "note": "Draft procedure out for consultation.", "evidence": "Draft v0.3"});
    problem(
        app.post(
            &format!("/v1/actions/{la_action}/progress"),
            &police,
            &update,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.post(
            &format!("/v1/actions/{la_action}/progress"),
            &admin,
            &update,
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.post(
            &format!("/v1/actions/{la_action}/progress"),
            &app.agency(BETA, "LA"),
            &update,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let updated = app
        .post_ok(&format!("/v1/actions/{la_action}/progress"), &la, &update)
        .await;
    assert_eq!(updated["status"], "in_progress");
    assert_eq!(updated["progress"][0]["evidence"], "Draft v0.3");

    // In November the LA's action is overdue: listed as such, for the partnership and for the LA.
    app.set_time("2026-11-02T10:00:00Z");
    let overdue = app.get_ok("/v1/actions?status=overdue", &admin).await;
    let ids: Vec<&str> = overdue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [la_action.as_str()]);
    assert_eq!(overdue["items"][0]["overdue"], true);
    assert_eq!(
        app.get_ok("/v1/actions", &police).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "an agency sees its own"
    );
    assert!(
        app.get_ok("/v1/actions", &app.admin(BETA)).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // …and on the deadline report: the LA's as overdue, the police's as due, each agency its own.
    let actions_on = |list: &Value| -> Vec<(String, String)> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["step"] == "review_action")
            .map(|i| {
                (
                    i["action_id"].as_str().unwrap().to_owned(),
                    i["agency_code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let late = app.get_ok("/v1/deadlines?status=overdue", &admin).await;
    assert_eq!(actions_on(&late), [(la_action.clone(), "LA".to_owned())]);
    assert_eq!(
        actions_on(&app.get_ok("/v1/deadlines?status=overdue", &la).await),
        [(la_action.clone(), "LA".to_owned())]
    );
    assert!(actions_on(&app.get_ok("/v1/deadlines?status=overdue", &police).await).is_empty());
    assert_eq!(
        actions_on(&app.get_ok("/v1/deadlines?status=due", &police).await),
        [(police_action.clone(), "POLICE".to_owned())]
    );
    assert!(
        actions_on(
            &app.get_ok("/v1/deadlines?status=overdue", &app.admin(BETA))
                .await
        )
        .is_empty()
    );
    app.post_ok(
        &at("action-plan/monitoring"),
        &admin,
        &json!({"held_on": "2026-11-02", "note": "LA late: new date agreed with the Subgroup."}),
    )
    .await;

    // Published (withheld, its improvements out), the plan is signed off only once all is complete.
    let pub_at = |path: &str| format!("/v1/reviews/{id}/publication/{path}");
    app.post_ok(&pub_at("decision"), &admin, &json!({"decision": "withhold", "reasons": "Identifiable.", "improvements": "Findings shared within a day."})).await;
    app.post_ok(&pub_at("improvements"), &admin, &json!({"published_on": "2026-11-02", "web_address": "https://alpha.example.org/learning", "available_until": "2027-11-02"})).await;
    let p = problem(
        app.post(&at("action-plan/sign-off"), &board, &json!({}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("3 action(s)"));
    for (action, token) in [
        (&la_action, &la),
        (&police_action, &police),
        (&icb_action, &app.agency(ALPHA, "ICB")),
    ] {
        app.post_ok(
            &format!("/v1/actions/{action}/progress"),
            token,
            &json!({"status": "complete", "note": "Done and audited."}),
        )
        .await;
    }
    problem(
        app.post(&format!("/v1/actions/{la_action}/progress"), &la, &update)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    problem(
        app.post(&at("action-plan/sign-off"), &admin, &json!({}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let signed = app
        .post_ok(&at("action-plan/sign-off"), &board, &json!({}))
        .await;
    assert_eq!(signed["signed_off_by"], "board-chair");
    assert_eq!(
        app.get_ok(&format!("/v1/reviews/{id}"), &admin).await["stage"],
        "closed"
    );
    let g = app
        .graphql(
            &board,
            &format!("{{ actionPlan(reviewId: \"{id}\") {{ actions {{ status }} }} }}"),
        )
        .await;
    let statuses: Vec<&Value> = g["data"]["actionPlan"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["status"])
        .collect();
    assert!(statuses.iter().all(|s| **s == "COMPLETE"));
    problem(
        app.get(&at("action-plan"), &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&at("action-plan"), &app.token(ALPHA, &["reporting"], None))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn learning_shared_and_national_reviews_considered_are_recorded_by_the_business_team() {
    let app = crate::helpers::TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = crate::reviews::decided_review(&app, "cspr").await;
    let path = format!("/v1/reviews/{id}/dissemination");
    let briefing = json!({"kind": "briefing", "audience": "All health visitors", "held_on": "2026-08-31", "note": "Seven-minute briefing on bruising."});
    let mut future = briefing.clone();
    future["held_on"] = json!("2026-09-01");
    let p = problem(
        app.post(&path, &admin, &future).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "held_on");
    problem(
        app.post(&path, &app.agency(ALPHA, "LA"), &briefing).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.post(&path, &app.admin(BETA), &briefing).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    app.post_ok(&path, &admin, &briefing).await;
    let listed = app.get_ok(&path, &app.partner(ALPHA, "POLICE")).await;
    assert_eq!(listed["items"][0]["audience"], "All health visitors");

    let learning = json!({"title": "Child Protection in England", "source": "National Panel, May 2022", "considered_on": "2026-08-31", "local_application": "Multi-agency safeguarding arrangements reviewed against its findings."});
    app.post_ok("/v1/national-learning", &admin, &learning)
        .await;
    problem(
        app.post("/v1/national-learning", &app.agency(ALPHA, "LA"), &learning)
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        app.get_ok("/v1/national-learning", &app.agency(ALPHA, "LA"))
            .await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(
        app.get_ok("/v1/national-learning", &app.admin(BETA)).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
