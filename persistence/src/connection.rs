use std::{
    fmt,
    path::PathBuf,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use diesel::{
    Connection, ConnectionError, PgConnection, SqliteConnection,
    connection::{Instrumentation, InstrumentationEvent, SimpleConnection, TransactionManager},
    r2d2::ManageConnection,
};

/// One connection type over both backends: every query is written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Where the data lives, chosen from the URL's scheme. Anything but PostgreSQL or SQLite is refused at
/// start-up rather than guessed at.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else {
            let scheme = url.split_once("://").map_or("(none)", |(s, _)| s);
            Err(format!(
                "DATABASE_URL has scheme {scheme}; use postgres://… for PostgreSQL, sqlite://<path> for \
                 SQLite, or leave it unset for SQLite under the data directory"
            ))
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Postgres(_) => "postgres",
            DatabaseUrl::Sqlite(_) => "sqlite",
        }
    }
}

/// Never prints a PostgreSQL password.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Postgres(url) => {
                let shown = match (url.find("://"), url.rfind('@')) {
                    (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
                    _ => url.clone(),
                };
                write!(f, "Postgres({shown})")
            }
            DatabaseUrl::Sqlite(p) => write!(f, "Sqlite({})", p.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    #[error("could not set up the SQLite connection: {0}")]
    Setup(#[from] diesel::result::Error),
}

/// The pool's connection factory: picks the variant from the URL and sets SQLite's pragmas on every
/// new connection (busy timeout first, or pool start-up races on "database is locked"). Every connection
/// counts the statements it sends into `statements`, so tests can hold each request to a budget.
pub(crate) struct Manager {
    pub(crate) url: DatabaseUrl,
    pub(crate) statements: Arc<AtomicU64>,
}

/// Counts statements sent (a count, not a timing).
struct CountStatements(Arc<AtomicU64>);

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

pub(crate) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url)?;
                conn.set_instrumentation(CountStatements(self.statements.clone()));
                Ok(DbConnection::Postgres(conn))
            }
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.set_instrumentation(CountStatements(self.statements.clone()));
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
                    SQLITE_BUSY_TIMEOUT.as_millis()
                ))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1").map_err(ConnectError::Setup)
    }

    /// A connection whose transaction could not be rolled back (the server went away mid-request) is
    /// broken: the pool drops it instead of handing it out again. This replaces testing every checkout
    /// with a `SELECT 1`, a round trip on every request.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking()
            || <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_chooses_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").map(|u| u.backend()),
            Ok("postgres")
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").map(|u| u.backend()),
            Ok("postgres")
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///tmp/x.db"),
            Ok(DatabaseUrl::Sqlite("/tmp/x.db".into()))
        );
        assert!(
            DatabaseUrl::parse("mysql://h/db")
                .unwrap_err()
                .contains("mysql")
        );
        assert!(DatabaseUrl::parse("data.db").is_err());
    }

    #[test]
    fn a_postgres_password_is_not_printed() {
        let url = DatabaseUrl::parse("postgres://user:secret@db:5432/cspr").unwrap();
        let shown = format!("{url:?}");
        assert!(!shown.contains("secret"));
        assert!(shown.contains("@db:5432/cspr"));
    }
}
