//! What an operator meets: health checks without curl, a token made in the wrong directory, a port in
//! use, migrations as a release step, replicas starting together on one PostgreSQL database, and a
//! backup taken while the server writes.

use std::{path::PathBuf, process::Stdio};

use super::{
    ScratchPostgres, cspr, demo_token, free_address, get, http, referral_request, run_on, serve,
    spawn_server, wait_ready, write_load,
};

fn dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("cspr-ops-{name}-{}", std::process::id()))
}

#[test]
fn cspr_health_exits_zero_against_a_ready_server_and_one_against_a_stopped_one() {
    let dir = dir("health");
    let addr = free_address();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    let url = format!("http://{addr}");
    let ready = cspr(&dir, &["health", "--url", &url]);
    assert!(
        ready.status.success(),
        "{}",
        String::from_utf8_lossy(&ready.stderr)
    );
    server.kill().unwrap();
    server.wait().unwrap();
    let stopped = cspr(&dir, &["health", "--url", &url]);
    assert_eq!(stopped.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stopped.stderr).contains("could not be reached"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_token_asked_for_outside_any_data_directory_is_refused_and_creates_nothing() {
    let nowhere = dir("nowhere");
    let out = cspr(
        &nowhere,
        &["token", "--partnership", "demo", "--role", "agency"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no data directory"));
    assert!(
        !nowhere.exists(),
        "a command that only reads made {nowhere:?}"
    );
}

#[test]
fn a_token_signed_with_another_directorys_key_is_refused_naming_both_keys() {
    let (served, other) = (dir("served"), dir("other"));
    let addr = free_address();
    let mut server = serve(&served, &addr, None, Stdio::null());
    // Another data directory, as `cspr partnership add` run elsewhere leaves one; its key is its own.
    run_on(
        &other,
        None,
        &["partnership", "add", "demo", "--name", "Demo"],
    );
    let stray = demo_token(&other, &["--role", "partnership_admin"]);
    let (status, body) = http(&addr, &get("/v1/agencies", Some(&stray))).unwrap();
    assert_eq!(status, 401);
    assert!(body.contains("signed with local key local-"), "{body}");
    assert!(body.contains("this server's key is local-"), "{body}");
    let good = demo_token(&served, &["--role", "partnership_admin"]);
    assert_eq!(
        http(&addr, &get("/v1/agencies", Some(&good))).unwrap().0,
        200
    );
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(served).ok();
    std::fs::remove_dir_all(other).ok();
}

#[test]
fn a_port_in_use_stops_start_up_naming_the_address() {
    let dir = dir("port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = cspr(&dir, &["serve", "--addr", &addr]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("could not listen on {addr}")),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn serve_without_migrating_refuses_a_database_that_needs_migrations_and_serves_once_migrated() {
    let dir = dir("no-migrate");
    let addr = free_address();
    let out = run_on(&dir, None, &["serve", "--no-migrate", "--addr", &addr]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs migrations") && err.contains("cspr migrate"),
        "{err}"
    );
    assert!(cspr(&dir, &["migrate"]).status.success());
    let mut server = spawn_server(&dir, &addr, None, Stdio::null(), &["--no-migrate"]);
    assert!(wait_ready(&addr));
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(dir).ok();
}

/// Replicas of a deployment start at once against one database: each migrates at start-up, under an
/// advisory lock, so the migrations run once and every replica comes up.
#[test]
fn two_servers_started_together_on_one_postgresql_database_migrate_once_and_both_serve() {
    use diesel::{Connection, PgConnection, RunQueryDsl, sql_types::BigInt};
    let Some(scratch) = ScratchPostgres::create("cspr_replicas") else {
        return;
    };
    let url = scratch.url.clone();
    let dirs = [dir("replica-a"), dir("replica-b")];
    let addrs = [free_address(), free_address()];
    let mut replicas: Vec<_> = (0..2)
        .map(|i| spawn_server(&dirs[i], &addrs[i], Some(&url), Stdio::null(), &[]))
        .collect();
    let ready: Vec<bool> = addrs.iter().map(|a| wait_ready(a)).collect();
    for r in &mut replicas {
        r.kill().ok();
        r.wait().ok();
    }
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
        #[diesel(sql_type = BigInt)]
        unique_versions: i64,
    }
    let mut db = PgConnection::establish(&url).unwrap();
    let applied: Count = diesel::sql_query(
        "SELECT count(*) AS n, count(DISTINCT version) AS unique_versions FROM __diesel_schema_migrations",
    )
    .get_result(&mut db)
    .unwrap();
    drop(db);
    drop(scratch);
    for d in dirs {
        std::fs::remove_dir_all(d).ok();
    }
    assert_eq!(ready, [true, true], "both replicas serve");
    assert!(applied.n > 0);
    assert_eq!(
        applied.n, applied.unique_versions,
        "each migration applied once"
    );
}

/// A backup taken while referrals are being written holds every one acknowledged before it began, and
/// restoring it (the server stopped) brings them all back.
#[test]
fn a_backup_taken_under_write_load_restores_every_write_acknowledged_before_it() {
    use std::sync::{Arc, atomic::AtomicBool, atomic::Ordering};
    let dir = dir("backup");
    let backup = dir.with_extension("backup.db");
    std::fs::remove_file(&backup).ok();
    let addr = free_address();
    let mut server = serve(&dir, &addr, None, Stdio::null());
    let token = demo_token(&dir, &["--role", "agency", "--agency", "DEMO-SCHOOL"]);
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    let stop = Arc::new(AtomicBool::new(false));
    let (acknowledged, writers) = write_load(&addr, &referral_request(&token), 4, &stop);
    std::thread::sleep(std::time::Duration::from_millis(700));
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let out = cspr(&dir, &["backup", backup.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let after = acknowledged.lock().unwrap().len();
    assert!(
        before.len() > 5 && after > before.len(),
        "the load ran: {} then {after}",
        before.len()
    );
    // A backup never overwrites, and a restore refuses while the server runs.
    assert!(
        !cspr(&dir, &["backup", backup.to_str().unwrap()])
            .status
            .success()
    );
    let running = run_with_addr(&dir, &addr, &["restore", backup.to_str().unwrap()]);
    assert!(!running.status.success());
    assert!(String::from_utf8_lossy(&running.stderr).contains("stop it before restoring"));

    signal_and_wait(&mut server);
    let restore = run_with_addr(&dir, &addr, &["restore", backup.to_str().unwrap()]);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert!(String::from_utf8_lossy(&restore.stdout).contains("kept as"));
    let mut server = serve(&dir, &addr, None, Stdio::null());
    for id in &before {
        let read = http(&addr, &get(&format!("/v1/referrals/{id}"), Some(&admin)));
        assert_eq!(
            read.map(|(s, _)| s),
            Some(200),
            "acknowledged referral {id} restored"
        );
    }
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_file(&backup).ok();
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_file_that_is_not_a_backup_of_ours_is_not_restored_and_changes_nothing() {
    let dir = dir("bad-restore");
    assert!(cspr(&dir, &["migrate"]).status.success());
    let live = dir.join("cspr.db");
    let before = std::fs::read(&live).unwrap();
    let junk = dir.with_extension("junk");
    std::fs::write(
        &junk,
        b"not a database at all, but long enough to be read as a header",
    )
    .unwrap();
    let out = run_with_addr(&dir, &free_address(), &["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read(&live).unwrap(), before);
    assert!(!dir.join("cspr.db.restoring").exists());
    std::fs::remove_file(junk).ok();
    std::fs::remove_dir_all(dir).ok();
}

/// A one-shot command whose settings name `addr` (so a restore looks for a server there).
fn run_with_addr(dir: &PathBuf, addr: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cspr"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("CSPR_ADDR", addr)
        .env_remove("DATABASE_URL")
        .env_remove("CSPR_DATABASE_URL")
        .output()
        .unwrap()
}

fn signal_and_wait(server: &mut std::process::Child) {
    super::signal(server, "-TERM");
    assert!(server.wait().unwrap().success());
}
