//! Webhook subscriptions: an agency's endpoint for events about itself, the partnership's for its
//! own. Messages are signed as Standard Webhooks says; see docs/INTEGRATIONS.md.

use actix_web::{HttpResponse, delete, get, post, web};
use cspr_openapi::outbox::{
    WebhookSubscription, WebhookSubscriptionCreate, WebhookSubscriptionList,
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, StepErrors},
    },
};

/// Subscribe an endpoint (an agency: to events about itself; a partnership admin: to the
/// partnership's). The answer's `secret` signs every message and is shown only here.
#[utoipa::path(
    tag = "integrations",
    operation_id = "create_webhook_subscription",
    request_body = WebhookSubscriptionCreate,
    responses((status = 201, description = "Subscribed; the only answer with its secret.", body = WebhookSubscription), StepErrors),
    security(("bearer" = []))
)]
#[post("/webhook-subscriptions")]
pub async fn create_webhook_subscription(
    ctx: Ctx,
    body: ValidJson<WebhookSubscriptionCreate>,
) -> Result<HttpResponse, ApiError> {
    let made = app::webhook_subscriptions::create(&ctx, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/webhook-subscriptions/{}", made.id)))
        .json(made))
}

/// Your subscriptions (an agency's own, or the partnership's), newest first, revoked ones too.
#[utoipa::path(
    tag = "integrations",
    operation_id = "list_webhook_subscriptions",
    responses((status = 200, description = "The subscriptions.", body = WebhookSubscriptionList), ListErrors),
    security(("bearer" = []))
)]
#[get("/webhook-subscriptions")]
pub async fn list_webhook_subscriptions(
    ctx: Ctx,
) -> Result<web::Json<WebhookSubscriptionList>, ApiError> {
    Ok(web::Json(app::webhook_subscriptions::list(&ctx).await?))
}

/// A new secret, shown only in this answer; messages carry a signature by the old one too for 24
/// hours, so the receiver can move over in its own time.
#[utoipa::path(
    tag = "integrations",
    operation_id = "rotate_webhook_secret",
    params(("id" = String, Path, description = "The subscription's id.")),
    responses((status = 200, description = "Rotated.", body = WebhookSubscription), StepErrors),
    security(("bearer" = []))
)]
#[post("/webhook-subscriptions/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::webhook_subscriptions::rotate(&ctx, &id).await?))
}

/// Revoke a subscription: nothing more is sent to it.
#[utoipa::path(
    tag = "integrations",
    operation_id = "revoke_webhook_subscription",
    params(("id" = String, Path, description = "The subscription's id.")),
    responses((status = 204, description = "Revoked."), StepErrors),
    security(("bearer" = []))
)]
#[delete("/webhook-subscriptions/{id}")]
pub async fn revoke_webhook_subscription(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::webhook_subscriptions::revoke(&ctx, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}
