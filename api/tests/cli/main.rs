//! The `cspr` binary as an operator uses it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{path::PathBuf, process::Command};

mod audit;
mod births;
mod deliveries;
mod identifying;
mod operations;
mod retries;
mod traces;

fn cspr(data_dir: &PathBuf, args: &[&str]) -> std::process::Output {
    run_on(data_dir, None, args)
}

fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("cspr-cli-{}", std::process::id()))
}

#[test]
fn the_cli_adds_partnerships_once_mints_tokens_and_prints_the_contract() {
    let dir = temp_dir();
    let first = cspr(
        &dir,
        &["partnership", "add", "demo", "--name", "Demo partnership"],
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("created"));
    let again = cspr(
        &dir,
        &["partnership", "add", "demo", "--name", "Demo partnership"],
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains("exists"));

    let token = cspr(
        &dir,
        &[
            "token",
            "--partnership",
            "demo",
            "--role",
            "agency",
            "--agency",
            "la",
            "--ttl",
            "30m",
        ],
    );
    assert!(token.status.success());
    assert_eq!(
        String::from_utf8_lossy(&token.stdout)
            .trim()
            .split('.')
            .count(),
        3
    );

    let bad = cspr(
        &dir,
        &["token", "--partnership", "demo", "--role", "superuser"],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("role"));

    let doc = cspr(&dir, &["openapi"]);
    assert_eq!(
        String::from_utf8_lossy(&doc.stdout),
        cspr_api::openapi_doc::document_json().unwrap()
    );

    let demo = cspr(&dir, &["demo"]);
    assert!(
        String::from_utf8_lossy(&demo.stdout).contains("DEMO-"),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let demo_again = cspr(&dir, &["demo"]);
    assert!(String::from_utf8_lossy(&demo_again.stdout).contains("already loaded"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unknown_database_scheme_is_refused_before_anything_starts() {
    let out = Command::new(env!("CARGO_BIN_EXE_cspr"))
        .args(["migrate"])
        .env("DATABASE_URL", "mysql://localhost/cspr")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mysql"));
}

/// A fresh PostgreSQL database on the server `CSPR_TEST_POSTGRES_URL` names, dropped when this goes;
/// `None` when no server is named (the test then runs on SQLite only, or not at all).
struct ScratchPostgres {
    admin: diesel::PgConnection,
    name: String,
    url: String,
}

impl ScratchPostgres {
    fn create(prefix: &str) -> Option<Self> {
        use diesel::{Connection, RunQueryDsl};
        let server = std::env::var("CSPR_TEST_POSTGRES_URL").ok()?;
        let server = server.trim_end_matches('/');
        let name = format!("{prefix}_{}", uuid::Uuid::now_v7().simple());
        let mut admin = diesel::PgConnection::establish(&format!("{server}/postgres")).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .unwrap();
        let url = format!("{server}/{name}");
        Some(ScratchPostgres { admin, name, url })
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        use diesel::RunQueryDsl;
        diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&mut self.admin)
        .ok();
    }
}

/// A deploy step runs `cspr migrate && …`: it must exit 0 every time. (It once crashed at exit half the
/// time on PostgreSQL, while the pool was opening a spare connection in the background.)
#[test]
fn one_shot_commands_exit_cleanly_twenty_times_in_a_row_on_postgresql() {
    let Some(db) = ScratchPostgres::create("cspr_cli") else {
        return;
    };
    let url = db.url.clone();
    let dir = std::env::temp_dir().join(format!("cspr-cli-pg-{}", std::process::id()));
    let mut failures = vec![];
    for i in 0..20 {
        let slug = format!("p{i}");
        for args in [
            vec!["migrate"],
            vec!["demo"],
            vec!["partnership", "add", &slug, "--name", "A partnership"],
        ] {
            let out = run_on(&dir, Some(&url), &args);
            if !out.status.success() {
                failures.push(format!("{args:?}: {:?}", out.status));
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    drop(db);
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn a_corrupt_or_empty_database_file_stops_start_up_at_once_with_the_cause_and_the_path() {
    let dir = std::env::temp_dir().join(format!("cspr-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("cspr.db");
    std::fs::write(
        &db,
        b"this is not an SQLite database, just some bytes long enough to be read",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = cspr(&dir, &["migrate"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(
        err.contains("not a database") && err.contains("cspr.db"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));

    std::fs::write(&db, b"").unwrap();
    let out = cspr(&dir, &["migrate"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(err.contains("empty") && err.contains("cspr.db"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

/// A free port on the loopback address.
fn free_address() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

/// Runs a one-shot `cspr` command against `dir` and, when given, a PostgreSQL `url`.
fn run_on(dir: &PathBuf, url: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cspr"));
    cmd.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("CSPR_DATABASE_URL")
        .env_remove("CSPR_JWKS_URL");
    match url {
        Some(u) => cmd.env("DATABASE_URL", u),
        None => cmd.env_remove("DATABASE_URL"),
    };
    cmd.output().unwrap()
}

/// A token for the demo partnership, minted with `dir`'s key.
fn demo_token(dir: &PathBuf, args: &[&str]) -> String {
    let mut all = vec!["token", "--partnership", "demo"];
    all.extend_from_slice(args);
    String::from_utf8(run_on(dir, None, &all).stdout)
        .unwrap()
        .trim()
        .to_owned()
}

/// A raw HTTP/1.1 exchange on a fresh connection: the status and the body.
fn http(addr: &str, request: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    s.write_all(request.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.get(9..12)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_owned())?;
    Some((status, body))
}

fn get(path: &str, token: Option<&str>) -> String {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n")
}

/// `cspr serve --demo` on `addr`, once ready; its log goes to `log` (rate limits raised: the tests are
/// one fast client).
fn serve(
    dir: &PathBuf,
    addr: &str,
    url: Option<&str>,
    log: std::process::Stdio,
) -> std::process::Child {
    let mut child = spawn_server(dir, addr, url, log, &["--demo"]);
    if !wait_ready(addr) {
        child.kill().ok();
        child.wait().ok();
        panic!("the server did not become ready");
    }
    child
}

/// `cspr serve` on `addr` with `extra` arguments, not waiting for it.
fn spawn_server(
    dir: &PathBuf,
    addr: &str,
    url: Option<&str>,
    log: std::process::Stdio,
    extra: &[&str],
) -> std::process::Child {
    server_command(dir, addr, url, log, extra).spawn().unwrap()
}

/// The command `spawn_server` runs, for a test to add its own environment.
fn server_command(
    dir: &PathBuf,
    addr: &str,
    url: Option<&str>,
    log: std::process::Stdio,
    extra: &[&str],
) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cspr"));
    cmd.arg("--data-dir")
        .arg(dir)
        .args(["serve", "--addr", addr])
        .args(extra)
        .env_remove("DATABASE_URL")
        .env_remove("CSPR_DATABASE_URL")
        .env_remove("CSPR_JWKS_URL")
        .env("RUST_LOG", "info")
        .env("CSPR_RATE_LIMIT_PER_ADDRESS", "1000000")
        .env("CSPR_RATE_LIMIT_PER_CALLER", "1000000")
        .stdout(std::process::Stdio::null())
        .stderr(log);
    if let Some(url) = url {
        cmd.env("DATABASE_URL", url);
    }
    cmd
}

/// Whether the server on `addr` answers ready within 10 s.
fn wait_ready(addr: &str) -> bool {
    (0..100).any(|_| {
        let up = http(addr, &get("/health/ready", None)).is_some_and(|(s, _)| s == 200);
        if !up {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        up
    })
}

fn signal(child: &std::process::Child, name: &str) {
    let sent = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Ctrl-C in a terminal drains like SIGTERM: the request in flight is answered, then the server exits 0.
#[test]
fn sigint_lets_the_request_in_flight_finish_before_the_server_stops() {
    use std::io::{Read, Write};
    let dir = std::env::temp_dir().join(format!("cspr-cli-sigint-{}", std::process::id()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, None, std::process::Stdio::null());
    let token = demo_token(&dir, &["--role", "partnership_admin"]);
    let body = r#"{"question": "hold_cspr", "choice": "yes"}"#;
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /v1/referrals/00000000-0000-7000-8000-000000000000/votes HTTP/1.1\r\nHost: {addr}\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    signal(&server, "-INT");
    std::thread::sleep(std::time::Duration::from_millis(300));
    stream.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    // The vote is refused (an admin does not vote), but it is answered: the request was not dropped.
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let status = server.wait().unwrap();
    assert!(status.success(), "{status:?}");
    std::fs::remove_dir_all(dir).ok();
}

/// One log line per request, refused ones included, naming the route's template, never the path.
#[test]
fn every_request_leaves_one_log_line_with_its_route_template_status_and_caller() {
    use std::io::Read;
    let dir = std::env::temp_dir().join(format!("cspr-cli-log-{}", std::process::id()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, None, std::process::Stdio::piped());
    let token = demo_token(&dir, &["--role", "partnership_admin", "--subject", "jo"]);
    assert_eq!(
        http(&addr, &get("/v1/referrals", None)).map(|r| r.0),
        Some(401)
    );
    let secret_id = "01960000-0000-7000-8000-00000000abcd";
    let path = format!("/v1/referrals/{secret_id}");
    assert_eq!(
        http(&addr, &get(&path, Some(&token))).map(|r| r.0),
        Some(404)
    );
    signal(&server, "-TERM");
    server.wait().unwrap();
    let mut log = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let lines: Vec<&str> = log.lines().filter(|l| l.contains(" request ")).collect();
    let refused = lines
        .iter()
        .find(|l| l.contains("status=401"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(refused.contains(r#"route="/v1/referrals""#), "{refused}");
    let read = lines.iter().find(|l| l.contains("status=404")).unwrap();
    assert!(
        read.contains(r#"route="/v1/referrals/{id}""#) && read.contains(r#"subject=Some("jo")"#),
        "{read}"
    );
    assert!(!log.contains(secret_id), "the path's id is not logged");
    std::fs::remove_dir_all(dir).ok();
}

/// `kill -9` under write load loses nothing that was answered 201, on the backend `url` names.
/// A raw `POST /v1/referrals` of a valid referral under `token`.
fn referral_request(token: &str) -> String {
    let body = r#"{"incident_date":"2026-01-05","aware_date":"2026-01-06","received_on":"2026-01-06","harm":"serious_harm","abuse_or_neglect":"suspected","children":[{"pseudonym":"Child A","age_years":2,"sex":"female","looked_after":false,"child_protection_plan":false,"local_authority":"Demoshire County Council"}],"involved_agencies":[],"criteria":{"improvements_needed":{"applies":true},"recurrent_themes":{"applies":false},"multi_agency_working":{"applies":false},"panel_suggested_local_review":{"applies":false},"single_agency_concern":{"applies":false},"no_agency_involvement":{"applies":false},"cross_boundary":{"applies":false},"institutional_setting":{"applies":false}},"summary":"Under load."}"#;
    format!(
        "POST /v1/referrals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

type Acknowledged = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// `threads` writers sending `request` until `stop`, each acknowledged (201) referral's id recorded as
/// soon as its answer arrives.
fn write_load(
    addr: &str,
    request: &str,
    threads: usize,
    stop: &std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> (Acknowledged, Vec<std::thread::JoinHandle<()>>) {
    let acknowledged = Acknowledged::default();
    let writers = (0..threads)
        .map(|_| {
            let (addr, request, stop) = (addr.to_owned(), request.to_owned(), stop.clone());
            let acknowledged = acknowledged.clone();
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if let Some((201, body)) = http(&addr, &request)
                        && let Some(id) = body
                            .split("\"id\":\"")
                            .nth(1)
                            .and_then(|r| r.split('"').next())
                        && let Ok(mut ids) = acknowledged.lock()
                    {
                        ids.push(id.to_owned());
                    }
                }
            })
        })
        .collect();
    (acknowledged, writers)
}

fn kill_nine_under_load(url: Option<&str>) {
    let dir = std::env::temp_dir().join(format!("cspr-kill9-{}", uuid::Uuid::now_v7().simple()));
    let addr = free_address();
    let mut server = serve(&dir, &addr, url, std::process::Stdio::null());
    let token = demo_token(&dir, &["--role", "agency", "--agency", "DEMO-SCHOOL"]);
    let request = referral_request(&token);
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    let read_id = http(&addr, &request)
        .and_then(|(_, b)| serde_json::from_str::<serde_json::Value>(&b).ok())
        .and_then(|v| v["id"].as_str().map(str::to_owned))
        .unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Readers too: every read answered must have its audit event committed before it answered.
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (addr, stop) = (addr.clone(), stop.clone());
            let read = get(&format!("/v1/referrals/{read_id}"), Some(&admin));
            std::thread::spawn(move || {
                let mut answered = 0usize;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    if http(&addr, &read).is_some_and(|(s, _)| s == 200) {
                        answered += 1;
                    }
                }
                answered
            })
        })
        .collect();
    let (acknowledged, writers) = write_load(&addr, &request, 8, &stop);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.kill().unwrap();
    server.wait().unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 10,
        "the load ran: {}",
        acknowledged.len()
    );
    let reads: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
    assert!(reads > 10, "the reads ran: {reads}");

    let mut server = serve(&dir, &addr, url, std::process::Stdio::null());
    let (mut read_events, mut cursor) = (0, String::new());
    loop {
        let path = format!(
            "/v1/audit-events?limit=100&resource_type=referral&resource_id={read_id}&action=read{cursor}"
        );
        let page: serde_json::Value = http(&addr, &get(&path, Some(&admin)))
            .and_then(|(_, b)| serde_json::from_str(&b).ok())
            .unwrap();
        read_events += page["items"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert!(
        read_events >= reads,
        "{reads} reads answered, {read_events} read events kept"
    );
    for id in &acknowledged {
        let read = http(&addr, &get(&format!("/v1/referrals/{id}"), Some(&admin)));
        assert_eq!(
            read.map(|(s, _)| s),
            Some(200),
            "acknowledged referral {id} is there"
        );
    }
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn kill_nine_under_write_load_loses_nothing_acknowledged_on_sqlite() {
    kill_nine_under_load(None);
}

#[test]
fn kill_nine_under_write_load_loses_nothing_acknowledged_on_postgresql() {
    if let Some(db) = ScratchPostgres::create("cspr_kill9") {
        kill_nine_under_load(Some(&db.url));
    }
}
