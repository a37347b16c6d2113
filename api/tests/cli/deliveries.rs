//! The outbox's delivery across processes: two replicas on one PostgreSQL database share 500 messages
//! and deliver each exactly once; a server killed after sending but before recording sends again after
//! restart, under the same `webhook-id`.

use std::{
    collections::HashMap,
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use super::{
    ScratchPostgres, demo_token, free_address, get, http, referral_request, server_command,
    wait_ready,
};

/// A receiver on loopback: it keeps each request's `webhook-id`; while `hold` is set it reads a
/// request and never answers it (the sender waits, as on a receiver that hangs).
#[derive(Clone)]
struct Receiver {
    url: String,
    ids: Arc<Mutex<Vec<String>>>,
    hold: Arc<AtomicBool>,
}

fn webhook_id(head: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("webhook-id")
            .then(|| value.trim().to_owned())
    })
}

fn answer(mut s: TcpStream, ids: &Mutex<Vec<String>>, hold: &AtomicBool) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // Read the head and then the body its Content-Length announces.
    let (head, body_len) = loop {
        let Ok(n) = s.read(&mut chunk) else { return };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let len = head
                .lines()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            break (head, end + 4 + len);
        }
    };
    while buf.len() < body_len {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    if let Some(id) = webhook_id(&head) {
        ids.lock().unwrap().push(id);
    }
    if hold.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_secs(30));
        return;
    }
    s.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        .ok();
}

impl Receiver {
    fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let ids: Arc<Mutex<Vec<String>>> = Arc::default();
        let hold = Arc::new(AtomicBool::new(false));
        let (i, h) = (ids.clone(), hold.clone());
        std::thread::spawn(move || {
            for s in listener.incoming().flatten() {
                let (i, h) = (i.clone(), h.clone());
                std::thread::spawn(move || answer(s, &i, &h));
            }
        });
        Receiver { url, ids, hold }
    }

    fn ids(&self) -> Vec<String> {
        self.ids.lock().unwrap().clone()
    }

    fn wait_for(&self, n: usize, within: Duration) -> Vec<String> {
        let deadline = Instant::now() + within;
        while self.ids().len() < n {
            assert!(
                Instant::now() < deadline,
                "received {} of {n}",
                self.ids().len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.ids()
    }
}

fn put_destination(addr: &str, admin: &str, url: &str) {
    let body = format!(r#"{{"channel":"https","url":"{url}"}}"#);
    let request = format!(
        "PUT /v1/destinations/national_panel HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {admin}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, body) = http(addr, &request).unwrap();
    assert_eq!(status, 200, "{body}");
}

/// The outbox's depth as the admin reads it.
fn depth(addr: &str, admin: &str) -> serde_json::Value {
    let (_, body) = http(addr, &get("/v1/outbox/depth", Some(admin))).unwrap();
    serde_json::from_str(&body).unwrap()
}

/// `cspr serve` tuned for quick deliveries to loopback, once ready.
fn delivering_server(
    dir: &std::path::PathBuf,
    addr: &str,
    url: Option<&str>,
    extra: &[&str],
    lease: &str,
    keys: Option<&std::path::Path>,
) -> std::process::Child {
    let mut cmd = server_command(dir, addr, url, std::process::Stdio::null(), extra);
    // Replicas on one database share the key file secrets are sealed under (docs/DATA-PROTECTION.md).
    if let Some(keys) = keys {
        cmd.env("CSPR_IDENTIFYING_DETAILS_KEY_FILE", keys);
    }
    cmd.env("CSPR_DELIVERY_LOOPBACK_FOR_TESTING", "true")
        .env("CSPR_DELIVERY_POLL_MS", "20")
        .env("CSPR_DELIVERY_TIMEOUT_MS", "2000")
        .env("CSPR_DELIVERY_LEASE_MS", lease);
    let mut child = cmd.spawn().unwrap();
    if !wait_ready(addr) {
        child.kill().ok();
        child.wait().ok();
        panic!("the server did not become ready");
    }
    child
}

fn killed_between_send_and_record_delivers_again_after_restart(url: Option<&str>) {
    let dir = std::env::temp_dir().join(format!("cspr-deliver-{}", uuid::Uuid::now_v7().simple()));
    let addr = free_address();
    let receiver = Receiver::start();
    receiver.hold.store(true, Ordering::SeqCst);
    let mut server = delivering_server(&dir, &addr, url, &["--demo"], "3000", None);
    let admin = demo_token(&dir, &["--role", "partnership_admin"]);
    // The demo's referrals owe the Panel their notifications: those sent now are held unanswered.
    put_destination(&addr, &admin, &receiver.url);
    receiver.wait_for(1, Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(300));
    server.kill().unwrap();
    server.wait().unwrap();
    let held = receiver.ids();

    receiver.hold.store(false, Ordering::SeqCst);
    let mut server = delivering_server(&dir, &addr, url, &[], "3000", None);
    let deadline = Instant::now() + Duration::from_secs(30);
    let sent_twice = |ids: &[String]| {
        held.iter()
            .all(|h| ids.iter().filter(|id| *id == h).count() == 2)
    };
    while !sent_twice(&receiver.ids()) {
        assert!(
            Instant::now() < deadline,
            "the held messages were not sent again"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    while depth(&addr, &admin)["pending"] != 0 {
        assert!(Instant::now() < deadline, "the outbox did not drain");
        std::thread::sleep(Duration::from_millis(100));
    }
    let ids = receiver.ids();
    let mut counts: HashMap<&String, usize> = HashMap::new();
    for id in &ids {
        *counts.entry(id).or_default() += 1;
    }
    assert!(!held.is_empty());
    for (id, n) in &counts {
        let expected = if held.contains(id) { 2 } else { 1 };
        assert_eq!(
            *n, expected,
            "{id}: sent again only if interrupted, under the same webhook-id"
        );
    }
    server.kill().ok();
    server.wait().ok();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_server_killed_after_sending_and_before_recording_sends_again_after_restart_on_sqlite() {
    killed_between_send_and_record_delivers_again_after_restart(None);
}

#[test]
fn a_server_killed_after_sending_and_before_recording_sends_again_after_restart_on_postgresql() {
    if let Some(db) = ScratchPostgres::create("cspr_deliver") {
        killed_between_send_and_record_delivers_again_after_restart(Some(&db.url));
    }
}

#[test]
fn two_replicas_on_one_postgresql_database_deliver_500_messages_each_exactly_once() {
    use diesel::{Connection, PgConnection, RunQueryDsl, sql_types::BigInt};
    let Some(scratch) = ScratchPostgres::create("cspr_two_workers") else {
        return;
    };
    let url = scratch.url.clone();
    let dirs = [0, 1].map(|i| {
        std::env::temp_dir().join(format!("cspr-worker-{i}-{}", uuid::Uuid::now_v7().simple()))
    });
    let addrs = [free_address(), free_address()];
    let keys = dirs[0].with_extension("keys");
    std::fs::write(
        &keys,
        super::cspr(&dirs[0], &["identifying-details", "new-key"]).stdout,
    )
    .unwrap();
    let mut first = delivering_server(
        &dirs[0],
        &addrs[0],
        Some(&url),
        &["--demo"],
        "60000",
        Some(&keys),
    );
    let agency = demo_token(&dirs[0], &["--role", "agency", "--agency", "DEMO-SCHOOL"]);
    let admin = demo_token(&dirs[0], &["--role", "partnership_admin"]);
    let mut second = delivering_server(&dirs[1], &addrs[1], Some(&url), &[], "60000", Some(&keys));
    // 500 referrals, each owing the Panel its serious incident notification (the demo's owe it more):
    // with no destination yet, every message waits.
    let request = referral_request(&agency);
    let made = (0..4)
        .map(|_| {
            let (addr, request) = (addrs[0].clone(), request.clone());
            std::thread::spawn(move || {
                (0..125)
                    .filter(|_| http(&addr, &request).is_some_and(|(s, _)| s == 201))
                    .count()
            })
        })
        .map(|t| t.join().unwrap())
        .sum::<usize>();
    assert_eq!(made, 500);

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let mut db = PgConnection::establish(&url).unwrap();
    let messages: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM outbox_messages WHERE recipient = 'national_panel'",
    )
    .get_result(&mut db)
    .unwrap();
    assert!(messages.n >= 500, "{} messages", messages.n);
    let receiver = Receiver::start();
    // Set now, the destination frees every message at once: both replicas' workers race for them.
    put_destination(&addrs[0], &admin, &receiver.url);
    let ids = receiver.wait_for(
        usize::try_from(messages.n).unwrap(),
        Duration::from_secs(120),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while depth(&addrs[0], &admin)["pending"] != 0 {
        assert!(Instant::now() < deadline, "the outbox did not drain");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(500));
    let ids_after = receiver.ids();
    let mut counts: HashMap<&String, usize> = HashMap::new();
    for id in &ids_after {
        *counts.entry(id).or_default() += 1;
    }
    let delivered: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM outbox_messages WHERE status = 'delivered' \
             AND recipient = 'national_panel'",
    )
    .get_result(&mut db)
    .unwrap();
    drop(db);
    for c in [&mut first, &mut second] {
        c.kill().ok();
        c.wait().ok();
    }
    drop(scratch);
    for d in dirs {
        std::fs::remove_dir_all(d).ok();
    }
    std::fs::remove_file(&keys).ok();
    assert_eq!(
        ids.len(),
        ids_after.len(),
        "nothing arrived after the last was counted"
    );
    assert_eq!(counts.len() as i64, messages.n, "every message arrived");
    assert!(counts.values().all(|n| *n == 1), "none arrived twice");
    assert_eq!(
        delivered.n, messages.n,
        "every message recorded as delivered"
    );
}
