//! The Rapid Review meeting and the partners' votes as the seed has them: an inquorate meeting reconvenes,
//! each partner has one vote on every question put and every vote is kept, and a partnership with two
//! councils meets quorum with either and casts one vote for the local authority.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    rapid_review::{referral_at, step},
};

/// A referral received on Monday 2 March 2026 (aware Friday 27 February), triaged into a Rapid Review.
async fn triaged(app: &TestApp, referrer: &str) -> String {
    app.triaged_referral(
        ALPHA,
        referrer,
        &referral_at("2026-02-26", "2026-02-27", &[referrer]),
    )
    .await
}

fn attendees(agencies: &[&str]) -> Value {
    json!({"attendees": agencies.iter().map(|a| json!({"agency": a, "role": "Lead"})).collect::<Vec<_>>()})
}

fn positions(decision: &Value) -> Vec<(String, String, String)> {
    decision["positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["question"].as_str().unwrap().to_owned(),
                p["statutory_role"].as_str().unwrap().to_owned(),
                p["position"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_inquorate_meeting_reconvenes_and_the_second_meeting_decides_three_votes_to_none() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = triaged(&app, "SCHOOL").await;
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    app.put_ok(&at("meeting"), &admin, &json!({"date": "2026-03-12"}))
        .await;

    // Thursday 12 March: no one from health comes. The meeting is inquorate: no vote, a new date instead.
    app.set_time("2026-03-12T15:00:00Z");
    let held = app
        .post_ok(
            &at("meeting/attendance"),
            &admin,
            &attendees(&["LA", "POLICE", "SCHOOL"]),
        )
        .await;
    assert_eq!(held["meeting"]["quorate"], false);
    assert_eq!(held["meeting"]["missing_partners"], json!(["health"]));
    assert!(
        !held["next_steps"]
            .as_array()
            .unwrap()
            .contains(&json!("cast_vote"))
    );
    let p = problem(
        app.post(
            &at("votes"),
            &app.partner(ALPHA, "LA"),
            &json!({"question": "hold_cspr", "choice": "yes"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["allowed_next_steps"]
            .as_array()
            .unwrap()
            .contains(&json!("schedule_meeting"))
    );
    let p = problem(
        app.move_meeting(&id, &admin, &json!({"date": "2026-03-12"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "date");
    let moved: Value = app
        .move_meeting(&id, &admin, &json!({"date": "2026-03-16"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["meeting"]["number"], 2);
    assert_eq!(moved["meetings"].as_array().unwrap().len(), 2);

    // Monday 16 March: all three partners; each votes yes.
    app.set_time("2026-03-16T11:00:00Z");
    let held = app
        .post_ok(
            &at("meeting/attendance"),
            &admin,
            &attendees(&["LA", "POLICE", "ICB"]),
        )
        .await;
    assert_eq!(held["meeting"]["quorate"], true);
    assert_eq!(held["meetings"][0]["attendees"][2]["agency"], "SCHOOL");
    for partner in ["LA", "POLICE", "ICB"] {
        app.post_ok(
            &at("votes"),
            &app.partner(ALPHA, partner),
            &json!({"question": "hold_cspr", "choice": "yes", "rationale": format!("{partner} sees learning.")}),
        )
        .await;
    }
    let decided = app
        .post_ok(&at("decision"), &admin, &json!({"rationale": "Unanimous."}))
        .await;
    assert_eq!(decided["decision"]["outcome"], "cspr");
    assert_eq!(
        positions(&decided["decision"]),
        [
            ("hold_cspr".into(), "local_authority".into(), "yes".into()),
            ("hold_cspr".into(), "police".into(), "yes".into()),
            ("hold_cspr".into(), "health".into(), "yes".into()),
        ]
    );
    let p = problem(
        app.post(&at("submission"), &admin, &json!({"sent_on": "2026-03-13"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["field"], "sent_on");
    app.post_ok(&at("submission"), &admin, &json!({"sent_on": "2026-03-16"}))
        .await;
    let doc = app.get_ok(&at("submission"), &admin).await;
    assert_eq!(doc["meetings"].as_array().unwrap().len(), 2);
    assert_eq!(doc["positions"][1]["rationale"], "POLICE sees learning.");

    let t = app.get_ok(&at("timeline"), &admin).await;
    assert_eq!(step(&t, "inquorate_meeting")["done_on"], "2026-03-12");
    assert_eq!(step(&t, "rapid_review_meeting")["done_on"], "2026-03-16");
    assert!(
        t["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["done_on"].as_str().is_none_or(|d| d <= "2026-03-16")),
        "no step is done on a future day"
    );
}

#[tokio::test]
async fn a_partnership_with_two_councils_meets_quorum_with_either_and_casts_one_vote_for_the_role()
{
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    let admin = app.admin(ALPHA);
    for (code, kind, role) in [
        ("CAMBS-CC", "local_authority", "local_authority"),
        ("PBORO-CC", "local_authority", "local_authority"),
        ("POLICE", "police", "police"),
        ("ICB", "health", "health"),
        ("SCHOOL", "education", "none"),
    ] {
        app.post_ok(
            "/v1/agencies",
            &admin,
            &json!({"code": code, "name": code, "kind": kind, "statutory_role": role}),
        )
        .await;
    }
    let id = triaged(&app, "SCHOOL").await;
    let at = |path: &str| format!("/v1/referrals/{id}/{path}");
    app.put_ok(&at("meeting"), &admin, &json!({"date": "2026-03-12"}))
        .await;
    app.set_time("2026-03-12T15:00:00Z");
    let held = app
        .post_ok(
            &at("meeting/attendance"),
            &admin,
            &attendees(&["PBORO-CC", "POLICE", "ICB"]),
        )
        .await;
    assert_eq!(
        held["meeting"]["quorate"], true,
        "Peterborough speaks for the local authority"
    );

    // One vote for the local authority, cast by whichever council comes first.
    let app = &app;
    let vote = |council: &str, question: &str, choice: &str| {
        let token = app.partner(ALPHA, council);
        let body = json!({"question": question, "choice": choice});
        let path = at("votes");
        async move { app.post(&path, &token, &body).await }
    };
    assert_eq!(
        vote("PBORO-CC", "hold_cspr", "no").await.status(),
        StatusCode::CREATED
    );
    let p = problem(
        vote("CAMBS-CC", "hold_cspr", "yes").await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("local_authority partner's vote on hold_cspr was already cast, by PBORO-CC"),
        "{p}"
    );
    assert_eq!(
        vote("POLICE", "hold_cspr", "no").await.status(),
        StatusCode::CREATED
    );
    // A majority said no: question 2 is put; every partner may vote on it, Cambridgeshire for the council.
    assert_eq!(
        vote("CAMBS-CC", "hold_alternative_review", "yes")
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        vote("ICB", "hold_alternative_review", "yes").await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        vote("POLICE", "hold_alternative_review", "no")
            .await
            .status(),
        StatusCode::CREATED
    );
    let decided = app
        .post_ok(
            &at("decision"),
            &admin,
            &json!({"rationale": "Learning review."}),
        )
        .await;
    assert_eq!(
        decided["decision"]["outcome"],
        "alternative_learning_review"
    );
    let shown = positions(&decided["decision"]);
    assert_eq!(shown.len(), 6);
    assert!(shown.contains(&("hold_cspr".into(), "health".into(), "did_not_vote".into())));
    assert!(shown.contains(&(
        "hold_alternative_review".into(),
        "police".into(),
        "no".into()
    )));

    // A statutory_partner token for an agency that holds no statutory role is refused outright.
    let p = problem(
        app.get("/v1/referrals", &app.partner(ALPHA, "SCHOOL"))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "not-a-statutory-partner");
}

#[tokio::test]
async fn moving_a_meeting_names_the_version_read_and_a_stale_or_missing_one_changes_nothing() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = triaged(&app, "SCHOOL").await;
    let path = format!("/v1/referrals/{id}/meeting");
    problem(app.get(&path, &admin).await, StatusCode::NOT_FOUND).await;
    // The first scheduling creates the meeting: no version to name.
    let first = app.put(&path, &admin, &json!({"date": "2026-03-12"})).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let read = app.get(&path, &admin).await;
    assert_eq!(read.headers()["etag"].to_str().unwrap(), tag);
    let put = |if_match: Option<String>, date: &str| {
        let mut req = app
            .client
            .put(app.url(&path))
            .bearer_auth(&admin)
            .json(&json!({"date": date}));
        if let Some(t) = if_match {
            req = req.header("if-match", t);
        }
        req.send()
    };
    // Without If-Match: 428; with another version: 412; nothing changes either way.
    let p = problem(
        put(None, "2026-03-13").await.unwrap(),
        StatusCode::PRECONDITION_REQUIRED,
    )
    .await;
    assert_eq!(p["code"], "precondition-required");
    let p = problem(
        put(Some("\"0000\"".into()), "2026-03-13").await.unwrap(),
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    assert_eq!(p["code"], "precondition-failed");
    let unchanged: Value = app.get(&path, &admin).await.json().await.unwrap();
    assert_eq!(unchanged["date"], "2026-03-12");
    // With the version read: moved, and a new version; the old one no longer moves it.
    let moved = put(Some(tag.clone()), "2026-03-13").await.unwrap();
    assert_eq!(moved.status(), StatusCode::OK);
    let new_tag = moved.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(new_tag, tag);
    problem(
        put(Some(tag), "2026-03-16").await.unwrap(),
        StatusCode::PRECONDITION_FAILED,
    )
    .await;
    let now: Value = app.get(&path, &admin).await.json().await.unwrap();
    assert_eq!(now["date"], "2026-03-13");
    // Another partnership, or an agency the referral does not concern, finds no meeting to read or move.
    app.register_agencies(BETA).await;
    for token in [app.admin(BETA), app.agency(ALPHA, "HOSPITAL")] {
        problem(app.get(&path, &token).await, StatusCode::NOT_FOUND).await;
    }
    let p = problem(
        app.put(&path, &app.admin(BETA), &json!({"date": "2026-03-16"}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(p["code"], "not-found");
}

#[tokio::test]
async fn two_moves_sent_with_one_version_at_once_move_the_meeting_once() {
    let app = TestApp::spawn_at("2026-03-02T09:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let id = triaged(&app, "SCHOOL").await;
    let path = format!("/v1/referrals/{id}/meeting");
    let first = app.put(&path, &admin, &json!({"date": "2026-03-12"})).await;
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let sends: Vec<_> = ["2026-03-13", "2026-03-16", "2026-03-17", "2026-03-18"]
        .iter()
        .map(|date| {
            let req = app
                .client
                .put(app.url(&path))
                .bearer_auth(&admin)
                .header("if-match", tag.clone())
                .json(&json!({"date": date}));
            tokio::spawn(async move { req.send().await.unwrap().status() })
        })
        .collect();
    let mut statuses = vec![];
    for s in sends {
        statuses.push(s.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::PRECONDITION_FAILED)
    );
}
