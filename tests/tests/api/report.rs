//! The overview report walked as the seed's Stage 3 runs it: the lead reviewer uploads drafts (PDF or
//! Word, checked by content, kept with their SHA-256, streamed back), the panel checks each version,
//! the agencies in scope answer on its accuracy (one dispute resolved), and the board approves —
//! refused until all of that is done.

use aws_lc_rs::digest::{SHA256, digest};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{ALPHA, BETA, TestApp, problem},
    terms_of_reference::{commissioned_review, terms},
};

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const PDF_TYPE: &str = "application/pdf";
const DOCX_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn hex_sha256(bytes: &[u8]) -> String {
    digest(&SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `reviewer-ann` appointed the review's lead reviewer ("Dr A. Reviewer") and her declarations made.
pub async fn declared_lead(app: &TestApp, id: &str) {
    app.post_ok(
        &format!("/v1/reviews/{id}/team"),
        &app.admin(ALPHA),
        &json!({"subject": "reviewer-ann", "role": "lead_reviewer", "name": "Dr A. Reviewer", "independent_of_case": true}),
    )
    .await;
    app.post_ok(
        &format!("/v1/reviews/{id}/declarations"),
        &app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None),
        &json!({"confidentiality_signed_on": "2026-08-31"}),
    )
    .await;
}

/// A review in finalise: terms naming LA and POLICE in scope, lead reviewer `reviewer-ann`, a father
/// not involved (so the report must carry why), the panel met.
pub async fn finalising(app: &TestApp) -> String {
    let admin = app.admin(ALPHA);
    let id = commissioned_review(app).await;
    let at = |path: &str| format!("/v1/reviews/{id}/{path}");
    app.post_ok(&at("terms-of-reference"), &admin, &terms(&["LA", "POLICE"]))
        .await;
    declared_lead(app, &id).await;
    app.post_ok(
        &at("family-members"),
        &admin,
        &json!({"pseudonym": "Adult C", "relationship": "father", "non_involvement_reason": "Declined through his solicitor."}),
    )
    .await;
    app.post_ok(&at("stage"), &admin, &json!({"stage": "monitor"}))
        .await;
    app.post_ok(
        &at("panel-meetings"),
        &admin,
        &json!({"held_on": "2026-08-31", "present": ["reviewer-ann"], "immediate_action_required": false}),
    )
    .await;
    app.post_ok(&at("stage"), &admin, &json!({"stage": "finalise"}))
        .await;
    id
}

async fn upload(
    app: &TestApp,
    id: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
    query: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/v1/reviews/{id}/report/versions{query}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

fn docx() -> Vec<u8> {
    [
        b"PK\x03\x04".as_slice(),
        b"\x14\x00\x00\x00[Content_Types].xml....word/document.xml....PK\x05\x06",
    ]
    .concat()
}

fn approval(version: u32) -> Value {
    json!({
        "version": version,
        "recommendations_confirmed": true,
        "action_plans_confirmed": true,
        "recipients": ["The National Panel", "Ofsted", "Partner agencies' safeguarding leads"],
        "dissemination": "Seven-minute briefing to all staff; learning event in March.",
        "monitoring": "The Case Review Subgroup asks each agency for progress every quarter."
    })
}

#[tokio::test]
async fn a_report_goes_from_upload_through_checks_and_answers_to_the_boards_approval() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = finalising(&app).await;
    let lead = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let admin = app.admin(ALPHA);
    let board = app.token_as("board-chair", ALPHA, &["board"], None);
    let (la, police) = (app.agency(ALPHA, "LA"), app.agency(ALPHA, "POLICE"));
    let at = |path: &str| format!("/v1/reviews/{id}/report{path}");

    // The type is checked by content: a "PDF" that is not one, and an unsupported type, are refused.
    let p = problem(
        upload(
            &app,
            &id,
            &lead,
            PDF_TYPE,
            b"<html>not a pdf</html>".to_vec(),
            "",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "document");
    problem(
        upload(&app, &id, &lead, "text/plain", PDF.to_vec(), "").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
    )
    .await;
    let p = problem(
        upload(
            &app,
            &id,
            &lead,
            "application/octet-stream",
            b"GIF89a".to_vec(),
            "",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "document");
    problem(
        upload(&app, &id, &lead, DOCX_TYPE, PDF.to_vec(), "").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    // Over 20 MiB is refused before it is read whole.
    let huge = [PDF, &vec![b' '; 20 * 1024 * 1024]].concat();
    problem(
        upload(&app, &id, &lead, PDF_TYPE, huge, "").await,
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    // Comments are not due in the past.
    let p = problem(
        upload(
            &app,
            &id,
            &lead,
            PDF_TYPE,
            PDF.to_vec(),
            "?comments_due_on=2026-08-30",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "comments_due_on");

    let res = upload(
        &app,
        &id,
        &lead,
        PDF_TYPE,
        PDF.to_vec(),
        "?comments_due_on=2026-09-14",
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let report: Value = res.json().await.unwrap();
    let v1 = &report["versions"][0];
    assert_eq!(
        (v1["number"].as_u64(), v1["format"].as_str()),
        (Some(1), Some("pdf"))
    );
    assert_eq!(v1["sha256"], hex_sha256(PDF));
    assert_eq!(v1["comments_due_on"], "2026-09-14");
    assert_eq!(report["awaiting_answers_from"], json!(["LA", "POLICE"]));
    // Streamed back as uploaded, with its type.
    let doc = app.get(&at("/versions/1/document"), &la).await;
    assert_eq!(doc.status(), StatusCode::OK);
    assert_eq!(doc.headers()["content-type"], PDF_TYPE);
    assert_eq!(doc.bytes().await.unwrap().as_ref(), PDF);

    // The board is refused while nothing is checked or answered.
    let p = problem(
        app.post(&at("/approval"), &board, &approval(1)).await,
        StatusCode::CONFLICT,
    )
    .await;
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("checklist") && detail.contains("LA, POLICE"),
        "{detail}"
    );

    // Version 2, in Word, answered and checked.
    let res = upload(&app, &id, &lead, "application/octet-stream", docx(), "").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let doc = app.get(&at("/versions/2/document"), &admin).await;
    assert_eq!(doc.headers()["content-type"], DOCX_TYPE);
    let check = json!({"contains": ["summary_of_improvements", "systemic_analysis", "overview_of_what_happened", "good_practice"], "meets_terms_of_reference": true});
    let checked = app
        .post_ok(&at("/versions/2/checklist"), &lead, &check)
        .await;
    assert_eq!(
        checked["versions"][1]["checklist"]["missing"],
        json!(["family_non_involvement_reasons"])
    );
    problem(
        app.post(&at("/versions/2/checklist"), &lead, &check).await,
        StatusCode::CONFLICT,
    )
    .await;

    app.post_ok(
        &at("/versions/2/factual-accuracy"),
        &la,
        &json!({"answer": "confirmed"}),
    )
    .await;
    let p = problem(
        app.post(
            &at("/versions/2/factual-accuracy"),
            &police,
            &json!({"answer": "disputed"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "comments");
    app.post_ok(&at("/versions/2/factual-accuracy"), &police, &json!({"answer": "disputed", "comments": "The strategy discussion was on 3 May, not 5 May."})).await;
    problem(
        app.post(
            &at("/versions/2/factual-accuracy"),
            &police,
            &json!({"answer": "confirmed"}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    let p = problem(
        app.post(&at("/approval"), &board, &approval(2)).await,
        StatusCode::CONFLICT,
    )
    .await;
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("family_non_involvement_reasons")
            && detail.contains("unresolved dispute from POLICE"),
        "{detail}"
    );

    let resolved = app
        .post_ok(
            &at("/versions/2/factual-accuracy/POLICE/resolution"),
            &lead,
            &json!({"note": "Corrected to 3 May in version 3."}),
        )
        .await;
    assert_eq!(
        resolved["versions"][1]["factual_accuracy"][1]["resolved_by"],
        "reviewer-ann"
    );
    // Version 3 carries the family's reasons: checked whole, answered by both.
    let res = upload(&app, &id, &lead, PDF_TYPE, [PDF, b"% v3"].concat(), "").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let all = json!({"contains": ["summary_of_improvements", "systemic_analysis", "family_non_involvement_reasons"], "meets_terms_of_reference": true});
    app.post_ok(&at("/versions/3/checklist"), &admin, &all)
        .await;
    for token in [&la, &police] {
        app.post_ok(
            &at("/versions/3/factual-accuracy"),
            token,
            &json!({"answer": "confirmed"}),
        )
        .await;
    }
    // Only the board approves, only the latest version, with every confirmation.
    for token in [&admin, &lead, &la] {
        problem(
            app.post(&at("/approval"), token, &approval(3)).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let p = problem(
        app.post(&at("/approval"), &board, &approval(2)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "version");
    let mut unconfirmed = approval(3);
    unconfirmed["action_plans_confirmed"] = json!(false);
    let p = problem(
        app.post(&at("/approval"), &board, &unconfirmed).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "action_plans_confirmed");
    let approved = app.post_ok(&at("/approval"), &board, &approval(3)).await;
    assert_eq!(approved["approval"]["version"], 3);
    assert_eq!(approved["approval"]["approved_by"], "board-chair");
    let review = app.get_ok(&format!("/v1/reviews/{id}"), &admin).await;
    assert_eq!(review["stage"], "report_approved");
    // Approved, it takes no new version and no second approval.
    problem(
        upload(&app, &id, &lead, PDF_TYPE, PDF.to_vec(), "").await,
        StatusCode::CONFLICT,
    )
    .await;
    problem(
        app.post(&at("/approval"), &board, &approval(3)).await,
        StatusCode::CONFLICT,
    )
    .await;

    // The report reads the same in GraphQL; every read and write is audited.
    let q = format!(
        "{{ overviewReport(reviewId: \"{id}\") {{ versions {{ number format }} approval {{ version }} }} }}"
    );
    let g = app.graphql(&board, &q).await;
    assert_eq!(g["data"]["overviewReport"]["approval"]["version"], 3);
    let events = app
        .get_ok(
            &format!("/v1/audit-events?resource_type=overview_report&resource_id={id}"),
            &admin,
        )
        .await;
    assert!(events["items"].as_array().unwrap().len() >= 10);
}

#[tokio::test]
async fn the_report_is_refused_to_those_it_does_not_concern() {
    let app = TestApp::spawn_at("2026-08-31T14:00:00Z").await;
    app.register_agencies(ALPHA).await;
    app.register_agencies(BETA).await;
    let id = finalising(&app).await;
    let lead = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let at = |path: &str| format!("/v1/reviews/{id}/report{path}");
    let res = upload(&app, &id, &lead, PDF_TYPE, PDF.to_vec(), "").await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // An agency out of scope, another partnership, another review's lead reviewer: nothing to see.
    let other_lead = app.token_as("reviewer-bob", ALPHA, &["lead_reviewer"], None);
    for token in [
        app.agency(ALPHA, "SCHOOL"),
        app.admin(BETA),
        app.agency(BETA, "LA"),
        other_lead.clone(),
    ] {
        problem(app.get(&at(""), &token).await, StatusCode::NOT_FOUND).await;
        problem(
            app.get(&at("/versions/1/document"), &token).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    for token in [app.agency(ALPHA, "SCHOOL"), app.agency(BETA, "LA")] {
        let answer = app
            .post(
                &at("/versions/1/factual-accuracy"),
                &token,
                &json!({"answer": "confirmed"}),
            )
            .await;
        problem(answer, StatusCode::NOT_FOUND).await;
    }
    let answer = app
        .post(
            &at("/versions/1/factual-accuracy"),
            &other_lead,
            &json!({"answer": "confirmed"}),
        )
        .await;
    problem(answer, StatusCode::FORBIDDEN).await;
    // Reporting reads nothing of it; an agency may not upload or check; a panel member not yet declared
    // may not read it.
    let reporting = app.token(ALPHA, &["reporting"], None);
    problem(app.get(&at(""), &reporting).await, StatusCode::FORBIDDEN).await;
    let la = app.agency(ALPHA, "LA");
    problem(
        upload(&app, &id, &la, PDF_TYPE, PDF.to_vec(), "").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        app.post(
            &at("/versions/1/checklist"),
            &la,
            &json!({"contains": [], "meets_terms_of_reference": true}),
        )
        .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        upload(&app, &id, &other_lead, PDF_TYPE, PDF.to_vec(), "").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    app.post_ok(
        &format!("/v1/reviews/{id}/team"),
        &app.admin(ALPHA),
        &json!({"subject": "panel-pat", "role": "panel_member", "name": "P. Member", "agency": "POLICE", "independent_of_case": true}),
    )
    .await;
    let pat = app.token_as("panel-pat", ALPHA, &["panel_member"], Some("POLICE"));
    let p = problem(app.get(&at(""), &pat).await, StatusCode::FORBIDDEN).await;
    assert_eq!(p["code"], "declaration-required");
    // An agency answers only for itself, and only on a version that exists.
    let p = problem(
        app.post(
            &at("/versions/9/factual-accuracy"),
            &la,
            &json!({"answer": "confirmed"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "version");
}

/// A review whose report version 1 the board has approved (at the clock's time; terms name LA and
/// POLICE).
pub async fn approved_review(app: &TestApp) -> String {
    let id = finalising(app).await;
    approve(app, &id).await;
    id
}

/// Uploads version 1 of a finalising review's report, checks it, has LA and POLICE confirm it, and has
/// the board approve it.
pub async fn approve(app: &TestApp, id: &str) {
    let lead = app.token_as("reviewer-ann", ALPHA, &["lead_reviewer"], None);
    let at = |path: &str| format!("/v1/reviews/{id}/report{path}");
    let res = upload(app, id, &lead, PDF_TYPE, PDF.to_vec(), "").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let all = json!({"contains": ["summary_of_improvements", "systemic_analysis", "family_non_involvement_reasons"], "meets_terms_of_reference": true});
    app.post_ok(&at("/versions/1/checklist"), &lead, &all).await;
    for agency in ["LA", "POLICE"] {
        app.post_ok(
            &at("/versions/1/factual-accuracy"),
            &app.agency(ALPHA, agency),
            &json!({"answer": "confirmed"}),
        )
        .await;
    }
    let board = app.token_as("board-chair", ALPHA, &["board"], None);
    app.post_ok(&at("/approval"), &board, &approval(1)).await;
}
