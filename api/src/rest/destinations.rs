//! Where the partnership's notifications go: one destination per recipient.

use actix_web::{HttpRequest, HttpResponse, delete, get, http::header, put, web};
use cspr_openapi::outbox::{Destination, DestinationList, DestinationPut, Recipient};

use crate::{
    app::{
        self,
        preconditions::{self, etag},
    },
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ConditionalStepErrors, ListErrors, ReadErrors, StepErrors},
    },
};

/// Set a recipient's destination (partnership admins): an HTTPS endpoint, whose messages are signed
/// with a secret shown only in this answer, or e-mail through GOV.UK Notify with the partnership's API
/// key (write-only). Messages that waited for it are sent now. Replacing one takes `If-Match` with the
/// `ETag` of `GET /v1/destinations/{recipient}` (428 without it, 412 when it changed since).
#[utoipa::path(
    tag = "integrations",
    operation_id = "set_destination",
    params(
        ("recipient" = Recipient, Path, description = "Who the notifications are for."),
        ("If-Match" = Option<String>, Header, description = "The destination's `ETag` as read; required once there is one."),
    ),
    request_body = DestinationPut,
    responses((status = 200, description = "Set.", body = Destination), ConditionalStepErrors),
    security(("bearer" = []))
)]
#[put("/destinations/{recipient}")]
pub async fn set_destination(
    ctx: Ctx,
    req: HttpRequest,
    recipient: web::Path<String>,
    body: ValidJson<DestinationPut>,
) -> Result<HttpResponse, ApiError> {
    let if_match = preconditions::if_match(&req);
    let set = app::destinations::put(&ctx, &recipient, body.0, if_match).await?;
    let tag = etag(&Destination {
        signing_secret: None,
        ..set.clone()
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(set))
}

/// One recipient's destination (never its secrets), with its `ETag` for `If-Match` when replacing it.
#[utoipa::path(
    tag = "integrations",
    operation_id = "get_destination",
    params(("recipient" = Recipient, Path, description = "Who the notifications are for.")),
    responses((status = 200, description = "The destination.", body = Destination), ReadErrors),
    security(("bearer" = []))
)]
#[get("/destinations/{recipient}")]
pub async fn get_destination(
    ctx: Ctx,
    recipient: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (shown, tag) = app::destinations::get(&ctx, &recipient).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(shown))
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
