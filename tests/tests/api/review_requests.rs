//! Information for reviews: a chronology, an IMR, an information report asked of the agencies in scope
//! through the Rapid Review's request and return machinery; an IMR held until its chief officer signs
//! it off; rework and escalation as before.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::a_return_secured,
    terms_of_reference::{commissioned_review, terms},
};

fn ids(list: &Value) -> Vec<(String, String)> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["agency_code"].as_str().unwrap().to_owned(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_imr_is_asked_of_the_agencies_in_scope_and_held_until_its_chief_officer_signs_it_off() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/information-requests");
    let imr = json!({"kind": "imr", "due_on": "2026-09-28"});

    // Without terms of reference or named agencies there is no one to ask.
    let p = problem(
        app.post(&path, &admin, &imr).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "agencies");
    app.post_ok(
        &format!("/v1/reviews/{id}/terms-of-reference"),
        &admin,
        &terms(&["HOSPITAL", "LA"]),
    )
    .await;
    let p = problem(
        app.post(
            &path,
            &admin,
            &json!({"kind": "initial_scoping", "due_on": "2026-09-28"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "kind");
    let made = app.post_ok(&path, &admin, &imr).await;
    let asked = ids(&made);
    assert_eq!(
        asked.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        ["HOSPITAL", "LA"]
    );
    assert_eq!(made["items"][0]["due_on"], "2026-09-28");
    problem(app.post(&path, &admin, &imr).await, StatusCode::CONFLICT).await;
    let (hospital_request, la_request) = (asked[0].1.clone(), asked[1].1.clone());

    // What the agencies owe shows in the deadline report (and so in calendar feeds): an agency its own.
    let owed = |list: Value| -> Vec<String> {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["step"] == "review_imr_return")
            .map(|i| i["agency_code"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = owed(app.get_ok("/v1/deadlines?status=due", &admin).await);
    assert_eq!(all, ["HOSPITAL", "LA"]);
    let own = owed(
        app.get_ok("/v1/deadlines?status=due", &app.agency(ALPHA, "HOSPITAL"))
            .await,
    );
    assert_eq!(own, ["HOSPITAL"]);

    // The hospital finds it in its inbox and returns its IMR.
    let hospital = app.agency(ALPHA, "HOSPITAL");
    let inbox = app
        .get_ok("/v1/information-requests?kind=imr", &hospital)
        .await;
    assert_eq!(
        ids(&inbox),
        [("HOSPITAL".to_owned(), hospital_request.clone())]
    );
    let at = |path: &str| format!("/v1/information-requests/{hospital_request}/{path}");
    app.post_ok(
        &at("returns"),
        &hospital,
        &a_return_secured("The missed follow-up was not escalated.", "2026-08-31"),
    )
    .await;

    // Accepting waits for the chief officer's sign-off, which only the hospital records.
    let p = problem(
        app.post(&at("reviews"), &admin, &json!({"outcome": "accepted"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p["allowed_next_steps"], json!(["sign_off", "send_back"]));
    let sign_off =
        json!({"chief_officer": "Chief Nurse, County Hospitals", "signed_off_on": "2026-08-31"});
    problem(
        app.post(&at("sign-off"), &app.agency(ALPHA, "LA"), &sign_off)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let signed = app.post_ok(&at("sign-off"), &hospital, &sign_off).await;
    assert_eq!(signed["chief_officer"], "Chief Nurse, County Hospitals");
    problem(
        app.post(&at("sign-off"), &hospital, &sign_off).await,
        StatusCode::CONFLICT,
    )
    .await;
    let accepted = app
        .post_ok(&at("reviews"), &admin, &json!({"outcome": "accepted"}))
        .await;
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(
        owed(app.get_ok("/v1/deadlines?status=due", &admin).await),
        ["LA"]
    );

    // The local authority's is sent back, disputed, and escalated: the subgroup first, then partners.
    let la = app.partner(ALPHA, "LA");
    let la_at = |path: &str| format!("/v1/information-requests/{la_request}/{path}");
    app.post_ok(
        &la_at("returns"),
        &la,
        &a_return_secured("Pasted notes.", "2026-08-31"),
    )
    .await;
    app.post_ok(
        &la_at("reviews"),
        &admin,
        &json!({"outcome": "sent_back", "reasons": ["pasted_case_notes"]}),
    )
    .await;
    let escalate = |to: &str| json!({"to": to, "reasons": "The analysis is still missing."});
    problem(
        app.post(
            &la_at("escalations"),
            &admin,
            &escalate("safeguarding_partners"),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    app.post_ok(
        &la_at("escalations"),
        &admin,
        &escalate("case_review_subgroup"),
    )
    .await;
    let both = app
        .post_ok(
            &la_at("escalations"),
            &admin,
            &escalate("safeguarding_partners"),
        )
        .await;
    assert_eq!(both["items"].as_array().unwrap().len(), 2);

    // The review lists its requests; the Rapid Review's own list does not carry them.
    let listed = app.get_ok(&path, &app.partner(ALPHA, "POLICE")).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    let referral = app.get_ok(&format!("/v1/reviews/{id}"), &admin).await["referral_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rapid = app
        .get_ok(
            &format!("/v1/referrals/{referral}/information-requests"),
            &admin,
        )
        .await;
    assert!(rapid["items"].as_array().unwrap().is_empty());
    let q = app
        .graphql(
            &admin,
            &format!("{{ reviewInformationRequests(reviewId: \"{id}\") {{ kind status }} }}"),
        )
        .await;
    assert_eq!(
        q["data"]["reviewInformationRequests"][0]["status"],
        "ACCEPTED"
    );
}

#[tokio::test]
async fn a_reviews_requests_are_issued_by_those_who_run_it_and_read_as_case_material() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = commissioned_review(&app).await;
    let path = format!("/v1/reviews/{id}/information-requests");
    let body = json!({"kind": "chronology", "agencies": ["POLICE"], "due_on": "2026-09-28"});
    for token in [app.partner(ALPHA, "LA"), app.agency(ALPHA, "SCHOOL")] {
        let p = problem(app.post(&path, &token, &body).await, StatusCode::FORBIDDEN).await;
        assert_eq!(p["code"], "role-not-permitted");
    }
    problem(
        app.get(&path, &app.agency(ALPHA, "SCHOOL")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let stranger = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [stranger, app.admin(BETA)] {
        problem(app.post(&path, &token, &body).await, StatusCode::NOT_FOUND).await;
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
    }
    let made = app.post_ok(&path, &admin, &body).await;
    let request = made["items"][0]["id"].as_str().unwrap();
    // A chronology request is not signed off: only an IMR is.
    let p = problem(
        app.post(
            &format!("/v1/information-requests/{request}/sign-off"),
            &app.partner(ALPHA, "POLICE"),
            &json!({"chief_officer": "Chief Constable", "signed_off_on": "2026-08-31"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(p["detail"].as_str().unwrap().contains("only an IMR"));
    // Another partnership's agency of the same code finds no such request.
    problem(
        app.post(
            &format!("/v1/information-requests/{request}/sign-off"),
            &app.partner(BETA, "POLICE"),
            &json!({"chief_officer": "Chief Constable", "signed_off_on": "2026-08-31"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
