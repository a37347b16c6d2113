//! The overview report as kept: versions with their documents, checklists, factual accuracy answers,
//! the board's approval.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::ReviewId,
    review::report::{
        Approval, Checklist, ContentItem, FactualAccuracy, ReportFormat, ReportVersion, Resolution,
    },
    text::{AgencyCode, Narrative, Note, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{
        report_accuracy_answers as answers, report_approvals as approvals,
        report_checklist_items as items, report_checklists as checklists,
        report_versions as versions,
    },
};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

fn number(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

type VersionColumns = (
    i32,
    String,
    String,
    i64,
    Option<NaiveDate>,
    String,
    NaiveDateTime,
);

fn version_of(row: VersionColumns) -> Result<ReportVersion, PersistenceError> {
    let (n, format, sha256, size, due, by, at) = row;
    Ok(ReportVersion {
        number: count(n),
        format: format.parse().map_err(bad("report_versions.format"))?,
        sha256,
        size_bytes: u64::try_from(size).unwrap_or(0),
        comments_due_on: due,
        uploaded_by: Subject::parse(&by).map_err(bad("report_versions.uploaded_by"))?,
        uploaded_at: utc(at),
    })
}

/// Keeps a new version and its document.
pub fn insert_version(
    conn: &mut DbConnection,
    review: ReviewId,
    v: &ReportVersion,
    document: &[u8],
) -> Result<(), PersistenceError> {
    diesel::insert_into(versions::table)
        .values((
            versions::review_id.eq(review.to_string()),
            versions::number.eq(number(v.number)),
            versions::format.eq(v.format.as_str()),
            versions::sha256.eq(&v.sha256),
            versions::size_bytes.eq(i64::try_from(v.size_bytes).unwrap_or(i64::MAX)),
            versions::document.eq(document),
            versions::comments_due_on.eq(v.comments_due_on),
            versions::uploaded_by.eq(v.uploaded_by.as_str()),
            versions::uploaded_at.eq(v.uploaded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The report's versions, first first (without their documents).
pub fn versions_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<ReportVersion>, PersistenceError> {
    versions::table
        .filter(versions::review_id.eq(review.to_string()))
        .order(versions::number)
        .select((
            versions::number,
            versions::format,
            versions::sha256,
            versions::size_bytes,
            versions::comments_due_on,
            versions::uploaded_by,
            versions::uploaded_at,
        ))
        .load::<VersionColumns>(conn)?
        .into_iter()
        .map(version_of)
        .collect()
}

/// A version's document and its format, if the version exists.
pub fn document(
    conn: &mut DbConnection,
    review: ReviewId,
    version: u32,
) -> Result<Option<(ReportFormat, Vec<u8>)>, PersistenceError> {
    versions::table
        .filter(versions::review_id.eq(review.to_string()))
        .filter(versions::number.eq(number(version)))
        .select((versions::format, versions::document))
        .first::<(String, Vec<u8>)>(conn)
        .optional()?
        .map(|(f, d)| Ok((f.parse().map_err(bad("report_versions.format"))?, d)))
        .transpose()
}

pub fn record_checklist(
    conn: &mut DbConnection,
    review: ReviewId,
    c: &Checklist,
) -> Result<(), PersistenceError> {
    diesel::insert_into(checklists::table)
        .values((
            checklists::review_id.eq(review.to_string()),
            checklists::version.eq(number(c.version)),
            checklists::meets_terms_of_reference.eq(c.meets_terms_of_reference),
            checklists::recorded_by.eq(c.recorded_by.as_str()),
            checklists::recorded_at.eq(c.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    for item in &c.contains {
        diesel::insert_into(items::table)
            .values((
                items::review_id.eq(review.to_string()),
                items::version.eq(number(c.version)),
                items::item.eq(item.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Every version's checklist.
pub fn checklists_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Checklist>, PersistenceError> {
    let ticked: Vec<(i32, String)> = items::table
        .filter(items::review_id.eq(review.to_string()))
        .select((items::version, items::item))
        .load(conn)?;
    checklists::table
        .filter(checklists::review_id.eq(review.to_string()))
        .order(checklists::version)
        .select((
            checklists::version,
            checklists::meets_terms_of_reference,
            checklists::recorded_by,
            checklists::recorded_at,
        ))
        .load::<(i32, bool, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(v, met, by, at)| {
            let contains = ticked
                .iter()
                .filter(|(tv, _)| *tv == v)
                .map(|(_, i)| {
                    i.parse::<ContentItem>()
                        .map_err(bad("report_checklist_items.item"))
                })
                .collect::<Result<_, _>>()?;
            Ok(Checklist {
                version: count(v),
                contains,
                meets_terms_of_reference: met,
                recorded_by: Subject::parse(&by).map_err(bad("report_checklists.recorded_by"))?,
                recorded_at: utc(at),
            })
        })
        .collect()
}

pub fn record_answer(
    conn: &mut DbConnection,
    review: ReviewId,
    a: &FactualAccuracy,
) -> Result<(), PersistenceError> {
    diesel::insert_into(answers::table)
        .values((
            answers::review_id.eq(review.to_string()),
            answers::version.eq(number(a.version)),
            answers::agency_code.eq(a.agency.as_str()),
            answers::answer.eq(a.answer.as_str()),
            answers::comments.eq(a.comments.as_ref().map(Narrative::as_str)),
            answers::answered_by.eq(a.answered_by.as_str()),
            answers::answered_at.eq(a.answered_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn resolve(
    conn: &mut DbConnection,
    review: ReviewId,
    version: u32,
    agency: &AgencyCode,
    r: &Resolution,
) -> Result<(), PersistenceError> {
    diesel::update(
        answers::table
            .filter(answers::review_id.eq(review.to_string()))
            .filter(answers::version.eq(number(version)))
            .filter(answers::agency_code.eq(agency.as_str())),
    )
    .set((
        answers::resolution.eq(Some(r.note.as_str())),
        answers::resolved_by.eq(Some(r.by.as_str())),
        answers::resolved_at.eq(Some(r.at.naive_utc())),
    ))
    .execute(conn)?;
    Ok(())
}

type AnswerColumns = (
    i32,
    String,
    String,
    Option<String>,
    String,
    NaiveDateTime,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// Every answer on every version.
pub fn answers_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<FactualAccuracy>, PersistenceError> {
    answers::table
        .filter(answers::review_id.eq(review.to_string()))
        .order((answers::version, answers::agency_code))
        .select((
            answers::version,
            answers::agency_code,
            answers::answer,
            answers::comments,
            answers::answered_by,
            answers::answered_at,
            answers::resolution,
            answers::resolved_by,
            answers::resolved_at,
        ))
        .load::<AnswerColumns>(conn)?
        .into_iter()
        .map(|(v, agency, answer, comments, by, at, note, rby, rat)| {
            let resolution = match (note, rby, rat) {
                (Some(n), Some(b), Some(t)) => Some(Resolution {
                    note: Narrative::parse(&n)
                        .map_err(bad("report_accuracy_answers.resolution"))?,
                    by: Subject::parse(&b).map_err(bad("report_accuracy_answers.resolved_by"))?,
                    at: utc(t),
                }),
                _ => None,
            };
            Ok(FactualAccuracy {
                version: count(v),
                agency: AgencyCode::parse(&agency)
                    .map_err(bad("report_accuracy_answers.agency_code"))?,
                answer: answer
                    .parse()
                    .map_err(bad("report_accuracy_answers.answer"))?,
                comments: comments
                    .map(|c| Narrative::parse(&c))
                    .transpose()
                    .map_err(bad("report_accuracy_answers.comments"))?,
                answered_by: Subject::parse(&by)
                    .map_err(bad("report_accuracy_answers.answered_by"))?,
                answered_at: utc(at),
                resolution,
            })
        })
        .collect()
}

pub fn approve(
    conn: &mut DbConnection,
    review: ReviewId,
    a: &Approval,
) -> Result<(), PersistenceError> {
    let recipients: Vec<&str> = a.recipients.iter().map(Note::as_str).collect();
    diesel::insert_into(approvals::table)
        .values((
            approvals::review_id.eq(review.to_string()),
            approvals::version.eq(number(a.version)),
            approvals::recipients.eq(serde_json::to_string(&recipients)
                .map_err(|e| corrupt("report_approvals.recipients", e))?),
            approvals::dissemination.eq(a.dissemination.as_str()),
            approvals::monitoring.eq(a.monitoring.as_str()),
            approvals::approved_by.eq(a.approved_by.as_str()),
            approvals::approved_at.eq(a.approved_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn approval(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Option<Approval>, PersistenceError> {
    approvals::table
        .filter(approvals::review_id.eq(review.to_string()))
        .select((
            approvals::version,
            approvals::recipients,
            approvals::dissemination,
            approvals::monitoring,
            approvals::approved_by,
            approvals::approved_at,
        ))
        .first::<(i32, String, String, String, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(v, recipients, dissemination, monitoring, by, at)| {
            let names: Vec<String> = serde_json::from_str(&recipients)
                .map_err(|e| corrupt("report_approvals.recipients", e))?;
            Ok(Approval {
                version: count(v),
                recipients: names
                    .iter()
                    .map(|n| Note::parse(n))
                    .collect::<Result<_, _>>()
                    .map_err(bad("report_approvals.recipients"))?,
                dissemination: Narrative::parse(&dissemination)
                    .map_err(bad("report_approvals.dissemination"))?,
                monitoring: Narrative::parse(&monitoring)
                    .map_err(bad("report_approvals.monitoring"))?,
                approved_by: Subject::parse(&by).map_err(bad("report_approvals.approved_by"))?,
                approved_at: utc(at),
            })
        })
        .transpose()
}
