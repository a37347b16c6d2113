//! The composite of returns, shared "with all those participating", and who may read what before and after
//! it is sent.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    helpers::{ALPHA, TestApp, problem},
    rapid_review::{a_return_secured, referral_at, request_for},
};

#[tokio::test]
async fn the_composite_is_read_by_the_agencies_asked_and_holds_what_was_accepted_when_it_was_sent()
{
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    // The hospital refers but is not asked for information; the school, the council and the ICB are.
    let referral = app
        .create_referral(
            ALPHA,
            "HOSPITAL",
            &referral_at("2026-02-26", "2026-02-27", &["SCHOOL", "LA", "ICB"]),
        )
        .await;
    let id = referral["id"].as_str().unwrap().to_owned();
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    app.post_ok(
        &at("triage"),
        &admin,
        &json!({"criteria_met": true, "reasons": "Abuse suspected."}),
    )
    .await;
    let sent = app
        .post_ok(
            &at("information-requests"),
            &admin,
            &json!({"kind": "initial_scoping"}),
        )
        .await;
    let (school, la) = (request_for(&sent, "SCHOOL"), request_for(&sent, "LA"));
    problem(
        app.get(&at("composite"), &admin).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Nothing accepted yet: the composite goes only with a reason.
    let p = problem(
        app.post(&at("composite"), &admin, &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "reason");

    app.set_time("2026-03-04T10:00:00Z");
    for (request, agency) in [(&school, "SCHOOL"), (&la, "LA")] {
        app.post_ok(
            &format!("/v1/information-requests/{request}/returns"),
            &app.agency(ALPHA, agency),
            &a_return_secured("Contacts were not linked to the home.", "2026-03-03"),
        )
        .await;
    }
    app.post_ok(
        &format!("/v1/information-requests/{school}/reviews"),
        &admin,
        &json!({"outcome": "accepted"}),
    )
    .await;
    // Before the composite, a return is its own agency's and the business team's and partners' alone.
    problem(
        app.get(
            &format!("/v1/information-requests/{la}/returns"),
            &app.agency(ALPHA, "SCHOOL"),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    app.post_ok(&at("composite"), &admin, &json!({})).await;

    // The council's return is accepted after the composite went: it is not in it.
    app.set_time("2026-03-05T10:00:00Z");
    app.post_ok(
        &format!("/v1/information-requests/{la}/reviews"),
        &admin,
        &json!({"outcome": "accepted"}),
    )
    .await;

    let composite = app
        .get_ok(&at("composite"), &app.agency(ALPHA, "SCHOOL"))
        .await;
    assert_eq!(composite["reference"], referral["reference"]);
    assert_eq!(composite["returns"].as_array().unwrap().len(), 1);
    assert_eq!(composite["returns"][0]["agency_code"], "SCHOOL");
    assert_eq!(composite["returns"][0]["accepted"]["version"], 1);
    let missing: Vec<_> = composite["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["agency_code"].as_str().unwrap())
        .collect();
    assert_eq!(missing.len(), 2);
    assert!(missing.contains(&"LA") && missing.contains(&"ICB"));

    // The partners read it; the referrer, not asked, is refused; an uninvolved agency finds nothing.
    app.get_ok(&at("composite"), &app.partner(ALPHA, "POLICE"))
        .await;
    let p = problem(
        app.get(&at("composite"), &app.agency(ALPHA, "HOSPITAL"))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "role-not-permitted");
    problem(
        app.get(&at("composite"), &app.agency(ALPHA, "POLICE"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let reads = app
        .audit_events(ALPHA, "resource_type=composite&action=read")
        .await;
    assert_eq!(reads.len(), 2, "each read of the composite is audited");

    // GraphQL answers the same, under the same rules.
    let q = format!(
        "{{ composite(referralId: \"{id}\") {{ returns {{ agencyCode }} missing {{ agencyCode }} }} }}"
    );
    let body = app.graphql(&app.agency(ALPHA, "SCHOOL"), &q).await;
    assert_eq!(
        body["data"]["composite"]["missing"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let body = app.graphql(&app.agency(ALPHA, "HOSPITAL"), &q).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "role-not-permitted"
    );

    // The submission document is refused to every agency over GraphQL as over REST.
    let q = format!("{{ submissionDocument(referralId: \"{id}\") }}");
    for agency in ["SCHOOL", "HOSPITAL"] {
        let body = app.graphql(&app.agency(ALPHA, agency), &q).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"],
            "role-not-permitted"
        );
        problem(
            app.get(&at("submission"), &app.agency(ALPHA, agency)).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
}

#[tokio::test]
async fn no_read_gives_an_agency_another_agencys_return_that_the_direct_read_refuses_it() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = app
        .triaged_referral(
            ALPHA,
            "SCHOOL",
            &referral_at("2026-02-26", "2026-02-27", &["SCHOOL", "LA"]),
        )
        .await;
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    let sent = app
        .post_ok(
            &at("information-requests"),
            &admin,
            &json!({"kind": "initial_scoping"}),
        )
        .await;
    let la = request_for(&sent, "LA");
    const MARKER: &str = "Council-only analysis 7f3a";
    let mut council_return = a_return_secured(MARKER, "2026-03-02");
    council_return["representative"]["contact"] = json!("council-lead@la.example");
    app.post_ok(
        &format!("/v1/information-requests/{la}/returns"),
        &app.agency(ALPHA, "LA"),
        &council_return,
    )
    .await;
    app.post_ok(
        &format!("/v1/information-requests/{la}/reviews"),
        &admin,
        &json!({"outcome": "accepted"}),
    )
    .await;

    let school = app.agency(ALPHA, "SCHOOL");
    problem(
        app.get(&format!("/v1/information-requests/{la}/returns"), &school)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let mut seen = String::new();
    for path in [
        format!("/v1/referrals/{id}"),
        at("rapid-review"),
        at("timeline"),
        at("votes"),
        at("information-requests"),
        "/v1/information-requests".to_owned(),
        "/v1/deadlines?status=due".to_owned(),
        "/v1/referrals".to_owned(),
    ] {
        seen.push_str(&app.get(&path, &school).await.text().await.unwrap());
    }
    for query in [
        format!(
            "{{ rapidReview(referralId: \"{id}\") {{ subgroupViews {{ view }} decision {{ rationale }} }} }}"
        ),
        format!("{{ timeline(referralId: \"{id}\") {{ steps {{ step rule recipients }} }} }}"),
        "{ informationRequests { items { id agencyCode } } }".to_owned(),
        format!("{{ returns(requestId: \"{la}\") {{ analysisOfInvolvement }} }}"),
        format!("{{ submissionDocument(referralId: \"{id}\") }}"),
    ] {
        seen.push_str(&app.graphql(&school, &query).await.to_string());
    }
    assert!(
        !seen.contains(MARKER),
        "the council's analysis leaked to the school"
    );
    assert!(
        !seen.contains("council-lead@la.example"),
        "the council's contact leaked"
    );
}
