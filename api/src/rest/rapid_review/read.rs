use actix_web::{get, web};
use cspr_openapi::{
    documents::CompositeDocument,
    rapid_review::{DeadlineList, DeadlineQuery, RapidReview, Timeline},
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::responses::{ListErrors, ReadErrors},
};

/// Everything recorded about the referral's Rapid Review, and the steps that may be taken next.
#[utoipa::path(
    tag = "rapid review",
    operation_id = "get_rapid_review",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The review.", body = RapidReview), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/rapid-review")]
pub async fn get_rapid_review(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<RapidReview>, ApiError> {
    Ok(web::Json(app::rapid_review::get(&ctx, &id).await?))
}

/// Every step with its computed due date (and the working of it), the date done, and whether it was on
/// time, late, due or overdue.
#[utoipa::path(
    tag = "rapid review",
    operation_id = "get_timeline",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The timeline.", body = Timeline), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/timeline")]
pub async fn get_timeline(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<Timeline>, ApiError> {
    Ok(web::Json(app::rapid_review::timeline(&ctx, &id).await?))
}

/// Steps overdue (or due) across the referrals in progress that the caller may see, soonest first.
#[utoipa::path(
    tag = "rapid review",
    operation_id = "list_deadlines",
    params(DeadlineQuery),
    responses((status = 200, description = "The steps.", body = DeadlineList), ListErrors),
    security(("bearer" = []))
)]
#[get("/deadlines")]
pub async fn list_deadlines(
    ctx: Ctx,
    query: web::Query<DeadlineQuery>,
) -> Result<web::Json<DeadlineList>, ApiError> {
    Ok(web::Json(
        app::rapid_review::deadlines(&ctx, query.status).await?,
    ))
}

/// The composite as sent: the referral, each return's latest version accepted by then, the returns still
/// missing. For partnership admins, statutory partners and the agencies asked about the referral; 404
/// until it is sent.
#[utoipa::path(
    tag = "rapid review",
    operation_id = "get_composite",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The composite.", body = CompositeDocument), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/composite")]
pub async fn get_composite(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<CompositeDocument>, ApiError> {
    Ok(web::Json(app::rapid_review::composite(&ctx, &id).await?))
}
