mod backup;

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use diesel::{
    Connection,
    connection::{AnsiTransactionManager, TransactionManager},
    r2d2::{ManageConnection, Pool, PooledConnection},
};

use crate::{
    DbConnection, PersistenceError,
    connection::{DatabaseUrl, Manager},
};

#[derive(diesel::QueryableByName)]
struct Checkpoint {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    busy: i32,
}

/// The pool, shared by every request. Cheap to clone.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Manager>,
    statements: Arc<AtomicU64>,
    waiting: Arc<AtomicU64>,
}

/// The pool at one moment, for the operator's metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    pub in_use: u64,
    pub idle: u64,
    /// Callers waiting for a connection right now.
    pub waiting: u64,
}

enum TxError<E> {
    Diesel(diesel::result::Error),
    Command(E),
}

impl<E> From<diesel::result::Error> for TxError<E> {
    fn from(e: diesel::result::Error) -> Self {
        TxError::Diesel(e)
    }
}

impl Database {
    /// Opens the pool. SQLite keeps one writer, so its pool stays small. A caller waits at most
    /// `checkout_timeout` for a connection.
    pub fn connect(
        url: DatabaseUrl,
        max_connections: u32,
        checkout_timeout: Duration,
    ) -> Result<Self, PersistenceError> {
        if let DatabaseUrl::Sqlite(path) = &url {
            prepare_sqlite_file(path)?;
        }
        let statements = Arc::new(AtomicU64::new(0));
        let manager = Manager {
            url,
            statements: statements.clone(),
        };
        // One connection first, so that a database that cannot be opened fails at once with its own
        // cause ("file is not a database", "Connection refused") instead of the pool's retries.
        manager.connect().map_err(|e| {
            PersistenceError::Unavailable(Box::new(std::io::Error::other(format!(
                "{:?}: {e}",
                manager.url
            ))))
        })?;
        if let DatabaseUrl::Sqlite(path) = &manager.url {
            restrict_sqlite_file(path)?;
        }
        let pool = Pool::builder()
            .max_size(max_connections.max(1))
            // No connection is made in the background: a one-shot command (migrate) exits with nothing
            // left half-connecting.
            .min_idle(Some(0))
            // Broken connections are found by their errors (`Manager::has_broken`), not by a test
            // query on every checkout.
            .test_on_check_out(false)
            .connection_timeout(checkout_timeout)
            .build(manager)?;
        Ok(Self {
            pool,
            statements,
            waiting: Arc::new(AtomicU64::new(0)),
        })
    }

    /// How many SQL statements this pool's connections have sent (for statement budgets in tests).
    pub fn statements_sent(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Applies pending migrations for whichever backend this is, then chains any audit events written
    /// before the audit trail was a chain.
    pub fn migrate(&self) -> Result<Vec<String>, PersistenceError> {
        let applied = {
            let mut conn = self.conn()?;
            match &mut *conn {
                DbConnection::Postgres(c) => cspr_migrations::run_postgres(c),
                DbConnection::Sqlite(c) => cspr_migrations::run_sqlite(c),
            }
            .map_err(PersistenceError::Migration)?
        };
        let chained = self.transaction(crate::audit::chain_unchained)?;
        if chained > 0 {
            tracing::info!(
                chained,
                "audit events written before the chain are now on it"
            );
        }
        Ok(applied)
    }

    /// The migrations this database still needs.
    pub fn pending_migrations(&self) -> Result<Vec<String>, PersistenceError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConnection::Postgres(c) => cspr_migrations::pending_postgres(c),
            DbConnection::Sqlite(c) => cspr_migrations::pending_sqlite(c),
        }
        .map_err(PersistenceError::Migration)
    }

    /// Connections in use and idle, and callers waiting for one.
    pub fn pool_status(&self) -> PoolStatus {
        let state = self.pool.state();
        PoolStatus {
            in_use: u64::from(state.connections - state.idle_connections),
            idle: u64::from(state.idle_connections),
            waiting: self.waiting.load(Ordering::Relaxed),
        }
    }

    fn conn(&self) -> Result<PooledConnection<Manager>, PersistenceError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let conn = self.pool.get();
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        Ok(conn?)
    }

    /// Readiness: the database can be reached and written (a read-only file or a full disk is not
    /// ready), by committing a one-row update.
    pub fn ping(&self, now: chrono::DateTime<chrono::Utc>) -> Result<(), PersistenceError> {
        use crate::schema::readiness_probe;
        use diesel::prelude::*;
        self.transaction(|c| {
            diesel::update(readiness_probe::table)
                .set(readiness_probe::checked_at.eq(now.naive_utc()))
                .execute(c)
                .map_err(PersistenceError::from)
        })
        .map(|_| ())
    }

    /// Runs a read: several statements in one (deferred) transaction, so they see one snapshot; a single
    /// statement on its own, as it is its own snapshot and `BEGIN` and `COMMIT` would only add two round
    /// trips. On SQLite readers proceed side by side under WAL either way, as they write nothing
    /// themselves (their audit events go to the group-commit writer).
    pub fn read<T, E>(
        &self,
        shape: ReadShape,
        query: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<PersistenceError>,
    {
        let mut conn = self.conn()?;
        if shape == ReadShape::SingleStatement {
            return query(&mut conn);
        }
        conn.transaction::<T, TxError<E>, _>(|c| query(c).map_err(TxError::Command))
            .map_err(|e| match e {
                TxError::Diesel(d) => E::from(PersistenceError::from(d)),
                TxError::Command(e) => e,
            })
    }

    /// On SQLite, copies the write-ahead log into the database file and empties it, so pages a
    /// disposal overwrote (connections run with `secure_delete`) are not left behind in the log; false
    /// if a reader kept it from completing. PostgreSQL has no such file: vacuum reclaims dead rows.
    pub fn checkpoint(&self) -> Result<bool, PersistenceError> {
        let mut conn = self.conn()?;
        let DbConnection::Sqlite(c) = &mut *conn else {
            return Ok(true);
        };
        let done: Vec<Checkpoint> =
            diesel::RunQueryDsl::load(diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)"), c)?;
        Ok(done.first().is_some_and(|d| d.busy == 0))
    }

    /// Runs one command in one transaction: every write and its audit event commit together or not at
    /// all. The command's own error type passes through untouched.
    ///
    /// On SQLite every command writes (reads leave audit events), and a deferred transaction that reads
    /// first gets SQLITE_BUSY at once when it upgrades to a write, whatever the busy timeout. So SQLite
    /// transactions begin IMMEDIATE: the write lock is taken up front and writers queue on the busy
    /// timeout instead of failing.
    pub fn transaction<T, E>(
        &self,
        command: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<PersistenceError>,
    {
        let mut conn = self.conn()?;
        if let DbConnection::Sqlite(inner) = &mut *conn {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
                .map_err(|e| E::from(PersistenceError::from(e)))?;
            let conn = &mut *conn;
            return match command(conn) {
                Ok(value) => Tm::commit_transaction(conn)
                    .map(|()| value)
                    .map_err(|e| E::from(PersistenceError::from(e))),
                Err(e) => {
                    // The command's error is what the caller needs; a failed rollback leaves the
                    // connection marked broken by diesel, and the pool replaces it.
                    Tm::rollback_transaction(conn).ok();
                    Err(e)
                }
            };
        }
        conn.transaction::<T, TxError<E>, _>(|c| command(c).map_err(TxError::Command))
            .map_err(|e| match e {
                TxError::Diesel(d) => E::from(PersistenceError::from(d)),
                TxError::Command(e) => e,
            })
    }
}

/// What a read sends: which decides whether it needs a transaction to see one snapshot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadShape {
    /// Several statements that must agree with each other.
    Statements,
    /// One statement (the caller guarantees it; the statement-count tests hold it to that).
    SingleStatement,
}

type Tm = <DbConnection as Connection>::TransactionManager;

/// The database file is its owner's alone; SQLite gives its -wal and -shm files the same mode.
fn restrict_sqlite_file(path: &std::path::Path) -> Result<(), PersistenceError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(|e| {
            PersistenceError::Unavailable(Box::new(std::io::Error::other(format!(
                "cannot restrict {}: {e}",
                path.display()
            ))))
        })?;
    }
    Ok(())
}

/// The SQLite file's directory exists (created if need be) and the file, if there, is not empty: an
/// existing 0-byte file is not a database this server made, and is not silently taken for a new one.
fn prepare_sqlite_file(path: &std::path::Path) -> Result<(), PersistenceError> {
    let failed =
        |what: String| PersistenceError::Unavailable(Box::new(std::io::Error::other(what)));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| failed(format!("cannot create {}: {e}", dir.display())))?;
        // The data directory holds case data and the local signing key: its owner's alone.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| failed(format!("cannot restrict {}: {e}", dir.display())))?;
        }
    }
    match std::fs::metadata(path) {
        Ok(m) if m.len() == 0 => Err(failed(format!(
            "{} exists but is empty (0 bytes): not a database this server created; move it away to start afresh",
            path.display()
        ))),
        _ => Ok(()),
    }
}
