use std::collections::BTreeMap;

use aws_lc_rs::digest::{SHA256, digest};
use chrono::{DateTime, SubsecRound};
use cspr_domain::{
    audit::{AuditEvent, AuditFilter, CHAIN_GENESIS},
    ids::{AuditEventId, PartnershipId},
    page::{Page, PageSize},
    text::{AgencyCode, Subject},
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    error::corrupt,
    schema::{audit_chain_heads as heads, audit_events},
};

#[derive(Queryable)]
struct Row {
    id: String,
    partnership_id: String,
    occurred_at: chrono::NaiveDateTime,
    subject: String,
    agency_code: Option<String>,
    action: String,
    resource_type: String,
    resource_id: Option<String>,
    request_id: String,
}

impl TryFrom<Row> for AuditEvent {
    type Error = PersistenceError;
    fn try_from(r: Row) -> Result<Self, PersistenceError> {
        Ok(AuditEvent {
            id: AuditEventId::parse(&r.id).map_err(|e| corrupt("audit_events.id", e))?,
            partnership_id: PartnershipId::parse(&r.partnership_id)
                .map_err(|e| corrupt("audit_events.partnership_id", e))?,
            occurred_at: DateTime::from_naive_utc_and_offset(r.occurred_at, chrono::Utc),
            subject: Subject::parse(&r.subject).map_err(|e| corrupt("audit_events.subject", e))?,
            agency: r
                .agency_code
                .map(|c| AgencyCode::parse(&c))
                .transpose()
                .map_err(|e| corrupt("audit_events.agency_code", e))?,
            action: r
                .action
                .parse()
                .map_err(|e| corrupt("audit_events.action", e))?,
            resource_type: r
                .resource_type
                .parse()
                .map_err(|e| corrupt("audit_events.resource_type", e))?,
            resource_id: r.resource_id,
            request_id: r.request_id,
        })
    }
}

#[derive(Insertable)]
#[diesel(table_name = audit_events)]
// None is NULL, not DEFAULT: SQLite has no DEFAULT in VALUES, and diesel would then send a row each.
#[diesel(treat_none_as_default_value = false)]
struct NewRow<'a> {
    id: String,
    partnership_id: String,
    occurred_at: chrono::NaiveDateTime,
    subject: &'a str,
    agency_code: Option<&'a str>,
    action: &'static str,
    resource_type: &'static str,
    resource_id: Option<&'a str>,
    request_id: &'a str,
    sequence: Option<i64>,
    previous_hash: Option<String>,
    hash: Option<String>,
}

/// Rows per insert statement: well under SQLite's 32,766 bound parameters (12 a row).
const ROWS_PER_INSERT: usize = 500;

fn sha256_hex(text: &str) -> String {
    digest(&SHA256, text.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An event as it is stored: to the microsecond (so that its hash is the hash of what is read back).
fn stored(e: &AuditEvent) -> AuditEvent {
    AuditEvent {
        occurred_at: e.occurred_at.trunc_subsecs(6),
        ..e.clone()
    }
}

/// The head of `partnership`'s chain, locked for this transaction (PostgreSQL: the row lock serialises
/// appends to one chain; SQLite's single writer already does), made at the genesis when missing.
fn lock_head(conn: &mut DbConnection, partnership: &str) -> Result<Head, PersistenceError> {
    let q = heads::table
        .filter(heads::partnership_id.eq(partnership))
        .select((heads::sequence, heads::hash));
    let found = match conn {
        DbConnection::Postgres(c) => q.for_update().first::<(i64, String)>(c).optional()?,
        DbConnection::Sqlite(c) => q.first::<(i64, String)>(c).optional()?,
    };
    match found {
        Some(head) => Ok(head),
        None => {
            diesel::insert_into(heads::table)
                .values((
                    heads::partnership_id.eq(partnership),
                    heads::sequence.eq(0_i64),
                    heads::hash.eq(CHAIN_GENESIS),
                ))
                .execute(conn)?;
            Ok((0, CHAIN_GENESIS.to_owned()))
        }
    }
}

fn set_head(
    conn: &mut DbConnection,
    partnership: &str,
    (sequence, hash): (i64, &str),
) -> Result<(), PersistenceError> {
    diesel::update(heads::table.filter(heads::partnership_id.eq(partnership)))
        .set((heads::sequence.eq(sequence), heads::hash.eq(hash)))
        .execute(conn)?;
    Ok(())
}

/// An event in its place on its chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub event: AuditEvent,
    pub sequence: i64,
    pub previous: String,
    pub hash: String,
}

/// Where a chain ends: the last event's place and hash.
pub type Head = (i64, String);

/// The events of one chain, in order, each linked after `head`; and the chain's new head.
fn chained(events: Vec<AuditEvent>, head: Head) -> (Vec<Link>, Head) {
    let (mut sequence, mut previous) = head;
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        sequence += 1;
        let hash = sha256_hex(&event.chain_text(sequence, &previous));
        out.push(Link {
            event,
            sequence,
            previous,
            hash: hash.clone(),
        });
        previous = hash;
    }
    (out, (sequence, previous))
}

/// Events of `events` by partnership, partnerships in id order (so that a transaction taking several
/// chains' heads takes them in one order, and two such never wait on each other), events in order.
fn by_partnership(events: &[AuditEvent]) -> BTreeMap<String, Vec<AuditEvent>> {
    let mut chains: BTreeMap<String, Vec<AuditEvent>> = BTreeMap::new();
    for e in events {
        chains
            .entry(e.partnership_id.to_string())
            .or_default()
            .push(stored(e));
    }
    chains
}

/// Appends events to their partnerships' chains, in one multi-row insert per 500 (a page's events cost
/// one statement, not one each). There is no update or delete of audit events anywhere in the code.
pub fn append(conn: &mut DbConnection, events: &[AuditEvent]) -> Result<(), PersistenceError> {
    // An access that cannot be recorded is not served: the request fails as unavailable (503), and its
    // transaction, whatever else it did, rolls back.
    let unavailable = |e: PersistenceError| match e {
        PersistenceError::Query(d) => PersistenceError::Unavailable(Box::new(d)),
        other => other,
    };
    for (partnership, chain) in by_partnership(events) {
        let head = lock_head(conn, &partnership).map_err(unavailable)?;
        let (links, new_head) = chained(chain, head);
        let rows: Vec<NewRow> = links
            .iter()
            .map(|l| NewRow {
                id: l.event.id.to_string(),
                partnership_id: partnership.clone(),
                occurred_at: l.event.occurred_at.naive_utc(),
                subject: l.event.subject.as_str(),
                agency_code: l.event.agency.as_ref().map(AgencyCode::as_str),
                action: l.event.action.as_str(),
                resource_type: l.event.resource_type.as_str(),
                resource_id: l.event.resource_id.as_deref(),
                request_id: &l.event.request_id,
                sequence: Some(l.sequence),
                previous_hash: Some(l.previous.clone()),
                hash: Some(l.hash.clone()),
            })
            .collect();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            // MultiConnection cannot send a multi-row insert through the enum: each backend's own does.
            let written = match conn {
                DbConnection::Postgres(c) => diesel::insert_into(audit_events::table)
                    .values(chunk)
                    .execute(c),
                DbConnection::Sqlite(c) => diesel::insert_into(audit_events::table)
                    .values(chunk)
                    .execute(c),
            };
            written.map_err(|e| PersistenceError::Unavailable(Box::new(e)))?;
        }
        set_head(conn, &partnership, (new_head.0, &new_head.1)).map_err(unavailable)?;
    }
    Ok(())
}

const COLUMNS: (
    audit_events::id,
    audit_events::partnership_id,
    audit_events::occurred_at,
    audit_events::subject,
    audit_events::agency_code,
    audit_events::action,
    audit_events::resource_type,
    audit_events::resource_id,
    audit_events::request_id,
) = (
    audit_events::id,
    audit_events::partnership_id,
    audit_events::occurred_at,
    audit_events::subject,
    audit_events::agency_code,
    audit_events::action,
    audit_events::resource_type,
    audit_events::resource_id,
    audit_events::request_id,
);

/// Chains events written before the chain existed, in the order they were written (their ids are
/// time-ordered), after each partnership's head; returns how many. Run after migrating.
pub fn chain_unchained(conn: &mut DbConnection) -> Result<usize, PersistenceError> {
    let any = audit_events::table
        .filter(audit_events::sequence.is_null())
        .select(audit_events::id)
        .first::<String>(conn)
        .optional()?;
    if any.is_none() {
        return Ok(0);
    }
    // Every head first, in one order: a replica starting beside this one waits here, then finds
    // nothing left to chain.
    if let DbConnection::Postgres(c) = conn {
        heads::table
            .order(heads::partnership_id)
            .select(heads::partnership_id)
            .for_update()
            .load::<String>(c)?;
    }
    let mut total = 0;
    loop {
        let rows = audit_events::table
            .filter(audit_events::sequence.is_null())
            .order(audit_events::id)
            .limit(1000)
            .select(COLUMNS)
            .load::<Row>(conn)?
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        if rows.is_empty() {
            return Ok(total);
        }
        total += rows.len();
        for (partnership, chain) in by_partnership(&rows) {
            let head = lock_head(conn, &partnership)?;
            let (links, new_head) = chained(chain, head);
            for l in &links {
                diesel::update(
                    audit_events::table.filter(audit_events::id.eq(l.event.id.to_string())),
                )
                .set((
                    audit_events::sequence.eq(l.sequence),
                    audit_events::previous_hash.eq(&l.previous),
                    audit_events::hash.eq(&l.hash),
                ))
                .execute(conn)?;
            }
            set_head(conn, &partnership, (new_head.0, &new_head.1))?;
        }
    }
}

/// A partnership's events of `[from, to)` in chain order, as stored (hashes not recomputed: the reader
/// checks them), up to `limit`, and the chain's head now; `None` when the period holds more.
pub fn export(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    from: DateTime<chrono::Utc>,
    to: DateTime<chrono::Utc>,
    limit: i64,
) -> Result<Option<(Vec<Link>, Head)>, PersistenceError> {
    let p = partnership.to_string();
    let rows = audit_events::table
        .filter(audit_events::partnership_id.eq(&p))
        .filter(audit_events::sequence.is_not_null())
        .filter(audit_events::occurred_at.ge(from.naive_utc()))
        .filter(audit_events::occurred_at.lt(to.naive_utc()))
        .order(audit_events::sequence)
        .limit(limit + 1)
        .select((
            COLUMNS,
            audit_events::sequence,
            audit_events::previous_hash,
            audit_events::hash,
        ))
        .load::<(Row, Option<i64>, Option<String>, Option<String>)>(conn)?;
    if rows.len() > usize::try_from(limit).unwrap_or(usize::MAX) {
        return Ok(None);
    }
    let links = rows
        .into_iter()
        .map(|(row, sequence, previous, hash)| {
            Ok(Link {
                event: AuditEvent::try_from(row)?,
                sequence: sequence.unwrap_or_default(),
                previous: previous.unwrap_or_default(),
                hash: hash.unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, PersistenceError>>()?;
    let head = heads::table
        .filter(heads::partnership_id.eq(&p))
        .select((heads::sequence, heads::hash))
        .first::<Head>(conn)
        .optional()?
        .unwrap_or((0, CHAIN_GENESIS.to_owned()));
    Ok(Some((links, head)))
}

/// What `verify` found of one partnership's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every event in its place, each hash what its event gives, the head where the chain ends.
    Intact { events: i64, head: String },
    /// The first broken link: where, and what is wrong there.
    Broken { sequence: i64, why: String },
}

/// Events read at a time while verifying.
const VERIFY_PAGE: i64 = 5_000;

/// Walks `partnership`'s chain from its start (its anchor, once its oldest events have been disposed
/// of), recomputing each hash, and names the first broken link:
/// an event missing from its place (deleted), one whose content no longer gives its hash or whose
/// recorded previous hash is not the one before it (altered), an event off the chain (written around
/// the platform), or a chain that ends before its head (the newest deleted).
pub fn verify(
    conn: &mut DbConnection,
    partnership: PartnershipId,
) -> Result<ChainCheck, PersistenceError> {
    let p = partnership.to_string();
    let off_chain: Option<String> = audit_events::table
        .filter(audit_events::partnership_id.eq(&p))
        .filter(audit_events::sequence.is_null())
        .select(audit_events::id)
        .first(conn)
        .optional()?;
    // Once the oldest events have been disposed of, the chain starts at its anchor.
    let anchor: Option<(i64, String)> = crate::schema::audit_chain_anchors::table
        .filter(crate::schema::audit_chain_anchors::partnership_id.eq(&p))
        .select((
            crate::schema::audit_chain_anchors::sequence,
            crate::schema::audit_chain_anchors::hash,
        ))
        .first(conn)
        .optional()?;
    let (mut sequence, mut previous) = anchor.unwrap_or((0_i64, CHAIN_GENESIS.to_owned()));
    loop {
        let page = audit_events::table
            .filter(audit_events::partnership_id.eq(&p))
            .filter(audit_events::sequence.gt(sequence))
            .order(audit_events::sequence)
            .limit(VERIFY_PAGE)
            .select((
                COLUMNS,
                audit_events::sequence,
                audit_events::previous_hash,
                audit_events::hash,
            ))
            .load::<(Row, Option<i64>, Option<String>, Option<String>)>(conn)?;
        let last_page = page.len() < usize::try_from(VERIFY_PAGE).unwrap_or(usize::MAX);
        for (row, at, recorded_previous, hash) in page {
            let at = at.unwrap_or_default();
            let id = row.id.clone();
            if at != sequence + 1 {
                return Ok(ChainCheck::Broken {
                    sequence: sequence + 1,
                    why: format!(
                        "event {} is missing (deleted); the chain resumes at {at}",
                        sequence + 1
                    ),
                });
            }
            let event = AuditEvent::try_from(row)?;
            let expected = sha256_hex(&event.chain_text(at, &previous));
            if recorded_previous.as_deref() != Some(previous.as_str()) {
                return Ok(ChainCheck::Broken {
                    sequence: at,
                    why: format!("event {id} does not follow the event before it (altered)"),
                });
            }
            if hash.as_deref() != Some(expected.as_str()) {
                return Ok(ChainCheck::Broken {
                    sequence: at,
                    why: format!("event {id} is not what was recorded (altered)"),
                });
            }
            sequence = at;
            previous = expected;
        }
        if last_page {
            break;
        }
    }
    let head: Option<(i64, String)> = heads::table
        .filter(heads::partnership_id.eq(&p))
        .select((heads::sequence, heads::hash))
        .first(conn)
        .optional()?;
    let (head_sequence, head_hash) = head.unwrap_or((0, CHAIN_GENESIS.to_owned()));
    if head_sequence != sequence || head_hash != previous {
        return Ok(ChainCheck::Broken {
            sequence: sequence + 1,
            why: format!(
                "the chain ends at event {sequence} but its head is event {head_sequence} (the newest deleted, or the head altered)"
            ),
        });
    }
    if let Some(id) = off_chain {
        return Ok(ChainCheck::Broken {
            sequence: 0,
            why: format!("event {id} is not on the chain (written around the platform)"),
        });
    }
    Ok(ChainCheck::Intact {
        events: sequence,
        head: previous,
    })
}

/// A page of a partnership's audit trail, newest first.
pub fn list(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    filter: &AuditFilter,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<AuditEvent, Cursor>, PersistenceError> {
    let mut q = audit_events::table
        .filter(audit_events::partnership_id.eq(partnership_id.to_string()))
        .into_boxed();
    if let Some(a) = filter.action {
        q = q.filter(audit_events::action.eq(a.as_str()));
    }
    if let Some(r) = filter.resource_type {
        q = q.filter(audit_events::resource_type.eq(r.as_str()));
    }
    if let Some(id) = &filter.resource_id {
        q = q.filter(audit_events::resource_id.eq(id.clone()));
    }
    if let Some(s) = &filter.subject {
        q = q.filter(audit_events::subject.eq(s.clone()));
    }
    if let Some(from) = filter.occurred_from {
        q = q.filter(audit_events::occurred_at.ge(from.naive_utc()));
    }
    if let Some(to) = filter.occurred_to {
        q = q.filter(audit_events::occurred_at.lt(to.naive_utc()));
    }
    if let Some(c) = after {
        q = q.filter(audit_events::id.lt(c.as_str().to_owned()));
    }
    let rows = q
        .order(audit_events::id.desc())
        .limit(i64::from(size.get()) + 1)
        .select(COLUMNS)
        .load::<Row>(conn)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(rows, size, |e| {
        Cursor::after(&e.id.to_string())
    }))
}
