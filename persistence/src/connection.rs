use std::{fmt, path::PathBuf, time::Duration};

use diesel::{
    Connection, ConnectionError, PgConnection, SqliteConnection, connection::SimpleConnection,
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
/// new connection (busy timeout first, or pool start-up races on "database is locked").
pub(crate) struct Manager {
    pub(crate) url: DatabaseUrl,
}

pub(crate) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => Ok(DbConnection::Postgres(PgConnection::establish(url)?)),
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON;",
                    SQLITE_BUSY_TIMEOUT.as_millis()
                ))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1").map_err(ConnectError::Setup)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
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
