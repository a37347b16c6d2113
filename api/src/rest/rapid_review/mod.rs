//! `/v1/referrals/{id}/…`: the Rapid Review of a referral, step by step.

pub mod read;
pub mod steps;
pub mod submission;
pub mod votes;

use actix_web::HttpResponse;
use cspr_openapi::rapid_review::RapidReview;

/// A recorded step answers 201 with the review as it now stands.
fn recorded(review: RapidReview) -> HttpResponse {
    HttpResponse::Created().json(review)
}
