#![doc = include_str!("../README.md")]

pub mod agency;
pub mod audit;
pub mod calendar;
mod enums;
pub mod page;
pub mod problem;
pub mod referral;

pub use enums::*;
