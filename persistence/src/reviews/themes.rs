//! The panel's key lines of enquiry and themes as stored, with their linked entries.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{
    ids::ReviewId,
    review::themes::{EntryRef, Theme},
    text::{AgencyCode, Name, Narrative, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{chronology_entries, review_theme_entries, review_themes},
};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_themes)]
#[diesel(treat_none_as_default_value = false)]
struct ThemeRow {
    review_id: String,
    number: i32,
    kind: String,
    title: String,
    description: Option<String>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

fn number(n: u32) -> Result<i32, PersistenceError> {
    i32::try_from(n).map_err(|e| corrupt("review_themes.number", e))
}

pub fn record(
    conn: &mut DbConnection,
    review: ReviewId,
    t: &Theme,
) -> Result<(), PersistenceError> {
    diesel::insert_into(review_themes::table)
        .values(ThemeRow {
            review_id: review.to_string(),
            number: number(t.number)?,
            kind: t.kind.to_string(),
            title: t.title.to_string(),
            description: t.description.as_ref().map(ToString::to_string),
            recorded_by: t.recorded_by.to_string(),
            recorded_at: t.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// Links entries to a theme (one statement per link, within the caller's transaction).
pub fn link(
    conn: &mut DbConnection,
    review: ReviewId,
    theme: u32,
    entries: &[EntryRef],
    by: &Subject,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    for e in entries {
        diesel::insert_into(review_theme_entries::table)
            .values((
                review_theme_entries::review_id.eq(review.to_string()),
                review_theme_entries::number.eq(number(theme)?),
                review_theme_entries::agency_code.eq(e.agency.as_str()),
                review_theme_entries::source_ref.eq(e.source_ref.as_str()),
                review_theme_entries::linked_by.eq(by.as_str()),
                review_theme_entries::linked_at.eq(at.naive_utc()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The review's themes, first first, each with its linked entries in the order linked.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Theme>, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    let links = review_theme_entries::table
        .filter(review_theme_entries::review_id.eq(review.to_string()))
        .order((
            review_theme_entries::linked_at,
            review_theme_entries::source_ref,
        ))
        .select((
            review_theme_entries::number,
            review_theme_entries::agency_code,
            review_theme_entries::source_ref,
        ))
        .load::<(i32, String, String)>(conn)?;
    review_themes::table
        .filter(review_themes::review_id.eq(review.to_string()))
        .order(review_themes::number)
        .select(ThemeRow::as_select())
        .load::<ThemeRow>(conn)?
        .into_iter()
        .map(|r| {
            Ok(Theme {
                number: u32::try_from(r.number).map_err(|e| corrupt("review_themes.number", e))?,
                kind: r.kind.parse().map_err(bad("review_themes.kind"))?,
                title: Name::parse(&r.title).map_err(bad("review_themes.title"))?,
                description: r
                    .description
                    .map(|d| Narrative::parse(&d))
                    .transpose()
                    .map_err(bad("review_themes.description"))?,
                entries: links
                    .iter()
                    .filter(|(n, _, _)| *n == r.number)
                    .map(|(_, agency, source_ref)| {
                        Ok(EntryRef {
                            agency: AgencyCode::parse(agency)
                                .map_err(bad("review_theme_entries.agency_code"))?,
                            source_ref: Name::parse(source_ref)
                                .map_err(bad("review_theme_entries.source_ref"))?,
                        })
                    })
                    .collect::<Result<_, PersistenceError>>()?,
                recorded_by: Subject::parse(&r.recorded_by)
                    .map_err(bad("review_themes.recorded_by"))?,
                recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
            })
        })
        .collect()
}

/// Which of these entries are current entries of the review.
pub fn existing(
    conn: &mut DbConnection,
    review: ReviewId,
    asked: &[EntryRef],
) -> Result<Vec<EntryRef>, PersistenceError> {
    let refs: Vec<&str> = asked.iter().map(|e| e.source_ref.as_str()).collect();
    let rows = chronology_entries::table
        .filter(chronology_entries::review_id.eq(review.to_string()))
        .filter(chronology_entries::current.eq(true))
        .filter(chronology_entries::source_ref.eq_any(refs))
        .select((
            chronology_entries::agency_code,
            chronology_entries::source_ref,
        ))
        .load::<(String, String)>(conn)?;
    Ok(asked
        .iter()
        .filter(|e| {
            rows.iter()
                .any(|(a, s)| a == e.agency.as_str() && s == e.source_ref.as_str())
        })
        .cloned()
        .collect())
}
