//! Sharing learning: a review's dissemination records, and national reviews' learning considered.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::learning::{
    DisseminationCreate, DisseminationList, DisseminationView, NationalLearningCreate,
    NationalLearningList, NationalLearningView,
};

use crate::{
    app::learning as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, ReadErrors, StepErrors, WriteErrors},
    },
};

/// Record how the review's learning was shared: a briefing, a learning event, team meetings,
/// supervision, a newsletter (the business team).
#[utoipa::path(
    tag = "actions", operation_id = "record_dissemination", request_body = DisseminationCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = DisseminationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/dissemination")]
pub async fn record_dissemination(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<DisseminationCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::disseminate(&ctx, &id, body.0).await?))
}

/// How the review's learning was shared.
#[utoipa::path(
    tag = "actions", operation_id = "list_disseminations",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The records.", body = DisseminationList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/dissemination")]
pub async fn list_disseminations(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<DisseminationList>, ApiError> {
    Ok(web::Json(app::disseminations(&ctx, &id).await?))
}

/// Record a national review's learning considered locally, and how it applies (the business team).
#[utoipa::path(
    tag = "actions", operation_id = "record_national_learning", request_body = NationalLearningCreate,
    responses((status = 201, description = "Recorded.", body = NationalLearningView), WriteErrors),
    security(("bearer" = []))
)]
#[post("/national-learning")]
pub async fn record_national_learning(
    ctx: Ctx,
    body: ValidJson<NationalLearningCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::consider(&ctx, body.0).await?))
}

/// National reviews' learning the partnership considered, newest first.
#[utoipa::path(
    tag = "actions", operation_id = "list_national_learning",
    responses((status = 200, description = "The learning.", body = NationalLearningList), ListErrors),
    security(("bearer" = []))
)]
#[get("/national-learning")]
pub async fn list_national_learning(ctx: Ctx) -> Result<web::Json<NationalLearningList>, ApiError> {
    Ok(web::Json(app::national(&ctx).await?))
}
