//! The figures for reporting tools: counted in the domain from facts read column by column, so that no
//! personal data or free text is read for them; each answer is audited with the period it covers.

use chrono::NaiveDate;
use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    figures::{Period, figures},
};
use cspr_openapi::figures::ReportingFigures;
use cspr_persistence::figures as facts;

use crate::{context::Ctx, error::ApiError};

pub async fn read(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Result<ReportingFigures, ApiError> {
    ctx.caller.actor.may_read_figures()?;
    let period = Period::parse(from, to)?;
    let calendar = ctx.calendar.clone();
    ctx.read(move |conn, caller, log| {
        let p = caller.partnership.id;
        let today = england_date(log.now());
        let referrals = facts::referrals(conn, p, period.to)?;
        let reviews = facts::reviews(conn, p)?;
        let actions = facts::actions(conn, p, period.to)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Figures,
            Some(format!("{from}..{to}")),
        )]);
        let counted = figures(&calendar, period, today, &referrals, &reviews, &actions);
        Ok((&counted).into())
    })
    .await
}
