//! What the decision sets off (its notifications, each with its recipients, due with the submission) and
//! the escalation of an information request overdue or disputed.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::{a_return_secured, referral_at, request_for, step},
};

#[tokio::test]
async fn a_cspr_decision_puts_its_notifications_on_the_timeline_each_with_its_recipients() {
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
    app.put_ok(&at("meeting"), &admin, &json!({"date": "2026-03-12"}))
        .await;
    app.set_time("2026-03-12T15:00:00Z");
    app.post_ok(
        &at("meeting/attendance"),
        &admin,
        &json!({"attendees": [{"agency": "LA", "role": "x"}, {"agency": "POLICE", "role": "x"}, {"agency": "ICB", "role": "x"}]}),
    )
    .await;
    for p in ["LA", "POLICE"] {
        app.post_ok(
            &at("votes"),
            &app.partner(ALPHA, p),
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await;
    }
    let decided = app
        .post_ok(&at("decision"), &admin, &json!({"rationale": "Learning."}))
        .await;
    assert!(
        decided["next_steps"]
            .as_array()
            .unwrap()
            .contains(&json!("record_notification"))
    );

    let t = app.get_ok(&at("timeline"), &admin).await;
    let due = |name: &str| {
        let s = step(&t, name);
        (
            s["due"].as_str().unwrap().to_owned(),
            s["status"].as_str().unwrap().to_owned(),
            s["recipients"].clone(),
        )
    };
    // Due with the submission: two working days after the meeting, Monday 16 March.
    assert_eq!(
        due("decision_department_for_education"),
        (
            "2026-03-16".into(),
            "due".into(),
            json!(["the Department for Education"])
        )
    );
    assert_eq!(due("decision_ofsted").2, json!(["Ofsted"]));
    assert_eq!(due("decision_involved_agencies").2, json!(["LA", "SCHOOL"]));
    assert_eq!(
        due("decision_leads_and_chair").2,
        json!([
            "the statutory partners' nominated leads",
            "the chair of the Case Review Subgroup"
        ])
    );
    assert_eq!(
        step(&t, "submission_to_national_panel")["recipients"],
        json!(["the Child Safeguarding Practice Review Panel"])
    );

    // Recorded as sent, not before the decision.
    let p = problem(
        app.post(
            &at("notifications"),
            &admin,
            &json!({"kind": "decision_ofsted", "sent_on": "2026-03-11"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "sent_on");
    app.post_ok(
        &at("notifications"),
        &admin,
        &json!({"kind": "decision_ofsted", "sent_on": "2026-03-12"}),
    )
    .await;
    let t = app.get_ok(&at("timeline"), &admin).await;
    assert_eq!(step(&t, "decision_ofsted")["done_on"], "2026-03-12");
    assert_eq!(step(&t, "decision_ofsted")["status"], "done_on_time");
}

async fn overdue_request(app: &TestApp) -> (String, String) {
    let admin = app.admin(ALPHA);
    let id = app
        .triaged_referral(
            ALPHA,
            "SCHOOL",
            &referral_at("2026-02-26", "2026-02-27", &["SCHOOL", "LA"]),
        )
        .await;
    let sent = app
        .post_ok(
            &format!("/v1/referrals/{id}/information-requests"),
            &admin,
            &json!({"kind": "initial_scoping"}),
        )
        .await;
    (id, request_for(&sent, "LA"))
}

fn escalation(to: &str) -> Value {
    json!({"to": to, "reasons": "No return and no reply to two reminders."})
}

#[tokio::test]
async fn an_overdue_request_is_escalated_to_the_subgroup_then_to_the_partners() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let (id, la) = overdue_request(&app).await;
    let path = format!("/v1/information-requests/{la}/escalations");

    // Due Monday 9 March: not yet overdue.
    let p = problem(
        app.post(&path, &admin, &escalation("case_review_subgroup"))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"].as_str().unwrap().contains("neither overdue"),
        "{p}"
    );

    app.set_time("2026-03-10T09:00:00Z");
    // Wrong role, the agency itself, another partnership: refused, nothing written.
    for token in [app.partner(ALPHA, "POLICE"), app.agency(ALPHA, "LA")] {
        problem(
            app.post(&path, &token, &escalation("case_review_subgroup"))
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    problem(
        app.post(&path, &app.admin(BETA), &escalation("case_review_subgroup"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let p = problem(
        app.post(&path, &admin, &escalation("safeguarding_partners"))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(
        p["allowed_next_steps"],
        json!(["escalate_to_case_review_subgroup"])
    );
    let p = problem(
        app.post(
            &path,
            &admin,
            &json!({"to": "case_review_subgroup", "reasons": " "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "reasons");

    let first = app
        .post_ok(&path, &admin, &escalation("case_review_subgroup"))
        .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    app.set_time("2026-03-12T09:00:00Z");
    let both = app
        .post_ok(&path, &admin, &escalation("safeguarding_partners"))
        .await;
    assert_eq!(both["items"][1]["to"], "safeguarding_partners");
    problem(
        app.post(&path, &admin, &escalation("safeguarding_partners"))
            .await,
        StatusCode::CONFLICT,
    )
    .await;

    let t = app
        .get_ok(&format!("/v1/referrals/{id}/timeline"), &admin)
        .await;
    let sub = step(&t, "escalated_to_case_review_subgroup");
    assert_eq!(
        (sub["agency_code"].as_str(), sub["done_on"].as_str()),
        (Some("LA"), Some("2026-03-10"))
    );
    assert_eq!(
        step(&t, "escalated_to_safeguarding_partners")["done_on"],
        "2026-03-12"
    );
    assert_eq!(
        app.audit_events(ALPHA, "resource_type=escalation")
            .await
            .len(),
        2
    );
}

#[tokio::test]
async fn a_return_sent_back_is_disputed_and_may_be_escalated_before_its_rework_is_due() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let (_, la) = overdue_request(&app).await;
    app.post_ok(
        &format!("/v1/information-requests/{la}/returns"),
        &app.agency(ALPHA, "LA"),
        &a_return_secured("Pasted notes.", "2026-03-02"),
    )
    .await;
    let back = app
        .post_ok(
            &format!("/v1/information-requests/{la}/reviews"),
            &admin,
            &json!({"outcome": "sent_back", "reasons": ["pasted_case_notes"]}),
        )
        .await;
    assert_eq!(back["rework_due_on"], "2026-03-04");
    app.post_ok(
        &format!("/v1/information-requests/{la}/escalations"),
        &admin,
        &json!({"to": "case_review_subgroup", "reasons": "The council declines to analyse its involvement."}),
    )
    .await;
}
