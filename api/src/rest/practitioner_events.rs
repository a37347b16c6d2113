//! A review's practitioner events.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::practitioners::{
    PractitionerEvent, PractitionerEventCreate, PractitionerEventList,
    PractitionerEventOutcomeCreate,
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Record a reflective learning workshop or the feedback event, planned with its invitations sent
/// (partnership admin, or the review's lead reviewer): at least 14 days' notice, a workshop's
/// invitations with their briefing, the feedback event after every workshop.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_practitioner_event",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = PractitionerEventCreate,
    responses((status = 201, description = "Recorded, numbered.", body = PractitionerEvent), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/practitioner-events")]
pub async fn record_practitioner_event(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PractitionerEventCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::practitioner_events::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/practitioner-events")))
        .json(recorded))
}

/// Record what happened at an event, once, after it is held: how many attended, the one-to-one
/// conversations with those who could not, the agencies attending.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_practitioner_event_outcome",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The event's number."),
    ),
    request_body = PractitionerEventOutcomeCreate,
    responses((status = 201, description = "Recorded.", body = PractitionerEvent), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/practitioner-events/{number}/outcome")]
pub async fn record_practitioner_event_outcome(
    ctx: Ctx,
    path: web::Path<(String, String)>,
    body: ValidJson<PractitionerEventOutcomeCreate>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = crate::rest::numbered(path)?;
    let recorded = app::practitioner_events::record_outcome(&ctx, &id, number, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/practitioner-events")))
        .json(recorded))
}

/// The review's practitioner events, first first, with their outcomes once recorded.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_practitioner_events",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The events.", body = PractitionerEventList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/practitioner-events")]
pub async fn list_practitioner_events(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<PractitionerEventList>, ApiError> {
    Ok(web::Json(app::practitioner_events::list(&ctx, &id).await?))
}
