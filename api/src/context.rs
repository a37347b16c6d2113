//! Who is calling, and with what: built once per request, for REST and GraphQL alike.

use std::{future::Future, pin::Pin, sync::Arc};

use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use chrono::{DateTime, SubsecRound, Utc};
use cspr_domain::{
    access::Actor,
    audit::{AuditAction, AuditEvent, ResourceKind},
    calendar::Calendar,
    outbox::address::AddressPolicy,
    partnership::Partnership,
};
use cspr_persistence::{Database, DbConnection, ReadShape, idempotency};
use serde::{Serialize, de::DeserializeOwned};
use tracing_actix_web::RequestId;

use crate::{
    audit_writer::AuditWriter, auth::Authenticator, clock::Clock, config::Settings,
    error::ApiError, idempotency::IdempotentRequest, rate_limit::RateLimits, sealing::Keyring,
};

/// What every request shares.
pub struct AppState {
    pub db: Database,
    /// Commits read audit events in groups.
    pub audit_writer: AuditWriter,
    pub auth: Authenticator,
    pub limits: RateLimits,
    pub metrics: crate::metrics::Metrics,
    pub settings: Settings,
    pub calendar: Arc<Calendar>,
    pub clock: Arc<dyn Clock>,
    /// `Idempotency-Key`s being answered in this process.
    pub in_flight: crate::idempotency::InFlight,
    /// Where the platform may send messages: receivers' URLs are checked against it when set.
    pub address_policy: Arc<AddressPolicy>,
    /// The keys identifying details are sealed under.
    pub keyring: Arc<Keyring>,
}

/// Who made a request, left on it for the request log line.
#[derive(Debug, Clone)]
pub struct CallerTag {
    pub subject: String,
    pub partnership: String,
}

/// The authenticated caller and its partnership.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub partnership: Partnership,
}

/// A request's context: the caller, the database, the request id its audit events carry.
#[derive(Clone)]
pub struct Ctx {
    pub db: Database,
    pub audit_writer: AuditWriter,
    pub calendar: Arc<Calendar>,
    pub clock: Arc<dyn Clock>,
    pub caller: Caller,
    pub request_id: String,
    /// The request's `Idempotency-Key`, if it sent one (REST `POST`s).
    pub idempotency: Option<IdempotentRequest>,
    pub address_policy: Arc<AddressPolicy>,
    pub keyring: Arc<Keyring>,
}

/// Builds audit events for the request's actor, inside a command; a read records its events here and
/// they are committed (in a group) before it answers.
pub struct Audit {
    actor: Actor,
    request_id: String,
    now: DateTime<Utc>,
    recorded: std::sync::Mutex<Vec<AuditEvent>>,
}

impl Audit {
    /// The time of the command: every record it writes carries it.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn event(&self, action: AuditAction, kind: ResourceKind, id: Option<String>) -> AuditEvent {
        AuditEvent::record(&self.actor, &self.request_id, action, kind, id, self.now)
    }

    /// Records a read's events, to be committed before the read answers.
    pub fn record(&self, events: Vec<AuditEvent>) {
        if let Ok(mut recorded) = self.recorded.lock() {
            recorded.extend(events);
        }
    }

    fn take(&self) -> Vec<AuditEvent> {
        self.recorded
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }

    /// One event per record, for an action on many (a page of a list, a batch of requests).
    pub fn each<I: ToString>(
        &self,
        action: AuditAction,
        kind: ResourceKind,
        ids: impl IntoIterator<Item = I>,
    ) -> Vec<AuditEvent> {
        ids.into_iter()
            .map(|id| self.event(action, kind, Some(id.to_string())))
            .collect()
    }
}

impl Ctx {
    pub async fn from_http(req: &HttpRequest) -> Result<Self, ApiError> {
        let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| {
            ApiError::internal(std::io::Error::other("application state missing"))
        })?;
        let caller = match state.auth.authenticate(req, &state.db).await {
            Ok(caller) => caller,
            Err(
                refused @ (ApiError::Unauthenticated(_)
                | ApiError::UnknownPartnership(_)
                | ApiError::OtherLocalKey { .. }),
            ) => {
                return Err(state.limits.failed_sign_in(req, refused));
            }
            Err(other) => return Err(other),
        };
        req.extensions_mut().insert(CallerTag {
            subject: caller.actor.subject.to_string(),
            partnership: caller.partnership.slug.to_string(),
        });
        state.limits.check_caller(
            caller.partnership.slug.as_str(),
            caller.actor.subject.as_str(),
        )?;
        let request_id = req
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let idempotency = req.extensions().get::<IdempotentRequest>().cloned();
        Ok(Ctx {
            idempotency,
            ..Ctx::of(state, caller, request_id)
        })
    }

    /// The context of `caller` on the server's state, without an idempotency key: a request's, or a
    /// calendar feed's read on its owner's behalf.
    pub fn of(state: &AppState, caller: Caller, request_id: String) -> Self {
        Ctx {
            db: state.db.clone(),
            audit_writer: state.audit_writer.clone(),
            calendar: state.calendar.clone(),
            clock: state.clock.clone(),
            caller,
            request_id,
            idempotency: None,
            address_policy: state.address_policy.clone(),
            keyring: state.keyring.clone(),
        }
    }

    /// Runs a command in one transaction on the blocking pool, with what it needs to write audit events.
    ///
    /// With an `Idempotency-Key`, the answer is kept under the key in the same transaction, and a
    /// request whose key is kept gets the kept answer instead of running again (see `idempotency`).
    pub async fn command<T: Serialize + DeserializeOwned + Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConnection, &Caller, &Audit) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.db.clone();
        let caller = self.caller.clone();
        let audit = self.audit();
        let key = self.idempotency.clone();
        crate::app::blocking(move || {
            db.transaction(|conn| match &key {
                None => f(conn, &caller, &audit),
                Some(key) => once(conn, &caller, &audit, key, f),
            })
        })
        .await
    }

    /// Runs a read in one read transaction, then commits the audit events it recorded (`Audit::record`)
    /// through the group-commit writer before answering: a read whose events cannot be committed fails.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConnection, &Caller, &Audit) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.read_as(ReadShape::Statements, f).await
    }

    /// As `read`, for a read that sends one statement: it runs without a transaction around it.
    pub async fn read_statement<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConnection, &Caller, &Audit) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.read_as(ReadShape::SingleStatement, f).await
    }

    async fn read_as<T: Send + 'static>(
        &self,
        shape: ReadShape,
        f: impl FnOnce(&mut DbConnection, &Caller, &Audit) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = self.db.clone();
        let caller = self.caller.clone();
        let audit = self.audit();
        let (value, events) = crate::app::blocking(move || {
            let value = db.read(shape, |conn| f(conn, &caller, &audit))?;
            Ok((value, audit.take()))
        })
        .await?;
        self.audit_writer.commit(events).await?;
        Ok(value)
    }

    fn audit(&self) -> Audit {
        Audit {
            actor: self.caller.actor.clone(),
            request_id: self.request_id.clone(),
            // Stored timestamps keep microseconds; trimming here makes every answer equal a later read.
            now: self.clock.now().trunc_subsecs(6),
            recorded: std::sync::Mutex::new(vec![]),
        }
    }
}

/// Runs a command under an idempotency key: the kept answer if the key was kept (the same request:
/// replayed; another: refused), else the command, its answer kept with it.
fn once<T: Serialize + DeserializeOwned>(
    conn: &mut DbConnection,
    caller: &Caller,
    audit: &Audit,
    key: &IdempotentRequest,
    f: impl FnOnce(&mut DbConnection, &Caller, &Audit) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let (pid, subject) = (caller.partnership.id, &caller.actor.subject);
    // The same subject acting for another agency or with other roles is not the same request: its
    // answer may not be theirs to see.
    let fingerprint = key.fingerprint_for(&caller.actor);
    if let Some(kept) = idempotency::find(conn, pid, subject, &key.key)? {
        if kept.fingerprint != fingerprint {
            return Err(ApiError::IdempotencyKeyReused);
        }
        let answer = serde_json::from_str(&kept.response).map_err(ApiError::internal)?;
        cspr_persistence::audit::append(
            conn,
            &[audit.event(
                AuditAction::Read,
                ResourceKind::IdempotencyKey,
                Some(key.key.clone()),
            )],
        )?;
        key.replayed
            .store(true, std::sync::atomic::Ordering::SeqCst);
        return Ok(answer);
    }
    let answer = f(conn, caller, audit)?;
    let kept = idempotency::Kept {
        fingerprint,
        response: serde_json::to_string(&answer).map_err(ApiError::internal)?,
    };
    match idempotency::keep(conn, pid, subject, &key.key, &kept, audit.now()) {
        // Another replica kept the key first: this request's work rolls back with the transaction.
        Err(cspr_persistence::PersistenceError::Conflict(_)) => Err(ApiError::IdempotencyKeyInUse),
        other => other.map(|()| answer).map_err(Into::into),
    }
}

impl FromRequest for Ctx {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ctx::from_http(&req).await })
    }
}
