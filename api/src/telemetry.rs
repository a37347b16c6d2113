//! Structured logs. Request logs carry the request id, method, route and status; handlers never log
//! request bodies, so no personal data reaches the log.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::{Resource, trace::SdkTracerProvider};
use tracing_subscriber::{EnvFilter, fmt, layer::SubscriberExt, util::SubscriberInitExt};

use crate::config::LogFormat;

/// What must live as long as the process for its last spans to leave: dropping it flushes them.
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            provider.shutdown().ok();
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("traces cannot be sent to {endpoint}")]
pub struct TelemetryError {
    endpoint: String,
    #[source]
    source: opentelemetry_otlp::ExporterBuildError,
}

/// Installs the global subscriber once (later calls, in tests, change nothing): logs to stderr and,
/// when `otlp_endpoint` is set, every span (requests, database calls, outbound calls) as an
/// OpenTelemetry span exported over OTLP/HTTP in batches from a background thread. A request's spans
/// carry its `request_id`, as its log lines do: the id finds the trace from a log line and back.
pub fn init(format: LogFormat, otlp_endpoint: Option<&str>) -> Result<Telemetry, TelemetryError> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let provider = otlp_endpoint
        .map(|endpoint| {
            tracer_provider(endpoint).map_err(|source| TelemetryError {
                endpoint: endpoint.to_owned(),
                source,
            })
        })
        .transpose()?;
    let traces = provider
        .as_ref()
        .map(|p| tracing_opentelemetry::layer().with_tracer(p.tracer("cspr")));
    let registry = tracing_subscriber::registry().with(filter).with(traces);
    let logs = fmt::layer().with_writer(std::io::stderr).with_ansi(ansi);
    let _ = match format {
        LogFormat::Json => registry.with(logs.json().flatten_event(true)).try_init(),
        LogFormat::Text => registry.with(logs).try_init(),
    };
    Ok(Telemetry { provider })
}

fn tracer_provider(
    endpoint: &str,
) -> Result<SdkTracerProvider, opentelemetry_otlp::ExporterBuildError> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(endpoint)
        .build()?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(Resource::builder().with_service_name("cspr").build())
        .build())
}

/// The span every request's log lines sit in: its request id, and nothing from the request itself (the
/// path and query may hold case ids; the route template is on the request's own line).
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        // The route template, never the path (which may hold case ids): the resource map matches it
        // before the request is routed, so the trace is named by it from the start.
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "(unmatched)".into());
        tracing::info_span!(
            "http",
            request_id = %id,
            otel.kind = "server",
            otel.name = %format!("{} {route}", request.method()),
            http.request.method = %request.method(),
            http.route = %route,
            http.response.status_code = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        if let Ok(res) = outcome {
            span.record("http.response.status_code", res.status().as_u16());
        }
    }
}
