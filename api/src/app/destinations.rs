//! A partnership's destinations: where each recipient's notifications go. Set, listed and removed by
//! the business team; secrets are write-only (a new HTTPS signing secret is shown once).

use cspr_domain::{
    FieldError,
    audit::{AuditAction, ResourceKind},
    outbox::{
        Recipient, Target,
        endpoints::{Channel, Destination as Kept, Secret},
    },
};
use cspr_openapi::outbox::{self as wire, Destination, DestinationList, DestinationPut};
use cspr_persistence::{
    audit,
    outbox::{self, destinations},
};

use crate::{
    app::preconditions::{check_if_match, etag},
    context::Ctx,
    delivery::{notify_key_parts, send::endpoint, signature},
    error::ApiError,
};

fn recipient(s: &str) -> Result<Recipient, ApiError> {
    s.parse().map_err(|_| ApiError::NotFound)
}

fn required(v: Option<String>, name: &str) -> Result<String, FieldError> {
    v.filter(|s| !s.trim().is_empty())
        .ok_or_else(|| FieldError::new(name, "is required for this channel"))
}

fn absent(v: &Option<String>, name: &str) -> Result<(), FieldError> {
    match v {
        Some(_) => Err(FieldError::new(name, "does not belong to this channel")),
        None => Ok(()),
    }
}

fn email(s: String) -> Result<String, FieldError> {
    let ok = s.len() <= 320
        && !s.chars().any(char::is_whitespace)
        && s.split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    ok.then_some(s)
        .ok_or_else(|| FieldError::new("email_address", "must be an e-mail address"))
}

/// The channel `input` asks for, checked; an HTTPS one gets a new signing secret.
fn channel(input: DestinationPut, ctx: &Ctx) -> Result<Channel, ApiError> {
    let checked = match input.channel {
        wire::Channel::Https => {
            absent(&input.email_address, "email_address")?;
            absent(&input.template_id, "template_id")?;
            absent(&input.notify_api_key, "notify_api_key")?;
            let url = required(input.url, "url")?;
            endpoint(&url, &ctx.address_policy, "url")?;
            Channel::Https {
                url,
                signing_secret: signature::new_secret(),
            }
        }
        wire::Channel::Notify => {
            absent(&input.url, "url")?;
            let template_id = required(input.template_id, "template_id")?;
            if uuid::Uuid::try_parse(&template_id).is_err() {
                return Err(
                    FieldError::new("template_id", "must be a Notify template's id").into(),
                );
            }
            let api_key = required(input.notify_api_key, "notify_api_key")?;
            if notify_key_parts(&api_key).is_none() {
                return Err(
                    FieldError::new("notify_api_key", "must be a GOV.UK Notify API key").into(),
                );
            }
            Channel::Notify {
                email_address: email(required(input.email_address, "email_address")?)?,
                template_id,
                api_key: Secret::new(api_key),
            }
        }
    };
    Ok(checked)
}

/// Sets a recipient's destination; its messages waiting for one are sent now. Replacing one names the
/// version it was read at (`if_match`, its `ETag`).
pub async fn put(
    ctx: &Ctx,
    recipient_: &str,
    input: DestinationPut,
    if_match: Option<String>,
) -> Result<Destination, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let recipient = recipient(recipient_)?;
    let channel = channel(input, ctx)?;
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        let current = destinations::find(conn, keyring.as_ref(), caller.partnership.id, recipient)?
            .map(|d| etag(&Destination::from(&d)));
        check_if_match(if_match.as_deref(), current.as_deref())?;
        let kept = Kept {
            recipient,
            channel,
            updated_by: caller.actor.subject.clone(),
            updated_at: log.now(),
        };
        destinations::put(conn, keyring.as_ref(), caller.partnership.id, &kept)?;
        outbox::release_waiting(
            conn,
            caller.partnership.id,
            &Target::Destination(recipient),
            log.now(),
        )?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::DeliveryDestination,
                Some(recipient.to_string()),
            )],
        )?;
        let signing_secret = match &kept.channel {
            Channel::Https { signing_secret, .. } => Some(signing_secret.expose().to_owned()),
            Channel::Notify { .. } => None,
        };
        Ok(Destination {
            signing_secret,
            ..Destination::from(&kept)
        })
    })
    .await
}

/// One recipient's destination, with its `ETag`.
pub async fn get(ctx: &Ctx, recipient_: &str) -> Result<(Destination, String), ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let recipient = recipient(recipient_)?;
    let keyring = ctx.keyring.clone();
    ctx.read(move |conn, caller, log| {
        let kept = destinations::find(conn, keyring.as_ref(), caller.partnership.id, recipient)?
            .ok_or(ApiError::NotFound)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::DeliveryDestination,
            Some(recipient.to_string()),
        )]);
        let shown = Destination::from(&kept);
        let tag = etag(&shown);
        Ok((shown, tag))
    })
    .await
}

pub async fn list(ctx: &Ctx) -> Result<DestinationList, ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let keyring = ctx.keyring.clone();
    ctx.read(move |conn, caller, log| {
        let kept = destinations::of_partnership(conn, keyring.as_ref(), caller.partnership.id)?;
        log.record(log.each(
            AuditAction::List,
            ResourceKind::DeliveryDestination,
            kept.iter().map(|d| d.recipient),
        ));
        Ok(DestinationList {
            items: kept.iter().map(Destination::from).collect(),
        })
    })
    .await
}

/// Removes a recipient's destination: its messages wait from now on.
pub async fn remove(ctx: &Ctx, recipient_: &str) -> Result<(), ApiError> {
    ctx.caller.actor.may_manage_agencies()?;
    let recipient = recipient(recipient_)?;
    ctx.command(move |conn, caller, log| {
        if !destinations::remove(conn, caller.partnership.id, recipient)? {
            return Err(ApiError::NotFound);
        }
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::DeliveryDestination,
                Some(recipient.to_string()),
            )],
        )?;
        Ok(())
    })
    .await
}
