//! Rectification of a referral's facts (docs/DATA-PROTECTION.md).

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::rectification::{RectificationCreate, RectificationList, RectificationView};

use crate::{
    app::rectifications as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Correct a factual error in a referral — its summary, or a child's sex, looked-after or
/// protection-plan status or local authority — with reasons; the original is kept beside the
/// correction with who made it and when (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "rectify_referral", request_body = RectificationCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Corrected.", body = RectificationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/rectifications")]
pub async fn rectify_referral(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<RectificationCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::rectify_referral(&ctx, &id, body.0).await?))
}

/// A referral's rectifications, oldest first: each original beside its correction (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "list_rectifications",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The rectifications.", body = RectificationList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/rectifications")]
pub async fn list_rectifications(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<RectificationList>, ApiError> {
    Ok(web::Json(app::of_referral(&ctx, &id).await?))
}
