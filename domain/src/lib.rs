#![doc = include_str!("../README.md")]

pub mod access;
pub mod agency;
pub mod audit;
pub mod calendar;
pub mod calendar_feed;
pub mod error;
pub mod figures;
pub mod ids;
pub mod outbox;
pub mod page;
pub mod partnership;
pub mod rapid_review;
pub mod referral;
pub mod retention;
pub mod review;
pub mod subject_access;
pub mod text;
mod text_enum;

pub use error::{DomainError, FieldError, Refusal};
