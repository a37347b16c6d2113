use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::{
    documents::SubmissionDocument,
    rapid_review::{AcknowledgementCreate, RapidReview, SubmissionCreate},
};

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

/// Record that the completed Rapid Review was sent to the National Panel; the document is assembled and
/// kept as sent. Due 2 working days after the meeting and by working day 15 after awareness; after day 15
/// only with a delay notice.
#[utoipa::path(
    tag = "rapid review", operation_id = "record_submission", request_body = SubmissionCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/submission")]
pub async fn record_submission(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<SubmissionCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::submit(&ctx, &id, body.0).await?))
}

/// The document as it was sent to the National Panel (partnership admins, statutory partners and the
/// Panel's submission integration, role `panel_integration`, only: it holds every agency's return).
#[utoipa::path(
    tag = "rapid review", operation_id = "get_submission",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The document.", body = SubmissionDocument), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/submission")]
pub async fn get_submission(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<serde_json::Value>, ApiError> {
    Ok(web::Json(app::submission(&ctx, &id).await?))
}

/// Record the National Panel's acknowledgement of the submission and the reference it gave the case
/// (the Panel's submission integration, role `panel_integration`, or a partnership admin); once. It
/// shows on the timeline, and the partnership's subscriptions to `rapid_review.submission_acknowledged`
/// are told.
#[utoipa::path(
    tag = "rapid review", operation_id = "record_submission_acknowledgement",
    request_body = AcknowledgementCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/submission/acknowledgement")]
pub async fn record_submission_acknowledgement(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<AcknowledgementCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::acknowledge(&ctx, &id, body.0).await?))
}
