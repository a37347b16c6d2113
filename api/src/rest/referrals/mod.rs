//! `/v1/referrals`: the case root.

pub mod create;
pub mod get;
pub mod list;
