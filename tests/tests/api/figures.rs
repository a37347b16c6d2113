//! The figures for reporting tools, against a data set walked through the API on dates chosen so that
//! every answer can be counted by hand (the working is beside each assertion), and the reporting
//! role's refusals: it reads figures and nothing about any case.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::referral_at,
    report::{approve, finalising},
    reviews::{meet_and_decide, review_of},
};

fn at_day(day: &str) -> String {
    format!("{day}T10:00:00Z")
}

/// A serious incident the partnership became aware of on `aware`, referred on `received` and triaged
/// into a Rapid Review that day; its id.
async fn referred(app: &TestApp, received: &str, aware: &str) -> String {
    app.set_time(&at_day(received));
    app.triaged_referral(
        ALPHA,
        "SCHOOL",
        &referral_at(aware, aware, &["SCHOOL", "LA"]),
    )
    .await
}

/// The partners meet on `on` and decide: `cspr`, `alternative` or `none`.
async fn decide(app: &TestApp, id: &str, on: &str, decision: &str) {
    app.set_time(&at_day(on));
    meet_and_decide(app, id, on, decision).await;
}

async fn submit(app: &TestApp, id: &str, on: &str) {
    app.set_time(&at_day(on));
    app.post_ok(
        &format!("/v1/referrals/{id}/submission"),
        &app.admin(ALPHA),
        &json!({"sent_on": on}),
    )
    .await;
}

/// The data set, September to December 2026 (no bank holiday falls in it; 31 August is one).
async fn seeded() -> TestApp {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);

    // R0: aware Sunday 30 August, received and decided (a CSPR) on 31 August, before the period. Its
    // review has recommendations, an approved report and three actions.
    let published = finalising(&app).await;
    let rec = |path: &str| format!("/v1/reviews/{published}/{path}");
    app.post_ok(&rec("recommendations"), &admin, &json!({"text": "Share injury findings within a day.", "agencies": ["LA", "POLICE"], "due_on": "2027-06-30"})).await;
    app.post_ok(
        &rec("recommendations"),
        &admin,
        &json!({"text": "Every agency trains its staff.", "due_on": "2027-06-30"}),
    )
    .await;
    approve(&app, &published).await;
    for (number, agency, due) in [
        (1, "LA", "2026-10-30"),
        (1, "POLICE", "2027-03-31"),
        (2, "ICB", "2026-12-15"),
    ] {
        app.post_ok(&rec("actions"), &admin, &json!({"recommendation": number, "agency_code": agency, "description": "Revise the procedure.", "due_on": due})).await;
    }
    let plan = app.get_ok(&rec("action-plan"), &admin).await;
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
    let r0 = app
        .get_ok(&format!("/v1/reviews/{published}"), &admin)
        .await["referral_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Day 15 after 30 August is Monday 21 September (31 August skipped); sent 3 September: on time.
    submit(&app, &r0, "2026-09-03").await;

    // A: aware Thursday 27 August, received 1 September, a CSPR on 10 September (9 working days: 28
    // August, then 1–4 and 7–10 September), sent 11 September, before its day 15 (18 September).
    let a = referred(&app, "2026-09-01", "2026-08-27").await;
    // B: aware Tuesday 1 September, received the 2nd; no further review on the 21st (14 working days);
    // day 15 is the 22nd, so the delay notice on the 23rd and the submission on the 24th are late.
    let b = referred(&app, "2026-09-02", "2026-09-01").await;
    // D: aware Thursday 10 September, received the 11th; an alternative review on the 25th (11 working
    // days); sent the 28th, before its day 15 (1 October).
    let d = referred(&app, "2026-09-11", "2026-09-10").await;
    decide(&app, &a, "2026-09-10", "cspr").await;
    submit(&app, &a, "2026-09-11").await;
    // C: received 15 September and closed at triage.
    app.set_time(&at_day("2026-09-15"));
    let c = app
        .create_referral(
            ALPHA,
            "SCHOOL",
            &referral_at("2026-09-14", "2026-09-14", &["SCHOOL"]),
        )
        .await;
    app.post_ok(&format!("/v1/referrals/{}/triage", c["id"].as_str().unwrap()), &admin, &json!({"criteria_met": false, "outcome_if_not_met": "close", "reasons": "Accidental injury."})).await;
    decide(&app, &b, "2026-09-21", "none").await;
    app.set_time(&at_day("2026-09-23"));
    app.post_ok(&format!("/v1/referrals/{b}/delay-notice"), &admin, &json!({"reasons": "The police partner could not meet sooner.", "expected_on": "2026-09-24"})).await;
    submit(&app, &b, "2026-09-24").await;
    decide(&app, &d, "2026-09-25", "alternative").await;
    submit(&app, &d, "2026-09-28").await;

    // A's review (due 10 March 2027): on 1 October one delay still within its time, one past it.
    app.set_time(&at_day("2026-10-01"));
    let review_a = review_of(&app, &a).await;
    app.post_ok(
        &format!("/v1/reviews/{review_a}/commissioning"),
        &admin,
        &json!({"methodology": "systems_learning_together"}),
    )
    .await;
    for projected in ["2027-02-01", "2027-06-30"] {
        app.post_ok(&format!("/v1/reviews/{review_a}/delays"), &admin, &json!({"cause": "police_request", "reason": "Witnesses not to be approached yet.", "projected_completion": projected, "considered_by_subgroup_on": "2026-10-01"})).await;
    }
    // The LA starts its action on 1 October; the police complete theirs on 20 November.
    app.post_ok(
        &format!("/v1/actions/{}/progress", action_of("LA")),
        &app.agency(ALPHA, "LA"),
        &json!({"status": "in_progress", "note": "Draft out."}),
    )
    .await;

    // R0's report: publication planned for Monday 16 November, the copies due by the 5th, sent on the
    // 3rd, published on the 16th (within six months of 31 August).
    app.set_time(&at_day("2026-11-02"));
    let pub_at = |path: &str| format!("/v1/reviews/{published}/publication/{path}");
    app.post_ok(&pub_at("decision"), &admin, &json!({"decision": "publish"}))
        .await;
    app.post_ok(&pub_at("plan"), &admin, &json!({"title": "Child A: a local child safeguarding practice review", "planned_on": "2026-11-16", "family_wishes": "None expressed.", "family_discussed_on": "2026-11-02", "practitioners_told_on": "2026-11-02", "media_contact": "Partnership business manager", "reviewer_names": ["Dr A. Reviewer"]})).await;
    app.set_time(&at_day("2026-11-03"));
    for r in ["national_panel", "ofsted", "secretary_of_state"] {
        app.post_ok(
            &pub_at("copies"),
            &admin,
            &json!({"recipient": r, "sent_on": "2026-11-03"}),
        )
        .await;
    }
    app.set_time(&at_day("2026-11-16"));
    app.post_ok(&pub_at("published"), &admin, &json!({"published_on": "2026-11-16", "web_address": "https://alpha.example.org/reviews/child-a", "available_until": "2027-11-16"})).await;
    app.set_time(&at_day("2026-11-20"));
    app.post_ok(
        &format!("/v1/actions/{}/progress", action_of("POLICE")),
        &app.agency(ALPHA, "POLICE"),
        &json!({"status": "complete", "note": "Briefed."}),
    )
    .await;
    app
}

const AUTUMN: &str = "/v1/figures?from=2026-09-01&to=2026-12-31";

fn autumn_figures() -> Value {
    json!({
        "from": "2026-09-01",
        "to": "2026-12-31",
        // A, B, D and C; R0 came on 31 August.
        "referrals_received": 4,
        "closed_at_triage": 1,
        "rapid_reviews": {
            // Day 15 of R0 (21 Sep), A (18 Sep), B (22 Sep), D (1 Oct); all but B's sent by then.
            "due": 4,
            "submitted_within_15_working_days": 3,
            "share_submitted_within_15_working_days": 0.75,
            "delays_notified": 1
        },
        "decisions": {
            // A 9, D 11, B 14 working days; R0's decision fell in August.
            "count": 3,
            "working_days_median": 11.0,
            "working_days_90th_percentile": 14,
            "cspr": 1,
            "alternative_learning_review": 1,
            "no_further_review": 1
        },
        "reviews": {
            "csprs_completed": 1,
            "csprs_completed_within_six_months": 1,
            "share_csprs_completed_within_six_months": 1.0,
            "alternative_reviews_completed": 0,
            "alternative_reviews_completed_within_three_months": 0,
            // Only the delay projecting past 10 March 2027.
            "delays_notified": 1
        },
        "publication": {
            "reports_published": 1,
            "sent_to_national_panel": 1,
            "sent_to_national_panel_in_time": 1
        },
        "actions_as_of": "2026-12-31",
        // ICB's (due 15 December) untouched and the LA's (due 30 October) in progress: both overdue;
        // the police's complete.
        "actions_by_agency": [
            {"agency_code": "ICB", "open": 1, "overdue": 1},
            {"agency_code": "LA", "open": 1, "overdue": 1},
            {"agency_code": "POLICE", "open": 0, "overdue": 0}
        ]
    })
}

#[tokio::test]
async fn the_figures_for_a_period_equal_the_answers_counted_by_hand_in_rest_and_graphql() {
    let app = seeded().await;
    app.set_time(&at_day("2027-01-05"));
    let reporting = app.token_as("analyst", ALPHA, &["reporting"], None);
    assert_eq!(app.get_ok(AUTUMN, &reporting).await, autumn_figures());

    let g = app
        .graphql(
            &reporting,
            r#"{ figures(from: "2026-09-01", to: "2026-12-31") {
                referralsReceived closedAtTriage
                rapidReviews { due submittedWithin15WorkingDays shareSubmittedWithin15WorkingDays }
                decisions { count workingDaysMedian workingDays90ThPercentile cspr }
                reviews { csprsCompletedWithinSixMonths delaysNotified }
                publication { sentToNationalPanelInTime }
                actionsByAgency { agencyCode open overdue } } }"#,
        )
        .await;
    let f = &g["data"]["figures"];
    assert_eq!(f["referralsReceived"], 4, "{g}");
    assert_eq!(f["rapidReviews"]["shareSubmittedWithin15WorkingDays"], 0.75);
    assert_eq!(f["decisions"]["workingDays90ThPercentile"], 14);
    assert_eq!(f["reviews"]["delaysNotified"], 1);
    assert_eq!(
        f["actionsByAgency"][1],
        json!({"agencyCode": "LA", "open": 1, "overdue": 1})
    );

    // While a period runs, actions stand as they do today: on 1 November the LA's is overdue, the
    // police's and ICB's open.
    app.set_time(&at_day("2026-11-01"));
    let running = app.get_ok(AUTUMN, &reporting).await;
    assert_eq!(running["actions_as_of"], "2026-11-01");
    assert_eq!(
        running["actions_by_agency"],
        json!([
            {"agency_code": "ICB", "open": 1, "overdue": 0},
            {"agency_code": "LA", "open": 1, "overdue": 1},
            {"agency_code": "POLICE", "open": 1, "overdue": 0}
        ])
    );

    // Another partnership's figures are its own: nothing of ALPHA's.
    let beta = app
        .get_ok(AUTUMN, &app.token(BETA, &["reporting"], None))
        .await;
    assert_eq!(beta["referrals_received"], 0);
    assert_eq!(beta["actions_by_agency"], json!([]));
    // Each answer is audited with its period.
    let events = app.audit_events(ALPHA, "resource_type=figures").await;
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["resource_id"], "2026-09-01..2026-12-31");
}

#[tokio::test]
async fn the_reporting_role_reads_figures_and_no_case_record_or_free_text() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let review = finalising(&app).await;
    let referral = app
        .get_ok(&format!("/v1/reviews/{review}"), &app.admin(ALPHA))
        .await["referral_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reporting = app.token(ALPHA, &["reporting"], None);
    for path in [
        "/v1/referrals".to_owned(),
        format!("/v1/referrals/{referral}"),
        format!("/v1/referrals/{referral}/rapid-review"),
        "/v1/reviews".to_owned(),
        format!("/v1/reviews/{review}"),
        format!("/v1/reviews/{review}/family-members"),
        format!("/v1/reviews/{review}/report"),
        format!("/v1/reviews/{review}/publication"),
        format!("/v1/reviews/{review}/action-plan"),
        "/v1/actions".to_owned(),
        "/v1/deadlines".to_owned(),
        "/v1/audit-events".to_owned(),
    ] {
        let res = app.get(&path, &reporting).await;
        assert!(
            matches!(res.status(), StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{path}: {}",
            res.status()
        );
    }
    for query in [
        format!(r#"{{ referral(id: "{referral}") {{ summary }} }}"#),
        format!(r#"{{ review(id: "{review}") {{ stage }} }}"#),
        format!(r#"{{ actionPlan(reviewId: "{review}") {{ actions {{ description }} }} }}"#),
        r#"{ referrals { items { summary children { pseudonym } } } }"#.to_owned(),
    ] {
        let g = app.graphql(&reporting, &query).await;
        assert!(
            g["data"].is_null() || g["data"].as_object().unwrap().values().all(Value::is_null),
            "{query}: {g}"
        );
        assert!(
            g["errors"].as_array().is_some_and(|e| !e.is_empty()),
            "{query}: {g}"
        );
    }
    // The figures carry no field a person or a narrative could be in: every leaf is a number, a date
    // or an agency code.
    let f = app
        .get_ok("/v1/figures?from=2026-08-01&to=2026-08-31", &reporting)
        .await;
    let mut leaves = vec![];
    collect_leaves("", &f, &mut leaves);
    for (path, leaf) in leaves {
        let allowed = leaf.is_number()
            || leaf.is_null()
            || (path.ends_with("agency_code") && leaf.is_string())
            || ((path == "/from" || path == "/to" || path == "/actions_as_of") && leaf.is_string());
        assert!(allowed, "{path}: {leaf}");
    }
}

fn collect_leaves(path: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| collect_leaves(&format!("{path}/{k}"), v, out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_leaves(&format!("{path}/{i}"), v, out)),
        leaf => out.push((path.to_owned(), leaf.clone())),
    }
}

#[tokio::test]
async fn figures_are_refused_to_agencies_and_reviewers_and_for_a_period_that_ends_before_it_begins()
{
    let app = TestApp::spawn().await;
    for token in [
        app.agency(ALPHA, "LA"),
        app.token(ALPHA, &["lead_reviewer"], None),
        app.token(ALPHA, &["panel_integration"], None),
    ] {
        problem(app.get(AUTUMN, &token).await, StatusCode::FORBIDDEN).await;
        let g = app
            .graphql(
                &token,
                r#"{ figures(from: "2026-09-01", to: "2026-12-31") { referralsReceived } }"#,
            )
            .await;
        assert_eq!(
            g["errors"][0]["extensions"]["code"], "role-not-permitted",
            "{g}"
        );
    }
    app.register_agencies(ALPHA).await;
    for token in [
        app.admin(ALPHA),
        app.token(ALPHA, &["board"], None),
        app.partner(ALPHA, "POLICE"),
    ] {
        app.get_ok(AUTUMN, &token).await;
    }
    let p = problem(
        app.get(
            "/v1/figures?from=2026-12-31&to=2026-09-01",
            &app.token(ALPHA, &["reporting"], None),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "to");
    problem(
        app.get("/v1/figures?from=someday&to=2026-09-01", &app.admin(ALPHA))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    problem(
        app.get(AUTUMN, "not-a-token").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
