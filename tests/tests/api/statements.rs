//! Statement budgets: how many SQL statements a request sends (a count, not a timing), so that reads stay
//! cheap by construction and a page costs the same whatever its size.

use crate::helpers::{ALPHA, TestApp, referral_body};

async fn cost(app: &TestApp, path: &str, token: &str) -> u64 {
    let before = app.statements();
    app.get_ok(path, token).await;
    app.statements() - before
}

#[tokio::test]
async fn a_read_by_id_and_a_page_of_any_size_each_cost_six_statements_with_their_chained_audit_event()
 {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let mut ids = vec![];
    for _ in 0..50 {
        let r = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
        ids.push(r["id"].as_str().unwrap().to_owned());
    }
    let (admin, school) = (app.admin(ALPHA), app.agency(ALPHA, "SCHOOL"));
    // Warm the sign-in directory: the first request of a caller may look its partnership up.
    app.get_ok("/v1/agencies", &admin).await;
    app.get_ok("/v1/agencies", &school).await;

    let small = cost(&app, "/v1/referrals?limit=5", &admin).await;
    let large = cost(&app, "/v1/referrals?limit=50", &admin).await;
    assert_eq!(small, large, "a page of 50 costs what a page of 5 does");
    let by_id_admin = cost(&app, &format!("/v1/referrals/{}", ids[0]), &admin).await;
    let by_id_agency = cost(&app, &format!("/v1/referrals/{}", ids[1]), &school).await;
    // The read: one statement, the referral with its children and involved agencies folded in (no
    // transaction around a single statement). Its audit event: the group-commit writer's BEGIN, the
    // partnership's chain head (read, locked on PostgreSQL), one multi-row insert, the head moved on,
    // COMMIT, shared with whatever reads gathered meanwhile (alone here, so counted whole).
    assert_eq!(by_id_admin, 6, "read by id, partnership admin");
    assert_eq!(by_id_agency, 6, "read by id, agency caller");
    assert_eq!(large, 6, "a page of 50");
}
