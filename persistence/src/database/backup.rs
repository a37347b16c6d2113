//! Backups of the SQLite default: a consistent copy taken while the server serves, and the check a copy
//! must pass before it replaces the live file. (PostgreSQL is backed up with its own tools: `pg_dump`,
//! continuous archiving.)

use std::path::Path;

use diesel::{QueryableByName, RunQueryDsl, sql_types::Text};

use super::Database;
use crate::{DbConnection, PersistenceError};

fn refused(what: String) -> PersistenceError {
    PersistenceError::Unavailable(Box::new(std::io::Error::other(what)))
}

#[derive(QueryableByName)]
struct Applied {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

impl Database {
    /// Writes a consistent copy of the SQLite database to `to` (which must not exist) while others
    /// read and write: `VACUUM INTO` reads one snapshot, so every transaction committed before it began
    /// is in the copy and none half-done is. The copy is its owner's alone, as the live file is.
    pub fn backup_to(&self, to: &Path) -> Result<(), PersistenceError> {
        if to.exists() {
            return Err(refused(format!(
                "{} exists: a backup never overwrites a file",
                to.display()
            )));
        }
        let target = to
            .to_str()
            .ok_or_else(|| refused(format!("{} is not a UTF-8 path", to.display())))?
            .to_owned();
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConnection::Sqlite(c) => diesel::sql_query("VACUUM INTO ?")
                .bind::<Text, _>(target)
                .execute(c)?,
            DbConnection::Postgres(_) => {
                return Err(refused(
                    "PostgreSQL is backed up with pg_dump or continuous archiving".into(),
                ));
            }
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(to, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| refused(format!("cannot restrict {}: {e}", to.display())))?;
        }
        Ok(())
    }

    /// Whether this database is whole and one of ours: SQLite's integrity check passes and it holds
    /// this application's migrations. A file that fails is not restored.
    pub fn check_restorable(&self) -> Result<(), PersistenceError> {
        let mut conn = self.conn()?;
        let DbConnection::Sqlite(c) = &mut *conn else {
            return Err(refused(
                "only an SQLite database is restored this way".into(),
            ));
        };
        let verdict: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check").load(c)?;
        if verdict.first().map(|v| v.integrity_check.as_str()) != Some("ok") {
            return Err(refused("the backup fails SQLite's integrity check".into()));
        }
        let applied: Vec<Applied> =
            diesel::sql_query("SELECT count(*) AS n FROM __diesel_schema_migrations")
                .load(c)
                .map_err(|_| {
                    refused("the backup holds no migrations: not this application's".into())
                })?;
        match applied.first() {
            Some(a) if a.n > 0 => Ok(()),
            _ => Err(refused(
                "the backup holds no migrations: not this application's".into(),
            )),
        }
    }
}
