//! The Referral Form on the wire, and the referral as read back.

mod create;
mod view;

pub use create::*;
pub use view::*;
