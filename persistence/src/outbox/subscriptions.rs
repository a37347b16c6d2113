//! Webhook subscriptions as kept, with the event types each takes.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    ids::{PartnershipId, WebhookSubscriptionId},
    outbox::{
        Concerns, EventType,
        endpoints::{Secret, WebhookSubscription},
    },
    text::{AgencyCode, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{webhook_subscription_events, webhook_subscriptions},
};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_subscriptions)]
#[diesel(treat_none_as_default_value = false)]
struct SubscriptionRow {
    id: String,
    partnership_id: String,
    agency_code: Option<String>,
    url: String,
    secret: String,
    previous_secret: Option<String>,
    previous_secret_until: Option<NaiveDateTime>,
    created_by: String,
    created_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

impl SubscriptionRow {
    fn into_subscription(
        self,
        event_types: Vec<EventType>,
        now: DateTime<Utc>,
    ) -> Result<WebhookSubscription, PersistenceError> {
        let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
        let mut secrets = vec![Secret::new(self.secret)];
        if let (Some(previous), Some(until)) = (self.previous_secret, self.previous_secret_until)
            && utc(until) > now
        {
            secrets.push(Secret::new(previous));
        }
        Ok(WebhookSubscription {
            id: WebhookSubscriptionId::parse(&self.id).map_err(bad("webhook_subscriptions.id"))?,
            partnership_id: PartnershipId::parse(&self.partnership_id)
                .map_err(bad("webhook_subscriptions.partnership_id"))?,
            agency: self
                .agency_code
                .map(|a| AgencyCode::parse(&a))
                .transpose()
                .map_err(bad("webhook_subscriptions.agency_code"))?,
            url: self.url,
            event_types,
            secrets,
            created_by: Subject::parse(&self.created_by)
                .map_err(bad("webhook_subscriptions.created_by"))?,
            created_at: utc(self.created_at),
            revoked_at: self.revoked_at.map(utc),
        })
    }
}

pub fn insert(conn: &mut DbConnection, s: &WebhookSubscription) -> Result<(), PersistenceError> {
    diesel::insert_into(webhook_subscriptions::table)
        .values(SubscriptionRow {
            id: s.id.to_string(),
            partnership_id: s.partnership_id.to_string(),
            agency_code: s.agency.as_ref().map(ToString::to_string),
            url: s.url.clone(),
            secret: s
                .secrets
                .first()
                .map(|k| k.expose().to_owned())
                .unwrap_or_default(),
            previous_secret: None,
            previous_secret_until: None,
            created_by: s.created_by.to_string(),
            created_at: s.created_at.naive_utc(),
            revoked_at: None,
        })
        .execute(conn)?;
    let events: Vec<_> = s
        .event_types
        .iter()
        .map(|t| {
            (
                webhook_subscription_events::subscription_id.eq(s.id.to_string()),
                webhook_subscription_events::event_type.eq(t.as_str()),
            )
        })
        .collect();
    for e in events {
        diesel::insert_into(webhook_subscription_events::table)
            .values(e)
            .execute(conn)?;
    }
    Ok(())
}

fn with_events(
    conn: &mut DbConnection,
    rows: Vec<SubscriptionRow>,
    now: DateTime<Utc>,
) -> Result<Vec<WebhookSubscription>, PersistenceError> {
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let events: Vec<(String, String)> = webhook_subscription_events::table
        .filter(webhook_subscription_events::subscription_id.eq_any(&ids))
        .order(webhook_subscription_events::event_type)
        .select((
            webhook_subscription_events::subscription_id,
            webhook_subscription_events::event_type,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            let types = events
                .iter()
                .filter(|(id, _)| *id == r.id)
                .map(|(_, t)| {
                    t.parse()
                        .map_err(|e| corrupt("webhook_subscription_events.event_type", e))
                })
                .collect::<Result<Vec<EventType>, _>>()?;
            r.into_subscription(types, now)
        })
        .collect()
}

/// The partnership's subscriptions, newest first, revoked ones too.
pub fn of_partnership(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    now: DateTime<Utc>,
) -> Result<Vec<WebhookSubscription>, PersistenceError> {
    let rows = webhook_subscriptions::table
        .filter(webhook_subscriptions::partnership_id.eq(partnership.to_string()))
        .order(webhook_subscriptions::id.desc())
        .select(SubscriptionRow::as_select())
        .load::<SubscriptionRow>(conn)?;
    with_events(conn, rows, now)
}

/// One subscription of the partnership's.
pub fn find(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    id: WebhookSubscriptionId,
    now: DateTime<Utc>,
) -> Result<Option<WebhookSubscription>, PersistenceError> {
    let rows = webhook_subscriptions::table
        .filter(webhook_subscriptions::partnership_id.eq(partnership.to_string()))
        .filter(webhook_subscriptions::id.eq(id.to_string()))
        .select(SubscriptionRow::as_select())
        .load::<SubscriptionRow>(conn)?;
    Ok(with_events(conn, rows, now)?.into_iter().next())
}

/// The live subscriptions an event reaches: the partnership's, and for an agency's event that
/// agency's, each subscribed to its type.
pub fn reached_by(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    event_type: EventType,
    concerns: &Concerns,
) -> Result<Vec<WebhookSubscriptionId>, PersistenceError> {
    use webhook_subscriptions as s;
    let mut q = s::table
        .inner_join(webhook_subscription_events::table)
        .filter(s::partnership_id.eq(partnership.to_string()))
        .filter(s::revoked_at.is_null())
        .filter(webhook_subscription_events::event_type.eq(event_type.as_str()))
        .into_boxed();
    q = match concerns {
        Concerns::Partnership => q.filter(s::agency_code.is_null()),
        Concerns::Agency(code) => q.filter(
            s::agency_code
                .is_null()
                .or(s::agency_code.eq(code.to_string())),
        ),
    };
    q.select(s::id)
        .load::<String>(conn)?
        .into_iter()
        .map(|id| {
            WebhookSubscriptionId::parse(&id).map_err(|e| corrupt("webhook_subscriptions.id", e))
        })
        .collect()
}

/// A new secret; the old one still signs until `grace_until`.
pub fn rotate(
    conn: &mut DbConnection,
    id: WebhookSubscriptionId,
    secret: &Secret,
    grace_until: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let current: String = webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq(id.to_string()))
        .select(webhook_subscriptions::secret)
        .first(conn)?;
    diesel::update(
        webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(id.to_string())),
    )
    .set((
        webhook_subscriptions::secret.eq(secret.expose()),
        webhook_subscriptions::previous_secret.eq(Some(current)),
        webhook_subscriptions::previous_secret_until.eq(Some(grace_until.naive_utc())),
    ))
    .execute(conn)?;
    Ok(())
}

/// Revokes a live subscription; false when it was not live.
pub fn revoke(
    conn: &mut DbConnection,
    id: WebhookSubscriptionId,
    at: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(diesel::update(
        webhook_subscriptions::table
            .filter(webhook_subscriptions::id.eq(id.to_string()))
            .filter(webhook_subscriptions::revoked_at.is_null()),
    )
    .set(webhook_subscriptions::revoked_at.eq(Some(at.naive_utc())))
    .execute(conn)?
        == 1)
}
