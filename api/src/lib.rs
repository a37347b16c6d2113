#![doc = include_str!("../README.md")]

pub mod app;
pub mod audit_writer;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod context;
pub mod delivery;
mod demo;
pub mod error;
pub mod graphql;
pub mod idempotency;
pub mod metrics;
pub mod openapi_doc;
pub mod rate_limit;
pub mod rest;
pub mod sealing;
pub mod startup;
pub mod telemetry;

pub use startup::Application;
