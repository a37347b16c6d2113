//! The end-to-end suite: the real server, real HTTP, a fresh database per test.

// A failed step in a test helper should fail the test loudly, which is what unwrap does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod abuse;
mod agencies;
mod audit;
mod auth;
mod calendar;
mod calendar_feeds;
mod chronology;
mod commissioning;
mod concurrency;
mod contract;
mod errors;
mod family_engagement;
mod graphql;
mod helpers;
mod idempotency;
mod jwks;
mod metrics;
mod notify;
mod operations;
mod outbox;
mod panel_integration;
mod panel_meetings;
mod practitioner_events;
mod publication;
mod rapid_review;
mod rapid_review_documents;
mod rapid_review_meetings;
mod rapid_review_notices;
mod rapid_review_paths;
mod receiver;
mod referral_cases;
mod referrals;
mod report;
mod review_delays;
mod review_requests;
mod review_stages;
mod review_team;
mod review_themes;
mod review_walk;
mod reviews;
mod statements;
mod terms_of_reference;
mod webhooks;
