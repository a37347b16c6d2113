#![doc = include_str!("../README.md")]

pub mod agencies;
pub mod audit;
pub mod calendar_feeds;
mod case_outcomes;
mod connection;
mod cursor;
mod database;
pub mod disposal;
mod error;
pub mod figures;
pub mod idempotency;
pub mod information_requests;
pub mod legal_holds;
pub mod outbox;
pub mod partnerships;
pub mod rapid_reviews;
pub mod rectifications;
pub mod referrals;
pub mod retention;
pub mod reviews;
mod schema;
mod sealed;

pub use connection::{DatabaseUrl, DbConnection};
pub use cursor::Cursor;
pub use database::{Database, PoolStatus, ReadShape};
pub use error::PersistenceError;
pub use sealed::{Seal, Sealed};
