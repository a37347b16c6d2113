//! Chronology entries as stored: every version kept, one current per agency and `source_ref`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    page::{Page, PageSize},
    review::chronology::{ChronologyEntry, EventCategory, RecordedEntry},
    text::{AgencyCode, Name, Pseudonym, Subject, Summary},
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    error::corrupt,
    schema::{chronology_entries, review_theme_entries},
};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = chronology_entries)]
#[diesel(treat_none_as_default_value = false)]
struct EntryRow {
    id: String,
    review_id: String,
    agency_code: String,
    source_ref: String,
    version: i32,
    current: bool,
    occurred_on: NaiveDate,
    occurred_time: Option<NaiveTime>,
    date_precision: String,
    subjects: String,
    category: String,
    description: String,
    key_event: bool,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

impl EntryRow {
    fn into_recorded(self) -> Result<RecordedEntry, PersistenceError> {
        let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
        let subjects: Vec<String> = serde_json::from_str(&self.subjects)
            .map_err(|e| corrupt("chronology_entries.subjects", e))?;
        Ok(RecordedEntry {
            entry: ChronologyEntry {
                occurred_on: self.occurred_on,
                time: self.occurred_time,
                precision: self
                    .date_precision
                    .parse()
                    .map_err(bad("chronology_entries.date_precision"))?,
                subjects: subjects
                    .iter()
                    .map(|s| Pseudonym::parse(s))
                    .collect::<Result<_, _>>()
                    .map_err(bad("chronology_entries.subjects"))?,
                category: self
                    .category
                    .parse()
                    .map_err(bad("chronology_entries.category"))?,
                description: Summary::parse(&self.description)
                    .map_err(bad("chronology_entries.description"))?,
                source_ref: Name::parse(&self.source_ref)
                    .map_err(bad("chronology_entries.source_ref"))?,
                key_event: self.key_event,
            },
            agency: AgencyCode::parse(&self.agency_code)
                .map_err(bad("chronology_entries.agency_code"))?,
            version: u32::try_from(self.version)
                .map_err(|e| corrupt("chronology_entries.version", e))?,
            recorded_by: Subject::parse(&self.recorded_by)
                .map_err(bad("chronology_entries.recorded_by"))?,
            recorded_at: DateTime::from_naive_utc_and_offset(self.recorded_at, Utc),
        })
    }
}

/// References per statement: well within both databases' bound-parameter limits.
const CHUNK: usize = 500;

/// Records an agency's batch: each entry a new version of its `source_ref` (the first is version 1),
/// the earlier version kept but no longer current. Returns the entries as recorded, in the batch's order.
pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    agency: &AgencyCode,
    entries: Vec<ChronologyEntry>,
    by: &Subject,
    at: DateTime<Utc>,
) -> Result<Vec<RecordedEntry>, PersistenceError> {
    let (review_id, agency_code) = (review.to_string(), agency.to_string());
    let refs: Vec<String> = entries.iter().map(|e| e.source_ref.to_string()).collect();
    let mut latest: HashMap<String, i32> = HashMap::new();
    for chunk in refs.chunks(CHUNK) {
        let current = || {
            chronology_entries::table
                .filter(chronology_entries::review_id.eq(&review_id))
                .filter(chronology_entries::agency_code.eq(&agency_code))
                .filter(chronology_entries::current.eq(true))
                .filter(chronology_entries::source_ref.eq_any(chunk))
        };
        latest.extend(
            current()
                .select((chronology_entries::source_ref, chronology_entries::version))
                .load::<(String, i32)>(conn)?,
        );
        diesel::update(current())
            .set(chronology_entries::current.eq(false))
            .execute(conn)?;
    }
    let rows: Vec<EntryRow> = entries
        .iter()
        .map(|e| {
            let source_ref = e.source_ref.to_string();
            Ok(EntryRow {
                id: uuid::Uuid::now_v7().to_string(),
                review_id: review_id.clone(),
                agency_code: agency_code.clone(),
                version: latest.get(&source_ref).copied().unwrap_or(0) + 1,
                source_ref,
                current: true,
                occurred_on: e.occurred_on,
                occurred_time: e.time,
                date_precision: e.precision.to_string(),
                subjects: serde_json::to_string(
                    &e.subjects.iter().map(Pseudonym::as_str).collect::<Vec<_>>(),
                )
                .map_err(|x| corrupt("chronology_entries.subjects", x))?,
                category: e.category.to_string(),
                description: e.description.to_string(),
                key_event: e.key_event,
                recorded_by: by.to_string(),
                recorded_at: at.naive_utc(),
            })
        })
        .collect::<Result<_, PersistenceError>>()?;
    for chunk in rows.chunks(CHUNK / 10) {
        // MultiConnection cannot send a multi-row insert through the enum: each backend's own does.
        match conn {
            DbConnection::Postgres(c) => diesel::insert_into(chronology_entries::table)
                .values(chunk)
                .execute(c),
            DbConnection::Sqlite(c) => diesel::insert_into(chronology_entries::table)
                .values(chunk)
                .execute(c),
        }?;
    }
    rows.into_iter().map(EntryRow::into_recorded).collect()
}

/// A page of an agency's current entries for a review, the latest recorded first.
pub fn own(
    conn: &mut DbConnection,
    review: ReviewId,
    agency: &AgencyCode,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<RecordedEntry, Cursor>, PersistenceError> {
    let mut q = chronology_entries::table
        .filter(chronology_entries::review_id.eq(review.to_string()))
        .filter(chronology_entries::agency_code.eq(agency.to_string()))
        .filter(chronology_entries::current.eq(true))
        .into_boxed();
    if let Some(c) = after {
        q = q.filter(chronology_entries::id.lt(c.as_str().to_owned()));
    }
    let rows = q
        .order(chronology_entries::id.desc())
        .limit(i64::from(size.get()) + 1)
        .select(EntryRow::as_select())
        .load::<EntryRow>(conn)?;
    let page = Page::from_overfetch(rows, size, |r: &EntryRow| Cursor::after(&r.id));
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(EntryRow::into_recorded)
            .collect::<Result<_, _>>()?,
        next: page.next,
    })
}

/// Every version of one agency's entry (by its `source_ref`), first first.
pub fn versions(
    conn: &mut DbConnection,
    review: ReviewId,
    agency: &AgencyCode,
    source_ref: &Name,
) -> Result<Vec<RecordedEntry>, PersistenceError> {
    chronology_entries::table
        .filter(chronology_entries::review_id.eq(review.to_string()))
        .filter(chronology_entries::agency_code.eq(agency.to_string()))
        .filter(chronology_entries::source_ref.eq(source_ref.as_str()))
        .order(chronology_entries::version)
        .select(EntryRow::as_select())
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(EntryRow::into_recorded)
        .collect()
}

/// Every version of every agency's entries for a review, in date order (subject access reads them all).
pub fn every_version(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<RecordedEntry>, PersistenceError> {
    chronology_entries::table
        .filter(chronology_entries::review_id.eq(review.to_string()))
        .order((chronology_entries::occurred_on, chronology_entries::id))
        .select(EntryRow::as_select())
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(EntryRow::into_recorded)
        .collect()
}

/// What narrows the integrated chronology.
#[derive(Debug, Clone, Default)]
pub struct ChronologyFilter {
    pub agency: Option<AgencyCode>,
    pub category: Option<EventCategory>,
    pub subject: Option<Pseudonym>,
    pub key_events_only: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only the entries linked to this key line of enquiry or theme (by its number).
    pub theme: Option<u32>,
}

type Boxed = chronology_entries::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend>;

fn integrated_query(review: ReviewId, f: &ChronologyFilter) -> Boxed {
    let mut q = chronology_entries::table
        .filter(chronology_entries::review_id.eq(review.to_string()))
        .filter(chronology_entries::current.eq(true))
        .into_boxed();
    if let Some(a) = &f.agency {
        q = q.filter(chronology_entries::agency_code.eq(a.to_string()));
    }
    if let Some(c) = f.category {
        q = q.filter(chronology_entries::category.eq(c.as_str()));
    }
    if let Some(p) = &f.subject {
        // Subjects are a JSON array of pseudonyms, whose characters are letters, digits and one space.
        q = q.filter(chronology_entries::subjects.like(format!("%\"{}\"%", p.as_str())));
    }
    if f.key_events_only {
        q = q.filter(chronology_entries::key_event.eq(true));
    }
    if let Some(from) = f.from {
        q = q.filter(chronology_entries::occurred_on.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(chronology_entries::occurred_on.le(to));
    }
    if let Some(theme) = f.theme {
        let number = i32::try_from(theme).unwrap_or(i32::MAX);
        q = q.filter(diesel::dsl::exists(
            review_theme_entries::table
                .filter(review_theme_entries::review_id.eq(review.to_string()))
                .filter(review_theme_entries::number.eq(number))
                .filter(review_theme_entries::agency_code.eq(chronology_entries::agency_code))
                .filter(review_theme_entries::source_ref.eq(chronology_entries::source_ref)),
        ));
    }
    q
}

/// A page of every agency's current entries merged in date order (then time, then the order recorded).
pub fn integrated(
    conn: &mut DbConnection,
    review: ReviewId,
    filter: &ChronologyFilter,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<RecordedEntry, Cursor>, PersistenceError> {
    let mut q = integrated_query(review, filter);
    if let Some(c) = after {
        // Continue after the cursor's entry in (date, id) order.
        let on: Option<NaiveDate> = chronology_entries::table
            .filter(chronology_entries::id.eq(c.as_str().to_owned()))
            .select(chronology_entries::occurred_on)
            .first(conn)
            .optional()?;
        let Some(on) = on else {
            return Ok(Page {
                items: vec![],
                next: None,
            });
        };
        q = q.filter(
            chronology_entries::occurred_on
                .gt(on)
                .or(chronology_entries::occurred_on
                    .eq(on)
                    .and(chronology_entries::id.gt(c.as_str().to_owned()))),
        );
    }
    let rows = q
        .order((chronology_entries::occurred_on, chronology_entries::id))
        .limit(i64::from(size.get()) + 1)
        .select(EntryRow::as_select())
        .load::<EntryRow>(conn)?;
    let page = Page::from_overfetch(rows, size, |r: &EntryRow| Cursor::after(&r.id));
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(EntryRow::into_recorded)
            .collect::<Result<_, _>>()?,
        next: page.next,
    })
}

/// Every matching entry in date order, at most `cap` (a download: CSV, the picture); `None` when
/// there are more.
pub fn integrated_all(
    conn: &mut DbConnection,
    review: ReviewId,
    filter: &ChronologyFilter,
    cap: i64,
) -> Result<Option<Vec<RecordedEntry>>, PersistenceError> {
    let rows = integrated_query(review, filter)
        .order((chronology_entries::occurred_on, chronology_entries::id))
        .limit(cap + 1)
        .select(EntryRow::as_select())
        .load::<EntryRow>(conn)?;
    if rows.len() > usize::try_from(cap).unwrap_or(usize::MAX) {
        return Ok(None);
    }
    rows.into_iter()
        .map(EntryRow::into_recorded)
        .collect::<Result<_, _>>()
        .map(Some)
}

/// The dates of every matching entry, for the gaps between them.
pub fn integrated_dates(
    conn: &mut DbConnection,
    review: ReviewId,
    filter: &ChronologyFilter,
) -> Result<Vec<NaiveDate>, PersistenceError> {
    Ok(integrated_query(review, filter)
        .select(chronology_entries::occurred_on)
        .distinct()
        .load::<NaiveDate>(conn)?)
}
