//! Clients that retry with their `Idempotency-Key` across a `kill -9` of the server: every write they
//! were told of, and every one they retried until told, exists exactly once.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use super::{ScratchPostgres, demo_token, free_address, get, http, referral_request, serve};

/// The referral request with a key (the header added to the request the other load tests send).
fn keyed(request: &str, key: &str) -> String {
    request.replacen(
        "Content-Type: application/json\r\n",
        &format!("Content-Type: application/json\r\nIdempotency-Key: \"{key}\"\r\n"),
        1,
    )
}

fn id_of(body: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("id")?
        .as_str()
        .map(str::to_owned)
}

/// How many referrals the partnership holds, counted page by page.
fn referrals(addr: &str, admin: &str) -> usize {
    let (mut count, mut cursor) = (0, String::new());
    loop {
        let (_, body) = http(
            addr,
            &get(&format!("/v1/referrals?limit=100{cursor}"), Some(admin)),
        )
        .expect("the server answers");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        count += page["items"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return count,
        }
    }
}

fn kill_nine_while_clients_retry_with_keys(url: Option<&str>) {
    let dir = std::env::temp_dir().join(format!("cspr-retry-{}", uuid::Uuid::now_v7().simple()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, url, std::process::Stdio::null());
    let token = demo_token(&dir, &["--role", "agency", "--agency", "DEMO-SCHOOL"]);
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    let before = referrals(&addr, &admin);
    let request = referral_request(&token);
    let stop = Arc::new(AtomicBool::new(false));
    // Each key's answers: a retry after a lost answer must get the same referral, never a second one.
    let answers: Arc<Mutex<HashMap<String, Vec<String>>>> = Arc::default();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (addr, request, stop, answers) =
                (addr.clone(), request.clone(), stop.clone(), answers.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let key = format!("writer-{w}-{n}");
                    let deadline = Instant::now() + Duration::from_secs(60);
                    // Retried until answered: a refused connection, a reset, a 5xx or a 409 while the
                    // first is in flight all mean "try again with the same key".
                    loop {
                        if let Some((201, body)) = http(&addr, &keyed(&request, &key))
                            && let Some(id) = id_of(&body)
                        {
                            answers
                                .lock()
                                .unwrap()
                                .entry(key.clone())
                                .or_default()
                                .push(id);
                            break;
                        }
                        assert!(Instant::now() < deadline, "{key} was never answered");
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    // Now and then the same key again, as a client unsure of its answer would.
                    if n % 5 == 0
                        && let Some((201, body)) = http(&addr, &keyed(&request, &key))
                        && let Some(id) = id_of(&body)
                    {
                        answers
                            .lock()
                            .unwrap()
                            .entry(key.clone())
                            .or_default()
                            .push(id);
                    }
                    n += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    server.kill().unwrap();
    server.wait().unwrap();
    // The writers keep retrying their keys against the dead address until it serves again.
    let mut server = serve(&dir, &addr, url, std::process::Stdio::null());
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let answers = answers.lock().unwrap().clone();
    assert!(answers.len() > 10, "the load ran: {} keys", answers.len());
    for (key, ids) in &answers {
        assert!(ids.iter().all(|id| *id == ids[0]), "{key} answered {ids:?}");
    }
    assert_eq!(
        referrals(&addr, &admin) - before,
        answers.len(),
        "one referral per key, none doubled, none lost"
    );
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn kill_nine_while_clients_retry_with_keys_writes_each_exactly_once_on_sqlite() {
    kill_nine_while_clients_retry_with_keys(None);
}

#[test]
fn kill_nine_while_clients_retry_with_keys_writes_each_exactly_once_on_postgresql() {
    if let Some(db) = ScratchPostgres::create("cspr_retry") {
        kill_nine_while_clients_retry_with_keys(Some(&db.url));
    }
}
