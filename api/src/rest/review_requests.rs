//! A review's information requests.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::information_request::{InformationRequestList, ReviewInformationRequestsCreate};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Ask agencies for a chronology, an IMR, an information report or an organisational-change
/// chronology (partnership admin, or the review's lead reviewer): to the agencies named, or to every
/// agency in scope of the terms of reference, due on the date given. Returns, rework, the IMR's chief
/// officer sign-off and escalation then go through `/v1/information-requests/{id}`.
#[utoipa::path(
    tag = "reviews",
    operation_id = "issue_review_information_requests",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReviewInformationRequestsCreate,
    responses((status = 201, description = "Sent.", body = InformationRequestList), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/information-requests")]
pub async fn issue_review_information_requests(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReviewInformationRequestsCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(InformationRequestList {
        items: app::review_requests::issue(&ctx, &id, body.0).await?,
    }))
}

/// The review's information requests, oldest first (agencies read theirs in their inbox,
/// `GET /v1/information-requests`).
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_review_information_requests",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The requests.", body = InformationRequestList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/information-requests")]
pub async fn list_review_information_requests(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<InformationRequestList>, ApiError> {
    Ok(web::Json(InformationRequestList {
        items: app::review_requests::list(&ctx, &id).await?,
    }))
}
