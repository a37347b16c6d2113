//! The benchmark (`bench/README.md`): loads a national-scale data set into a fresh database, starts the
//! real server on it, drives each request with a closed-loop load generator, counts the SQL statements
//! each request sent, then serves the same queries from bare handlers (the ceiling) and prints one
//! Markdown table. It measures; it asserts nothing.

mod ceiling;
mod chronology;
mod dataset;
mod load;
mod scenarios;

use std::{sync::mpsc, time::Duration};

use clap::Parser;
use cspr_api::{
    Application,
    auth::{claims::Claims, local::LocalKey},
    config::{Secret, Settings},
    startup::open_database,
};
use diesel::{Connection, PgConnection, RunQueryDsl};

pub type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Turns anything that can be shown into a failure of the run.
pub fn fail(e: impl std::fmt::Debug) -> Failure {
    format!("{e:?}").into()
}

#[derive(Parser, Clone, Debug)]
#[command(about = "Measure the API against a national-scale data set and its bare ceiling")]
pub struct Args {
    /// A PostgreSQL server (`postgres://user@host:port`): a fresh database is made on it and dropped
    /// afterwards. Without it, SQLite in a temporary directory.
    #[arg(long)]
    postgres: Option<String>,
    #[arg(long, default_value_t = 150)]
    partnerships: usize,
    /// Referrals in all, spread evenly over the partnerships.
    #[arg(long, default_value_t = 60_000)]
    referrals: usize,
    /// Audit events in all, spread evenly over the partnerships.
    #[arg(long, default_value_t = 1_000_000)]
    audit_events: usize,
    /// Concurrent clients, each sending its next request when the last is answered.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Seconds per request kind (and again for its ceiling).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// The server's database pool (its default is 8).
    #[arg(long, default_value_t = 8)]
    pool_size: u32,
    /// Information requests prepared for the "a return submitted" run (each takes one submission).
    #[arg(long, default_value_t = 3_000)]
    returns: usize,
    /// Chronology entries sent to one review in batches of 1,000, then read back whole.
    #[arg(long, default_value_t = 10_000)]
    chronology_entries: usize,
}

fn main() -> Result<(), Failure> {
    let args = Args::parse();
    let data_dir = std::env::temp_dir().join(format!("cspr-bench-{}", uuid::Uuid::now_v7()));
    let mut settings = Settings::local(data_dir.clone());
    settings.pool_size = args.pool_size;
    // Every client is 127.0.0.1 and one of a few callers: the load, not the limits, is measured.
    settings.rate_limit_per_address = 1_000_000;
    settings.rate_limit_per_caller = 1_000_000;
    let server_url = args
        .postgres
        .as_deref()
        .map(|s| s.trim_end_matches('/').to_owned());
    let database = server_url.as_ref().map(|server| {
        (
            server.clone(),
            format!("cspr_bench_{}", uuid::Uuid::now_v7().simple()),
        )
    });
    if let Some((server, name)) = &database {
        let mut admin = PgConnection::establish(&format!("{server}/postgres"))?;
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin)?;
        settings.database_url = Some(Secret::new(format!("{server}/{name}")));
    }
    let result = measure(&args, settings, &data_dir);
    std::fs::remove_dir_all(&data_dir).ok();
    if let Some((server, name)) = database
        && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
    {
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .ok();
    }
    let (table, errors) = result?;
    println!("{table}");
    match errors {
        0 => Ok(()),
        n => Err(format!("{n} requests failed: the figures above do not count").into()),
    }
}

fn measure(
    args: &Args,
    settings: Settings,
    data_dir: &std::path::Path,
) -> Result<(String, usize), Failure> {
    let backend = settings.database()?.backend();
    let bare_db = open_database(&settings)?;
    let seeded = dataset::load(
        &bare_db,
        dataset::Sizes {
            partnerships: args.partnerships,
            referrals: args.referrals,
            audit_events: args.audit_events,
        },
    )?;
    let (tx, rx) = mpsc::channel();
    let server = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match Application::build(settings) {
                Ok(app) => {
                    tx.send(Ok((app.port(), app.handle(), app.database()))).ok();
                    app.run_until_stopped().await.ok();
                }
                Err(e) => {
                    tx.send(Err(e.to_string())).ok();
                }
            }
        })
    });
    let (port, handle, server_db) = rx.recv().map_err(fail)?.map_err(fail)?;
    let key = LocalKey::load_or_create(data_dir)?;
    let slug = seeded.partnership.slug.as_str().to_owned();
    let token = |roles: &str, agency: Option<&str>| {
        key.mint(
            &Claims {
                sub: format!("bench-{roles}"),
                partnership: slug.clone(),
                agency: agency.map(Into::into),
                roles: vec![roles.to_owned()],
            },
            Duration::from_secs(3600),
        )
    };
    let tokens = scenarios::Tokens {
        admin: token("partnership_admin", None)?,
        hospital: token("agency", Some("HOSPITAL"))?,
        school: token("agency", Some("SCHOOL"))?,
    };
    let ceiling = ceiling::Ceiling::start(
        bare_db.clone(),
        seeded.partnership.clone(),
        dataset::details(&bare_db, &seeded.partnership)?,
    )?;
    let runtime = tokio::runtime::Runtime::new()?;
    let rows = runtime.block_on(scenarios::run_all(
        args,
        scenarios::Target {
            base: format!("http://127.0.0.1:{port}"),
            db: server_db.clone(),
        },
        scenarios::Target {
            base: format!("http://127.0.0.1:{}", ceiling.port),
            db: bare_db,
        },
        &tokens,
        &seeded,
    ));
    let chronology = match &rows {
        Ok(_) => Some(runtime.block_on(chronology::run(
            &format!("http://127.0.0.1:{port}"),
            &server_db,
            &seeded,
            &tokens,
            args.chronology_entries,
        ))),
        Err(_) => None,
    };
    runtime.block_on(async {
        ceiling.stop().await;
        handle.stop(true).await;
    });
    server.join().ok();
    let rows = rows?;
    let chronology = chronology.transpose()?.unwrap_or_default();
    Ok((
        scenarios::table(backend, args, &rows) + &chronology,
        scenarios::errors(&rows),
    ))
}
