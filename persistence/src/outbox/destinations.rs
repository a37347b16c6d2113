//! A partnership's destinations, one per recipient, with the secrets they are sent with, kept sealed.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    ids::PartnershipId,
    outbox::{
        Recipient,
        endpoints::{Channel, Destination, Secret},
    },
    text::Subject,
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError, Seal,
    error::corrupt,
    schema::delivery_destinations,
    sealed::{open_text, reseal_text, seal_text},
};

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = delivery_destinations)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(treat_none_as_null = true)]
struct DestinationRow {
    partnership_id: String,
    recipient: String,
    channel: String,
    url: Option<String>,
    signing_secret: Option<String>,
    email_address: Option<String>,
    template_id: Option<String>,
    notify_api_key: Option<String>,
    updated_by: String,
    updated_at: NaiveDateTime,
}

/// What a destination's secret is bound to: sealed for one destination, it opens for no other.
fn bound_to(partnership: &str, recipient: &str) -> String {
    format!("destination/{partnership}/{recipient}")
}

impl DestinationRow {
    fn new(
        partnership: PartnershipId,
        d: &Destination,
        seal: &dyn Seal,
    ) -> Result<Self, PersistenceError> {
        let mut row = DestinationRow {
            partnership_id: partnership.to_string(),
            recipient: d.recipient.to_string(),
            channel: d.channel.name().to_owned(),
            url: None,
            signing_secret: None,
            email_address: None,
            template_id: None,
            notify_api_key: None,
            updated_by: d.updated_by.to_string(),
            updated_at: d.updated_at.naive_utc(),
        };
        let bound = bound_to(&row.partnership_id, &row.recipient);
        match &d.channel {
            Channel::Https {
                url,
                signing_secret,
            } => {
                row.url = Some(url.clone());
                row.signing_secret = Some(seal_text(seal, signing_secret.expose(), &bound)?);
            }
            Channel::Notify {
                email_address,
                template_id,
                api_key,
            } => {
                row.email_address = Some(email_address.clone());
                row.template_id = Some(template_id.clone());
                row.notify_api_key = Some(seal_text(seal, api_key.expose(), &bound)?);
            }
        }
        Ok(row)
    }

    fn into_destination(self, seal: &dyn Seal) -> Result<Destination, PersistenceError> {
        let bound = bound_to(&self.partnership_id, &self.recipient);
        let open = |stored: &str| open_text(seal, stored, &bound).map(Secret::new);
        let missing = |c: &'static str| move || corrupt(c, "missing for its channel");
        let channel = match self.channel.as_str() {
            "https" => Channel::Https {
                url: self.url.ok_or_else(missing("delivery_destinations.url"))?,
                signing_secret: open(
                    &self
                        .signing_secret
                        .ok_or_else(missing("delivery_destinations.signing_secret"))?,
                )?,
            },
            "notify" => Channel::Notify {
                email_address: self
                    .email_address
                    .ok_or_else(missing("delivery_destinations.email_address"))?,
                template_id: self
                    .template_id
                    .ok_or_else(missing("delivery_destinations.template_id"))?,
                api_key: open(
                    &self
                        .notify_api_key
                        .ok_or_else(missing("delivery_destinations.notify_api_key"))?,
                )?,
            },
            other => return Err(corrupt("delivery_destinations.channel", other)),
        };
        Ok(Destination {
            recipient: self
                .recipient
                .parse()
                .map_err(|e| corrupt("delivery_destinations.recipient", e))?,
            channel,
            updated_by: Subject::parse(&self.updated_by)
                .map_err(|e| corrupt("delivery_destinations.updated_by", e))?,
            updated_at: DateTime::from_naive_utc_and_offset(self.updated_at, Utc),
        })
    }
}

/// Sets the recipient's destination, replacing any before.
pub fn put(
    conn: &mut DbConnection,
    seal: &dyn Seal,
    partnership: PartnershipId,
    d: &Destination,
) -> Result<(), PersistenceError> {
    let row = DestinationRow::new(partnership, d, seal)?;
    let gone = diesel::update(
        delivery_destinations::table
            .filter(delivery_destinations::partnership_id.eq(partnership.to_string()))
            .filter(delivery_destinations::recipient.eq(d.recipient.as_str())),
    )
    .set(&row)
    .execute(conn)?
        == 0;
    if gone {
        diesel::insert_into(delivery_destinations::table)
            .values(&row)
            .execute(conn)?;
    }
    Ok(())
}

/// The partnership's destinations, in recipient order.
pub fn of_partnership(
    conn: &mut DbConnection,
    seal: &dyn Seal,
    partnership: PartnershipId,
) -> Result<Vec<Destination>, PersistenceError> {
    delivery_destinations::table
        .filter(delivery_destinations::partnership_id.eq(partnership.to_string()))
        .order(delivery_destinations::recipient)
        .select(DestinationRow::as_select())
        .load::<DestinationRow>(conn)?
        .into_iter()
        .map(|r| r.into_destination(seal))
        .collect()
}

/// The recipient's destination, if configured.
pub fn find(
    conn: &mut DbConnection,
    seal: &dyn Seal,
    partnership: PartnershipId,
    recipient: Recipient,
) -> Result<Option<Destination>, PersistenceError> {
    delivery_destinations::table
        .filter(delivery_destinations::partnership_id.eq(partnership.to_string()))
        .filter(delivery_destinations::recipient.eq(recipient.as_str()))
        .select(DestinationRow::as_select())
        .first::<DestinationRow>(conn)
        .optional()?
        .map(|r| r.into_destination(seal))
        .transpose()
}

/// Removes the recipient's destination; false when there was none.
pub fn remove(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    recipient: Recipient,
) -> Result<bool, PersistenceError> {
    Ok(diesel::delete(
        delivery_destinations::table
            .filter(delivery_destinations::partnership_id.eq(partnership.to_string()))
            .filter(delivery_destinations::recipient.eq(recipient.as_str())),
    )
    .execute(conn)?
        == 1)
}

/// Seals every destination's secret not yet sealed under the current key (written plain before
/// secrets were sealed, or under a key being rotated out); returns how many.
pub fn reseal_secrets(conn: &mut DbConnection, seal: &dyn Seal) -> Result<usize, PersistenceError> {
    let mut done = 0;
    for row in delivery_destinations::table
        .select(DestinationRow::as_select())
        .load::<DestinationRow>(conn)?
    {
        let bound = bound_to(&row.partnership_id, &row.recipient);
        let again = |stored: &Option<String>| match stored {
            Some(s) => reseal_text(seal, s, &bound),
            None => Ok(None),
        };
        let (signing, notify) = (again(&row.signing_secret)?, again(&row.notify_api_key)?);
        if signing.is_none() && notify.is_none() {
            continue;
        }
        let this = delivery_destinations::table
            .filter(delivery_destinations::partnership_id.eq(&row.partnership_id))
            .filter(delivery_destinations::recipient.eq(&row.recipient));
        diesel::update(this)
            .set((
                delivery_destinations::signing_secret.eq(signing.or(row.signing_secret)),
                delivery_destinations::notify_api_key.eq(notify.or(row.notify_api_key)),
            ))
            .execute(conn)?;
        done += 1;
    }
    Ok(done)
}
