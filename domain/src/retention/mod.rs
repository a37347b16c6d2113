//! Keeping records as long as they are needed and no longer (issue 13): retention classes and the day
//! each record becomes due (`schedule`), and legal holds, which keep a case's records from disposal
//! while an inquest, litigation, an inquiry or a police request needs them (`holds`), and disposal
//! of a case once due, listed daily and decided by the business team (`disposal`).

pub mod disposal;
pub mod holds;
pub mod schedule;
