//! Identifying details and the anonymisation check (docs/DATA-PROTECTION.md): the pseudonym map, details
//! recorded and released, and a report version checked against them.

use actix_web::{HttpResponse, get, http::header, post, put, web};
use cspr_openapi::identifying::{
    AnonymisationCheck, IdentifyingDetailsCreate, IdentifyingDetailsRecorded,
    IdentifyingDetailsRelease, PseudonymMap, ReleaseCreate,
};

use crate::{
    app::identifying as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// The pseudonyms the review's published text must use, and who each stands for (no one's name).
#[utoipa::path(
    tag = "reviews", operation_id = "get_pseudonym_map",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The map.", body = PseudonymMap), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/pseudonyms")]
pub async fn get_pseudonym_map(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<PseudonymMap>, ApiError> {
    Ok(web::Json(app::map(&ctx, &id).await?))
}

/// Record (or replace) who a pseudonym of the review is: sealed at once, never shown back (the business
/// team or the review's lead reviewer).
#[utoipa::path(
    tag = "reviews", operation_id = "record_identifying_details",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("pseudonym" = String, Path, description = "One of the review's pseudonyms (`Child A`)."),
    ),
    request_body = IdentifyingDetailsCreate,
    responses((status = 200, description = "Recorded.", body = IdentifyingDetailsRecorded), StepErrors),
    security(("bearer" = []))
)]
#[put("/reviews/{id}/identifying-details/{pseudonym}")]
pub async fn record_identifying_details(
    ctx: Ctx,
    path: web::Path<(String, String)>,
    body: ValidJson<IdentifyingDetailsCreate>,
) -> Result<web::Json<IdentifyingDetailsRecorded>, ApiError> {
    let (id, pseudonym) = path.into_inner();
    Ok(web::Json(app::record(&ctx, &id, &pseudonym, body.0).await?))
}

/// The review's identifying details, for its declared lead reviewer only, with the purpose they are
/// needed for; the release is recorded and audited. Not cached, never replayed from an
/// `Idempotency-Key`.
#[utoipa::path(
    tag = "reviews", operation_id = "release_identifying_details",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReleaseCreate,
    responses((status = 200, description = "Released.", body = IdentifyingDetailsRelease), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/identifying-details/release")]
pub async fn release_identifying_details(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReleaseCreate>,
) -> Result<HttpResponse, ApiError> {
    let released = app::release(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(released))
}

/// A version of the report checked against the pseudonym map and the identifying details held: for
/// each pseudonym, whether the text uses it and how many of its words are a real name held (never the
/// name itself).
#[utoipa::path(
    tag = "reviews", operation_id = "check_report_anonymisation",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The version's number."),
    ),
    responses((status = 200, description = "The check.", body = AnonymisationCheck), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/report/versions/{number}/anonymisation")]
pub async fn check_report_anonymisation(
    ctx: Ctx,
    path: web::Path<(String, u32)>,
) -> Result<web::Json<AnonymisationCheck>, ApiError> {
    let (id, number) = path.into_inner();
    Ok(web::Json(app::anonymisation(&ctx, &id, number).await?))
}
