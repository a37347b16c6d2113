//! Webhook subscriptions: an agency's for events about itself, the business team's for the
//! partnership's. The secret is shown when made and when rotated, never otherwise; after a rotation
//! the old secret still signs for a day, beside the new.

use chrono::Duration;
use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    ids::WebhookSubscriptionId,
    outbox::endpoints::WebhookSubscription as Kept,
};
use cspr_openapi::outbox::{
    WebhookSubscription, WebhookSubscriptionCreate, WebhookSubscriptionList,
};
use cspr_persistence::{DbConnection, audit, outbox::subscriptions};

use crate::{
    context::{Caller, Ctx},
    delivery::{send::endpoint, signature},
    error::ApiError,
    sealing::Keyring,
};

/// How long a rotated-out secret still signs.
const ROTATION_GRACE_HOURS: i64 = 24;

fn subscription_id(id: &str) -> Result<WebhookSubscriptionId, ApiError> {
    WebhookSubscriptionId::parse(id).map_err(|_| ApiError::NotFound)
}

/// The subscription, if the caller owns it; to anyone else it does not exist.
fn owned(
    conn: &mut DbConnection,
    keyring: &Keyring,
    caller: &Caller,
    id: WebhookSubscriptionId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Kept, ApiError> {
    subscriptions::find(conn, keyring, caller.partnership.id, id, now)?
        .filter(|s| s.owned_by(&caller.actor))
        .ok_or(ApiError::NotFound)
}

fn shown_with_secret(s: &Kept, secret: &str) -> WebhookSubscription {
    WebhookSubscription {
        secret: Some(secret.to_owned()),
        ..WebhookSubscription::from(s)
    }
}

pub async fn create(
    ctx: &Ctx,
    input: WebhookSubscriptionCreate,
) -> Result<WebhookSubscription, ApiError> {
    ctx.caller.actor.referral_scope()?;
    let url = endpoint(&input.url, &ctx.address_policy, "url")?.to_string();
    let types = input.event_types.into_iter().map(Into::into).collect();
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        let secret = signature::new_secret();
        let made = Kept::made_by(&caller.actor, url, types, secret.clone(), log.now())??;
        subscriptions::insert(conn, keyring.as_ref(), &made)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::WebhookSubscription,
                Some(made.id.to_string()),
            )],
        )?;
        Ok(shown_with_secret(&made, secret.expose()))
    })
    .await
}

pub async fn list(ctx: &Ctx) -> Result<WebhookSubscriptionList, ApiError> {
    ctx.caller.actor.referral_scope()?;
    let keyring = ctx.keyring.clone();
    ctx.read(move |conn, caller, log| {
        let mine: Vec<Kept> = subscriptions::of_partnership(
            conn,
            keyring.as_ref(),
            caller.partnership.id,
            log.now(),
        )?
        .into_iter()
        .filter(|s| s.owned_by(&caller.actor))
        .collect();
        log.record(log.each(
            AuditAction::List,
            ResourceKind::WebhookSubscription,
            mine.iter().map(|s| s.id),
        ));
        Ok(WebhookSubscriptionList {
            items: mine.iter().map(WebhookSubscription::from).collect(),
        })
    })
    .await
}

/// A new secret, shown once; the old one signs beside it for a day.
pub async fn rotate(ctx: &Ctx, id: &str) -> Result<WebhookSubscription, ApiError> {
    ctx.caller.actor.referral_scope()?;
    let id = subscription_id(id)?;
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        let s = owned(conn, &keyring, caller, id, log.now())?;
        if s.revoked_at.is_some() {
            return Err(ApiError::NotFound);
        }
        let secret = signature::new_secret();
        subscriptions::rotate(
            conn,
            keyring.as_ref(),
            id,
            &secret,
            log.now() + Duration::hours(ROTATION_GRACE_HOURS),
        )?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::WebhookSubscription,
                Some(id.to_string()),
            )],
        )?;
        Ok(shown_with_secret(&s, secret.expose()))
    })
    .await
}

/// Revokes a subscription: nothing more is sent to it.
pub async fn revoke(ctx: &Ctx, id: &str) -> Result<(), ApiError> {
    ctx.caller.actor.referral_scope()?;
    let id = subscription_id(id)?;
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        owned(conn, &keyring, caller, id, log.now())?;
        if !subscriptions::revoke(conn, id, log.now())? {
            return Err(ApiError::NotFound);
        }
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::WebhookSubscription,
                Some(id.to_string()),
            )],
        )?;
        Ok(())
    })
    .await
}
