//! The outbox, for the partnership's business team: every message the platform sends, its attempts,
//! retries of dead ones, messages sent by other means, and the outbox's depth.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::outbox::{
    DeliveryAttemptList, OutboxDepth, OutboxMessage, OutboxMessagePage, OutboxParams,
    SentElsewhereCreate,
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, ReadErrors, StepErrors},
    },
};

/// The partnership's outbox, newest first: notifications to its destinations and events to webhook
/// subscriptions, each with its status (partnership admins).
#[utoipa::path(
    tag = "integrations",
    operation_id = "list_outbox_messages",
    params(OutboxParams),
    responses((status = 200, description = "A page of messages.", body = OutboxMessagePage), ListErrors),
    security(("bearer" = []))
)]
#[get("/outbox")]
pub async fn list_outbox_messages(
    ctx: Ctx,
    params: web::Query<OutboxParams>,
) -> Result<web::Json<OutboxMessagePage>, ApiError> {
    Ok(web::Json(
        app::outbox::list(&ctx, params.into_inner()).await?,
    ))
}

/// How many messages are pending, waiting for a destination, or dead, and since when the oldest
/// undelivered one has waited.
#[utoipa::path(
    tag = "integrations",
    operation_id = "get_outbox_depth",
    responses((status = 200, description = "The outbox's depth.", body = OutboxDepth), ListErrors),
    security(("bearer" = []))
)]
#[get("/outbox/depth")]
pub async fn get_outbox_depth(ctx: Ctx) -> Result<web::Json<OutboxDepth>, ApiError> {
    Ok(web::Json(app::outbox::depth(&ctx).await?))
}

/// One message.
#[utoipa::path(
    tag = "integrations",
    operation_id = "get_outbox_message",
    params(("id" = String, Path, description = "The message's id (its `webhook-id`).")),
    responses((status = 200, description = "The message.", body = OutboxMessage), ReadErrors),
    security(("bearer" = []))
)]
#[get("/outbox/{id}")]
pub async fn get_outbox_message(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<OutboxMessage>, ApiError> {
    Ok(web::Json(app::outbox::get(&ctx, &id).await?))
}

/// Every attempt to deliver a message: when, how long, the receiver's status, why it failed.
#[utoipa::path(
    tag = "integrations",
    operation_id = "list_delivery_attempts",
    params(("id" = String, Path, description = "The message's id.")),
    responses((status = 200, description = "Its attempts, first first.", body = DeliveryAttemptList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/outbox/{id}/attempts")]
pub async fn list_delivery_attempts(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<DeliveryAttemptList>, ApiError> {
    Ok(web::Json(app::outbox::attempts(&ctx, &id).await?))
}

/// Try a dead message again: it is due now, its attempts counted afresh.
#[utoipa::path(
    tag = "integrations",
    operation_id = "retry_outbox_message",
    params(("id" = String, Path, description = "The message's id.")),
    responses((status = 200, description = "Pending again.", body = OutboxMessage), StepErrors),
    security(("bearer" = []))
)]
#[post("/outbox/{id}/retry")]
pub async fn retry_outbox_message(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::outbox::retry(&ctx, &id).await?))
}

/// Record that a pending, waiting or dead message was sent by other means: it is not sent, and the
/// notification it carries is recorded as sent.
#[utoipa::path(
    tag = "integrations",
    operation_id = "record_outbox_message_sent_elsewhere",
    params(("id" = String, Path, description = "The message's id.")),
    request_body = SentElsewhereCreate,
    responses((status = 200, description = "Recorded.", body = OutboxMessage), StepErrors),
    security(("bearer" = []))
)]
#[post("/outbox/{id}/sent-elsewhere")]
pub async fn record_outbox_message_sent_elsewhere(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<SentElsewhereCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::outbox::sent_elsewhere(&ctx, &id, body.0).await?))
}
