//! A GOV.UK Notify destination exercised against a local stand-in that checks what Notify's API
//! documents for `POST /v2/notifications/email`: a bearer JWT signed HS256 with the API key's secret,
//! issued by its service id, dated within 30 seconds; a JSON body with `email_address`, `template_id`,
//! a `personalisation` object and a `reference`. It answers 201 as Notify does, or 400/403 with
//! Notify's error shape.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

use crate::helpers::ALPHA;
use crate::outbox::delivering_app;

pub const KEY: &str =
    "cspr_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
const SERVICE: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const TEMPLATE: &str = "f33517ff-2a88-4f6e-b855-c550268ce08a";

fn refuse(status: u16, error: &str, message: &str) -> Box<HttpResponse> {
    Box::new(
        HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).json(json!({
            "status_code": status,
            "errors": [{"error": error, "message": message}]
        })),
    )
}

/// Checks one request as Notify would; the e-mail it accepted, or the refusal.
fn check(req: &HttpRequest, body: &str) -> Result<Value, Box<HttpResponse>> {
    let token = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            refuse(
                403,
                "AuthError",
                "Unauthorized: authentication token must be provided",
            )
        })?;
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.required_spec_claims.clear();
    v.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()),
        &v,
    )
    .map_err(|_| {
        refuse(
            403,
            "AuthError",
            "Invalid token: signature, api token not found",
        )
    })?
    .claims;
    let now = chrono::Utc::now().timestamp();
    if claims["iss"] != SERVICE || (claims["iat"].as_i64().unwrap_or(0) - now).abs() > 30 {
        return Err(refuse(403, "AuthError", "Invalid token: iss or iat"));
    }
    let email: Value = serde_json::from_str(body)
        .map_err(|_| refuse(400, "ValidationError", "body is not JSON"))?;
    let shaped = email["email_address"]
        .as_str()
        .is_some_and(|a| a.contains('@'))
        && email["template_id"] == TEMPLATE
        && email["personalisation"].is_object()
        && email["reference"].is_string()
        && email.as_object().unwrap().keys().all(|k| {
            [
                "email_address",
                "template_id",
                "personalisation",
                "reference",
                "email_reply_to_id",
            ]
            .contains(&k.as_str())
        });
    if !shaped {
        return Err(refuse(
            400,
            "ValidationError",
            "the request does not have Notify's shape",
        ));
    }
    Ok(email)
}

#[tokio::test]
async fn a_notify_destination_sends_the_request_notify_documents() {
    let accepted: Arc<Mutex<Vec<Value>>> = Arc::default();
    let kept = accepted.clone();
    let server = HttpServer::new(move || {
        let kept = kept.clone();
        App::new().route(
            "/v2/notifications/email",
            web::post().to(move |req: HttpRequest, body: String| {
                let kept = kept.clone();
                async move {
                    match check(&req, &body) {
                        Ok(email) => {
                            kept.lock().unwrap().push(email.clone());
                            HttpResponse::Created().json(json!({
                                "id": uuid::Uuid::now_v7(),
                                "reference": email["reference"],
                                "content": {"subject": "s", "body": "b", "from_email": "cspr@notifications.service.gov.uk"},
                                "uri": "https://api.notifications.service.gov.uk/v2/notifications/1",
                                "template": {"id": TEMPLATE, "version": 1, "uri": "https://x"}
                            }))
                        }
                        Err(refusal) => *refusal,
                    }
                }
            }),
        )
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let base = format!("http://127.0.0.1:{}", server.addrs()[0].port());
    tokio::spawn(server.run());

    let app = delivering_app(None, move |s| s.notify_base_url = base).await;
    let admin = app.admin(ALPHA);
    let set = app
        .put_ok(
            "/v1/destinations/national_panel",
            &admin,
            &json!({
                "channel": "notify",
                "email_address": "Mailbox.NationalReviewPanel@education.gov.uk",
                "template_id": TEMPLATE,
                "notify_api_key": KEY
            }),
        )
        .await;
    assert!(set["signing_secret"].is_null());
    assert!(
        !app.get_ok("/v1/destinations", &admin)
            .await
            .to_string()
            .contains(SECRET)
    );
    app.create_referral(ALPHA, "LA", &crate::helpers::referral_body())
        .await;

    for _ in 0..400 {
        if !accepted.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let sent = accepted.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "Notify accepted one e-mail");
    assert_eq!(
        sent[0]["email_address"],
        "Mailbox.NationalReviewPanel@education.gov.uk"
    );
    let text = sent[0]["personalisation"].to_string();
    assert!(text.contains("national panel serious incident"), "{text}");
    assert!(!text.contains("Child A"));
    let outbox = app.get_ok("/v1/outbox", &admin).await;
    let message = &outbox["items"][0];
    assert_eq!(sent[0]["reference"], message["id"]);
    for _ in 0..100 {
        if app.get_ok("/v1/outbox", &admin).await["items"][0]["status"] == "delivered" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the message was not marked delivered");
}
