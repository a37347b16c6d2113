//! Calendar feeds as kept: the token's SHA-256, never the token.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    calendar_feed::CalendarFeed,
    ids::{CalendarFeedId, PartnershipId},
    text::{AgencyCode, Name, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::calendar_feeds};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_feeds)]
#[diesel(treat_none_as_default_value = false)]
struct FeedRow {
    id: String,
    partnership_id: String,
    token_sha256: String,
    name: String,
    owner_subject: String,
    agency_code: Option<String>,
    created_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
}

impl FeedRow {
    fn into_feed(self) -> Result<CalendarFeed, PersistenceError> {
        let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
        let utc = |t: NaiveDateTime| DateTime::from_naive_utc_and_offset(t, Utc);
        Ok(CalendarFeed {
            id: CalendarFeedId::parse(&self.id).map_err(bad("calendar_feeds.id"))?,
            partnership_id: PartnershipId::parse(&self.partnership_id)
                .map_err(bad("calendar_feeds.partnership_id"))?,
            name: Name::parse(&self.name).map_err(bad("calendar_feeds.name"))?,
            owner: Subject::parse(&self.owner_subject)
                .map_err(bad("calendar_feeds.owner_subject"))?,
            agency: self
                .agency_code
                .map(|a| AgencyCode::parse(&a))
                .transpose()
                .map_err(bad("calendar_feeds.agency_code"))?,
            created_at: utc(self.created_at),
            revoked_at: self.revoked_at.map(utc),
        })
    }
}

pub fn insert(
    conn: &mut DbConnection,
    feed: &CalendarFeed,
    token_sha256: &str,
) -> Result<(), PersistenceError> {
    diesel::insert_into(calendar_feeds::table)
        .values(FeedRow {
            id: feed.id.to_string(),
            partnership_id: feed.partnership_id.to_string(),
            token_sha256: token_sha256.to_owned(),
            name: feed.name.to_string(),
            owner_subject: feed.owner.to_string(),
            agency_code: feed.agency.as_ref().map(ToString::to_string),
            created_at: feed.created_at.naive_utc(),
            revoked_at: None,
        })
        .execute(conn)?;
    Ok(())
}

/// The owner's feeds in the partnership, newest first (revoked ones too, marked).
pub fn of_owner(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    owner: &Subject,
) -> Result<Vec<CalendarFeed>, PersistenceError> {
    calendar_feeds::table
        .filter(calendar_feeds::partnership_id.eq(partnership.to_string()))
        .filter(calendar_feeds::owner_subject.eq(owner.as_str()))
        .order(calendar_feeds::id.desc())
        .select(FeedRow::as_select())
        .load::<FeedRow>(conn)?
        .into_iter()
        .map(FeedRow::into_feed)
        .collect()
}

/// The live feed a token addresses, if any.
pub fn by_token(
    conn: &mut DbConnection,
    token_sha256: &str,
) -> Result<Option<CalendarFeed>, PersistenceError> {
    calendar_feeds::table
        .filter(calendar_feeds::token_sha256.eq(token_sha256))
        .filter(calendar_feeds::revoked_at.is_null())
        .select(FeedRow::as_select())
        .first::<FeedRow>(conn)
        .optional()?
        .map(FeedRow::into_feed)
        .transpose()
}

/// Revokes the owner's live feed; false when there is none such.
pub fn revoke(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    owner: &Subject,
    id: CalendarFeedId,
    at: DateTime<Utc>,
) -> Result<bool, PersistenceError> {
    Ok(diesel::update(
        calendar_feeds::table
            .filter(calendar_feeds::id.eq(id.to_string()))
            .filter(calendar_feeds::partnership_id.eq(partnership.to_string()))
            .filter(calendar_feeds::owner_subject.eq(owner.as_str()))
            .filter(calendar_feeds::revoked_at.is_null()),
    )
    .set(calendar_feeds::revoked_at.eq(Some(at.naive_utc())))
    .execute(conn)?
        == 1)
}
