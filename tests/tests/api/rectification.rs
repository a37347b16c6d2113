//! Rectification: a factual error in a referral corrected by the business team, the original kept beside
//! the correction with who made it, when and why; a bad correction changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, BETA, TestApp, problem, referral_body};

fn corrections(list: &Value) -> Vec<(String, String, String)> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_owned();
            (s("field"), s("original"), s("corrected"))
        })
        .collect()
}

#[tokio::test]
async fn a_correction_is_kept_with_the_original_and_who_made_it_and_why() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/referrals/{id}/rectifications");

    let sex = json!({"field": "child_sex", "pseudonym": "Child A", "value": "male",
                     "reasons": "The hospital's record shows the referral mistook the child's sex."});
    let made = app.post_ok(&path, &admin, &sex).await;
    assert_eq!(
        (&made["original"], &made["corrected"], &made["made_by"]),
        (
            &json!("female"),
            &json!("male"),
            &json!("partnership_admin-user")
        )
    );
    let summary = json!({"field": "summary", "value": "A toddler was admitted with a fractured arm that is not explained.",
                         "reasons": "The ward corrected the injury: an arm, not a leg."});
    app.post_ok(&path, &admin, &summary).await;
    let referral = app.get_ok(&format!("/v1/referrals/{id}"), &admin).await;
    assert_eq!(referral["children"][0]["sex"], "male");
    assert!(
        referral["summary"]
            .as_str()
            .unwrap()
            .contains("fractured arm")
    );
    let kept = app.get_ok(&path, &admin).await;
    assert_eq!(
        corrections(&kept),
        [
            ("child_sex".into(), "female".into(), "male".into()),
            (
                "summary".into(),
                "A toddler was admitted with injuries that are not explained.".into(),
                "A toddler was admitted with a fractured arm that is not explained.".into()
            ),
        ]
    );
    assert_eq!(
        kept["items"][0]["reasons"],
        "The hospital's record shows the referral mistook the child's sex."
    );

    // The child's subject access export shows each correction with its original.
    let export = app
        .get_ok(
            &format!("/v1/subject-access/person?referral_id={id}&pseudonym=Child%20A"),
            &admin,
        )
        .await;
    let rectified: Vec<&Value> = export["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["source"] == "rectification")
        .collect();
    assert_eq!(rectified.len(), 2);
    assert!(
        rectified[0]["value"]
            .as_str()
            .unwrap()
            .starts_with("was \"female\", now \"male\"")
    );

    // A value that does not parse, a child not of the referral, a summary with a pseudonym, no change:
    // each refused naming its field, and nothing changes.
    for (body, field) in [
        (
            json!({"field": "child_sex", "pseudonym": "Child A", "value": "robot", "reasons": "x"}),
            "value",
        ),
        (
            json!({"field": "child_looked_after", "pseudonym": "Child A", "value": "yes", "reasons": "x"}),
            "value",
        ),
        (
            json!({"field": "child_sex", "pseudonym": "Child Z", "value": "male", "reasons": "x"}),
            "pseudonym",
        ),
        (
            json!({"field": "child_sex", "value": "male", "reasons": "x"}),
            "pseudonym",
        ),
        (
            json!({"field": "summary", "pseudonym": "Child A", "value": "x", "reasons": "x"}),
            "pseudonym",
        ),
        (
            json!({"field": "child_sex", "pseudonym": "Child A", "value": "male", "reasons": "x"}),
            "value",
        ),
        (
            json!({"field": "child_sex", "pseudonym": "Child A", "value": "female", "reasons": ""}),
            "reasons",
        ),
    ] {
        let p = problem(
            app.post(&path, &admin, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(p["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(
        app.get_ok(&path, &admin).await["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let audited = app
        .audit_events(ALPHA, "resource_type=rectification&action=create")
        .await;
    assert_eq!(audited.len(), 2);

    // The business team's alone; another partnership finds no referral.
    for token in [
        app.agency(ALPHA, "SCHOOL"),
        app.partner(ALPHA, "POLICE"),
        app.token(ALPHA, &["reporting"], None),
        app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None),
    ] {
        problem(app.get(&path, &token).await, StatusCode::FORBIDDEN).await;
        problem(app.post(&path, &token, &sex).await, StatusCode::FORBIDDEN).await;
    }
    let beta = app.admin(BETA);
    problem(app.get(&path, &beta).await, StatusCode::NOT_FOUND).await;
    problem(app.post(&path, &beta, &sex).await, StatusCode::NOT_FOUND).await;

    // GraphQL reads the same, with the same permissions.
    let q = format!(
        "{{ rectifications(referralId: \"{id}\") {{ items {{ field original corrected }} }} }}"
    );
    let got = app.graphql(&admin, &q).await;
    assert_eq!(
        got["data"]["rectifications"]["items"][0],
        json!({"field": "CHILD_SEX", "original": "female", "corrected": "male"})
    );
    let refused = app.graphql(&app.agency(ALPHA, "SCHOOL"), &q).await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"],
        "role-not-permitted"
    );
}
