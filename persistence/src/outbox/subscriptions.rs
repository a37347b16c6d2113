//! Webhook subscriptions as kept, with the event types each takes, their secrets sealed.

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
    DbConnection, PersistenceError, Seal,
    error::corrupt,
    schema::{webhook_subscription_events, webhook_subscriptions},
    sealed::{open_text, reseal_text, seal_text},
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

/// What a subscription's secrets are bound to (the current and the previous alike, so rotation moves
/// one to the other): sealed for one subscription, they open for no other.
fn bound_to(partnership: &str, id: &str) -> String {
    format!("webhook/{partnership}/{id}")
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

impl SubscriptionRow {
    fn into_subscription(
        self,
        seal: &dyn Seal,
        event_types: Vec<EventType>,
        now: DateTime<Utc>,
    ) -> Result<WebhookSubscription, PersistenceError> {
        let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
        let bound = bound_to(&self.partnership_id, &self.id);
        let mut secrets = vec![Secret::new(open_text(seal, &self.secret, &bound)?)];
        if let (Some(previous), Some(until)) = (&self.previous_secret, self.previous_secret_until)
            && utc(until) > now
        {
            secrets.push(Secret::new(open_text(seal, previous, &bound)?));
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

pub fn insert(
    conn: &mut DbConnection,
    seal: &dyn Seal,
    s: &WebhookSubscription,
) -> Result<(), PersistenceError> {
    let (id, partnership) = (s.id.to_string(), s.partnership_id.to_string());
    let secret = s.secrets.first().map(Secret::expose).unwrap_or_default();
    diesel::insert_into(webhook_subscriptions::table)
        .values(SubscriptionRow {
            secret: seal_text(seal, secret, &bound_to(&partnership, &id))?,
            id,
            partnership_id: partnership,
            agency_code: s.agency.as_ref().map(ToString::to_string),
            url: s.url.clone(),
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
    seal: &dyn Seal,
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
            r.into_subscription(seal, types, now)
        })
        .collect()
}

/// The partnership's subscriptions, newest first, revoked ones too.
pub fn of_partnership(
    conn: &mut DbConnection,
    seal: &dyn Seal,
    partnership: PartnershipId,
    now: DateTime<Utc>,
) -> Result<Vec<WebhookSubscription>, PersistenceError> {
    let rows = webhook_subscriptions::table
        .filter(webhook_subscriptions::partnership_id.eq(partnership.to_string()))
        .order(webhook_subscriptions::id.desc())
        .select(SubscriptionRow::as_select())
        .load::<SubscriptionRow>(conn)?;
    with_events(conn, seal, rows, now)
}

/// One subscription of the partnership's.
pub fn find(
    conn: &mut DbConnection,
    seal: &dyn Seal,
    partnership: PartnershipId,
    id: WebhookSubscriptionId,
    now: DateTime<Utc>,
) -> Result<Option<WebhookSubscription>, PersistenceError> {
    let rows = webhook_subscriptions::table
        .filter(webhook_subscriptions::partnership_id.eq(partnership.to_string()))
        .filter(webhook_subscriptions::id.eq(id.to_string()))
        .select(SubscriptionRow::as_select())
        .load::<SubscriptionRow>(conn)?;
    Ok(with_events(conn, seal, rows, now)?.into_iter().next())
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
    seal: &dyn Seal,
    id: WebhookSubscriptionId,
    secret: &Secret,
    grace_until: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let (partnership, current): (String, String) = webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq(id.to_string()))
        .select((
            webhook_subscriptions::partnership_id,
            webhook_subscriptions::secret,
        ))
        .first(conn)?;
    let sealed = seal_text(
        seal,
        secret.expose(),
        &bound_to(&partnership, &id.to_string()),
    )?;
    diesel::update(
        webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(id.to_string())),
    )
    .set((
        webhook_subscriptions::secret.eq(sealed),
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

/// Seals every subscription's secrets not yet sealed under the current key (written plain before
/// secrets were sealed, or under a key being rotated out); returns how many subscriptions.
pub fn reseal_secrets(conn: &mut DbConnection, seal: &dyn Seal) -> Result<usize, PersistenceError> {
    let mut done = 0;
    for row in webhook_subscriptions::table
        .select(SubscriptionRow::as_select())
        .load::<SubscriptionRow>(conn)?
    {
        let bound = bound_to(&row.partnership_id, &row.id);
        let current = reseal_text(seal, &row.secret, &bound)?;
        let previous = match &row.previous_secret {
            Some(p) => reseal_text(seal, p, &bound)?,
            None => None,
        };
        if current.is_none() && previous.is_none() {
            continue;
        }
        diesel::update(webhook_subscriptions::table.filter(webhook_subscriptions::id.eq(&row.id)))
            .set((
                webhook_subscriptions::secret.eq(current.unwrap_or(row.secret)),
                webhook_subscriptions::previous_secret.eq(previous.or(row.previous_secret)),
            ))
            .execute(conn)?;
        done += 1;
    }
    Ok(done)
}
