use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::rapid_review::{RapidReview, VoteCreate, VoteView};

use super::recorded;
use crate::{
    app::rapid_review as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VoteList {
    pub items: Vec<VoteView>,
}

/// Cast the token's agency's vote (statutory partners only; once per question; at a quorate meeting).
#[utoipa::path(
    tag = "rapid review", operation_id = "cast_vote", request_body = VoteCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Cast.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/votes")]
pub async fn cast_vote(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<VoteCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::cast_vote(&ctx, &id, body.0).await?))
}

/// The votes cast so far.
#[utoipa::path(
    tag = "rapid review", operation_id = "list_votes",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The votes.", body = VoteList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/votes")]
pub async fn list_votes(ctx: Ctx, id: web::Path<String>) -> Result<web::Json<VoteList>, ApiError> {
    Ok(web::Json(VoteList {
        items: app::votes(&ctx, &id).await?,
    }))
}
