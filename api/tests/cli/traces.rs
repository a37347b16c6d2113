//! Traces: with an OTLP endpoint configured, each request leaves a span named by its route template,
//! with its database calls beneath it and its request id on it; none are made otherwise.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpListener,
    process::Stdio,
    sync::{Arc, Mutex},
};

use super::{demo_token, free_address, get, http, server_command, signal, wait_ready};

/// A stand-in OTLP/HTTP collector: answers 200 to every POST and keeps the bodies.
fn collector() -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let received = Arc::new(Mutex::new(vec![]));
    let kept = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).ok();
            kept.lock().unwrap().push(body);
            reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .ok();
        }
    });
    (format!("http://{addr}/v1/traces"), received)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn with_an_otlp_endpoint_each_request_is_a_trace_named_by_its_route_with_its_database_calls() {
    let dir = std::env::temp_dir().join(format!("cspr-traces-{}", std::process::id()));
    let (endpoint, received) = collector();
    let addr = free_address();
    let mut server = server_command(&dir, &addr, None, Stdio::null(), &["--demo"])
        .env("CSPR_OTLP_ENDPOINT", &endpoint)
        .spawn()
        .unwrap();
    assert!(wait_ready(&addr));
    let token = demo_token(&dir, &["--role", "partnership_admin"]);
    let request = get("/v1/agencies", Some(&token));
    let (status, _) = http(&addr, &request).unwrap();
    assert_eq!(status, 200);
    // Stopping flushes the spans not yet sent.
    signal(&server, "-TERM");
    assert!(server.wait().unwrap().success());
    let bodies = received.lock().unwrap().clone();
    let all: Vec<u8> = bodies.concat();
    assert!(!bodies.is_empty(), "no spans were sent");
    assert!(contains(&all, "cspr"), "the service is named");
    assert!(
        contains(&all, "GET /v1/agencies"),
        "the span is named by its route"
    );
    assert!(contains(&all, "database"), "its database call is a span");
    assert!(contains(&all, "request_id"), "the request id is on it");
    assert!(!contains(&all, &token), "no token leaves in a span");
    std::fs::remove_dir_all(dir).ok();
}
