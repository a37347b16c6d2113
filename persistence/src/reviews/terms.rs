//! Terms of reference as stored: a row per version, its agencies in scope rows of their own.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::{PartnershipId, ReviewId},
    review::terms::{AgencyInScope, Terms, TermsOfReference, TimetableItem},
    text::{AgencyCode, Name, Narrative, Note, Subject},
};
use diesel::prelude::*;

use super::{from_json, to_json};
use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{review_agencies_in_scope, review_terms_of_reference},
};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_terms_of_reference)]
#[diesel(treat_none_as_default_value = false)]
struct TermsRow {
    review_id: String,
    version: i32,
    questions: String,
    period_from: NaiveDate,
    period_to: NaiveDate,
    timetable: String,
    cps_liaison: Option<String>,
    coroner_liaison: Option<String>,
    communications_plan: Option<String>,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = review_agencies_in_scope)]
struct ScopeRow {
    review_id: String,
    version: i32,
    partnership_id: String,
    agency_code: String,
    single_point_of_contact: String,
    position: i32,
}

fn timetable_json(items: &[TimetableItem]) -> String {
    serde_json::Value::from(
        items
            .iter()
            .map(|t| {
                serde_json::json!({
                    "kind": t.kind.as_str(),
                    "on": t.on.to_string(),
                    "note": t.note.as_ref().map(ToString::to_string),
                })
            })
            .collect::<Vec<_>>(),
    )
    .to_string()
}

fn timetable_from(text: &str) -> Result<Vec<TimetableItem>, PersistenceError> {
    const COLUMN: &str = "review_terms_of_reference.timetable";
    let items: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    items
        .iter()
        .map(|v| {
            let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
            Ok(TimetableItem {
                kind: text("kind")
                    .unwrap_or_default()
                    .parse()
                    .map_err(|e| corrupt(COLUMN, e))?,
                on: text("on")
                    .unwrap_or_default()
                    .parse()
                    .map_err(|e| corrupt(COLUMN, e))?,
                note: text("note")
                    .map(Note::parse)
                    .transpose()
                    .map_err(|e| corrupt(COLUMN, e))?,
            })
        })
        .collect()
}

/// Records a version and its agencies in scope.
pub fn record(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    review: ReviewId,
    t: &TermsOfReference,
) -> Result<(), PersistenceError> {
    let version =
        i32::try_from(t.version).map_err(|e| corrupt("review_terms_of_reference.version", e))?;
    let terms = &t.terms;
    diesel::insert_into(review_terms_of_reference::table)
        .values(TermsRow {
            review_id: review.to_string(),
            version,
            questions: to_json(&terms.questions),
            period_from: terms.period_from,
            period_to: terms.period_to,
            timetable: timetable_json(&terms.timetable),
            cps_liaison: terms.cps_liaison.as_ref().map(ToString::to_string),
            coroner_liaison: terms.coroner_liaison.as_ref().map(ToString::to_string),
            communications_plan: terms.communications_plan.as_ref().map(ToString::to_string),
            recorded_by: t.recorded_by.to_string(),
            recorded_at: t.recorded_at.naive_utc(),
        })
        .execute(conn)?;
    let rows = terms
        .agencies
        .iter()
        .zip(0..)
        .map(|(a, position)| ScopeRow {
            review_id: review.to_string(),
            version,
            partnership_id: partnership.to_string(),
            agency_code: a.agency.to_string(),
            single_point_of_contact: a.single_point_of_contact.to_string(),
            position,
        })
        .collect::<Vec<_>>();
    // MultiConnection cannot send a multi-row insert through the enum: each backend's own does.
    match conn {
        DbConnection::Postgres(c) => diesel::insert_into(review_agencies_in_scope::table)
            .values(&rows)
            .execute(c),
        DbConnection::Sqlite(c) => diesel::insert_into(review_agencies_in_scope::table)
            .values(&rows)
            .execute(c),
    }?;
    Ok(())
}

/// Every version of the review's terms, the latest (the one that governs) first.
pub fn of_review(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<TermsOfReference>, PersistenceError> {
    let rows = review_terms_of_reference::table
        .filter(review_terms_of_reference::review_id.eq(review.to_string()))
        .order(review_terms_of_reference::version.desc())
        .select(TermsRow::as_select())
        .load::<TermsRow>(conn)?;
    let scopes = review_agencies_in_scope::table
        .filter(review_agencies_in_scope::review_id.eq(review.to_string()))
        .order((
            review_agencies_in_scope::version,
            review_agencies_in_scope::position,
        ))
        .select(ScopeRow::as_select())
        .load::<ScopeRow>(conn)?;
    rows.into_iter().map(|r| into_terms(r, &scopes)).collect()
}

/// The terms that govern now: the latest version, if any.
pub fn current(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Option<TermsOfReference>, PersistenceError> {
    Ok(of_review(conn, review)?.into_iter().next())
}

fn into_terms(r: TermsRow, scopes: &[ScopeRow]) -> Result<TermsOfReference, PersistenceError> {
    let bad = |c: &'static str| move |e: cspr_domain::FieldError| corrupt(c, e);
    let agencies = scopes
        .iter()
        .filter(|s| s.version == r.version)
        .map(|s| {
            Ok(AgencyInScope {
                agency: AgencyCode::parse(&s.agency_code)
                    .map_err(bad("review_agencies_in_scope.agency_code"))?,
                single_point_of_contact: Name::parse(&s.single_point_of_contact)
                    .map_err(bad("review_agencies_in_scope.single_point_of_contact"))?,
            })
        })
        .collect::<Result<Vec<_>, PersistenceError>>()?;
    let optional =
        |v: Option<String>, c: &'static str| v.map(|x| Note::parse(&x)).transpose().map_err(bad(c));
    Ok(TermsOfReference {
        version: u32::try_from(r.version)
            .map_err(|e| corrupt("review_terms_of_reference.version", e))?,
        terms: Terms {
            questions: from_json(
                "review_terms_of_reference.questions",
                &r.questions,
                Note::parse,
            )?,
            period_from: r.period_from,
            period_to: r.period_to,
            agencies,
            timetable: timetable_from(&r.timetable)?,
            cps_liaison: optional(r.cps_liaison, "review_terms_of_reference.cps_liaison")?,
            coroner_liaison: optional(
                r.coroner_liaison,
                "review_terms_of_reference.coroner_liaison",
            )?,
            communications_plan: r
                .communications_plan
                .map(|x| Narrative::parse(&x))
                .transpose()
                .map_err(bad("review_terms_of_reference.communications_plan"))?,
        },
        recorded_by: Subject::parse(&r.recorded_by)
            .map_err(bad("review_terms_of_reference.recorded_by"))?,
        recorded_at: DateTime::from_naive_utc_and_offset(r.recorded_at, Utc),
    })
}
