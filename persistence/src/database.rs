use std::time::Duration;

use diesel::{
    Connection,
    connection::SimpleConnection,
    r2d2::{Pool, PooledConnection},
};

use crate::{
    DbConnection, PersistenceError,
    connection::{DatabaseUrl, Manager},
};

/// The pool, shared by every request. Cheap to clone.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Manager>,
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
    /// Opens the pool. SQLite keeps one writer, so its pool stays small.
    pub fn connect(url: DatabaseUrl, max_connections: u32) -> Result<Self, PersistenceError> {
        if let DatabaseUrl::Sqlite(path) = &url
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|e| PersistenceError::Unavailable(Box::new(e)))?;
        }
        let pool = Pool::builder()
            .max_size(max_connections.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(Manager { url })?;
        Ok(Self { pool })
    }

    /// Applies pending migrations for whichever backend this is.
    pub fn migrate(&self) -> Result<Vec<String>, PersistenceError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConnection::Postgres(c) => cspr_migrations::run_postgres(c),
            DbConnection::Sqlite(c) => cspr_migrations::run_sqlite(c),
        }
        .map_err(PersistenceError::Migration)
    }

    fn conn(&self) -> Result<PooledConnection<Manager>, PersistenceError> {
        Ok(self.pool.get()?)
    }

    /// Readiness: a connection can be had and answers.
    pub fn ping(&self) -> Result<(), PersistenceError> {
        self.conn()?.batch_execute("SELECT 1")?;
        Ok(())
    }

    /// Runs one command in one transaction: every write and its audit event commit together or not at
    /// all. The command's own error type passes through untouched.
    pub fn transaction<T, E>(
        &self,
        command: impl FnOnce(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<PersistenceError>,
    {
        let mut conn = self.conn()?;
        conn.transaction::<T, TxError<E>, _>(|c| command(c).map_err(TxError::Command))
            .map_err(|e| match e {
                TxError::Diesel(d) => E::from(PersistenceError::from(d)),
                TxError::Command(e) => e,
            })
    }
}
