//! Publication walked from the board's approval: the decision, a plan refused for leaving fewer than
//! seven working days before publication for the copies (across Christmas) then accepted, the copies,
//! publication held back by an open parallel process, the report on the public register and its Atom
//! feed — and not a withheld or expired one — and the NSPCC deposit.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    report::approved_review,
};

fn plan(on: &str) -> Value {
    json!({
        "title": "Child A: a local child safeguarding practice review",
        "planned_on": on,
        "family_wishes": "The mother asked that the publication avoid the anniversary.",
        "family_discussed_on": "2026-12-18",
        "practitioners_told_on": "2026-12-18",
        "media_contact": "Partnership business manager",
        "reviewer_names": ["Dr A. Reviewer"]
    })
}

async fn public(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn a_report_is_planned_published_registered_and_deposited_and_a_withheld_one_is_not_registered()
 {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let admin = app.admin(ALPHA);
    let id = approved_review(&app).await;
    let withheld = approved_review(&app).await;
    let at = |path: &str| format!("/v1/reviews/{id}/publication{path}");

    app.post_ok(&format!("/v1/reviews/{id}/parallel-processes"), &admin, &json!({"kind": "criminal_investigation", "status": "Trial listed for December.", "publication_waits": true, "pauses_review": false})).await;
    // A plan waits for the decision to publish.
    app.set_time("2026-12-21T10:00:00Z");
    problem(
        app.post(&at("/plan"), &admin, &plan("2027-01-05")).await,
        StatusCode::CONFLICT,
    )
    .await;
    let p = problem(
        app.post(
            &at("/decision"),
            &admin,
            &json!({"decision": "publish", "reasons": "None."}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reasons");
    app.post_ok(&at("/decision"), &admin, &json!({"decision": "publish"}))
        .await;

    // Thursday 31 December leaves the copies until Friday 18th, counted back across Christmas Day and
    // the Boxing Day holiday on Monday 28th: already past on Monday 21st.
    let p = problem(
        app.post(&at("/plan"), &admin, &plan("2026-12-31")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "planned_on");
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("2026-12-18"),
        "{p}"
    );
    // Tuesday 5 January leaves until Tuesday 22 December (New Year's Day and the 28th skipped too).
    let planned = app.post_ok(&at("/plan"), &admin, &plan("2027-01-05")).await;
    assert_eq!(planned["plan"]["copies_due_by"], "2026-12-22");
    let outbox = app.get_ok("/v1/outbox", &admin).await;
    let copies_told = outbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["event_type"] == "review.publication_copy")
        .count();
    assert_eq!(
        copies_told, 3,
        "the Panel, Ofsted and the Secretary of State are told through the outbox"
    );

    app.set_time("2026-12-22T10:00:00Z");
    for r in ["national_panel", "ofsted"] {
        app.post_ok(
            &at("/copies"),
            &admin,
            &json!({"recipient": r, "sent_on": "2026-12-22"}),
        )
        .await;
    }
    app.set_time("2026-12-23T10:00:00Z");
    let p = problem(
        app.post(
            &at("/copies"),
            &admin,
            &json!({"recipient": "secretary_of_state", "sent_on": "2026-12-23"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        p["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("2026-12-22")
    );
    app.post_ok(
        &at("/copies"),
        &admin,
        &json!({"recipient": "secretary_of_state", "sent_on": "2026-12-22"}),
    )
    .await;

    // Publication waits for the trial.
    app.set_time("2027-01-05T09:00:00Z");
    let published = json!({"published_on": "2027-01-05", "web_address": "https://alpha.example.org/reviews/child-a", "available_until": "2028-01-05"});
    let p = problem(
        app.post(&at("/published"), &admin, &published).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("criminal_investigation")
    );
    let processes = app
        .get_ok(&format!("/v1/reviews/{id}/parallel-processes"), &admin)
        .await;
    let number = processes["items"][0]["number"].as_u64().unwrap();
    let res = app
        .post(
            &format!("/v1/reviews/{id}/parallel-processes/{number}/conclusion"),
            &admin,
            &json!({"concluded_on": "2027-01-04", "outcome": "Verdict given."}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let mut short = published.clone();
    short["available_until"] = json!("2027-12-31");
    problem(
        app.post(&at("/published"), &admin, &short).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let done = app.post_ok(&at("/published"), &admin, &published).await;
    assert_eq!(
        done["published"]["reviewer_names"],
        json!(["Dr A. Reviewer"])
    );
    let review = app.get_ok(&format!("/v1/reviews/{id}"), &admin).await;
    assert_eq!(review["stage"], "published");

    // The withheld one: its improvements are published instead, and the register never shows it.
    let w = |path: &str| format!("/v1/reviews/{withheld}/publication{path}");
    app.post_ok(&w("/decision"), &admin, &json!({"decision": "withhold", "reasons": "The surviving sibling would be identifiable.", "improvements": "Health and police now share injury findings within one working day."})).await;
    problem(
        app.post(&w("/plan"), &admin, &plan("2027-02-01")).await,
        StatusCode::CONFLICT,
    )
    .await;
    problem(
        app.post(&w("/published"), &admin, &published).await,
        StatusCode::CONFLICT,
    )
    .await;
    let improvements = json!({"published_on": "2027-01-05", "web_address": "https://alpha.example.org/learning/improvements", "available_until": "2028-01-05"});
    let shown = app
        .post_ok(&w("/improvements"), &admin, &improvements)
        .await;
    assert_eq!(shown["published"]["kind"], "improvements");

    // The public register: no sign-in, cacheable, the listed fields only.
    let res = public(&app, "/v1/public/partnerships/alpha/publications").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    let register: Value = res.json().await.unwrap();
    let items = register["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "the withheld report is not on it");
    let mut keys: Vec<&String> = items[0].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "available_until",
            "published_on",
            "reviewer_names",
            "title",
            "web_address"
        ]
    );
    assert_eq!(
        items[0]["web_address"],
        "https://alpha.example.org/reviews/child-a"
    );
    let feed = public(&app, "/v1/public/partnerships/alpha/publications.atom").await;
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = feed.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 1);
    let title = entries[0]
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text();
    assert_eq!(
        title,
        Some("Child A: a local child safeguarding practice review")
    );
    assert!(!xml.contains("Adult C") && !xml.contains("Child A was"));
    // Another partnership's register is its own; an unknown one is not found.
    let beta = public(&app, "/v1/public/partnerships/beta/publications").await;
    assert!(
        beta.json::<Value>().await.unwrap()["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        public(&app, "/v1/public/partnerships/nowhere/publications")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // The deposit with the NSPCC, after publication.
    let deposited = app
        .post_ok(
            &at("/deposit"),
            &admin,
            &json!({"deposited_on": "2027-01-05", "acknowledgement": "NSPCC ref 2027/0031"}),
        )
        .await;
    assert_eq!(
        deposited["deposit"]["acknowledgement"],
        "NSPCC ref 2027/0031"
    );

    // A year and a day on, it has left the register.
    app.set_time("2028-01-06T09:00:00Z");
    let later: Value = public(&app, "/v1/public/partnerships/alpha/publications")
        .await
        .json()
        .await
        .unwrap();
    assert!(later["items"].as_array().unwrap().is_empty(), "expired");
}

#[tokio::test]
async fn publication_is_the_business_teams_to_record_and_another_partnerships_finds_nothing() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = approved_review(&app).await;
    let at = |path: &str| format!("/v1/reviews/{id}/publication{path}");
    let decision = json!({"decision": "publish"});
    for token in [
        app.agency(ALPHA, "LA"),
        app.partner(ALPHA, "POLICE"),
        app.token_as("board-chair", ALPHA, &["board"], None),
    ] {
        problem(
            app.post(&at("/decision"), &token, &decision).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    problem(
        app.post(&at("/decision"), &app.admin(BETA), &decision)
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        app.get(&at(""), &app.admin(BETA)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let conclusion = json!({"concluded_on": "2026-08-31", "outcome": "Verdict given."});
    let path = format!("/v1/reviews/{id}/parallel-processes/1/conclusion");
    let other = app.post(&path, &app.admin(BETA), &conclusion).await;
    problem(other, StatusCode::NOT_FOUND).await;
    problem(
        app.get(&at(""), &app.token(ALPHA, &["reporting"], None))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    // The board and the partners read it; GraphQL answers the same.
    let board = app.token_as("board-chair", ALPHA, &["board"], None);
    app.get_ok(&at(""), &board).await;
    app.post_ok(&at("/decision"), &app.admin(ALPHA), &decision)
        .await;
    let q = format!("{{ publication(reviewId: \"{id}\") {{ decision {{ decision }} }} }}");
    let g = app.graphql(&app.partner(ALPHA, "LA"), &q).await;
    assert_eq!(g["data"]["publication"]["decision"]["decision"], "PUBLISH");
}
