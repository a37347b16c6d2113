//! Many clients at once: on SQLite every request writes (reads leave audit events), so writers must wait
//! their turn rather than fail. Nothing acknowledged may be lost.

use std::collections::HashSet;

use serde_json::Value;

use crate::helpers::{ALPHA, TestApp, referral_body};

const CLIENTS: usize = 8;
const REQUESTS_EACH: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_clients_mixing_reads_and_writes_see_no_failure_and_every_write_is_kept_with_its_audit_event()
 {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let agency = app.agency(ALPHA, "SCHOOL");
    let admin = app.admin(ALPHA);
    let mut clients = vec![];
    for c in 0..CLIENTS {
        let (client, url, agency, admin) = (
            app.client.clone(),
            app.address.clone(),
            agency.clone(),
            admin.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut created = vec![];
            let mut failures = vec![];
            for i in 0..REQUESTS_EACH {
                let res = if (c + i) % 2 == 0 {
                    client
                        .post(format!("{url}/v1/referrals"))
                        .bearer_auth(&agency)
                        .json(&referral_body())
                        .send()
                        .await
                } else {
                    client
                        .get(format!("{url}/v1/referrals?limit=5"))
                        .bearer_auth(&admin)
                        .send()
                        .await
                };
                match res {
                    Ok(r) if r.status().is_success() => {
                        let body: Value = r.json().await.unwrap_or_default();
                        if let Some(id) = body["id"].as_str() {
                            created.push(id.to_owned());
                        }
                    }
                    Ok(r) => failures.push(format!(
                        "{} {}",
                        r.status(),
                        r.text().await.unwrap_or_default()
                    )),
                    Err(e) => failures.push(e.to_string()),
                }
            }
            (created, failures)
        }));
    }
    let mut created = HashSet::new();
    let mut failures = vec![];
    for c in clients {
        let (ids, fails) = c.await.unwrap();
        created.extend(ids);
        failures.extend(fails);
    }
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    assert_eq!(created.len(), CLIENTS * REQUESTS_EACH / 2);
    for id in &created {
        let events = app
            .audit_events(
                ALPHA,
                &format!("resource_type=referral&resource_id={id}&action=create"),
            )
            .await;
        assert_eq!(events.len(), 1, "referral {id} has its create event");
        app.get_ok(&format!("/v1/referrals/{id}"), &admin).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_reads_each_leave_their_audit_event_before_they_answer() {
    let app = TestApp::spawn().await;
    app.register_agencies(ALPHA).await;
    let created = app.create_referral(ALPHA, "SCHOOL", &referral_body()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, token, id) = (
                app.client.clone(),
                app.address.clone(),
                app.admin(ALPHA),
                id.clone(),
            );
            tokio::spawn(async move {
                let mut answered = 0;
                for _ in 0..25 {
                    let res = client
                        .get(format!("{url}/v1/referrals/{id}"))
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap();
                    if res.status().is_success() {
                        answered += 1;
                    }
                }
                answered
            })
        })
        .collect();
    let mut answered = 0;
    for r in readers {
        answered += r.await.unwrap();
    }
    assert_eq!(answered, 200);
    // Every answered read's event is already committed: count them, a page at a time.
    let admin = app.admin(ALPHA);
    let (mut events, mut cursor) = (0, String::new());
    loop {
        let page = app
            .get_ok(
                &format!(
                    "/v1/audit-events?limit=100&resource_type=referral&resource_id={id}&action=read{cursor}"
                ),
                &admin,
            )
            .await;
        events += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(events, 200);
}
