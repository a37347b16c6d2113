//! The outbox's delivery worker. It claims messages due in one short transaction (committed before any
//! is sent, so a claim is never held open across the network), sends each, then records the attempt
//! and what follows — delivered, tried again later with back-off and jitter, dead, or waiting for a
//! destination — in another. A worker that stops between claim and record leaves its claim to lapse;
//! the message is taken again, so delivery is at least once and the `webhook-id` lets a receiver drop
//! the duplicate. Replicas on PostgreSQL each run one (`FOR UPDATE SKIP LOCKED` keeps them apart);
//! `delivery_worker = false` switches a replica's off.

mod notify;
pub mod send;
pub mod signature;

use std::time::{Duration, Instant};

use actix_web::web;
use chrono::{DateTime, Utc};
use cspr_domain::{
    access::Actor,
    audit::{AuditAction, AuditEvent, ResourceKind},
    calendar::england_date,
    outbox::{
        Target,
        endpoints::{Channel, WebhookSubscription},
        recipients::{Carried, carried},
        retry::RetryPolicy,
    },
    text::Subject,
};
use cspr_persistence::outbox::{self, Attempt, Claimed, Outcome, destinations, subscriptions};
use rand::Rng;
use serde_json::{Value, json};

pub use notify::parts as notify_key_parts;
use send::{Failure, Sender};

use crate::{app::blocking, config::Settings, context::AppState, error::ApiError};

/// Who the worker's audit events and recorded notifications name.
pub const WORKER: &str = "delivery-worker";

/// Messages one round claims at most.
const CLAIM_BATCH: i64 = 20;

fn ms(n: u64) -> chrono::Duration {
    chrono::Duration::milliseconds(i64::try_from(n).unwrap_or(i64::MAX))
}

pub fn retry_policy(settings: &Settings) -> RetryPolicy {
    RetryPolicy {
        max_attempts: settings.delivery_max_attempts,
        base: ms(settings.delivery_backoff_ms),
        cap: ms(settings.delivery_backoff_cap_ms),
    }
}

fn sender(settings: &Settings) -> Result<Sender, ApiError> {
    Ok(Sender {
        policy: settings
            .address_policy()
            .map_err(|e| ApiError::internal(std::io::Error::other(e.to_string())))?,
        timeout: Duration::from_millis(settings.delivery_timeout_ms),
        notify_base: settings.notify_base_url.clone(),
    })
}

/// Starts the worker on the server's runtime, unless this replica's is switched off.
pub fn start(state: web::Data<AppState>) {
    if !state.settings.delivery_worker {
        return;
    }
    let Ok(sender) = sender(&state.settings) else {
        tracing::error!("the delivery worker's settings are invalid: it does not start");
        return;
    };
    let poll = Duration::from_millis(state.settings.delivery_poll_ms.max(10));
    actix_web::rt::spawn(async move {
        loop {
            match round(&state, &sender).await {
                Ok(claimed) if claimed > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "delivery round failed; trying again"),
            }
            actix_web::rt::time::sleep(poll).await;
        }
    });
}

/// Claims what is due and delivers it; returns how many were claimed.
async fn round(state: &web::Data<AppState>, sender: &Sender) -> Result<usize, ApiError> {
    let now = state.clock.now();
    let lease = now + ms(state.settings.delivery_lease_ms);
    let db = state.db.clone();
    let claimed = blocking(move || {
        let due = db.read(cspr_persistence::ReadShape::SingleStatement, |c| {
            outbox::any_due(c, now)
        })?;
        if !due {
            return Ok(vec![]);
        }
        db.transaction(|c| outbox::claim(c, now, lease, CLAIM_BATCH))
            .map_err(ApiError::from)
    })
    .await?;
    let count = claimed.len();
    // Sent side by side: one slow receiver does not hold up the others' messages.
    let sending: Vec<_> = claimed
        .into_iter()
        .map(|c| {
            let (state, sender) = (state.clone(), sender.clone());
            actix_web::rt::spawn(async move { deliver(&state, &sender, c).await })
        })
        .collect();
    for s in sending {
        s.await.map_err(ApiError::internal)??;
    }
    Ok(count)
}

/// Where a claimed message goes, as configured now.
enum Resolved {
    Destination(Channel),
    Subscription(WebhookSubscription),
    Nowhere,
}

async fn deliver(
    state: &web::Data<AppState>,
    sender: &Sender,
    claimed: Claimed,
) -> Result<(), ApiError> {
    let (db, keyring) = (state.db.clone(), state.keyring.clone());
    let message = claimed.message.clone();
    let now = state.clock.now();
    let resolved = blocking(move || {
        db.read(cspr_persistence::ReadShape::Statements, |c| {
            let pid = message.partnership_id;
            Ok::<_, ApiError>(match &message.target {
                Target::Destination(r) => destinations::find(c, keyring.as_ref(), pid, *r)?
                    .map_or(Resolved::Nowhere, |d| Resolved::Destination(d.channel)),
                Target::Subscription(s) => subscriptions::find(c, keyring.as_ref(), pid, *s, now)?
                    .map_or(Resolved::Nowhere, Resolved::Subscription),
            })
        })
    })
    .await?;
    let (attempt, outcome) = match resolved {
        // No destination for its recipient: it waits, visible, for one to be configured.
        Resolved::Nowhere => (None, Outcome::Waiting),
        Resolved::Subscription(s) if s.revoked_at.is_some() => {
            let attempt = failed(
                now,
                Instant::now(),
                Failure {
                    status: None,
                    error: "the subscription was revoked".into(),
                },
            );
            (Some(attempt), Outcome::Dead)
        }
        resolved => {
            let started = Instant::now();
            let result = send(sender, &claimed, resolved, now).await;
            let attempt = match result {
                Ok(status) => Attempt {
                    number: 0,
                    started_at: now,
                    duration_ms: elapsed_ms(started),
                    delivered: true,
                    response_status: Some(status),
                    error: None,
                },
                Err(f) => failed(now, started, f),
            };
            let outcome = if attempt.delivered {
                Outcome::Delivered
            } else {
                let jitter = rand::rng().random::<f64>();
                retry_policy(&state.settings)
                    .next_attempt(claimed.message.attempts + 1, now, jitter)
                    .map_or(Outcome::Dead, Outcome::RetryAt)
            };
            (Some(attempt), outcome)
        }
    };
    record(state, claimed, attempt, outcome).await
}

fn elapsed_ms(started: Instant) -> u32 {
    u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX)
}

fn failed(now: DateTime<Utc>, started: Instant, f: Failure) -> Attempt {
    Attempt {
        number: 0,
        started_at: now,
        duration_ms: elapsed_ms(started),
        delivered: false,
        response_status: f.status,
        error: Some(f.error),
    }
}

async fn send(
    sender: &Sender,
    claimed: &Claimed,
    resolved: Resolved,
    now: DateTime<Utc>,
) -> Result<u16, Failure> {
    let m = &claimed.message;
    let id = m.id.to_string();
    match resolved {
        Resolved::Subscription(s) => {
            sender
                .webhook(&s.url, &s.secrets, &id, now, &m.payload)
                .await
        }
        Resolved::Destination(Channel::Https {
            url,
            signing_secret,
        }) => {
            sender
                .webhook(&url, &[signing_secret], &id, now, &m.payload)
                .await
        }
        Resolved::Destination(Channel::Notify {
            email_address,
            template_id,
            api_key,
        }) => {
            let personalisation = personalisation(&id, &m.payload);
            sender
                .notify(
                    &api_key,
                    &email_address,
                    &template_id,
                    personalisation,
                    &id,
                    now,
                )
                .await
        }
        Resolved::Nowhere => Err(Failure {
            status: None,
            error: "no destination".into(),
        }),
    }
}

/// What a Notify template is filled with: the event and its ids, as thin as a webhook's payload. The
/// template is expected to use `((subject))` and `((body))`.
fn personalisation(id: &str, payload: &str) -> Value {
    let payload: Value = serde_json::from_str(payload).unwrap_or(Value::Null);
    let event = payload["type"].as_str().unwrap_or("event");
    let kind = payload["data"]["kind"].as_str();
    let mut lines: Vec<String> = payload["data"]
        .as_object()
        .map(|d| {
            d.iter()
                .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    lines.push(format!("message: {id}"));
    lines.push("The details are on the Child Safeguarding Practice Review platform.".into());
    json!({
        "subject": format!("CSPR {}", kind.unwrap_or(event).replace('_', " ")),
        "body": lines.join("\n"),
    })
}

/// Records the attempt and its outcome; a delivered notification is recorded as sent, audited as
/// the worker's.
async fn record(
    state: &web::Data<AppState>,
    claimed: Claimed,
    attempt: Option<Attempt>,
    outcome: Outcome,
) -> Result<(), ApiError> {
    let db = state.db.clone();
    blocking(move || {
        db.transaction(|c| {
            let ours = outbox::finish(c, &claimed, attempt.as_ref(), &outcome)?;
            let m = &claimed.message;
            if !ours || outcome != Outcome::Delivered {
                return Ok::<_, ApiError>(());
            }
            if let Some(carried) = carried(m.event_type, &m.payload) {
                let at = attempt.as_ref().map_or(claimed.lease, |a| a.started_at);
                outbox::record_carried(
                    c,
                    carried,
                    england_date(at),
                    &m.id.to_string(),
                    WORKER,
                    at,
                )?;
                let (kind, id) = match carried {
                    Carried::RapidReview(r, _) => (ResourceKind::RapidReview, r.to_string()),
                    Carried::Review(r, _) => (ResourceKind::ReviewNotification, r.to_string()),
                };
                let actor = worker(m.partnership_id)?;
                cspr_persistence::audit::append(
                    c,
                    &[AuditEvent::record(
                        &actor,
                        &m.id.to_string(),
                        AuditAction::Create,
                        kind,
                        Some(id),
                        at,
                    )],
                )?;
            }
            Ok(())
        })
    })
    .await
}

/// The worker as an actor of a partnership, for the audit trail.
fn worker(partnership: cspr_domain::ids::PartnershipId) -> Result<Actor, ApiError> {
    Ok(Actor {
        subject: Subject::parse(WORKER)
            .map_err(|e| ApiError::internal(std::io::Error::other(e.reason)))?,
        partnership_id: partnership,
        agency: None,
        roles: vec![],
    })
}
