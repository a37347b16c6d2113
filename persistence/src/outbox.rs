//! The outbox as kept: messages written with the change that caused them, claimed by delivery workers
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas never take the same message; SQLite's single
//! writer does the same by itself), and every attempt logged.

pub mod destinations;
mod rows;
pub mod subscriptions;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::{MessageId, PartnershipId},
    outbox::{DeliveryStatus, NewMessage, OutboxMessage, Target, recipients::Carried},
    page::{Page, PageSize},
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    schema::{delivery_attempts, outbox_messages},
};
pub use rows::Attempt;
use rows::{AttemptRow, MessageRow};

/// Writes `messages`; one already written under the same key is left as it is.
pub fn enqueue(
    conn: &mut DbConnection,
    messages: &[NewMessage],
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    if messages.is_empty() {
        return Ok(());
    }
    // A notification whose recipient has no destination waits from the start: no worker need claim it
    // to find that out (on SQLite, every claim takes the write lock). One call's messages are one
    // partnership's: they come from one change.
    let to_destinations = messages
        .iter()
        .any(|m| matches!(m.target, Target::Destination(_)));
    let configured: Vec<String> = match messages.first() {
        Some(m) if to_destinations => crate::schema::delivery_destinations::table
            .filter(
                crate::schema::delivery_destinations::partnership_id
                    .eq(m.event.partnership_id.to_string()),
            )
            .select(crate::schema::delivery_destinations::recipient)
            .load(conn)?,
        _ => vec![],
    };
    let rows: Vec<MessageRow> = messages
        .iter()
        .map(|m| {
            let waits = match &m.target {
                Target::Destination(r) => !configured.iter().any(|c| c == r.as_str()),
                Target::Subscription(_) => false,
            };
            MessageRow::new(m, at, waits)
        })
        .collect();
    let conflict = (outbox_messages::partnership_id, outbox_messages::dedupe_key);
    // MultiConnection cannot send a multi-row insert through the enum: each backend's own does.
    match conn {
        DbConnection::Postgres(c) => diesel::insert_into(outbox_messages::table)
            .values(&rows)
            .on_conflict(conflict)
            .do_nothing()
            .execute(c),
        DbConnection::Sqlite(c) => diesel::insert_into(outbox_messages::table)
            .values(&rows)
            .on_conflict(conflict)
            .do_nothing()
            .execute(c),
    }?;
    Ok(())
}

/// Whether any message is due at `now`: a worker asks before it claims, so that an idle outbox never
/// takes SQLite's write lock.
pub fn any_due(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<bool, PersistenceError> {
    use outbox_messages as m;
    let now = now.naive_utc();
    Ok(diesel::select(diesel::dsl::exists(
        m::table.filter(
            m::status
                .eq(DeliveryStatus::Pending.as_str())
                .and(m::next_attempt_at.le(now))
                .or(m::status
                    .eq(DeliveryStatus::Delivering.as_str())
                    .and(m::claimed_until.lt(now))),
        ),
    ))
    .get_result(conn)?)
}

/// A message a worker has claimed, with the lease that proves the claim is still its own.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub message: OutboxMessage,
    pub lease: DateTime<Utc>,
}

/// Claims up to `limit` messages due at `now` — pending ones whose time has come, and ones whose
/// worker's lease ran out (it stopped between claim and answer) — until `lease`.
pub fn claim(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    lease: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, PersistenceError> {
    use outbox_messages as m;
    let now_ = now.naive_utc();
    let due = m::table
        .filter(
            m::status
                .eq(DeliveryStatus::Pending.as_str())
                .and(m::next_attempt_at.le(now_))
                .or(m::status
                    .eq(DeliveryStatus::Delivering.as_str())
                    .and(m::claimed_until.lt(now_))),
        )
        .order(m::next_attempt_at)
        .limit(limit)
        .select(m::id);
    let ids: Vec<String> = match conn {
        DbConnection::Postgres(c) => due.for_update().skip_locked().load(c)?,
        DbConnection::Sqlite(c) => due.load(c)?,
    };
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let lease_ = trim(lease);
    diesel::update(m::table.filter(m::id.eq_any(&ids)))
        .set((
            m::status.eq(DeliveryStatus::Delivering.as_str()),
            m::claimed_until.eq(Some(lease_)),
        ))
        .execute(conn)?;
    m::table
        .filter(m::id.eq_any(&ids))
        .order(m::next_attempt_at)
        .select(MessageRow::as_select())
        .load::<MessageRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(Claimed {
                message: r.into_message()?,
                lease: DateTime::from_naive_utc_and_offset(lease_, Utc),
            })
        })
        .collect()
}

/// Timestamps are kept to the microsecond: a lease compared for equality must be trimmed the same way.
fn trim(t: DateTime<Utc>) -> NaiveDateTime {
    use chrono::SubsecRound;
    t.trunc_subsecs(6).naive_utc()
}

/// What became of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Failed; tried again at the time given.
    RetryAt(DateTime<Utc>),
    /// Failed for the last time.
    Dead,
    /// Its recipient has no destination: it waits, not counted as an attempt.
    Waiting,
}

/// Records an attempt and its outcome, if the claim is still the worker's (a worker whose lease ran
/// out finds it taken again, and records nothing). Returns whether it was recorded.
pub fn finish(
    conn: &mut DbConnection,
    claimed: &Claimed,
    attempt: Option<&Attempt>,
    outcome: &Outcome,
) -> Result<bool, PersistenceError> {
    use outbox_messages as m;
    let id = claimed.message.id.to_string();
    let ours = m::table
        .filter(m::id.eq(&id))
        .filter(m::status.eq(DeliveryStatus::Delivering.as_str()))
        .filter(m::claimed_until.eq(trim(claimed.lease)));
    let counted = i32::from(attempt.is_some());
    let changed = match outcome {
        Outcome::Delivered => {
            let at = attempt.map_or(claimed.lease, |a| a.started_at);
            diesel::update(ours)
                .set((
                    m::status.eq(DeliveryStatus::Delivered.as_str()),
                    m::claimed_until.eq(None::<NaiveDateTime>),
                    m::attempts.eq(m::attempts + counted),
                    m::delivered_at.eq(Some(trim(at))),
                ))
                .execute(conn)?
        }
        Outcome::RetryAt(next) => diesel::update(ours)
            .set((
                m::status.eq(DeliveryStatus::Pending.as_str()),
                m::claimed_until.eq(None::<NaiveDateTime>),
                m::attempts.eq(m::attempts + counted),
                m::next_attempt_at.eq(trim(*next)),
            ))
            .execute(conn)?,
        Outcome::Dead => diesel::update(ours)
            .set((
                m::status.eq(DeliveryStatus::Dead.as_str()),
                m::claimed_until.eq(None::<NaiveDateTime>),
                m::attempts.eq(m::attempts + counted),
            ))
            .execute(conn)?,
        Outcome::Waiting => diesel::update(ours)
            .set((
                m::status.eq(DeliveryStatus::Waiting.as_str()),
                m::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?,
    };
    if changed == 0 {
        return Ok(false);
    }
    if let Some(a) = attempt {
        let number: i64 = delivery_attempts::table
            .filter(delivery_attempts::message_id.eq(&id))
            .count()
            .get_result(conn)?;
        diesel::insert_into(delivery_attempts::table)
            .values(AttemptRow::new(&id, number + 1, a))
            .execute(conn)?;
    }
    Ok(true)
}

/// A message of the partnership's.
pub fn find(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    id: MessageId,
) -> Result<Option<OutboxMessage>, PersistenceError> {
    outbox_messages::table
        .filter(outbox_messages::partnership_id.eq(partnership.to_string()))
        .filter(outbox_messages::id.eq(id.to_string()))
        .select(MessageRow::as_select())
        .first::<MessageRow>(conn)
        .optional()?
        .map(MessageRow::into_message)
        .transpose()
}

/// A page of the partnership's messages, newest first, in one status if asked.
pub fn list(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    status: Option<DeliveryStatus>,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<OutboxMessage, Cursor>, PersistenceError> {
    let mut q = outbox_messages::table
        .filter(outbox_messages::partnership_id.eq(partnership.to_string()))
        .into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox_messages::status.eq(s.as_str()));
    }
    if let Some(c) = after {
        q = q.filter(outbox_messages::id.lt(c.as_str().to_owned()));
    }
    let rows = q
        .order(outbox_messages::id.desc())
        .limit(i64::from(size.get()) + 1)
        .select(MessageRow::as_select())
        .load::<MessageRow>(conn)?;
    let messages = rows
        .into_iter()
        .map(MessageRow::into_message)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(messages, size, |m| {
        Cursor::after(&m.id.to_string())
    }))
}

/// A message's attempts, first first.
pub fn attempts(conn: &mut DbConnection, id: MessageId) -> Result<Vec<Attempt>, PersistenceError> {
    delivery_attempts::table
        .filter(delivery_attempts::message_id.eq(id.to_string()))
        .order(delivery_attempts::number)
        .select(AttemptRow::as_select())
        .load::<AttemptRow>(conn)?
        .into_iter()
        .map(AttemptRow::into_attempt)
        .collect()
}

/// A dead message, pending again and due at `now`, its attempts counted afresh.
pub fn retry(
    conn: &mut DbConnection,
    id: MessageId,
    now: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::update(outbox_messages::table.filter(outbox_messages::id.eq(id.to_string())))
        .set((
            outbox_messages::status.eq(DeliveryStatus::Pending.as_str()),
            outbox_messages::attempts.eq(0),
            outbox_messages::next_attempt_at.eq(trim(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records that messages were sent by other means: the one named, or (`by_key`) the one a
/// notification recorded by hand was owed as. Only undelivered messages not being sent change.
pub fn sent_elsewhere(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    which: Which<'_>,
    by: &str,
    reference: Option<&str>,
    at: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    use outbox_messages as m;
    let settle = [
        DeliveryStatus::Pending.as_str(),
        DeliveryStatus::Waiting.as_str(),
        DeliveryStatus::Dead.as_str(),
    ];
    let mut q = m::table
        .filter(m::partnership_id.eq(partnership.to_string()))
        .filter(m::status.eq_any(settle))
        .into_boxed();
    q = match which {
        Which::Id(id) => q.filter(m::id.eq(id.to_string())),
        Which::Key(key) => q.filter(m::dedupe_key.eq(key.to_owned())),
    };
    let ids: Vec<String> = q.select(m::id).load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(diesel::update(m::table.filter(m::id.eq_any(&ids)))
        .set((
            m::status.eq(DeliveryStatus::SentElsewhere.as_str()),
            m::delivered_at.eq(Some(trim(at))),
            m::settled_by.eq(Some(by)),
            m::settled_reference.eq(reference),
        ))
        .execute(conn)?)
}

/// A message named by its id or by what it was owed as.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    Id(MessageId),
    Key(&'a str),
}

/// Messages that waited for a destination, pending again now that it is configured.
pub fn release_waiting(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    target: &Target,
    now: DateTime<Utc>,
) -> Result<usize, PersistenceError> {
    use outbox_messages as m;
    let q = diesel::update(
        m::table
            .filter(m::partnership_id.eq(partnership.to_string()))
            .filter(m::status.eq(DeliveryStatus::Waiting.as_str())),
    );
    let set = (
        m::status.eq(DeliveryStatus::Pending.as_str()),
        m::next_attempt_at.eq(trim(now)),
    );
    Ok(match target {
        Target::Destination(r) => q
            .filter(m::recipient.eq(r.as_str()))
            .set(set)
            .execute(conn)?,
        Target::Subscription(s) => q
            .filter(m::subscription_id.eq(s.to_string()))
            .set(set)
            .execute(conn)?,
    })
}

/// Messages not yet delivered and the oldest of them: the outbox's depth.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Depth {
    pub pending: i64,
    pub waiting: i64,
    pub dead: i64,
    pub oldest_undelivered_at: Option<DateTime<Utc>>,
}

/// The depth of one partnership's outbox, or of every partnership's.
pub fn depth(
    conn: &mut DbConnection,
    partnership: Option<PartnershipId>,
) -> Result<Depth, PersistenceError> {
    use outbox_messages as m;
    let undelivered = [
        DeliveryStatus::Pending.as_str(),
        DeliveryStatus::Delivering.as_str(),
        DeliveryStatus::Waiting.as_str(),
        DeliveryStatus::Dead.as_str(),
    ];
    let mut q = m::table
        .filter(m::status.eq_any(undelivered))
        .group_by(m::status)
        .select((
            m::status,
            diesel::dsl::count_star(),
            diesel::dsl::min(m::created_at),
        ))
        .into_boxed();
    if let Some(p) = partnership {
        q = q.filter(m::partnership_id.eq(p.to_string()));
    }
    let rows: Vec<(String, i64, Option<NaiveDateTime>)> = q.load(conn)?;
    let mut depth = Depth::default();
    for (status, count, oldest) in rows {
        match status.as_str() {
            "waiting" => depth.waiting += count,
            "dead" => depth.dead += count,
            _ => depth.pending += count,
        }
        let oldest = oldest.map(|t| DateTime::from_naive_utc_and_offset(t, Utc));
        depth.oldest_undelivered_at = match (depth.oldest_undelivered_at, oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    Ok(depth)
}

/// Records the notification a delivered message carried as sent, unless it is recorded already (by
/// hand, meanwhile).
pub fn record_carried(
    conn: &mut DbConnection,
    carried: Carried,
    sent_on: NaiveDate,
    reference: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    use crate::schema::{referral_notifications as rn, review_notifications as vn};
    let at = at.naive_utc();
    match carried {
        Carried::RapidReview(referral, kind) => {
            let recorded: i64 = rn::table
                .filter(rn::referral_id.eq(referral.to_string()))
                .filter(rn::kind.eq(kind.as_str()))
                .count()
                .get_result(conn)?;
            if recorded == 0 {
                diesel::insert_into(rn::table)
                    .values((
                        rn::referral_id.eq(referral.to_string()),
                        rn::kind.eq(kind.as_str()),
                        rn::sent_on.eq(sent_on),
                        rn::reference.eq(Some(reference)),
                        rn::recorded_by.eq(by),
                        rn::recorded_at.eq(at),
                    ))
                    .execute(conn)?;
            }
        }
        Carried::Review(review, kind) => {
            let recorded: i64 = vn::table
                .filter(vn::review_id.eq(review.to_string()))
                .filter(vn::kind.eq(kind.as_str()))
                .count()
                .get_result(conn)?;
            if recorded == 0 {
                diesel::insert_into(vn::table)
                    .values((
                        vn::review_id.eq(review.to_string()),
                        vn::kind.eq(kind.as_str()),
                        vn::sent_on.eq(sent_on),
                        vn::reference.eq(Some(reference)),
                        vn::recorded_by.eq(by),
                        vn::recorded_at.eq(at),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}
