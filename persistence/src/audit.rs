use chrono::DateTime;
use cspr_domain::{
    audit::{AuditEvent, AuditFilter},
    ids::{AuditEventId, PartnershipId},
    page::{Page, PageSize},
    text::{AgencyCode, Subject},
};
use diesel::prelude::*;

use crate::{Cursor, DbConnection, PersistenceError, error::corrupt, schema::audit_events};

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
}

/// Rows per insert statement: well under SQLite's 32,766 bound parameters (9 a row).
const ROWS_PER_INSERT: usize = 500;

/// Appends events, in one multi-row insert per 500 (a page's events cost one statement, not one each).
/// There is no update or delete of audit events anywhere in the code.
pub fn append(conn: &mut DbConnection, events: &[AuditEvent]) -> Result<(), PersistenceError> {
    let rows: Vec<NewRow> = events
        .iter()
        .map(|e| NewRow {
            id: e.id.to_string(),
            partnership_id: e.partnership_id.to_string(),
            occurred_at: e.occurred_at.naive_utc(),
            subject: e.subject.as_str(),
            agency_code: e.agency.as_ref().map(AgencyCode::as_str),
            action: e.action.as_str(),
            resource_type: e.resource_type.as_str(),
            resource_id: e.resource_id.as_deref(),
            request_id: &e.request_id,
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
        // An access that cannot be recorded is not served: the request fails as unavailable (503),
        // and its transaction, whatever else it did, rolls back.
        written.map_err(|e| PersistenceError::Unavailable(Box::new(e)))?;
    }
    Ok(())
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
        .select((
            audit_events::id,
            audit_events::partnership_id,
            audit_events::occurred_at,
            audit_events::subject,
            audit_events::agency_code,
            audit_events::action,
            audit_events::resource_type,
            audit_events::resource_id,
            audit_events::request_id,
        ))
        .load::<Row>(conn)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(rows, size, |e| {
        Cursor::after(&e.id.to_string())
    }))
}
