use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What can go wrong in storage. Callers see the kind; the cause chain is for the log.
#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    #[error("the database is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("a row with the same {0} already exists")]
    Conflict(String),
    #[error("migrations failed")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("query failed")]
    Query(#[source] DieselError),
    #[error("stored data could not be read back: {0}")]
    Corrupt(String),
}

impl From<DieselError> for PersistenceError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                // PostgreSQL names the constraint; SQLite names the columns in its message.
                let what = info
                    .constraint_name()
                    .map(str::to_owned)
                    .unwrap_or_else(|| info.message().to_owned());
                PersistenceError::Conflict(what)
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => PersistenceError::Unavailable(Box::new(e)),
            DieselError::DatabaseError(_, ref info) if transient(info.message()) => {
                PersistenceError::Unavailable(Box::new(e))
            }
            other => PersistenceError::Query(other),
        }
    }
}

/// Messages of a database that is gone or busy for now (the server restarted, the connection was cut,
/// SQLite's writer held the lock past the busy timeout): the caller may try again, so 503, not 500.
fn transient(message: &str) -> bool {
    const TRANSIENT: [&str; 6] = [
        "no connection to the server",
        "server closed the connection",
        "terminating connection",
        "connection to server",
        "database is locked",
        "could not connect",
    ];
    let m = message.to_ascii_lowercase();
    TRANSIENT.iter().any(|t| m.contains(t))
}

impl From<diesel::r2d2::PoolError> for PersistenceError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        PersistenceError::Unavailable(Box::new(e))
    }
}

/// Text stored by us that no longer parses: a bug or a hand edit, never user input.
pub(crate) fn corrupt(column: &str, e: impl std::fmt::Display) -> PersistenceError {
    PersistenceError::Corrupt(format!("{column}: {e}"))
}
