//! Statement budgets: how many SQL statements a request sends (a count, not a timing), so that reads stay
//! cheap by construction and a page costs the same whatever its size.

use crate::helpers::{ALPHA, TestApp, referral_body};

async fn cost(app: &TestApp, path: &str, token: &str) -> u64 {
    let before = app.statements();
    app.get_ok(path, token).await;
    app.statements() - before
}

#[tokio::test]
async fn a_page_costs_the_same_statements_whatever_its_size_and_a_read_by_id_stays_within_budget() {
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
    println!("statements: page {large}, by id admin {by_id_admin}, agency {by_id_agency}");
    // The read: BEGIN, the referral, its children, its involved agencies, COMMIT. Its audit event: the
    // group-commit writer's BEGIN, one insert, COMMIT, shared with whatever reads gathered meanwhile
    // (alone here, so counted whole).
    assert!(by_id_admin <= 8, "{by_id_admin}");
    assert!(by_id_agency <= 8, "{by_id_agency}");
    assert!(large <= 8, "{large}");
}
