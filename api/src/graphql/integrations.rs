//! The outbox, destinations and webhook subscriptions in GraphQL: the same application functions as
//! REST, so the same permissions and audit.

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::outbox::{
    DeliveryAttemptList, DeliveryStatus, Destination, DestinationList, DestinationPut, OutboxDepth,
    OutboxMessage, OutboxMessagePage, OutboxParams, Recipient, SentElsewhereCreate,
    WebhookSubscription, WebhookSubscriptionCreate, WebhookSubscriptionList,
};

use super::{mutation::gql, query::ctx};
use crate::app;

/// The path form of a recipient, as REST takes it.
fn recipient(r: Recipient) -> String {
    cspr_domain::outbox::Recipient::from(r).to_string()
}

#[derive(Default)]
pub struct IntegrationsQuery;

#[Object]
impl IntegrationsQuery {
    /// The partnership's outbox, newest first (as `GET /v1/outbox`).
    #[graphql(
        complexity = "limit.map_or(25, |l| usize::try_from(l).unwrap_or(100)) * child_complexity"
    )]
    async fn outbox_messages(
        &self,
        c: &Context<'_>,
        status: Option<DeliveryStatus>,
        #[graphql(validator(minimum = 1, maximum = 100))] limit: Option<i64>,
        cursor: Option<String>,
    ) -> Result<OutboxMessagePage> {
        let params = OutboxParams {
            status,
            limit,
            cursor,
        };
        gql(app::outbox::list(ctx(c)?, params).await)
    }

    /// One message (as `GET /v1/outbox/{id}`).
    async fn outbox_message(&self, c: &Context<'_>, id: ID) -> Result<OutboxMessage> {
        gql(app::outbox::get(ctx(c)?, &id).await)
    }

    /// A message's attempts (as `GET /v1/outbox/{id}/attempts`).
    async fn delivery_attempts(&self, c: &Context<'_>, id: ID) -> Result<DeliveryAttemptList> {
        gql(app::outbox::attempts(ctx(c)?, &id).await)
    }

    /// The outbox's depth (as `GET /v1/outbox/depth`).
    async fn outbox_depth(&self, c: &Context<'_>) -> Result<OutboxDepth> {
        gql(app::outbox::depth(ctx(c)?).await)
    }

    /// The partnership's destinations (as `GET /v1/destinations`).
    async fn destinations(&self, c: &Context<'_>) -> Result<DestinationList> {
        gql(app::destinations::list(ctx(c)?).await)
    }

    /// Your webhook subscriptions (as `GET /v1/webhook-subscriptions`).
    async fn webhook_subscriptions(&self, c: &Context<'_>) -> Result<WebhookSubscriptionList> {
        gql(app::webhook_subscriptions::list(ctx(c)?).await)
    }
}

#[derive(Default)]
pub struct IntegrationsMutation;

#[Object]
impl IntegrationsMutation {
    /// Try a dead message again (as `POST /v1/outbox/{id}/retry`).
    async fn retry_outbox_message(&self, c: &Context<'_>, id: ID) -> Result<OutboxMessage> {
        gql(app::outbox::retry(ctx(c)?, &id).await)
    }

    /// Record a message as sent by other means (as `POST /v1/outbox/{id}/sent-elsewhere`).
    async fn record_outbox_message_sent_elsewhere(
        &self,
        c: &Context<'_>,
        id: ID,
        #[graphql(default)] input: SentElsewhereCreate,
    ) -> Result<OutboxMessage> {
        gql(app::outbox::sent_elsewhere(ctx(c)?, &id, input).await)
    }

    /// Set a recipient's destination (as `PUT /v1/destinations/{recipient}`); replacing one takes
    /// `ifMatch`, the `ETag` of `GET /v1/destinations/{recipient}`.
    async fn set_destination(
        &self,
        c: &Context<'_>,
        recipient: Recipient,
        input: DestinationPut,
        if_match: Option<String>,
    ) -> Result<Destination> {
        gql(app::destinations::put(ctx(c)?, &self::recipient(recipient), input, if_match).await)
    }

    /// Remove a recipient's destination (as `DELETE /v1/destinations/{recipient}`).
    async fn remove_destination(&self, c: &Context<'_>, recipient: Recipient) -> Result<bool> {
        gql(
            app::destinations::remove(ctx(c)?, &self::recipient(recipient))
                .await
                .map(|()| true),
        )
    }

    /// Subscribe an endpoint (as `POST /v1/webhook-subscriptions`); the secret is shown only here.
    async fn create_webhook_subscription(
        &self,
        c: &Context<'_>,
        input: WebhookSubscriptionCreate,
    ) -> Result<WebhookSubscription> {
        gql(app::webhook_subscriptions::create(ctx(c)?, input).await)
    }

    /// A new secret for a subscription (as `POST /v1/webhook-subscriptions/{id}/rotate-secret`).
    async fn rotate_webhook_secret(&self, c: &Context<'_>, id: ID) -> Result<WebhookSubscription> {
        gql(app::webhook_subscriptions::rotate(ctx(c)?, &id).await)
    }

    /// Revoke a subscription (as `DELETE /v1/webhook-subscriptions/{id}`).
    async fn revoke_webhook_subscription(&self, c: &Context<'_>, id: ID) -> Result<bool> {
        gql(app::webhook_subscriptions::revoke(ctx(c)?, &id)
            .await
            .map(|()| true))
    }
}
