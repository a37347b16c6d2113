#![doc = include_str!("../README.md")]

pub mod actions;
pub mod agency;
pub mod audit;
pub mod calendar;
pub mod chronology;
pub mod delays;
pub mod disposals;
pub mod documents;
mod enums;
pub mod family;
pub mod figures;
pub mod identifying;
pub mod information_request;
pub mod learning;
pub mod legal_holds;
pub mod outbox;
pub mod page;
pub mod practitioners;
pub mod problem;
pub mod publication;
pub mod rapid_review;
pub mod rectification;
pub mod referral;
pub mod report;
pub mod retention;
pub mod review;
pub mod subject_access;
pub mod terms;
pub mod text;
pub mod themes;

pub use enums::*;
