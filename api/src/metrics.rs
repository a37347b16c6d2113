//! What an operator scrapes at `GET /metrics`, in the Prometheus text format (the `prometheus` crate):
//! requests by method, route template and status, and their latency; the database pool in use, idle and
//! waiting; the build. Only the addresses `metrics_scrapers` names may read it.

use std::net::IpAddr;

use actix_web::{HttpRequest, HttpResponse, web};
use cspr_persistence::Database;
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
        let build = IntGauge::with_opts(
            Opts::new("build_info", "The running build (always 1).")
                .const_label("version", env!("CARGO_PKG_VERSION")),
        )?;
        build.set(1);
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool.clone()))?;
        registry.register(Box::new(build))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            pool,
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

    fn render(&self, db: &Database) -> Result<String, ApiError> {
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
    Ok(HttpResponse::Ok()
        .content_type(prometheus::TEXT_FORMAT)
        .body(metrics.render(&state.db)?))
}
