//! Production sign-in against an identity provider's JWKS, served here by a small local server.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicUsize, Ordering},
};

use actix_web::{App, HttpResponse, HttpServer, web};
use aws_lc_rs::{
    encoding::AsDer,
    rand::SystemRandom,
    rsa::{self, KeySize},
    signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair},
};
use base64::{
    Engine,
    engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD},
};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ALPHA, TestApp, problem};

const ISSUER: &str = "https://idp.test";
const AUDIENCE: &str = "cspr-api";

/// A key made for the test, with its public half as a JWK.
struct SigningKey {
    kid: String,
    algorithm: Algorithm,
    encoding: EncodingKey,
    jwk: Value,
}

impl SigningKey {
    /// An ES256 key.
    fn new(kid: &str) -> Self {
        let doc =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
                .unwrap();
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, doc.as_ref()).unwrap();
        let point = pair.public_key().as_ref();
        let jwk = json!({
            "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid,
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]),
            "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        });
        SigningKey {
            kid: kid.into(),
            algorithm: Algorithm::ES256,
            encoding: EncodingKey::from_ec_der(doc.as_ref()),
            jwk,
        }
    }

    /// An RS256 key (2048 bits).
    fn rsa(kid: &str) -> Self {
        let pair = rsa::KeyPair::generate(KeySize::Rsa2048).unwrap();
        let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(der.as_ref())
        );
        let public = pair.public_key();
        let jwk = json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        });
        SigningKey {
            kid: kid.into(),
            algorithm: Algorithm::RS256,
            encoding: EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap(),
            jwk,
        }
    }

    fn sign(&self, claims: &Value) -> String {
        self.sign_as(self.algorithm, claims)
    }

    /// Signs with the key but claims `algorithm` in the header.
    fn sign_as(&self, algorithm: Algorithm, claims: &Value) -> String {
        let mut header = Header::new(algorithm);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap()
    }
}

fn claims() -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({ "sub": "idp-user-1", "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600,
            "partnership": ALPHA, "roles": ["partnership_admin"] })
}

/// The identity provider: serves whatever key set the test puts in `keys`, counting fetches.
struct Idp {
    url: String,
    keys: Arc<Mutex<Vec<Value>>>,
    fetches: Arc<AtomicUsize>,
}

async fn idp(keys: Vec<Value>) -> Idp {
    let keys = Arc::new(Mutex::new(keys));
    let fetches = Arc::new(AtomicUsize::new(0));
    let (k, f) = (keys.clone(), fetches.clone());
    let server = HttpServer::new(move || {
        let (k, f) = (k.clone(), f.clone());
        App::new().route(
            "/jwks.json",
            web::get().to(move || {
                let (k, f) = (k.clone(), f.clone());
                async move {
                    f.fetch_add(1, Ordering::SeqCst);
                    let keys = k.lock().unwrap().clone();
                    HttpResponse::Ok()
                        .insert_header(("cache-control", "public, max-age=1"))
                        .json(json!({ "keys": keys }))
                }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let port = server.addrs()[0].port();
    tokio::spawn(server.run());
    Idp {
        url: format!("http://127.0.0.1:{port}/jwks.json"),
        keys,
        fetches,
    }
}

async fn app_trusting(idp: &Idp, refetch_seconds: u64) -> TestApp {
    let url = idp.url.clone();
    TestApp::spawn_with(move |s| {
        s.jwks_url = Some(url);
        s.jwt_issuer = Some(ISSUER.into());
        s.jwt_audience = Some(AUDIENCE.into());
        s.jwks_refetch_seconds = refetch_seconds;
    })
    .await
}

#[tokio::test]
async fn a_token_signed_by_the_identity_providers_key_is_accepted() {
    let key = SigningKey::new("k1");
    let idp = idp(vec![key.jwk.clone()]).await;
    let app = app_trusting(&idp, 60).await;
    let res = app.get("/v1/agencies", &key.sign(&claims())).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn local_hs256_tokens_are_refused_when_jwks_is_configured() {
    let key = SigningKey::new("k1");
    let idp = idp(vec![key.jwk.clone()]).await;
    let app = app_trusting(&idp, 60).await;
    problem(
        app.get("/v1/agencies", &app.admin(ALPHA)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn a_token_with_the_wrong_audience_or_issuer_is_refused() {
    let key = SigningKey::new("k1");
    let idp = idp(vec![key.jwk.clone()]).await;
    let app = app_trusting(&idp, 60).await;
    for (claim, value) in [("aud", "another-api"), ("iss", "https://other-idp.test")] {
        let mut c = claims();
        c[claim] = json!(value);
        problem(
            app.get("/v1/agencies", &key.sign(&c)).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
}

#[tokio::test]
async fn a_rotated_key_is_fetched_when_a_token_names_it() {
    let old = SigningKey::new("2026-01");
    let new = SigningKey::new("2026-02");
    let idp = idp(vec![old.jwk.clone()]).await;
    let app = app_trusting(&idp, 0).await;
    assert_eq!(
        app.get("/v1/agencies", &old.sign(&claims())).await.status(),
        StatusCode::OK
    );
    *idp.keys.lock().unwrap() = vec![old.jwk.clone(), new.jwk.clone()];
    assert_eq!(
        app.get("/v1/agencies", &new.sign(&claims())).await.status(),
        StatusCode::OK
    );
    // The scheduled fetch at start, perhaps one for the first token, one for the new key.
    let fetches = idp.fetches.load(Ordering::SeqCst);
    assert!((2..=3).contains(&fetches), "{fetches}");
}

#[tokio::test]
async fn a_key_the_identity_provider_withdraws_stops_working_without_a_restart() {
    let kept = SigningKey::new("kept");
    let withdrawn = SigningKey::new("withdrawn");
    let idp = idp(vec![kept.jwk.clone(), withdrawn.jwk.clone()]).await;
    // The provider says its set may be cached for 1 s; the server refreshes no oftener than 1 s.
    let app = app_trusting(&idp, 1).await;
    assert_eq!(
        app.get("/v1/agencies", &withdrawn.sign(&claims()))
            .await
            .status(),
        StatusCode::OK
    );
    *idp.keys.lock().unwrap() = vec![kept.jwk.clone()];
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    problem(
        app.get("/v1/agencies", &withdrawn.sign(&claims())).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(
        app.get("/v1/agencies", &kept.sign(&claims()))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn tokens_not_yet_valid_issued_in_the_future_or_too_long_lived_are_refused() {
    let key = SigningKey::new("k1");
    let idp = idp(vec![key.jwk.clone()]).await;
    let app = app_trusting(&idp, 60).await;
    let now = chrono::Utc::now().timestamp();
    for (claim, value) in [
        ("nbf", now + 600),
        ("iat", now + 600),
        ("exp", now + 3 * 86_400),
    ] {
        let mut c = claims();
        c[claim] = json!(value);
        if claim == "iat" {
            c["exp"] = json!(now + 1200);
        }
        problem(
            app.get("/v1/agencies", &key.sign(&c)).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
}

#[tokio::test]
async fn unknown_key_ids_do_not_cause_a_fetch_each() {
    let known = SigningKey::new("known");
    let idp = idp(vec![known.jwk.clone()]).await;
    let app = app_trusting(&idp, 3600).await;
    assert_eq!(
        app.get("/v1/agencies", &known.sign(&claims()))
            .await
            .status(),
        StatusCode::OK
    );
    for i in 0..5 {
        let stranger = SigningKey::new(&format!("made-up-{i}"));
        problem(
            app.get("/v1/agencies", &stranger.sign(&claims())).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    // The scheduled fetch at start and at most one for an unknown kid within the interval.
    assert!(idp.fetches.load(Ordering::SeqCst) <= 2);
}

#[tokio::test]
async fn an_rs256_token_is_accepted_too() {
    let key = SigningKey::rsa("rsa-1");
    let idp = idp(vec![key.jwk.clone()]).await;
    let app = app_trusting(&idp, 60).await;
    assert_eq!(
        app.get("/v1/agencies", &key.sign(&claims())).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_algorithm_comes_from_the_key_not_the_token() {
    let key = SigningKey::rsa("rsa-1");
    let idp = idp(vec![key.jwk.clone()]).await;
    let app = app_trusting(&idp, 60).await;
    // The same RSA key, but the header says RS384: refused, whatever the signature.
    let token = key.sign_as(Algorithm::RS384, &claims());
    problem(
        app.get("/v1/agencies", &token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}
