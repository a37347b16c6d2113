#![doc = include_str!("../README.md")]

use diesel::{PgConnection, SqliteConnection, migration::MigrationVersion};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const POSTGRES: EmbeddedMigrations = embed_migrations!("postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("sqlite");

/// Why migrations could not be applied; the text is for the operator's log.
pub type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Applies every pending PostgreSQL migration; returns the versions applied.
pub fn run_postgres(conn: &mut PgConnection) -> Result<Vec<String>, MigrationError> {
    conn.run_pending_migrations(POSTGRES).map(versions)
}

/// Applies every pending SQLite migration; returns the versions applied.
pub fn run_sqlite(conn: &mut SqliteConnection) -> Result<Vec<String>, MigrationError> {
    conn.run_pending_migrations(SQLITE).map(versions)
}

fn versions(applied: Vec<MigrationVersion<'_>>) -> Vec<String> {
    applied.into_iter().map(|v| v.to_string()).collect()
}
