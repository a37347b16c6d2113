//! Calendar feeds: created, listed and revoked by their owners; read, without a bearer token, by whoever
//! holds a feed's address — the due steps its owner may see, each read audited.

use aws_lc_rs::digest::{SHA256, digest};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar_feed::CalendarFeed as Feed,
    ids::CalendarFeedId,
    rapid_review::timeline::StepStatus,
    text::Name,
};
use cspr_openapi::{
    calendar::{CalendarFeed, CalendarFeedCreate, CalendarFeedList},
    rapid_review::DeadlineList,
};
use cspr_persistence::{audit, calendar_feeds, partnerships};
use rand::RngCore;

use crate::{
    app::field,
    context::{AppState, Caller, Ctx},
    error::ApiError,
};

fn sha256_hex(token: &str) -> String {
    digest(&SHA256, token.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A feed's path on the server, holding its token.
pub fn feed_path(token: &str) -> String {
    format!("/v1/calendar-feeds/{token}/calendar.ics")
}

pub async fn create(ctx: &Ctx, input: CalendarFeedCreate) -> Result<CalendarFeed, ApiError> {
    let name = field(Name::parse(&input.name), "name")?;
    ctx.command(move |conn, caller, log| {
        let feed = Feed::made_by(&caller.actor, name, log.now())?;
        // 256 random bits: the address cannot be guessed; only its hash is kept.
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let token = URL_SAFE_NO_PAD.encode(secret);
        calendar_feeds::insert(conn, &feed, &sha256_hex(&token))?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::CalendarFeed,
                Some(feed.id.to_string()),
            )],
        )?;
        Ok(CalendarFeed {
            feed_path: Some(feed_path(&token)),
            ..CalendarFeed::from(&feed)
        })
    })
    .await
}

pub async fn list(ctx: &Ctx) -> Result<CalendarFeedList, ApiError> {
    ctx.caller.actor.referral_scope()?;
    ctx.read(move |conn, caller, log| {
        let feeds = calendar_feeds::of_owner(conn, caller.partnership.id, &caller.actor.subject)?;
        log.record(log.each(
            AuditAction::List,
            ResourceKind::CalendarFeed,
            feeds.iter().map(|f| f.id),
        ));
        Ok(CalendarFeedList {
            items: feeds.iter().map(CalendarFeed::from).collect(),
        })
    })
    .await
}

pub async fn revoke(ctx: &Ctx, id: &str) -> Result<(), ApiError> {
    ctx.caller.actor.referral_scope()?;
    let id = CalendarFeedId::parse(id).map_err(|_| ApiError::NotFound)?;
    ctx.command(move |conn, caller, log| {
        if !calendar_feeds::revoke(
            conn,
            caller.partnership.id,
            &caller.actor.subject,
            id,
            log.now(),
        )? {
            return Err(ApiError::NotFound);
        }
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::CalendarFeed,
                Some(id.to_string()),
            )],
        )?;
        Ok(())
    })
    .await
}

/// The feed a token addresses, and its due and overdue steps as its owner's scope sees them.
pub async fn read(
    state: &AppState,
    token: &str,
    request_id: String,
) -> Result<(Feed, DeadlineList), ApiError> {
    let hash = sha256_hex(token);
    let db = state.db.clone();
    let (feed, partnership) = crate::app::blocking(move || {
        db.transaction(|conn| {
            let feed = calendar_feeds::by_token(conn, &hash)?.ok_or(ApiError::NotFound)?;
            let partnership =
                partnerships::find(conn, feed.partnership_id)?.ok_or(ApiError::NotFound)?;
            Ok((feed, partnership))
        })
    })
    .await?;
    let caller = Caller {
        actor: feed.reader(),
        partnership,
    };
    let ctx = Ctx::of(state, caller, request_id);
    let steps = crate::app::rapid_review::deadlines_in(
        &ctx,
        &[StepStatus::Due, StepStatus::Overdue],
        Some(feed.id),
    )
    .await?;
    Ok((feed, steps))
}
