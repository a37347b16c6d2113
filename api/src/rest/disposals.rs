//! Disposal of closed cases and publication records once due (docs/DATA-PROTECTION.md): the listings,
//! listing now, and the decision on each.

use actix_web::{get, post, web};
use cspr_openapi::disposals::{DisposalList, DisposalParams, DisposalRefusal, DisposalView};

use crate::{
    app::disposals as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, StepErrors, WriteErrors},
    },
};

/// The records listed for disposal and the decisions on them, newest first; a disposed record's listing
/// is its tombstone (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "list_disposals",
    params(DisposalParams),
    responses((status = 200, description = "The listings.", body = DisposalList), ListErrors),
    security(("bearer" = []))
)]
#[get("/disposals")]
pub async fn list_disposals(
    ctx: Ctx,
    params: web::Query<DisposalParams>,
) -> Result<web::Json<DisposalList>, ApiError> {
    Ok(web::Json(
        app::list(&ctx, params.status.map(Into::into)).await?,
    ))
}

/// List now, as the daily job does, each record (a closed case, a publication record) whose retention
/// period has run and that is not listed already; answers with those it listed (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "list_cases_due_for_disposal",
    responses((status = 200, description = "The records listed now.", body = DisposalList), WriteErrors),
    security(("bearer" = []))
)]
#[post("/disposals/listing")]
pub async fn list_cases_due_for_disposal(ctx: Ctx) -> Result<web::Json<DisposalList>, ApiError> {
    Ok(web::Json(app::list_due_now(&ctx).await?))
}

/// Approve a listed record's disposal: refused (409) while a legal hold is on its case or it is no
/// longer due; its personal data and free text are removed and the listing kept as its tombstone
/// (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "approve_disposal",
    params(("id" = String, Path, description = "The listing's id.")),
    responses((status = 200, description = "Disposed of.", body = DisposalView), StepErrors),
    security(("bearer" = []))
)]
#[post("/disposals/{id}/approve")]
pub async fn approve_disposal(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<DisposalView>, ApiError> {
    Ok(web::Json(app::approve(&ctx, &id).await?))
}

/// Refuse a listed record's disposal, with reasons; it is listed again a year later (partnership
/// admin).
#[utoipa::path(
    tag = "data protection", operation_id = "refuse_disposal", request_body = DisposalRefusal,
    params(("id" = String, Path, description = "The listing's id.")),
    responses((status = 200, description = "Refused.", body = DisposalView), StepErrors),
    security(("bearer" = []))
)]
#[post("/disposals/{id}/refuse")]
pub async fn refuse_disposal(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<DisposalRefusal>,
) -> Result<web::Json<DisposalView>, ApiError> {
    Ok(web::Json(app::refuse(&ctx, &id, body.0).await?))
}
