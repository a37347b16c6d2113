//! Moving a review on through its stages.

use actix_web::{HttpResponse, post, web};
use cspr_openapi::review::{Review, ReviewStageChange};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{json::ValidJson, responses::StepErrors},
};

/// Move the review on (partnership admin, or the review's lead reviewer): from `establish` to
/// `monitor` once it has its terms of reference and its lead reviewer; from `monitor` to `finalise`
/// once the panel has met and every information request to agencies is accepted.
#[utoipa::path(
    tag = "reviews",
    operation_id = "move_review_stage",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReviewStageChange,
    responses((status = 201, description = "Moved; the review as it now stands.", body = Review), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/stage")]
pub async fn move_review_stage(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReviewStageChange>,
) -> Result<HttpResponse, ApiError> {
    let moved = app::review_stages::advance(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}")))
        .json(moved))
}
