#![doc = include_str!("../README.md")]

use diesel::{PgConnection, RunQueryDsl, SqliteConnection, migration::MigrationVersion};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const POSTGRES: EmbeddedMigrations = embed_migrations!("postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("sqlite");

/// Why migrations could not be applied; the text is for the operator's log.
pub type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// The advisory lock key replicas migrate under: any constant other applications on the same database
/// are unlikely to pick ("CSPR" in ASCII, then the date the lock was introduced).
const MIGRATION_LOCK: i64 = 0x4353_5052_2026_1127;

/// Applies every pending PostgreSQL migration; returns the versions applied.
///
/// Replicas starting together would otherwise run the same migration at once, and all but one fail
/// half-way. The first takes a session-level advisory lock, applies what is pending and releases it; the
/// others wait on the lock and then find nothing pending. A replica that dies holding it releases it
/// with its connection.
pub fn run_postgres(conn: &mut PgConnection) -> Result<Vec<String>, MigrationError> {
    let lock = |conn: &mut PgConnection, sql: &str| {
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK)
            .execute(conn)
    };
    lock(conn, "SELECT pg_advisory_lock($1)")?;
    let applied = conn.run_pending_migrations(POSTGRES).map(versions);
    lock(conn, "SELECT pg_advisory_unlock($1)")?;
    applied
}

/// The PostgreSQL migrations not yet applied (a replica started with migrations off refuses to serve a
/// database that needs them).
pub fn pending_postgres(conn: &mut PgConnection) -> Result<Vec<String>, MigrationError> {
    pending(conn.pending_migrations(POSTGRES)?)
}

/// The SQLite migrations not yet applied.
pub fn pending_sqlite(conn: &mut SqliteConnection) -> Result<Vec<String>, MigrationError> {
    pending(conn.pending_migrations(SQLITE)?)
}

fn pending<DB: diesel::backend::Backend>(
    migrations: Vec<Box<dyn diesel::migration::Migration<DB>>>,
) -> Result<Vec<String>, MigrationError> {
    Ok(migrations.iter().map(|m| m.name().to_string()).collect())
}

/// Applies every pending SQLite migration; returns the versions applied.
pub fn run_sqlite(conn: &mut SqliteConnection) -> Result<Vec<String>, MigrationError> {
    conn.run_pending_migrations(SQLITE).map(versions)
}

fn versions(applied: Vec<MigrationVersion<'_>>) -> Vec<String> {
    applied.into_iter().map(|v| v.to_string()).collect()
}
