use actix_web::{get, web};
use cspr_openapi::{
    audit::{AuditEventPage, AuditExport, AuditExportParams, AuditQuery},
    page::PageParams,
};

use crate::{app, context::Ctx, error::ApiError, rest::responses::ListErrors};

/// The partnership's audit trail, newest first (partnership admin).
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    params(AuditQuery, PageParams),
    responses((status = 200, description = "A page of audit events.", body = AuditEventPage), ListErrors),
    security(("bearer" = []))
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    ctx: Ctx,
    query: web::Query<AuditQuery>,
    page: web::Query<PageParams>,
) -> Result<web::Json<AuditEventPage>, ApiError> {
    let page = page.into_inner();
    Ok(web::Json(
        app::audit::list(&ctx, query.into_inner(), page.limit, page.cursor.as_deref()).await?,
    ))
}

/// A period of the audit trail in chain order, each event with its place, the hash before it and its
/// own, and the chain's head: for the DPO or an auditor (partnership admin; at most 100,000 events).
#[utoipa::path(
    tag = "audit",
    operation_id = "export_audit_events",
    params(AuditExportParams),
    responses((status = 200, description = "The export.", body = AuditExport), ListErrors),
    security(("bearer" = []))
)]
#[get("/audit-events/export")]
pub async fn export_audit_events(
    ctx: Ctx,
    query: web::Query<AuditExportParams>,
) -> Result<web::Json<AuditExport>, ApiError> {
    Ok(web::Json(
        app::audit::export(&ctx, query.into_inner()).await?,
    ))
}
