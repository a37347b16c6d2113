//! Where the partnership's notifications go: one destination per recipient.

use actix_web::{HttpResponse, delete, get, put, web};
use cspr_openapi::outbox::{Destination, DestinationList, DestinationPut, Recipient};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, StepErrors},
    },
};

/// Set a recipient's destination (partnership admins): an HTTPS endpoint, whose messages are signed
/// with a secret shown only in this answer, or e-mail through GOV.UK Notify with the partnership's API
/// key (write-only). Messages that waited for it are sent now.
#[utoipa::path(
    tag = "integrations",
    operation_id = "set_destination",
    params(("recipient" = Recipient, Path, description = "Who the notifications are for.")),
    request_body = DestinationPut,
    responses((status = 200, description = "Set.", body = Destination), StepErrors),
    security(("bearer" = []))
)]
#[put("/destinations/{recipient}")]
pub async fn set_destination(
    ctx: Ctx,
    recipient: web::Path<String>,
    body: ValidJson<DestinationPut>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::destinations::put(&ctx, &recipient, body.0).await?))
}

/// The partnership's destinations (never their secrets).
#[utoipa::path(
    tag = "integrations",
    operation_id = "list_destinations",
    responses((status = 200, description = "The destinations.", body = DestinationList), ListErrors),
    security(("bearer" = []))
)]
#[get("/destinations")]
pub async fn list_destinations(ctx: Ctx) -> Result<web::Json<DestinationList>, ApiError> {
    Ok(web::Json(app::destinations::list(&ctx).await?))
}

/// Remove a recipient's destination: its messages wait, visible, until another is set.
#[utoipa::path(
    tag = "integrations",
    operation_id = "remove_destination",
    params(("recipient" = Recipient, Path, description = "Who the notifications are for.")),
    responses((status = 204, description = "Removed."), StepErrors),
    security(("bearer" = []))
)]
#[delete("/destinations/{recipient}")]
pub async fn remove_destination(
    ctx: Ctx,
    recipient: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::destinations::remove(&ctx, &recipient).await?;
    Ok(HttpResponse::NoContent().finish())
}
