//! REST handlers: each translates HTTP to one application function and back. Paths are collected from
//! the annotated handlers by `utoipa-actix-web`, so none can go missing from the contract.

pub mod agencies;
pub mod audit;
pub mod calendar;
pub mod fallback;
pub mod health;
pub mod json;
pub mod referrals;
pub mod responses;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// Every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live).service(health::ready).service(
        scope("/v1")
            .service(agencies::create_agency)
            .service(agencies::list_agencies)
            .service(referrals::create::create_referral)
            .service(referrals::list::list_referrals)
            .service(referrals::get::get_referral)
            .service(audit::list_audit_events)
            .service(calendar::compute_deadline),
    );
}
