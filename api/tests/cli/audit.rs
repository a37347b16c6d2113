//! `cspr audit verify` over a trail written by many clients at once and a server killed under load:
//! intact; then an altered event, the newest deleted and one deleted from the middle, each found and
//! named.

use std::{
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, atomic::AtomicBool},
};

use diesel::{Connection, RunQueryDsl};

use super::{
    ScratchPostgres, demo_token, free_address, get, http, referral_request, run_on, serve,
    write_load,
};

/// Runs `sql` on the database behind the server's back.
fn tamper(dir: &Path, url: Option<&str>, sql: &str) {
    match url {
        Some(u) => {
            let mut c = diesel::PgConnection::establish(u).unwrap();
            diesel::sql_query(sql).execute(&mut c).unwrap();
        }
        None => {
            let path = dir.join("cspr.db");
            let mut c = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
            diesel::sql_query(sql).execute(&mut c).unwrap();
        }
    };
}

fn verify(dir: &PathBuf, url: Option<&str>) -> (bool, String) {
    let out = run_on(dir, url, &["audit", "verify"]);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

const DEMO: &str = "(SELECT id FROM partnerships WHERE slug = 'demo')";

fn tampering_is_found(url: Option<&str>) {
    let dir = std::env::temp_dir().join(format!("cspr-chain-{}", uuid::Uuid::now_v7().simple()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, url, Stdio::null());
    let writer = demo_token(&dir, &["--role", "agency", "--agency", "DEMO-SCHOOL"]);
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (addr, stop, read) = (
                addr.clone(),
                stop.clone(),
                get("/v1/referrals", Some(&admin)),
            );
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    http(&addr, &read);
                }
            })
        })
        .collect();
    let (acknowledged, writers) = write_load(&addr, &referral_request(&writer), 6, &stop);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.kill().unwrap();
    server.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for t in writers.into_iter().chain(readers) {
        t.join().unwrap();
    }
    assert!(!acknowledged.lock().unwrap().is_empty());

    let (ok, said) = verify(&dir, url);
    assert!(ok, "{said}");
    assert!(said.contains("demo: intact"), "{said}");

    // An event altered, then put back.
    let event_5 = format!("partnership_id = {DEMO} AND sequence = 5");
    tamper(
        &dir,
        url,
        &format!("UPDATE audit_events SET subject = subject || 'x' WHERE {event_5}"),
    );
    let (ok, said) = verify(&dir, url);
    assert!(!ok);
    assert!(
        said.contains("demo: BROKEN at event 5") && said.contains("altered"),
        "{said}"
    );
    tamper(
        &dir,
        url,
        &format!(
            "UPDATE audit_events SET subject = substr(subject, 1, length(subject) - 1) WHERE {event_5}"
        ),
    );
    assert!(verify(&dir, url).0);

    // The newest event deleted: the chain ends before its head.
    tamper(
        &dir,
        url,
        &format!(
            "DELETE FROM audit_events WHERE partnership_id = {DEMO} AND sequence = \
             (SELECT sequence FROM audit_chain_heads WHERE partnership_id = {DEMO})"
        ),
    );
    let (ok, said) = verify(&dir, url);
    assert!(!ok);
    assert!(said.contains("newest deleted"), "{said}");

    // One deleted from the middle: the first broken link is there.
    tamper(
        &dir,
        url,
        &format!("DELETE FROM audit_events WHERE partnership_id = {DEMO} AND sequence = 9"),
    );
    let (ok, said) = verify(&dir, url);
    assert!(!ok);
    assert!(
        said.contains("demo: BROKEN at event 9") && said.contains("deleted"),
        "{said}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_altered_or_deleted_audit_event_is_found_by_cspr_audit_verify_on_sqlite() {
    tampering_is_found(None);
}

#[test]
fn an_altered_or_deleted_audit_event_is_found_by_cspr_audit_verify_on_postgresql() {
    if let Some(db) = ScratchPostgres::create("cspr_chain") {
        tampering_is_found(Some(&db.url));
    }
}
