//! A real HTTP receiver on loopback for the outbox's tests: it keeps every request it gets, and fails
//! as told (the next n requests, or all of them).

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use aws_lc_rs::hmac;
use base64::{Engine, engine::general_purpose::STANDARD};

/// A request as the receiver got it.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }

    /// Whether one of the `webhook-signature`'s signatures is the secret's over the id, timestamp and
    /// body, as a receiver checks it (written here from the specification, apart from the server's).
    pub fn signed_by(&self, secret: &str) -> bool {
        let key = STANDARD
            .decode(secret.strip_prefix("whsec_").unwrap())
            .unwrap();
        let content = format!(
            "{}.{}.{}",
            self.header("webhook-id").unwrap(),
            self.header("webhook-timestamp").unwrap(),
            self.body
        );
        let key = hmac::Key::new(hmac::HMAC_SHA256, &key);
        let expected = STANDARD.encode(hmac::sign(&key, content.as_bytes()));
        self.header("webhook-signature")
            .unwrap_or_default()
            .split(' ')
            .any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
    }
}

#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    got: Arc<Mutex<Vec<Received>>>,
    failures_left: Arc<AtomicUsize>,
    always_fail: Arc<AtomicBool>,
}

impl Receiver {
    /// Starts a receiver answering 204, or 500 while told to fail.
    pub async fn start() -> Receiver {
        let got = Arc::new(Mutex::new(vec![]));
        let failures_left = Arc::new(AtomicUsize::new(0));
        let always_fail = Arc::new(AtomicBool::new(false));
        let (g, f, a) = (got.clone(), failures_left.clone(), always_fail.clone());
        let server = HttpServer::new(move || {
            let (g, f, a) = (g.clone(), f.clone(), a.clone());
            App::new().default_service(web::to(move |req: HttpRequest, body: String| {
                let (g, f, a) = (g.clone(), f.clone(), a.clone());
                async move {
                    g.lock().unwrap().push(Received {
                        headers: req
                            .headers()
                            .iter()
                            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
                            .collect(),
                        body,
                    });
                    let failing = a.load(Ordering::SeqCst)
                        || f.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                            .is_ok();
                    if failing {
                        HttpResponse::InternalServerError().finish()
                    } else {
                        HttpResponse::NoContent().finish()
                    }
                }
            }))
        })
        .workers(2)
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Receiver {
            url: format!("http://127.0.0.1:{port}/hook"),
            got,
            failures_left,
            always_fail,
        }
    }

    /// Fails the next `n` requests.
    pub fn fail_next(&self, n: usize) {
        self.failures_left.store(n, Ordering::SeqCst);
    }

    pub fn fail_always(&self, on: bool) {
        self.always_fail.store(on, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (up to 20 s) until it has received `n` requests, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..400 {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the receiver got {} requests, not {n}",
            self.received().len()
        );
    }
}
