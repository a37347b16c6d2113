//! Builds the application: pool, migrations, authenticator, GraphQL schema and OpenAPI document once,
//! shared by every worker; binds the listener first so that tests can ask for port 0.

use std::{net::TcpListener, sync::Arc};

use actix_cors::Cors;
use actix_web::{
    App, HttpMessage, HttpResponse, HttpServer, ResponseError,
    dev::{Server, Service},
    http::header::{self, HeaderValue},
    middleware::Condition,
    web,
};
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::{
    auth::{Authenticator, local::LocalKeyError},
    clock::{Clock, SystemClock},
    config::{Settings, SettingsError},
    context::{AppState, CallerTag},
    graphql, openapi_doc,
    rate_limit::RateLimits,
    rest::{self, fallback},
};
use cspr_domain::calendar::Calendar;
use cspr_persistence::{Database, PersistenceError};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("the database could not be opened or migrated")]
    Database(#[from] PersistenceError),
    #[error("the database needs migrations ({}): run `cspr migrate` first, or serve without --no-migrate", .0.join(", "))]
    MigrationsPending(Vec<String>),
    #[error("the local signing key could not be prepared")]
    Key(#[from] LocalKeyError),
    #[error(transparent)]
    Sealing(#[from] crate::sealing::SealingError),
    #[error("the metrics could not be set up")]
    Metrics(#[from] prometheus::Error),
    #[error("could not listen on {addr}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the bank holiday file {path} could not be used")]
    Calendar {
        path: std::path::PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// The working-day calendar: the shipped bank holidays, or the operator's newer file.
pub fn load_calendar(settings: &Settings) -> Result<Calendar, StartupError> {
    let Some(path) = &settings.bank_holidays_file else {
        return Ok(Calendar::england_and_wales());
    };
    let failed = |source: Box<dyn std::error::Error + Send + Sync>| StartupError::Calendar {
        path: path.clone(),
        source,
    };
    let text = std::fs::read_to_string(path).map_err(|e| failed(Box::new(e)))?;
    let calendar = Calendar::from_govuk_json(&text).map_err(|e| failed(Box::new(e)))?;
    tracing::info!(path = %path.display(), years = ?calendar.listed_years(), "using the operator's bank holidays");
    Ok(calendar)
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

/// Opens the database named by the settings and, unless `migrate_on_start` is off, applies pending
/// migrations; with it off, a database that still needs migrations is refused.
pub fn open_database(settings: &Settings) -> Result<Database, StartupError> {
    let db = connect_database(settings)?;
    if settings.migrate_on_start {
        apply_migrations(&db)?;
    } else {
        let pending = db.pending_migrations()?;
        if !pending.is_empty() {
            return Err(StartupError::MigrationsPending(pending));
        }
    }
    Ok(db)
}

/// Opens the database and applies pending migrations whatever the settings say (`cspr migrate`).
pub fn migrate_database(settings: &Settings) -> Result<Database, StartupError> {
    let db = connect_database(settings)?;
    apply_migrations(&db)?;
    Ok(db)
}

/// Opens the database named by the settings without migrating it (a backup copies it as it is).
pub fn connect_database(settings: &Settings) -> Result<Database, StartupError> {
    let url = settings.database()?;
    tracing::info!(backend = url.backend(), "opening the database");
    Ok(Database::connect(
        url,
        settings.pool_size,
        std::time::Duration::from_millis(settings.pool_timeout_ms),
    )?)
}

/// Seals what was kept plain before sealing existed — children's dates of birth, delivery secrets —
/// and reseals delivery secrets under the key file's first key; each is a no-op once done.
fn seal_at_start(db: &Database, keyring: &crate::sealing::Keyring) -> Result<(), StartupError> {
    let births = crate::app::births::seal_plain(db, keyring)?;
    let secrets = db.transaction(|c| {
        Ok::<_, cspr_persistence::PersistenceError>(
            cspr_persistence::outbox::destinations::reseal_secrets(c, keyring)?
                + cspr_persistence::outbox::subscriptions::reseal_secrets(c, keyring)?,
        )
    })?;
    if births + secrets > 0 {
        tracing::info!(
            births,
            secrets,
            "sealed what was kept plain or under an older key"
        );
    }
    Ok(())
}

fn apply_migrations(db: &Database) -> Result<(), StartupError> {
    let applied = db.migrate()?;
    if !applied.is_empty() {
        tracing::info!(?applied, "applied migrations");
    }
    Ok(())
}

impl Application {
    pub fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_clock(settings, Arc::new(SystemClock))
    }

    /// As `build`, with the clock the application works to (tests pass a fixed one).
    pub fn build_with_clock(
        settings: Settings,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, StartupError> {
        let db = open_database(&settings)?;
        let auth = Authenticator::from_settings(&settings)?;
        let calendar = Arc::new(load_calendar(&settings)?);
        let addr = settings.addr.clone();
        let listen = |source| StartupError::Listen {
            addr: addr.clone(),
            source,
        };
        let listener = TcpListener::bind(&settings.addr).map_err(listen)?;
        let port = listener.local_addr().map_err(listen)?.port();
        let doc = openapi_doc::document();
        let known = web::Data::new(fallback::KnownRoutes::from_document(&doc));
        let schema = web::Data::new(graphql::schema());
        let origins = settings.cors_origins.clone();
        let limit = settings.body_limit_bytes;
        let max_connections = settings.max_connections;
        let limits = RateLimits::from_settings(&settings);
        let metrics = crate::metrics::Metrics::from_settings(&settings)?;
        let audit_writer = crate::audit_writer::AuditWriter::start(db.clone());
        let address_policy = Arc::new(settings.address_policy().map_err(StartupError::Settings)?);
        let keyring = Arc::new(crate::sealing::Keyring::load(
            settings.identifying_details_key_file.as_deref(),
            &settings.data_dir,
        )?);
        seal_at_start(&db, &keyring)?;
        let state = web::Data::new(AppState {
            db,
            audit_writer,
            auth,
            limits,
            metrics,
            settings,
            calendar,
            clock,
            in_flight: Default::default(),
            address_policy,
            keyring,
        });
        let kept = state.clone();
        tracing::info!(port, "listening");

        let server = HttpServer::new(move || {
            let cors = origins
                .iter()
                .fold(Cors::default(), |c, o| c.allowed_origin(o))
                .allow_any_method()
                .allow_any_header()
                .expose_headers(["x-request-id", "location"])
                .max_age(3600);
            let (app, _) = App::new()
                .into_utoipa_app()
                .app_data(state.clone())
                .app_data(known.clone())
                .app_data(schema.clone())
                .app_data(web::QueryConfig::default().error_handler(fallback::query_error))
                .app_data(web::PathConfig::default().error_handler(fallback::path_error))
                .app_data(
                    web::JsonConfig::default()
                        .limit(limit)
                        .error_handler(fallback::json_error),
                )
                .configure(rest::configure)
                .split_for_parts();
            app.service(
                web::resource("/graphql")
                    .route(web::post().to(graphql::execute))
                    .route(web::get().to(graphql::explorer::page)),
            )
            .route(
                "/graphql/assets/{name}",
                web::get().to(graphql::explorer::asset),
            )
            .route("/metrics", web::get().to(crate::metrics::scrape))
            .service(web::redirect("/docs", "/docs/"))
            .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", doc.clone()))
            .route(
                "/",
                web::get().to(|| async {
                    HttpResponse::Found()
                        .insert_header(("location", "/docs/"))
                        .finish()
                }),
            )
            .default_service(web::to(fallback::not_found_or_wrong_method))
            .wrap(actix_web::middleware::from_fn(crate::idempotency::guard))
            .wrap(Condition::new(!origins.is_empty(), cors))
            .wrap_fn({
                let state = state.clone();
                move |req, srv| {
                    // Each client address has its allowance before anything else runs.
                    let verdict = match state.limits.check_address(&req) {
                        Ok(()) => Ok(srv.call(req)),
                        Err(e) => Err((req, e)),
                    };
                    async move {
                        match verdict {
                            Ok(call) => call.await.map(|res| res.map_into_boxed_body()),
                            Err((req, e)) => Ok(req.into_response(e.error_response())),
                        }
                    }
                }
            })
            .wrap_fn({
                let state = state.clone();
                move |req, srv| {
                    let id = req.extensions().get::<RequestId>().map(ToString::to_string);
                    let method = req.method().to_string();
                    let started = std::time::Instant::now();
                    let fut = srv.call(req);
                    let state = state.clone();
                    async move {
                        let mut res = fut.await?;
                        let route = res
                            .request()
                            .match_pattern()
                            .unwrap_or_else(|| "(unmatched)".into());
                        let seconds = started.elapsed().as_secs_f64();
                        log_request(&res, &method, &route, id.as_deref(), seconds);
                        state
                            .metrics
                            .observe(&method, &route, res.status().as_u16(), seconds);
                        let headers = res.headers_mut();
                        if let Some(v) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                            headers.insert(header::HeaderName::from_static("x-request-id"), v);
                        }
                        // Answers carry case data: never cached, never sniffed, never framed (the docs
                        // included).
                        for (name, value) in SECURITY_HEADERS {
                            // A public, cacheable answer (the public register) says so itself.
                            if name == "cache-control"
                                && headers.contains_key(header::CACHE_CONTROL)
                            {
                                continue;
                            }
                            headers.insert(
                                header::HeaderName::from_static(name),
                                HeaderValue::from_static(value),
                            );
                        }
                        Ok(res)
                    }
                }
            })
            .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
        })
        .listen(listener)
        .map_err(listen)?
        .max_connections(max_connections)
        // The request head must arrive within 5 s; bodies have their own limit (`body_timeout_seconds`).
        .client_request_timeout(std::time::Duration::from_secs(5))
        .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
        // Signals are handled in `run_until_signalled`: SIGINT drains like SIGTERM.
        .disable_signals()
        .run();
        Ok(Self {
            port,
            server,
            state: kept,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's database, to count the statements requests send (tests hold them to a budget).
    pub fn database(&self) -> Database {
        self.state.db.clone()
    }

    /// Stops the server from elsewhere (tests stop theirs before dropping their database).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until stopped through its handle (tests stop theirs so).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.state.auth.start_key_refresh();
        crate::idempotency::start_expiry(self.state.clone());
        crate::delivery::start(self.state.clone());
        crate::app::disposals::start_daily_listing(self.state.clone());
        self.server.await
    }

    /// Serves until SIGINT (Ctrl-C) or SIGTERM, then stops taking connections and finishes the requests
    /// in flight (up to the grace period); a second signal stops at once.
    pub async fn run_until_signalled(self) -> std::io::Result<()> {
        self.state.auth.start_key_refresh();
        crate::idempotency::start_expiry(self.state.clone());
        crate::delivery::start(self.state.clone());
        crate::app::disposals::start_daily_listing(self.state.clone());
        let handle = self.server.handle();
        actix_web::rt::spawn(async move {
            shutdown_signal().await;
            tracing::info!(
                grace_seconds = SHUTDOWN_GRACE_SECONDS,
                "stopping: finishing the requests in flight (a second signal stops at once)"
            );
            let draining = handle.clone();
            actix_web::rt::spawn(async move { draining.stop(true).await });
            shutdown_signal().await;
            tracing::warn!("stopping now");
            handle.stop(false).await;
        });
        self.server.await
    }
}

/// One line per request, refused ones included: method, route template (never the path, which may
/// hold ids), status, duration, caller and request id. Fields are Debug-quoted so no value can forge a
/// line.
fn log_request<B>(
    res: &actix_web::dev::ServiceResponse<B>,
    method: &str,
    route: &str,
    request_id: Option<&str>,
    seconds: f64,
) {
    let req = res.request();
    let caller = req.extensions().get::<CallerTag>().cloned();
    tracing::info!(
        method = ?method,
        route = ?route,
        status = res.status().as_u16(),
        duration_ms = seconds * 1000.0,
        subject = ?caller.as_ref().map(|c| c.subject.as_str()),
        partnership = ?caller.as_ref().map(|c| c.partnership.as_str()),
        request_id = ?request_id,
        "request"
    );
}

/// Headers on every answer.
const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("content-security-policy", "frame-ancestors 'none'"),
];

/// How long a stopping server lets requests in flight finish.
pub const SHUTDOWN_GRACE_SECONDS: u64 = 30;

/// The next SIGINT or SIGTERM.
async fn shutdown_signal() {
    use actix_web::rt::signal;
    #[cfg(unix)]
    {
        match signal::unix::signal(signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                signal::ctrl_c().await.ok();
            }
        }
    }
    #[cfg(not(unix))]
    {
        signal::ctrl_c().await.ok();
    }
}
