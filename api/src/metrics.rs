//! What an operator scrapes at `GET /metrics`, in the Prometheus text format (the `prometheus` crate):
//! requests by method, route template and status, and their latency; the database pool in use, idle and
//! waiting; the outbox's depth and the age of its oldest undelivered message; the build. Only the
//! addresses `metrics_scrapers` names may read it.

use std::net::IpAddr;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use cspr_persistence::{
    Database,
    outbox::{self, Depth},
};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use crate::{config::Settings, context::AppState, error::ApiError};

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool: IntGaugeVec,
    outbox: IntGaugeVec,
    oldest: IntGauge,
    scrapers: Vec<IpAddr>,
}

const REQUEST_LABELS: [&str; 3] = ["method", "route", "status"];

impl Metrics {
    pub fn from_settings(settings: &Settings) -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("cspr".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "Requests answered, by route template and status.",
            ),
            &REQUEST_LABELS,
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time from the request's arrival to its answer, by route template and status.",
            ),
            &REQUEST_LABELS,
        )?;
        let pool = IntGaugeVec::new(
            Opts::new(
                "db_pool_connections",
                "Database connections in use, idle, and requests waiting for one.",
            ),
            &["state"],
        )?;
        let outbox = IntGaugeVec::new(
            Opts::new(
                "outbox_messages",
                "Messages not yet delivered: pending (or being sent), waiting for a destination, dead.",
            ),
            &["state"],
        )?;
        let oldest = IntGauge::with_opts(Opts::new(
            "outbox_oldest_undelivered_age_seconds",
            "How long the oldest undelivered message has waited (0 when none).",
        ))?;
        let build = IntGauge::with_opts(
            Opts::new("build_info", "The running build (always 1).")
                .const_label("version", env!("CARGO_PKG_VERSION")),
        )?;
        build.set(1);
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(outbox.clone()))?;
        registry.register(Box::new(oldest.clone()))?;
        registry.register(Box::new(build))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            pool,
            outbox,
            oldest,
            scrapers: settings
                .metrics_scrapers
                .iter()
                .filter_map(|s| s.parse().ok())
                .collect(),
        })
    }

    /// Counts one answered request. The route is the template (`/v1/referrals/{id}`), never the path,
    /// so the series stay few and no case id reaches the metrics.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let status = status.to_string();
        let labels = [method, route, status.as_str()];
        self.requests.with_label_values(&labels).inc();
        self.latency.with_label_values(&labels).observe(seconds);
    }

    fn render(
        &self,
        db: &Database,
        outbox: &Depth,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        for (state, n) in [
            ("pending", outbox.pending),
            ("waiting", outbox.waiting),
            ("dead", outbox.dead),
        ] {
            self.outbox.with_label_values(&[state]).set(n);
        }
        self.oldest.set(
            outbox
                .oldest_undelivered_at
                .map_or(0, |t| (now - t).num_seconds().max(0)),
        );
        let pool = db.pool_status();
        for (state, n) in [
            ("in_use", pool.in_use),
            ("idle", pool.idle),
            ("waiting", pool.waiting),
        ] {
            self.pool
                .with_label_values(&[state])
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        let mut out = vec![];
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut out)
            .map_err(ApiError::internal)?;
        String::from_utf8(out).map_err(ApiError::internal)
    }
}

/// `GET /metrics`: for the configured scrapers only (by the connecting address: a scraper connects
/// directly, not through the public proxy); unconfigured, the endpoint does not exist.
pub async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let metrics = &state.metrics;
    if metrics.scrapers.is_empty() {
        return Err(ApiError::NotFound);
    }
    let peer = req.peer_addr().map(|a| a.ip());
    if !peer.is_some_and(|ip| metrics.scrapers.contains(&ip)) {
        return Err(ApiError::NotAScraper);
    }
    let db = state.db.clone();
    let depth = crate::app::blocking(move || {
        db.read(cspr_persistence::ReadShape::SingleStatement, |c| {
            outbox::depth(c, None)
        })
        .map_err(ApiError::from)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(prometheus::TEXT_FORMAT)
        .body(metrics.render(&state.db, &depth, state.clock.now())?))
}
