//! Legal holds (docs/DATA-PROTECTION.md): on a referral or a review, listed, released.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::legal_holds::{
    LegalHoldCreate, LegalHoldList, LegalHoldParams, LegalHoldRelease, LegalHoldView,
};

use crate::{
    app::legal_holds as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, StepErrors},
    },
};

/// Place a legal hold on a referral — everything of its case is kept from disposal until it is
/// released (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "place_referral_legal_hold", request_body = LegalHoldCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Placed.", body = LegalHoldView), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/legal-holds")]
pub async fn place_referral_legal_hold(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<LegalHoldCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::on_referral(&ctx, &id, body.0).await?))
}

/// Place a legal hold on a review (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "place_review_legal_hold", request_body = LegalHoldCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Placed.", body = LegalHoldView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/legal-holds")]
pub async fn place_review_legal_hold(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<LegalHoldCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::on_review(&ctx, &id, body.0).await?))
}

/// The partnership's legal holds, newest first; `active=true` for those not yet released (partnership
/// admin).
#[utoipa::path(
    tag = "data protection", operation_id = "list_legal_holds",
    params(LegalHoldParams),
    responses((status = 200, description = "The holds.", body = LegalHoldList), ListErrors),
    security(("bearer" = []))
)]
#[get("/legal-holds")]
pub async fn list_legal_holds(
    ctx: Ctx,
    params: web::Query<LegalHoldParams>,
) -> Result<web::Json<LegalHoldList>, ApiError> {
    Ok(web::Json(
        app::list(&ctx, params.active.unwrap_or(false)).await?,
    ))
}

/// Release a legal hold, with reasons; once (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "release_legal_hold", request_body = LegalHoldRelease,
    params(("id" = String, Path, description = "The hold's id.")),
    responses((status = 200, description = "Released.", body = LegalHoldView), StepErrors),
    security(("bearer" = []))
)]
#[post("/legal-holds/{id}/release")]
pub async fn release_legal_hold(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<LegalHoldRelease>,
) -> Result<web::Json<LegalHoldView>, ApiError> {
    Ok(web::Json(app::release(&ctx, &id, body.0).await?))
}
