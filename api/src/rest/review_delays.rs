//! A review's delays.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::delays::{ReviewDelay, ReviewDelayCreate, ReviewDelays};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Record a delay as it arises (partnership admin, or the review's lead reviewer): its cause, its
/// reason, the completion it now projects, and when the Case Review Subgroup considered it. A
/// projection past six months from the decision makes the reasons owed to the National Panel and the
/// Secretary of State (`GET /v1/reviews/{id}/notifications`).
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_review_delay",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReviewDelayCreate,
    responses((status = 201, description = "Recorded.", body = ReviewDelay), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/delays")]
pub async fn record_review_delay(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReviewDelayCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::review_delays::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/delays")))
        .json(recorded))
}

/// The review's delays in the order recorded, its due date, its projected completion, and whether that
/// is past six months from the decision.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_review_delays",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The delays.", body = ReviewDelays), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/delays")]
pub async fn list_review_delays(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ReviewDelays>, ApiError> {
    Ok(web::Json(app::review_delays::list(&ctx, &id).await?))
}
