//! Reviews: a decision to review opens one, due by its kind's time; who may read it.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::referral_at,
};

/// A referral received, triaged, met about on the same day and decided (see `meet_and_decide`).
pub async fn decided(app: &TestApp, decision: &str) -> String {
    let admin = app.admin(ALPHA);
    let referral = app
        .post_ok(
            "/v1/referrals",
            &app.agency(ALPHA, "SCHOOL"),
            &referral_at("2026-08-29", "2026-08-30", &["SCHOOL", "LA"]),
        )
        .await;
    let id = referral["id"].as_str().unwrap().to_owned();
    app.post_ok(
        &format!("/v1/referrals/{id}/triage"),
        &admin,
        &json!({"criteria_met": true, "reasons": "Neglect suspected."}),
    )
    .await;
    meet_and_decide(app, &id, "2026-08-31", decision).await;
    id
}

/// The three partners meet on `on` (a reason given, in case it is outside the window), attend, vote
/// and the admin records the decision: `cspr` by three yeses, `alternative` by three noes then three
/// yeses, `none` by noes to both.
pub async fn meet_and_decide(app: &TestApp, id: &str, on: &str, decision: &str) {
    let admin = app.admin(ALPHA);
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    app.put_ok(
        &at("meeting"),
        &admin,
        &json!({"date": on, "outside_window_reason": "All partners were free that day."}),
    )
    .await;
    app.post_ok(
        &at("meeting/attendance"),
        &admin,
        &json!({"attendees": [
        {"agency": "LA", "role": "Head of Service"}, {"agency": "POLICE", "role": "DI"},
        {"agency": "ICB", "role": "Designated Nurse"}]}),
    )
    .await;
    let (cspr, alternative) = match decision {
        "cspr" => ("yes", None),
        "alternative" => ("no", Some("yes")),
        _ => ("no", Some("no")),
    };
    let votes = [
        ("hold_cspr", Some(cspr)),
        ("hold_alternative_review", alternative),
    ];
    for (question, choice) in votes {
        let Some(choice) = choice else { continue };
        for partner in ["LA", "POLICE", "ICB"] {
            app.post_ok(
                &at("votes"),
                &app.partner(ALPHA, partner),
                &json!({"question": question, "choice": choice}),
            )
            .await;
        }
    }
    app.post_ok(
        &at("decision"),
        &admin,
        &json!({"rationale": "Learning about neglect across agencies."}),
    )
    .await;
}

/// The id of the review a referral's decision opened.
pub async fn review_of(app: &TestApp, referral: &str) -> String {
    app.get_ok(
        &format!("/v1/reviews?referral_id={referral}"),
        &app.admin(ALPHA),
    )
    .await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A review opened by a referral `decided` as `decision`.
pub async fn decided_review(app: &TestApp, decision: &str) -> String {
    let referral = decided(app, decision).await;
    review_of(app, &referral).await
}

#[tokio::test]
async fn a_cspr_decision_opens_a_review_due_six_months_later_ending_on_the_months_last_day() {
    // Monday 31 August 2026: six months later, February has no 31st.
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let referral = decided(&app, "cspr").await;
    let (admin, partner) = (app.admin(ALPHA), app.partner(ALPHA, "POLICE"));

    let page = app
        .get_ok(&format!("/v1/reviews?referral_id={referral}"), &partner)
        .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let review = &items[0];
    assert_eq!(review["kind"], "cspr");
    assert_eq!(review["stage"], "commissioning");
    assert_eq!(review["decided_on"], "2026-08-31");
    assert_eq!(review["due_on"], "2027-02-28");
    let id = review["id"].as_str().unwrap();
    let one = app.get_ok(&format!("/v1/reviews/{id}"), &admin).await;
    assert_eq!(one["referral_id"], referral.as_str());

    // Opened with the decision, in its transaction, and audited as a creation; reading it is audited.
    let created = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=review&resource_id={id}&action=create"),
            &admin,
        )
        .await;
    assert_eq!(created["items"].as_array().unwrap().len(), 1);
    let read = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=review&resource_id={id}&action=read"),
            &admin,
        )
        .await;
    assert_eq!(read["items"].as_array().unwrap().len(), 1);

    // Its completion is on the referral's timeline, and stays on the deadline list after the Rapid
    // Review's submission, until the review is published.
    app.post_ok(
        &format!("/v1/referrals/{referral}/submission"),
        &admin,
        &json!({"sent_on": "2026-08-31"}),
    )
    .await;
    let timeline = app
        .get_ok(&format!("/v1/referrals/{referral}/timeline"), &admin)
        .await;
    let completion = crate::rapid_review::step(&timeline, "review_completion");
    assert_eq!(completion["due"], "2027-02-28");
    assert_eq!(completion["status"], "due");
    let due = app.get_ok("/v1/deadlines?status=due", &admin).await;
    assert!(
        due["items"].as_array().unwrap().iter().any(|i| {
            i["referral_id"] == referral.as_str()
                && i["step"] == "review_completion"
                && i["due"] == "2027-02-28"
        }),
        "{due}"
    );

    // The same over GraphQL.
    let q = app
        .graphql(
            &admin,
            &format!("{{ review(id: \"{id}\") {{ kind stage dueOn referralId }} }}"),
        )
        .await;
    assert_eq!(q["data"]["review"]["kind"], "CSPR");
    assert_eq!(q["data"]["review"]["dueOn"], "2027-02-28");
    let q = app
        .graphql(
            &partner,
            "{ reviews(limit: 5) { items { id } nextCursor } }",
        )
        .await;
    assert_eq!(q["data"]["reviews"]["items"][0]["id"], id);
}

#[tokio::test]
async fn an_alternative_review_is_due_three_months_later_and_no_further_review_opens_none() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let alternative = decided(&app, "alternative").await;
    let none = decided(&app, "none").await;
    let page = app.get_ok("/v1/reviews", &admin).await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["referral_id"], alternative.as_str());
    assert_eq!(items[0]["kind"], "alternative_learning_review");
    assert_eq!(items[0]["due_on"], "2026-11-30");
    let of_none = app
        .get_ok(&format!("/v1/reviews?referral_id={none}"), &admin)
        .await;
    assert_eq!(of_none["items"], json!([]));
}

#[tokio::test]
async fn every_review_route_refuses_the_wrong_role_and_shows_nothing_to_another_partnership() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    decided(&app, "cspr").await;
    let id = app.get_ok("/v1/reviews", &app.admin(ALPHA)).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = format!("/v1/reviews/{id}");

    // An agency sees what is addressed to it, not reviews; nor does the board, yet.
    for token in [
        app.agency(ALPHA, "SCHOOL"),
        app.token(ALPHA, &["board"], None),
        app.token(ALPHA, &["reporting"], None),
    ] {
        for path in ["/v1/reviews", one.as_str()] {
            let p = problem(app.get(path, &token).await, StatusCode::FORBIDDEN).await;
            assert_eq!(p["code"], "role-not-permitted", "{path}");
        }
    }
    // A lead reviewer or panel member sees only the reviews they are on: none until appointed.
    for role in ["lead_reviewer", "panel_member"] {
        let token = app.token(ALPHA, &[role], None);
        assert_eq!(app.get_ok("/v1/reviews", &token).await["items"], json!([]));
        problem(app.get(&one, &token).await, StatusCode::NOT_FOUND).await;
    }
    // Another partnership's admin and partner see nothing of it.
    for token in [app.admin(BETA), app.partner(BETA, "LA")] {
        assert_eq!(app.get_ok("/v1/reviews", &token).await["items"], json!([]));
        problem(app.get(&one, &token).await, StatusCode::NOT_FOUND).await;
    }
    // A bad filter is named; no token is refused.
    let p = problem(
        app.get("/v1/reviews?referral_id=not-an-id", &app.admin(ALPHA))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "referral_id");
    let res = app.client.get(app.url("/v1/reviews")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
