//! The `cspr` command: serve, migrate, mint local tokens, add partnerships, print the contract, load demo
//! data.

use std::{path::PathBuf, process::ExitCode, time::Duration};

use clap::{Parser, Subcommand};

mod audit;
mod backup;
mod identifying;
use cspr_domain::{
    access::Role,
    text::{AgencyCode, Name, PartnershipSlug, Subject},
};
use cspr_persistence::partnerships;

use crate::{
    Application,
    auth::{claims::Claims, local::LocalKey},
    config::Settings,
    demo, graphql, openapi_doc,
    startup::{migrate_database, open_database},
    telemetry,
};

#[derive(Parser)]
#[command(
    name = "cspr",
    version,
    about = "Child Safeguarding Practice Review platform"
)]
struct Cli {
    /// A TOML settings file (see README, "Configuration").
    #[arg(long, global = true, env = "CSPR_CONFIG")]
    config: Option<PathBuf>,
    /// Where the SQLite database and the local signing key live (default ./data).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (migrating the database first).
    Serve {
        /// host:port to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        addr: Option<String>,
        /// Load the demo partnership first (as `cspr demo`), so there is data to look at.
        #[arg(long)]
        demo: bool,
        /// Do not migrate at start-up (`cspr migrate` runs as a release step); refuse to serve a
        /// database that still needs migrations.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Copy the SQLite database to FILE while the server runs (a consistent snapshot; FILE must not
    /// exist). PostgreSQL: use pg_dump (README, "Backups").
    Backup { file: PathBuf },
    /// Replace the SQLite database with the backup FILE, the server stopped; the database replaced is
    /// kept beside it (`cspr.db.before-restore-<time>`).
    Restore { file: PathBuf },
    /// Ask a running server whether it is ready (`/health/ready`): exit 0 if so, 1 if not or unreachable.
    /// For container health checks without curl.
    Health {
        /// The server's base URL (default: http:// and the configured `addr`, 127.0.0.1 for 0.0.0.0).
        #[arg(long)]
        url: Option<String>,
    },
    /// Print a token the local server accepts (local sign-in only).
    Token {
        #[arg(long)]
        partnership: String,
        /// One or more of: partnership_admin, statutory_partner, agency, lead_reviewer, panel_member, board, reporting.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// The agency the bearer acts for.
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, default_value = "local-user")]
        subject: String,
        /// How long the token lives: 30m, 8h, 7d (default 8h).
        #[arg(long, default_value = "8h")]
        ttl: String,
    },
    /// Manage partnerships (tenants).
    Partnership {
        #[command(subcommand)]
        command: PartnershipCommand,
    },
    /// The audit trail (docs/DATA-PROTECTION.md, "Audit trail").
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Identifying details' keys (docs/DATA-PROTECTION.md, "Keys").
    IdentifyingDetails {
        #[command(subcommand)]
        command: IdentifyingDetailsCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Print the GraphQL schema (SDL).
    GraphqlSchema,
    /// Load the fictional partnership `demo` with its agencies and a few referrals.
    Demo,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check each partnership's audit chain from its start; name the first broken link (exit 1 if any).
    Verify {
        /// Only this partnership's chain.
        #[arg(long)]
        partnership: Option<String>,
    },
}

#[derive(Subcommand)]
enum IdentifyingDetailsCommand {
    /// Print a new key line to put at the top of the key file.
    NewKey,
    /// Reseal every record under the key file's first key (then older keys may be removed).
    Rotate,
}

#[derive(Subcommand)]
enum PartnershipCommand {
    /// Create a partnership unless it exists.
    Add {
        slug: String,
        #[arg(long)]
        name: String,
    },
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    if let Some(dir) = cli.data_dir {
        settings.data_dir = dir;
    }
    // Kept to the end: dropping it sends the last spans.
    let _telemetry = match telemetry::init(settings.log_format, settings.otlp_endpoint.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let result = match cli.command {
        Command::Serve {
            addr,
            demo,
            no_migrate,
        } => {
            settings.migrate_on_start &= !no_migrate;
            serve(settings, addr, demo).await
        }
        Command::Health { url } => health(&settings, url).await,
        Command::Backup { file } => backup::backup(&settings, &file),
        Command::Restore { file } => backup::restore(&settings, &file).await,
        Command::Migrate => migrate_database(&settings)
            .map(|_| println!("migrations applied"))
            .map_err(boxed),
        Command::Token {
            partnership,
            roles,
            agency,
            subject,
            ttl,
        } => token(&settings, partnership, roles, agency, subject, &ttl),
        Command::Partnership {
            command: PartnershipCommand::Add { slug, name },
        } => add_partnership(&settings, &slug, &name),
        Command::Audit {
            command: AuditCommand::Verify { partnership },
        } => audit::verify(&settings, partnership.as_deref()),
        Command::IdentifyingDetails { command } => match command {
            IdentifyingDetailsCommand::NewKey => identifying::new_key(),
            IdentifyingDetailsCommand::Rotate => identifying::rotate(&settings),
        },
        Command::Openapi => openapi_doc::document_json()
            .map(|doc| print!("{doc}"))
            .map_err(boxed),
        Command::GraphqlSchema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::Demo => demo::load(&settings).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e.as_ref()),
    }
}

pub(crate) type CliResult = Result<(), Box<dyn std::error::Error>>;

fn boxed(e: impl std::error::Error + 'static) -> Box<dyn std::error::Error> {
    Box::new(e)
}

fn fail(e: &dyn std::error::Error) -> ExitCode {
    eprintln!("error: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        eprintln!("  caused by: {s}");
        source = s.source();
    }
    ExitCode::FAILURE
}

async fn serve(mut settings: Settings, addr: Option<String>, demo: bool) -> CliResult {
    if let Some(addr) = addr {
        settings.addr = addr;
    }
    if demo {
        demo::load(&settings).await?;
    }
    let app = Application::build(settings)?;
    app.run_until_signalled().await?;
    Ok(())
}

/// The base URL of the server the settings describe, as seen from the same machine.
pub(crate) fn local_url(addr: &str) -> String {
    let addr = addr
        .strip_prefix("0.0.0.0:")
        .map_or_else(|| addr.to_owned(), |port| format!("127.0.0.1:{port}"));
    format!("http://{addr}")
}

/// Whether a server answers at `base` (within a few seconds).
pub(crate) async fn answers(base: &str, path: &str) -> Result<reqwest::StatusCode, String> {
    let url = format!("{}{path}", base.trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| e.to_string())?;
    client
        .get(&url)
        .send()
        .await
        .map(|r| r.status())
        .map_err(|e| format!("{url} could not be reached: {e}"))
}

async fn health(settings: &Settings, url: Option<String>) -> CliResult {
    let base = url.unwrap_or_else(|| local_url(&settings.addr));
    match answers(&base, "/health/ready").await.map_err(invalid)? {
        s if s.is_success() => {
            println!("ready ({base})");
            Ok(())
        }
        s => Err(invalid(format!(
            "not ready: {base}/health/ready answered {s}"
        ))),
    }
}

pub(crate) fn invalid(msg: String) -> Box<dyn std::error::Error> {
    Box::from(msg)
}

fn token(
    settings: &Settings,
    partnership: String,
    roles: Vec<String>,
    agency: Option<String>,
    subject: String,
    ttl: &str,
) -> CliResult {
    if settings.jwks_url.is_some() {
        return Err(invalid(
            "local tokens are refused while jwks_url is configured".into(),
        ));
    }
    PartnershipSlug::parse(&partnership).map_err(|e| invalid(e.to_string()))?;
    Subject::parse(&subject).map_err(|e| invalid(format!("subject {e}")))?;
    let agency = agency
        .map(|a| AgencyCode::parse(&a).map(|c| c.to_string()))
        .transpose()
        .map_err(|e| invalid(e.to_string()))?;
    for r in &roles {
        r.parse::<Role>().map_err(|e| invalid(e.to_string()))?;
    }
    let ttl =
        parse_ttl(ttl).ok_or_else(|| invalid(format!("ttl {ttl:?} is not like 30m, 8h or 7d")))?;
    if ttl.as_secs() > settings.max_token_lifetime_seconds {
        return Err(invalid(format!(
            "ttl {}s is longer than the {}s the server accepts (max_token_lifetime_seconds)",
            ttl.as_secs(),
            settings.max_token_lifetime_seconds
        )));
    }
    let key = LocalKey::for_minting(&settings.data_dir)?;
    let claims = Claims {
        sub: subject,
        partnership,
        agency,
        roles,
    };
    println!("{}", key.mint(&claims, ttl)?);
    Ok(())
}

/// `90s`, `30m`, `8h`, `7d`; at most 30 days.
fn parse_ttl(s: &str) -> Option<Duration> {
    let (n, unit) = s.split_at(s.len().checked_sub(1)?);
    let n: u64 = n.parse().ok()?;
    let secs = match unit {
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    (1..=30 * 86_400)
        .contains(&secs)
        .then(|| Duration::from_secs(secs))
}

fn add_partnership(settings: &Settings, slug: &str, name: &str) -> CliResult {
    let slug = PartnershipSlug::parse(slug).map_err(|e| invalid(e.to_string()))?;
    let name = Name::parse(name).map_err(|e| invalid(format!("name {e}")))?;
    let db = open_database(settings)?;
    let (p, created) = db.transaction(|c| partnerships::ensure(c, &slug, &name))?;
    let verb = if created { "created" } else { "exists" };
    println!("partnership {} {verb} (id {})", p.slug, p.id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_health_check_asks_the_local_address_of_a_server_listening_everywhere() {
        assert_eq!(local_url("0.0.0.0:8080"), "http://127.0.0.1:8080");
        assert_eq!(local_url("127.0.0.1:9000"), "http://127.0.0.1:9000");
    }

    #[test]
    fn ttls_take_a_unit_and_are_bounded() {
        assert_eq!(parse_ttl("30m"), Some(Duration::from_secs(1800)));
        assert_eq!(parse_ttl("8h"), Some(Duration::from_secs(28_800)));
        assert_eq!(parse_ttl("7d"), Some(Duration::from_secs(604_800)));
        assert_eq!(parse_ttl("31d"), None);
        assert_eq!(parse_ttl("0s"), None);
        assert_eq!(parse_ttl("8"), None);
        assert_eq!(parse_ttl(""), None);
    }
}
