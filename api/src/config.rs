//! Settings, built once: defaults, then an optional TOML file, then `CSPR_*` environment variables (and the
//! conventional `DATABASE_URL`). Nothing secret has a default.

use std::{fmt, path::PathBuf};

use config::{Config, Environment, File};
use cspr_domain::outbox::address::{AddressPolicy, Network};
use cspr_persistence::DatabaseUrl;
use serde::Deserialize;

/// GOV.UK Notify's API, where e-mail destinations are sent.
const NOTIFY_API: &str = "https://api.notifications.service.gov.uk";

/// A value `Debug` and logs never print.
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// Where the SQLite file and the local signing key live.
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; unset means SQLite at `<data_dir>/cspr.db`.
    pub database_url: Option<Secret>,
    /// PostgreSQL's password, apart from the URL (as an orchestrator's secret store hands it over): it is
    /// percent-encoded into the URL's user part, so any character may be used. The URL must not carry
    /// one too.
    pub database_password: Option<Secret>,
    /// Connections in the pool.
    pub pool_size: u32,
    /// How long a request waits for a pooled connection before it answers 503: short, so that a
    /// database that went away is reported at once rather than after every request hangs.
    pub pool_timeout_ms: u64,
    /// Address `cspr serve` listens on.
    pub addr: String,
    /// Production sign-in: the identity provider's JWKS URL. When set, only RS256/ES256 tokens verified
    /// against it are accepted, and `jwt_issuer` and `jwt_audience` are required.
    pub jwks_url: Option<String>,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<String>,
    /// Whether local HS256 sign-in (keys in the data directory, tokens from `cspr token`) may be used when
    /// no identity provider is configured; set false in production so a missing setting cannot fall
    /// back to it.
    pub local_sign_in: bool,
    /// The longest a token may live (from its issue); longer ones are refused.
    pub max_token_lifetime_seconds: u64,
    /// The least time between two JWKS fetches caused by unknown key ids.
    pub jwks_refetch_seconds: u64,
    /// Browser origins allowed by CORS; none means CORS is off.
    pub cors_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// The largest body of a batch route (chronology entries, up to 1,000 a request), in bytes.
    pub batch_body_limit_bytes: usize,
    /// How long an `Idempotency-Key` and its answer are kept, in hours (at least 24).
    pub idempotency_key_hours: u32,
    /// How long a request body may take to arrive, in seconds (a slow upload is cut off).
    pub body_timeout_seconds: u64,
    /// Open connections each worker accepts; more wait in the listen backlog.
    pub max_connections: usize,
    /// Requests per second one client address may make (bursts of twice that); health checks are free.
    pub rate_limit_per_address: u32,
    /// Requests per second one signed-in caller (partnership and subject) may make (bursts of twice).
    pub rate_limit_per_caller: u32,
    /// Failed sign-ins per minute one client address may make before it is answered 429.
    pub failed_sign_ins_per_minute: u32,
    /// Proxies whose `X-Forwarded-For` is believed for the client's address; none by default.
    pub trusted_proxies: Vec<String>,
    /// Addresses that may read `/metrics` (the connecting address, not a forwarded one); none by default,
    /// and then `/metrics` does not exist.
    pub metrics_scrapers: Vec<String>,
    pub log_format: LogFormat,
    /// Where to send traces, OTLP over HTTP (`http://collector:4318/v1/traces`); unset, none are made.
    pub otlp_endpoint: Option<String>,
    /// A newer GOV.UK `bank-holidays.json` to use instead of the shipped one.
    pub bank_holidays_file: Option<PathBuf>,
    /// Whether `serve` applies pending migrations before it listens (replicas on PostgreSQL take turns
    /// under an advisory lock). Off (`serve --no-migrate`) when `cspr migrate` runs as a release step:
    /// the server then refuses a database that still needs migrations.
    pub migrate_on_start: bool,
    /// Whether this replica runs the outbox's delivery worker (every replica may; each message goes
    /// to one worker at a time).
    pub delivery_worker: bool,
    /// How often the worker looks for messages due, in milliseconds.
    pub delivery_poll_ms: u64,
    /// Attempts per message, the first included, before it is dead.
    pub delivery_max_attempts: u32,
    /// The wait after a first failed attempt, in milliseconds; it doubles with each failure (with
    /// jitter) up to `delivery_backoff_cap_ms`.
    pub delivery_backoff_ms: u64,
    pub delivery_backoff_cap_ms: u64,
    /// How long one attempt may take, connecting included, in milliseconds.
    pub delivery_timeout_ms: u64,
    /// How long a claimed message is its worker's; a worker that stops leaves it to be taken again
    /// after this. Longer than `delivery_timeout_ms`.
    pub delivery_lease_ms: u64,
    /// Networks (CIDR) a receiver may be in although they are not public, such as an agency's own.
    pub delivery_allowed_networks: Vec<String>,
    /// Plain HTTP to loopback addresses, for trying integrations on one machine; never in production.
    pub delivery_loopback_for_testing: bool,
    /// GOV.UK Notify's API (a stand-in's, in tests).
    pub notify_base_url: String,
    /// The file of keys identifying details are sealed under (`<key id> <base64 of 32 bytes>` a line,
    /// the first current); unset, `<data_dir>/identifying-details.keys`, made on first start. Set it
    /// (to a mounted secret) whenever more than one server shares a database: each must hold the same
    /// keys.
    pub identifying_details_key_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration could not be read: {0}")]
    Read(#[from] config::ConfigError),
    #[error("configuration is invalid: {0}")]
    Invalid(String),
}

/// A misspelt key in the settings file would otherwise be ignored and its default used in silence. The
/// environment is not held to this: it carries other programs' `CSPR_…` variables too.
fn refuse_unknown_keys(
    defaults_and_file: config::ConfigBuilder<config::builder::DefaultState>,
    path: &std::path::Path,
) -> Result<(), SettingsError> {
    let mut unknown = vec![];
    let _: Settings = serde_ignored::deserialize(defaults_and_file.build()?, |key| {
        unknown.push(key.to_string())
    })?;
    match unknown.first() {
        None => Ok(()),
        Some(key) => Err(SettingsError::Invalid(format!(
            "unknown setting `{key}` in {}",
            path.display()
        ))),
    }
}

impl Settings {
    /// Reads the layers. `file` is the `--config` path, if given.
    pub fn load(file: Option<&std::path::Path>) -> Result<Self, SettingsError> {
        let mut builder = Config::builder()
            .set_default("data_dir", "./data")?
            .set_default("pool_size", 8)?
            .set_default("pool_timeout_ms", 1000)?
            .set_default("addr", "127.0.0.1:8080")?
            .set_default("jwks_refetch_seconds", 60)?
            .set_default("local_sign_in", true)?
            .set_default("max_token_lifetime_seconds", 24 * 3600)?
            .set_default("cors_origins", Vec::<String>::new())?
            .set_default("body_limit_bytes", 256 * 1024)?
            .set_default("batch_body_limit_bytes", 6 * 1024 * 1024)?
            .set_default("idempotency_key_hours", 48)?
            .set_default("body_timeout_seconds", 10)?
            .set_default("max_connections", 1024)?
            .set_default("rate_limit_per_address", 200)?
            .set_default("rate_limit_per_caller", 50)?
            .set_default("failed_sign_ins_per_minute", 20)?
            .set_default("trusted_proxies", Vec::<String>::new())?
            .set_default("metrics_scrapers", Vec::<String>::new())?
            .set_default("log_format", "text")?
            .set_default("migrate_on_start", true)?
            .set_default("delivery_worker", true)?
            .set_default("delivery_poll_ms", 1000)?
            .set_default("delivery_max_attempts", 8)?
            .set_default("delivery_backoff_ms", 30_000)?
            .set_default("delivery_backoff_cap_ms", 3_600_000)?
            .set_default("delivery_timeout_ms", 10_000)?
            .set_default("delivery_lease_ms", 60_000)?
            .set_default("delivery_allowed_networks", Vec::<String>::new())?
            .set_default("delivery_loopback_for_testing", false)?
            .set_default("notify_base_url", NOTIFY_API)?;
        if let Some(path) = file {
            builder = builder.add_source(File::from(path).required(true));
            refuse_unknown_keys(builder.clone(), path)?;
        }
        if let Ok(url) = std::env::var("DATABASE_URL") {
            builder = builder.set_override("database_url", url)?;
        }
        let mut settings: Settings = builder
            .add_source(
                Environment::with_prefix("CSPR")
                    .prefix_separator("_")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("cors_origins")
                    .with_list_parse_key("trusted_proxies")
                    .with_list_parse_key("metrics_scrapers")
                    .with_list_parse_key("delivery_allowed_networks"),
            )
            .build()?
            .try_deserialize()?;
        // An empty variable (as compose files pass through) means unset, not "the empty URL".
        for value in [
            &mut settings.otlp_endpoint,
            &mut settings.jwks_url,
            &mut settings.jwt_issuer,
            &mut settings.jwt_audience,
        ] {
            value.take_if(|v| v.trim().is_empty());
        }
        settings
            .database_url
            .take_if(|v| v.expose().trim().is_empty());
        settings.check()?;
        Ok(settings)
    }

    /// Defaults alone, for tests and embedding: SQLite under `data_dir`, local tokens.
    pub fn local(data_dir: PathBuf) -> Self {
        Settings {
            data_dir,
            database_url: None,
            database_password: None,
            pool_size: 4,
            pool_timeout_ms: 1000,
            addr: "127.0.0.1:0".into(),
            jwks_url: None,
            jwt_issuer: None,
            jwt_audience: None,
            local_sign_in: true,
            max_token_lifetime_seconds: 24 * 3600,
            jwks_refetch_seconds: 60,
            cors_origins: vec![],
            body_limit_bytes: 256 * 1024,
            batch_body_limit_bytes: 6 * 1024 * 1024,
            idempotency_key_hours: 48,
            body_timeout_seconds: 10,
            max_connections: 1024,
            rate_limit_per_address: 200,
            rate_limit_per_caller: 50,
            failed_sign_ins_per_minute: 20,
            trusted_proxies: vec![],
            metrics_scrapers: vec![],
            log_format: LogFormat::Text,
            otlp_endpoint: None,
            bank_holidays_file: None,
            migrate_on_start: true,
            delivery_worker: true,
            delivery_poll_ms: 1000,
            delivery_max_attempts: 8,
            delivery_backoff_ms: 30_000,
            delivery_backoff_cap_ms: 3_600_000,
            delivery_timeout_ms: 10_000,
            delivery_lease_ms: 60_000,
            delivery_allowed_networks: vec![],
            delivery_loopback_for_testing: false,
            notify_base_url: NOTIFY_API.into(),
            identifying_details_key_file: None,
        }
    }

    fn check(&self) -> Result<(), SettingsError> {
        self.database()?;
        self.address_policy()?;
        if self.delivery_max_attempts == 0 || self.delivery_lease_ms <= self.delivery_timeout_ms {
            return Err(SettingsError::Invalid(
                "delivery_max_attempts must be at least 1, and delivery_lease_ms longer than \
                 delivery_timeout_ms"
                    .into(),
            ));
        }
        let production = [&self.jwks_url, &self.jwt_issuer, &self.jwt_audience]
            .iter()
            .filter(|v| v.is_some())
            .count();
        // Half-configured production sign-in must not fall back to local tokens: all three or none.
        if production != 0 && production != 3 {
            return Err(SettingsError::Invalid(
                "production sign-in needs all of jwks_url, jwt_issuer and jwt_audience (CSPR_JWKS_URL, \
                 CSPR_JWT_ISSUER, CSPR_JWT_AUDIENCE); set all three, or none for local sign-in"
                    .into(),
            ));
        }
        if production == 0 && !self.local_sign_in {
            return Err(SettingsError::Invalid(
                "local sign-in is forbidden here (local_sign_in = false) and no identity provider is \
                 configured: set jwks_url, jwt_issuer and jwt_audience"
                    .into(),
            ));
        }
        if let Some(url) = &self.jwks_url
            && !(url.starts_with("https://")
                || ["http://127.0.0.1", "http://localhost", "http://[::1]"]
                    .iter()
                    .any(|local| url.starts_with(local)))
        {
            return Err(SettingsError::Invalid(
                "jwks_url must be https:// (plain http only to this machine, for testing)".into(),
            ));
        }
        for (name, list) in [
            ("trusted_proxies", &self.trusted_proxies),
            ("metrics_scrapers", &self.metrics_scrapers),
        ] {
            if let Some(bad) = list.iter().find(|p| p.parse::<std::net::IpAddr>().is_err()) {
                return Err(SettingsError::Invalid(format!(
                    "{name}: {bad:?} is not an IP address"
                )));
            }
        }
        if self.idempotency_key_hours < 24 {
            return Err(SettingsError::Invalid(
                "idempotency_key_hours must be at least 24: clients retry within a day".into(),
            ));
        }
        if self.cors_origins.iter().any(|o| o.trim() == "*") {
            return Err(SettingsError::Invalid(
                "cors_origins may not be \"*\": any web page could then call the API with a user's \
                 token and read case data; list the front ends' origins"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Which database to use; a URL of any other scheme is refused here, at start-up.
    /// Where the delivery worker may send, from `delivery_allowed_networks` and
    /// `delivery_loopback_for_testing`.
    pub fn address_policy(&self) -> Result<AddressPolicy, SettingsError> {
        let allowed = self
            .delivery_allowed_networks
            .iter()
            .map(|n| {
                Network::parse(n).map_err(|e| {
                    SettingsError::Invalid(format!("delivery_allowed_networks: `{n}` {}", e.reason))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(AddressPolicy {
            allowed,
            loopback_for_testing: self.delivery_loopback_for_testing,
        })
    }

    pub fn database(&self) -> Result<DatabaseUrl, SettingsError> {
        match (&self.database_url, &self.database_password) {
            (Some(url), None) => DatabaseUrl::parse(url.expose()).map_err(SettingsError::Invalid),
            (Some(url), Some(password)) => {
                DatabaseUrl::parse(&with_password(url.expose(), password.expose())?)
                    .map_err(SettingsError::Invalid)
            }
            (None, Some(_)) => Err(SettingsError::Invalid(
                "database_password is set without database_url".into(),
            )),
            (None, None) => Ok(DatabaseUrl::Sqlite(self.data_dir.join("cspr.db"))),
        }
    }
}

/// `postgres://user@host/db` with `password` percent-encoded after the user (RFC 3986 userinfo).
fn with_password(url: &str, password: &str) -> Result<String, SettingsError> {
    let invalid = |why: &str| SettingsError::Invalid(format!("database_password: {why}"));
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(s, _)| matches!(*s, "postgres" | "postgresql"))
        .ok_or_else(|| invalid("only a postgres:// database_url takes a password"))?;
    let (user, host) = rest
        .split_once('@')
        .ok_or_else(|| invalid("database_url names no user (postgres://user@host/db)"))?;
    if user.contains(':') {
        return Err(invalid("database_url carries a password already"));
    }
    let encoded: String = password
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    Ok(format!("{scheme}://{user}:{encoded}@{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_configured_production_sign_in_a_forbidden_fallback_and_a_wildcard_origin_are_refused() {
        let mut s = Settings::local("./data".into());
        s.jwt_issuer = Some("https://idp.example".into());
        s.jwt_audience = Some("cspr".into());
        assert!(s.check().is_err(), "issuer and audience without a key set");
        s.jwks_url = Some("https://idp.example/jwks".into());
        assert!(s.check().is_ok());
        let mut s = Settings::local("./data".into());
        s.local_sign_in = false;
        assert!(s.check().is_err());
        let mut s = Settings::local("./data".into());
        s.cors_origins = vec!["*".into()];
        assert!(s.check().unwrap_err().to_string().contains("any web page"));
    }

    #[test]
    fn a_secret_is_not_printed_by_debug() {
        let mut s = Settings::local("./data".into());
        s.database_url = Some(Secret::new("postgres://u:hunter2@h/db"));
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn without_a_url_the_database_is_sqlite_in_the_data_dir() {
        let s = Settings::local("/var/lib/cspr".into());
        assert_eq!(
            s.database().unwrap(),
            DatabaseUrl::Sqlite("/var/lib/cspr/cspr.db".into())
        );
    }

    #[test]
    fn an_unknown_scheme_is_a_start_up_error() {
        let mut s = Settings::local("./data".into());
        s.database_url = Some(Secret::new("mysql://h/db"));
        assert!(s.check().is_err());
    }

    #[test]
    fn a_settings_file_overrides_the_defaults() {
        let path = std::env::temp_dir().join(format!("cspr-settings-{}.toml", std::process::id()));
        std::fs::write(
            &path,
            "addr = \"0.0.0.0:9000\"\ncors_origins = [\"https://front.example\"]\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path)).unwrap();
        std::fs::remove_file(&path).ok();
        assert_eq!(s.addr, "0.0.0.0:9000");
        assert_eq!(s.cors_origins, ["https://front.example"]);
        assert_eq!(s.pool_size, 8);
    }

    #[test]
    fn a_password_given_apart_is_percent_encoded_into_the_url() {
        assert_eq!(
            with_password("postgres://cspr@db:5432/cspr", "p@ss:w/rd%#?é").unwrap(),
            "postgres://cspr:p%40ss%3Aw%2Frd%25%23%3F%C3%A9@db:5432/cspr"
        );
        assert!(with_password("postgres://cspr:old@db/cspr", "new").is_err());
        assert!(with_password("postgres://db/cspr", "new").is_err());
        assert!(with_password("sqlite://x.db", "new").is_err());
        let mut s = Settings::local("./data".into());
        s.database_password = Some(Secret::new("x"));
        assert!(s.database().is_err(), "a password without a URL");
    }

    #[test]
    fn an_unknown_key_in_the_settings_file_is_refused_by_name() {
        let path = std::env::temp_dir().join(format!("cspr-unknown-{}.toml", std::process::id()));
        std::fs::write(&path, "addr = \"0.0.0.0:9000\"\npool_sise = 20\n").unwrap();
        let refused = Settings::load(Some(&path)).unwrap_err().to_string();
        std::fs::remove_file(&path).ok();
        assert!(refused.contains("unknown setting `pool_sise`"), "{refused}");
    }

    #[test]
    fn jwks_needs_an_issuer_and_an_audience() {
        let mut s = Settings::local("./data".into());
        s.jwks_url = Some("https://idp.example/jwks".into());
        assert!(s.check().is_err());
        s.jwt_issuer = Some("https://idp.example".into());
        s.jwt_audience = Some("cspr".into());
        assert!(s.check().is_ok());
    }
}
