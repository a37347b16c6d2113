use cspr_domain::{
    agency::NewAgency,
    audit::{AuditAction, ResourceKind},
};
use cspr_openapi::agency::{Agency, AgencyCreate};
use cspr_persistence::{agencies, audit};

use crate::{context::Ctx, error::ApiError};

/// Registers an agency in the caller's partnership.
pub async fn register(ctx: &Ctx, input: AgencyCreate) -> Result<Agency, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let new = NewAgency::parse(
        &input.code,
        &input.name,
        input.kind.into(),
        input.statutory_role.into(),
    )?;
    ctx.command(move |conn, caller, log| {
        let existing = agencies::list(conn, caller.partnership.id)?;
        if existing.iter().any(|a| a.code == new.code) {
            return Err(ApiError::Conflict {
                field: Some("code".into()),
                detail: format!("An agency with code {} is already registered.", new.code),
            });
        }
        let agency = agencies::insert(conn, caller.partnership.id, &new)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Agency,
                Some(agency.id.to_string()),
            )],
        )?;
        Ok(Agency::from(&agency))
    })
    .await
}

/// The partnership's agency register. Not case data, so reading it is not audited.
pub async fn list(ctx: &Ctx) -> Result<Vec<Agency>, ApiError> {
    ctx.caller.actor.may_list_agencies()?;
    ctx.command(|conn, caller, _| {
        Ok(agencies::list(conn, caller.partnership.id)?
            .iter()
            .map(Agency::from)
            .collect())
    })
    .await
}
