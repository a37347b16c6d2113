//! The Rapid Review of a referral: loaded whole as a `domain::rapid_review::RapidReview`, written one step
//! at a time.

pub(crate) mod load;
mod write;

pub use load::{load, load_many};
pub use write::*;
