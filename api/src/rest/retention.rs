//! Retention periods and the retention schedule (docs/DATA-PROTECTION.md).

use actix_web::{get, put, web};
use cspr_openapi::{
    RetentionClass,
    retention::{RetentionPeriodList, RetentionPeriodPut, RetentionSchedule, ScheduleParams},
};

use crate::{
    app::retention as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, StepErrors},
    },
};

/// Each retention class's period in years: the partnership's, or the documented default (partnership
/// admin).
#[utoipa::path(
    tag = "data protection", operation_id = "list_retention_periods",
    responses((status = 200, description = "The periods.", body = RetentionPeriodList), ListErrors),
    security(("bearer" = []))
)]
#[get("/retention/periods")]
pub async fn list_retention_periods(ctx: Ctx) -> Result<web::Json<RetentionPeriodList>, ApiError> {
    Ok(web::Json(app::periods(&ctx).await?))
}

/// Set the partnership's period for a class (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "set_retention_period", request_body = RetentionPeriodPut,
    params(("class" = RetentionClass, Path, description = "The retention class.")),
    responses((status = 200, description = "Set.", body = RetentionPeriodList), StepErrors),
    security(("bearer" = []))
)]
#[put("/retention/periods/{class}")]
pub async fn set_retention_period(
    ctx: Ctx,
    class: web::Path<RetentionClass>,
    body: ValidJson<RetentionPeriodPut>,
) -> Result<web::Json<RetentionPeriodList>, ApiError> {
    Ok(web::Json(
        app::set_period(&ctx, class.into_inner().into(), body.0).await?,
    ))
}

/// The partnership's records with a retention clock — closed cases and publication records — each with
/// the event its clock started at, the day it becomes due and whether a legal hold keeps it; soonest
/// first (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "get_retention_schedule",
    params(ScheduleParams),
    responses((status = 200, description = "The schedule.", body = RetentionSchedule), ListErrors),
    security(("bearer" = []))
)]
#[get("/retention/schedule")]
pub async fn get_retention_schedule(
    ctx: Ctx,
    params: web::Query<ScheduleParams>,
) -> Result<web::Json<RetentionSchedule>, ApiError> {
    Ok(web::Json(app::schedule(&ctx, params.due_by).await?))
}
