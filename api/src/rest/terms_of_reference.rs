//! A review's terms of reference.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::terms::{TermsOfReference, TermsOfReferenceCreate, TermsOfReferenceList};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Record a new version of the terms of reference, whole (partnership admin, or the review's lead
/// reviewer): questions, the period under review, the agencies in scope with their single points of
/// contact, the timetable, the liaison with the CPS and the coroner, the communications plan. The
/// latest version governs who contributes to the chronology and the period entries are flagged
/// against.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_terms_of_reference",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = TermsOfReferenceCreate,
    responses((status = 201, description = "Recorded as the next version.", body = TermsOfReference), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/terms-of-reference")]
pub async fn record_terms_of_reference(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<TermsOfReferenceCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::terms_of_reference::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/terms-of-reference")))
        .json(recorded))
}

/// Every version of the terms, the one that governs first; an agency in scope reads the current one.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_terms_of_reference",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The versions.", body = TermsOfReferenceList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/terms-of-reference")]
pub async fn list_terms_of_reference(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<TermsOfReferenceList>, ApiError> {
    Ok(web::Json(app::terms_of_reference::list(&ctx, &id).await?))
}
