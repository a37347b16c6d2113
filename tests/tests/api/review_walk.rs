//! A CSPR walked from its decision to its practitioner events, through the API as the business team, the
//! lead reviewer, a panel member and three agencies would: the whole story in one test, on
//! whichever database the suite runs on. The rules at each step have their own tests beside this one.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, TestApp, problem},
    rapid_review::a_return_secured,
    reviews::{decided, review_of},
};

/// RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (vec![], vec![], String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

fn entry(source_ref: &str, on: &str, subjects: &[&str], description: &str) -> Value {
    json!({"occurred_on": on, "subjects": subjects, "category": "engagement_with_professionals",
           "description": description, "source_ref": source_ref, "key_event": false})
}

async fn owed(app: &TestApp, id: &str) -> Vec<String> {
    app.get_ok(
        &format!("/v1/reviews/{id}/notifications"),
        &app.admin(ALPHA),
    )
    .await["owed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_cspr_runs_from_its_decision_through_its_chronology_to_the_practitioner_events() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    let admin = app.admin(ALPHA);
    let referral = decided(&app, "cspr").await;
    let id = review_of(&app, &referral).await;
    let at = |path: &str| format!("/v1/reviews/{id}/{path}");

    // Decided: a CSPR in commissioning, due six months on. Commissioned: its notifications are owed.
    let review = app.get_ok(&format!("/v1/reviews/{id}"), &admin).await;
    assert_eq!(review["stage"], "commissioning");
    assert_eq!(review["due_on"], "2027-02-28");
    app.post_ok(
        &at("commissioning"),
        &admin,
        &json!({"methodology": "systems_learning_together"}),
    )
    .await;
    assert_eq!(
        app.get_ok(&format!("/v1/reviews/{id}"), &admin).await["stage"],
        "establish"
    );
    assert_eq!(owed(&app, &id).await.len(), 3);

    // The lead reviewer and a panel member; the reviewer's name is owed too. A member reads the case
    // material only once declared.
    for (subject, role, agency) in [
        ("reviewer-ann", "lead_reviewer", None),
        ("panel-pat", "panel_member", Some("POLICE")),
    ] {
        app.post_ok(
            &at("team"),
            &admin,
            &json!({"subject": subject, "role": role, "name": "A. Person", "agency": agency, "independent_of_case": true}),
        )
        .await;
    }
    assert_eq!(owed(&app, &id).await.len(), 6);
    app.post_ok(
        &at("notifications"),
        &admin,
        &json!({"kind": "commissioning_national_panel", "sent_on": "2026-08-31"}),
    )
    .await;
    assert_eq!(owed(&app, &id).await.len(), 5);
    let ann = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let pat = app.token_as("panel-pat", ALPHA, &["panel_member"], Some("POLICE"));
    let p = problem(
        app.get(&at("chronology"), &pat).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p["code"], "declaration-required");
    for token in [&ann, &pat] {
        app.post_ok(
            &at("declarations"),
            token,
            &json!({"confidentiality_signed_on": "2026-08-31"}),
        )
        .await;
    }

    // The lead reviewer sets the terms: the hospital, the council and the school in scope.
    let terms = app
        .post_ok(
            &at("terms-of-reference"),
            &ann,
            &json!({"questions": ["Why was the bruising not shared?"], "period_from": "2025-09-01",
                "period_to": "2026-08-20", "agencies_in_scope": [
                    {"agency_code": "HOSPITAL", "single_point_of_contact": "Named nurse"},
                    {"agency_code": "LA", "single_point_of_contact": "Head of safeguarding"},
                    {"agency_code": "SCHOOL", "single_point_of_contact": "DSL"}]}),
        )
        .await;
    assert_eq!(terms["version"], 1);
    // Established: terms and a lead reviewer. The review moves on to monitoring.
    let monitoring = app
        .post_ok(&at("stage"), &ann, &json!({"stage": "monitor"}))
        .await;
    assert_eq!(monitoring["stage"], "monitor");
    let meeting = app
        .post_ok(
            &at("panel-meetings"),
            &ann,
            &json!({"held_on": "2026-08-31", "present": ["reviewer-ann", "panel-pat"], "immediate_action_required": false}),
        )
        .await;
    assert_eq!(meeting["number"], 1);

    // Two weeks on: a criminal trial delays the report past six months; the reasons are owed.
    app.set_time("2026-09-15T10:00:00Z");
    let delays = app
        .post_ok(
            &at("delays"),
            &ann,
            &json!({"cause": "criminal_trial", "reason": "Trial listed for April; the SIO asks for no interviews before it.",
                "projected_completion": "2027-05-31"}),
        )
        .await;
    assert_eq!(delays["cause"], "criminal_trial");
    let due = owed(&app, &id).await;
    assert!(due.contains(&"delay_national_panel".to_owned()));
    assert!(due.contains(&"delay_secretary_of_state".to_owned()));

    // The family, the parallel process, and the requests to the agencies in scope.
    app.post_ok(
        &at("family-members"),
        &ann,
        &json!({"pseudonym": "Adult B", "relationship": "mother", "invited_on": "2026-09-15", "invitation_method": "letter"}),
    )
    .await;
    app.post_ok(
        &at("family-members"),
        &ann,
        &json!({"pseudonym": "Adult C", "relationship": "father",
            "non_involvement_reason": "Charged; the SIO advised against contact."}),
    )
    .await;
    app.post_ok(
        &at("parallel-processes"),
        &admin,
        &json!({"kind": "criminal_investigation", "status": "Charged; trial listed.", "publication_waits": true}),
    )
    .await;
    let chronology_requests = app
        .post_ok(
            &at("information-requests"),
            &ann,
            &json!({"kind": "chronology", "due_on": "2026-10-15"}),
        )
        .await;
    assert_eq!(chronology_requests["items"].as_array().unwrap().len(), 3);
    let imrs = app
        .post_ok(
            &at("information-requests"),
            &ann,
            &json!({"kind": "imr", "agencies": ["HOSPITAL"], "due_on": "2026-10-30"}),
        )
        .await;
    let imr = imrs["items"][0]["id"].as_str().unwrap().to_owned();

    // Three agencies send their chronologies; the school's first batch has a bad row and is refused
    // whole; the hospital corrects an entry by sending its reference again.
    let entries = at("chronology-entries");
    let (hospital, la, school) = (
        app.agency(ALPHA, "HOSPITAL"),
        app.partner(ALPHA, "LA"),
        app.agency(ALPHA, "SCHOOL"),
    );
    app.post_ok(
        &entries,
        &hospital,
        &json!({"entries": [
            entry("H-1", "2026-02-03", &["Child A"], "Seen in A&E with a bruise."),
            entry("H-2", "2026-05-20", &["Child A", "Adult B"], "Mother missed the follow-up."),
        ]}),
    )
    .await;
    app.post_ok(
        &entries,
        &la,
        &json!({"entries": [entry("LA-1", "2026-03-01", &["Child A"], "Referral screened; no further action.")]}),
    )
    .await;
    let p = problem(
        app.post(
            &entries,
            &school,
            &json!({"entries": [
                entry("S-1", "2026-01-12", &["Child A"], "Absent for a week."),
                entry("S-2", "2026-04-02", &["Child Q"], "A child the case does not know."),
            ]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "entries[1].subjects");
    assert!(
        app.get_ok(&entries, &school).await["items"]
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing of the refused batch was written"
    );
    app.post_ok(
        &entries,
        &school,
        &json!({"entries": [
            entry("S-1", "2026-01-12", &["Child A"], "Absent for a week."),
            entry("S-2", "2026-04-02", &["Child A"], "Collected by an unknown man."),
        ]}),
    )
    .await;
    let corrected = app
        .post_ok(
            &entries,
            &hospital,
            &json!({"entries": [entry("H-1", "2026-02-03", &["Child A"], "Seen in A&E with a bruise to the left cheek.")]}),
        )
        .await;
    assert_eq!(corrected["items"][0]["version"], 2);

    // The integrated chronology: five current entries in date order, as JSON, CSV and the picture.
    let chronology = at("chronology");
    let merged = app.get_ok(&chronology, &pat).await;
    let order: Vec<&str> = merged["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source_ref"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["S-1", "H-1", "LA-1", "S-2", "H-2"]);
    let download = |accept: &'static str| {
        app.client
            .get(app.url(&chronology))
            .bearer_auth(&admin)
            .header("accept", accept)
            .send()
    };
    let csv = download("text/csv").await.unwrap().text().await.unwrap();
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 6, "a header and a row per entry");
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let description = rows[0].iter().position(|h| h == "description").unwrap();
    assert_eq!(
        rows[2][description],
        "Seen in A&E with a bruise to the left cheek."
    );
    let svg = download("image/svg+xml")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let marks: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("entry"))
        .collect();
    assert_eq!(marks.len(), 5);
    let colours: std::collections::BTreeSet<&str> =
        marks.iter().filter_map(|m| m.attribute("fill")).collect();
    assert_eq!(colours.len(), 3, "one colour per agency");

    // The panel names a theme and links the entries that show it.
    app.post_ok(
        &at("themes"),
        &pat,
        &json!({"kind": "theme", "title": "Unknown adults around the child"}),
    )
    .await;
    let theme = app
        .post_ok(
            &at("themes/1/entries"),
            &pat,
            &json!({"entries": [{"agency_code": "SCHOOL", "source_ref": "S-2"}]}),
        )
        .await;
    assert_eq!(theme["entries"].as_array().unwrap().len(), 1);

    // The hospital's IMR is held until its chief officer signs it off.
    let imr_at = |path: &str| format!("/v1/information-requests/{imr}/{path}");
    app.post_ok(
        &imr_at("returns"),
        &hospital,
        &a_return_secured("Follow-up was not escalated when missed.", "2026-09-15"),
    )
    .await;
    problem(
        app.post(&imr_at("reviews"), &admin, &json!({"outcome": "accepted"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    app.post_ok(
        &imr_at("sign-off"),
        &hospital,
        &json!({"chief_officer": "Chief Nurse", "signed_off_on": "2026-09-15"}),
    )
    .await;
    let accepted = app
        .post_ok(&imr_at("reviews"), &admin, &json!({"outcome": "accepted"}))
        .await;
    assert_eq!(accepted["status"], "accepted");

    // The reflective learning workshop, with notice and its briefing; its outcome; the feedback event.
    app.post_ok(
        &at("practitioner-events"),
        &ann,
        &json!({"kind": "reflective_learning_workshop", "held_on": "2026-10-20",
            "invitations_requested_on": "2026-09-15", "invitations_sent_on": "2026-09-15",
            "briefing_sent": true, "invited": 10}),
    )
    .await;
    app.set_time("2026-10-20T16:00:00Z");
    app.post_ok(
        &at("practitioner-events/1/outcome"),
        &ann,
        &json!({"attended": 8, "one_to_one_conversations": 2, "agencies_attending": ["HOSPITAL", "LA", "SCHOOL"]}),
    )
    .await;
    let feedback = app
        .post_ok(
            &at("practitioner-events"),
            &ann,
            &json!({"kind": "feedback_event", "held_on": "2026-12-01",
                "invitations_sent_on": "2026-10-20", "briefing_sent": false, "invited": 10}),
        )
        .await;
    assert_eq!(feedback["number"], 2);
}
