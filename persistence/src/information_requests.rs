//! Information requests, their returns (every version) and how each version was judged.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use cspr_domain::{
    access::RequestScope,
    ids::{InformationRequestId, PartnershipId, ReferralId},
    page::{Page, PageSize},
    rapid_review::{
        escalations::Escalation,
        requests::{
            ChiefOfficerSignOff, InformationRequest, RecordsSecured, Representative, RequestKind,
            RequestStatus, ReturnContent, ReturnVersion, Review, ReworkReason,
        },
    },
    text::{Name, Subject},
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    error::corrupt,
    rapid_reviews::load::{code, narrative, subject, utc},
    schema::{
        information_requests as ir, information_returns as ret, request_escalations as esc,
        return_reviews as rev,
    },
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = ir)]
struct Row {
    id: String,
    partnership_id: String,
    referral_id: String,
    agency_code: String,
    kind: String,
    status: String,
    sent_on: NaiveDate,
    due_on: NaiveDate,
    versions: i32,
    first_submitted_at: Option<NaiveDateTime>,
    last_submitted_at: Option<NaiveDateTime>,
    accepted_at: Option<NaiveDateTime>,
    rework_due_on: Option<NaiveDate>,
}

impl TryFrom<Row> for InformationRequest {
    type Error = PersistenceError;
    fn try_from(r: Row) -> Result<Self, PersistenceError> {
        Ok(InformationRequest {
            id: InformationRequestId::parse(&r.id)
                .map_err(|e| corrupt("information_requests.id", e))?,
            partnership_id: PartnershipId::parse(&r.partnership_id)
                .map_err(|e| corrupt("information_requests.partnership_id", e))?,
            referral_id: ReferralId::parse(&r.referral_id)
                .map_err(|e| corrupt("information_requests.referral_id", e))?,
            agency: code(&r.agency_code, "information_requests.agency_code")?,
            kind: r
                .kind
                .parse()
                .map_err(|e| corrupt("information_requests.kind", e))?,
            status: r
                .status
                .parse()
                .map_err(|e| corrupt("information_requests.status", e))?,
            sent_on: r.sent_on,
            due_on: r.due_on,
            versions: u32::try_from(r.versions)
                .map_err(|e| corrupt("information_requests.versions", e))?,
            first_submitted_at: r.first_submitted_at.map(utc),
            last_submitted_at: r.last_submitted_at.map(utc),
            accepted_at: r.accepted_at.map(utc),
            rework_due_on: r.rework_due_on,
        })
    }
}

fn rows(rows: Vec<Row>) -> Result<Vec<InformationRequest>, PersistenceError> {
    rows.into_iter().map(InformationRequest::try_from).collect()
}

pub fn insert(
    conn: &mut DbConnection,
    r: &InformationRequest,
    created_by: &Subject,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(ir::table)
        .values((
            ir::id.eq(r.id.to_string()),
            ir::partnership_id.eq(r.partnership_id.to_string()),
            ir::referral_id.eq(r.referral_id.to_string()),
            ir::agency_code.eq(r.agency.as_str()),
            ir::kind.eq(r.kind.as_str()),
            ir::status.eq(r.status.as_str()),
            ir::sent_on.eq(r.sent_on),
            ir::due_on.eq(r.due_on),
            ir::versions.eq(0),
            ir::created_by.eq(created_by.as_str()),
            ir::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every request of these referrals, oldest first.
pub fn for_referrals(
    conn: &mut DbConnection,
    referral_ids: &[String],
) -> Result<Vec<InformationRequest>, PersistenceError> {
    rows(
        ir::table
            .filter(ir::referral_id.eq_any(referral_ids))
            .order(ir::id)
            .select(Row::as_select())
            .load(conn)?,
    )
}

fn scoped(
    partnership_id: PartnershipId,
    scope: &RequestScope,
) -> ir::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
    let q = ir::table
        .filter(ir::partnership_id.eq(partnership_id.to_string()))
        .into_boxed();
    match scope {
        RequestScope::Partnership => q,
        RequestScope::Agency(code) => q.filter(ir::agency_code.eq(code.as_str().to_owned())),
    }
}

pub fn find(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &RequestScope,
    id: InformationRequestId,
) -> Result<Option<InformationRequest>, PersistenceError> {
    scoped(partnership_id, scope)
        .filter(ir::id.eq(id.to_string()))
        .select(Row::as_select())
        .first::<Row>(conn)
        .optional()?
        .map(InformationRequest::try_from)
        .transpose()
}

/// Filters of an inbox.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub referral_id: Option<ReferralId>,
    pub status: Option<RequestStatus>,
    pub kind: Option<RequestKind>,
}

/// A page of the requests the caller may see, newest first.
pub fn list(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &RequestScope,
    filter: &RequestFilter,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<InformationRequest, Cursor>, PersistenceError> {
    let mut q = scoped(partnership_id, scope);
    if let Some(r) = filter.referral_id {
        q = q.filter(ir::referral_id.eq(r.to_string()));
    }
    if let Some(s) = filter.status {
        q = q.filter(ir::status.eq(s.as_str()));
    }
    if let Some(k) = filter.kind {
        q = q.filter(ir::kind.eq(k.as_str()));
    }
    if let Some(c) = after {
        q = q.filter(ir::id.lt(c.as_str().to_owned()));
    }
    let items = rows(
        q.order(ir::id.desc())
            .limit(i64::from(size.get()) + 1)
            .select(Row::as_select())
            .load(conn)?,
    )?;
    Ok(Page::from_overfetch(items, size, |r| {
        Cursor::after(&r.id.to_string())
    }))
}

type ReturnRow = (
    String,
    i32,
    String,
    String,
    bool,
    Option<NaiveDate>,
    Option<String>,
    String,
    String,
    String,
    String,
    NaiveDateTime,
    Option<String>,
    Option<NaiveDate>,
);

/// Every version of a request's return, oldest first, with how each was judged.
pub fn returns(
    conn: &mut DbConnection,
    id: InformationRequestId,
) -> Result<Vec<ReturnVersion>, PersistenceError> {
    let id = id.to_string();
    Ok(returns_of(conn, std::slice::from_ref(&id))?
        .remove(&id)
        .unwrap_or_default())
}

/// The returns of many requests by request id, in two queries whatever their number.
pub fn returns_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<ReturnVersion>>, PersistenceError> {
    let mut reviews: HashMap<(String, i32), Review> = rev::table
        .filter(rev::request_id.eq_any(ids))
        .select((
            rev::request_id,
            rev::version,
            rev::outcome,
            rev::reasons,
            rev::note,
            rev::reviewed_by,
            rev::reviewed_at,
        ))
        .load::<(
            String,
            i32,
            String,
            String,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?
        .into_iter()
        .map(|(request, version, outcome, reasons, note, by, at)| {
            let by = subject(&by, "return_reviews.reviewed_by")?;
            let review = match outcome.as_str() {
                "accepted" => Review::Accepted { by, at: utc(at) },
                "sent_back" => Review::SentBack {
                    reasons: serde_json::from_str::<Vec<String>>(&reasons)
                        .map_err(|e| corrupt("return_reviews.reasons", e))?
                        .iter()
                        .map(|r| {
                            r.parse::<ReworkReason>()
                                .map_err(|e| corrupt("return_reviews.reasons", e))
                        })
                        .collect::<Result<_, _>>()?,
                    note: note
                        .map(|n| narrative(&n, "return_reviews.note"))
                        .transpose()?,
                    by,
                    at: utc(at),
                },
                other => return Err(corrupt("return_reviews.outcome", other)),
            };
            Ok(((request, version), review))
        })
        .collect::<Result<_, PersistenceError>>()?;
    let mut out: HashMap<String, Vec<ReturnVersion>> = HashMap::new();
    for row in ret::table
        .filter(ret::request_id.eq_any(ids))
        .order((ret::request_id, ret::version))
        .select((
            ret::request_id,
            ret::version,
            ret::summary_of_involvement,
            ret::analysis_of_involvement,
            ret::records_secured,
            ret::records_secured_on,
            ret::records_secured_by,
            ret::representative_name,
            ret::representative_role,
            ret::representative_contact,
            ret::submitted_by,
            ret::submitted_at,
            ret::chief_officer,
            ret::signed_off_on,
        ))
        .load::<ReturnRow>(conn)?
    {
        let (request, version) = (row.0.clone(), row.1);
        let review = reviews.remove(&(request.clone(), version));
        out.entry(request)
            .or_default()
            .push(version_of(row, review)?);
    }
    Ok(out)
}

fn version_of(row: ReturnRow, review: Option<Review>) -> Result<ReturnVersion, PersistenceError> {
    let (
        _,
        version,
        summary,
        analysis,
        secured,
        on,
        by,
        name,
        role,
        contact,
        submitted_by,
        at,
        chief_officer,
        signed_off_on,
    ) = row;
    let name_of = |s: &str, c: &str| Name::parse(s).map_err(|e| corrupt(c, e));
    let records_secured = match (secured, on, by) {
        (true, Some(on), Some(by)) => RecordsSecured::Yes {
            on,
            by: name_of(&by, "information_returns.records_secured_by")?,
        },
        (false, None, None) => RecordsSecured::No,
        _ => {
            return Err(corrupt(
                "information_returns.records_secured",
                "inconsistent",
            ));
        }
    };
    Ok(ReturnVersion {
        version: u32::try_from(version).map_err(|e| corrupt("information_returns.version", e))?,
        content: ReturnContent {
            summary_of_involvement: narrative(
                &summary,
                "information_returns.summary_of_involvement",
            )?,
            analysis_of_involvement: narrative(
                &analysis,
                "information_returns.analysis_of_involvement",
            )?,
            records_secured,
            representative: Representative {
                name: name_of(&name, "information_returns.representative_name")?,
                role: name_of(&role, "information_returns.representative_role")?,
                contact: name_of(&contact, "information_returns.representative_contact")?,
            },
        },
        submitted_by: subject(&submitted_by, "information_returns.submitted_by")?,
        submitted_at: utc(at),
        review,
        sign_off: match (chief_officer, signed_off_on) {
            (Some(name), Some(on)) => Some(ChiefOfficerSignOff {
                chief_officer: name_of(&name, "information_returns.chief_officer")?,
                signed_off_on: on,
            }),
            (None, None) => None,
            _ => return Err(corrupt("information_returns.signed_off_on", "inconsistent")),
        },
    })
}

/// Stores a new version and marks the request submitted.
pub fn add_return(
    conn: &mut DbConnection,
    request: &InformationRequest,
    v: &ReturnVersion,
) -> Result<(), PersistenceError> {
    let rid = request.id.to_string();
    let version =
        i32::try_from(v.version).map_err(|e| corrupt("information_returns.version", e))?;
    let (secured, on, by) = match &v.content.records_secured {
        RecordsSecured::Yes { on, by } => (true, Some(*on), Some(by.as_str())),
        RecordsSecured::No => (false, None, None),
    };
    let c = &v.content;
    diesel::insert_into(ret::table)
        .values((
            ret::request_id.eq(&rid),
            ret::version.eq(version),
            ret::summary_of_involvement.eq(c.summary_of_involvement.as_str()),
            ret::analysis_of_involvement.eq(c.analysis_of_involvement.as_str()),
            ret::records_secured.eq(secured),
            ret::records_secured_on.eq(on),
            ret::records_secured_by.eq(by),
            ret::representative_name.eq(c.representative.name.as_str()),
            ret::representative_role.eq(c.representative.role.as_str()),
            ret::representative_contact.eq(c.representative.contact.as_str()),
            ret::submitted_by.eq(v.submitted_by.as_str()),
            ret::submitted_at.eq(v.submitted_at.naive_utc()),
        ))
        .execute(conn)?;
    let first = request.first_submitted_at.unwrap_or(v.submitted_at);
    diesel::update(ir::table.find(&rid))
        .set((
            ir::status.eq(RequestStatus::Submitted.as_str()),
            ir::versions.eq(version),
            ir::first_submitted_at.eq(Some(first.naive_utc())),
            ir::last_submitted_at.eq(Some(v.submitted_at.naive_utc())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records how the latest version was judged, and moves the request on.
pub fn review_latest(
    conn: &mut DbConnection,
    request: &InformationRequest,
    review: &Review,
    rework_due_on: Option<NaiveDate>,
) -> Result<(), PersistenceError> {
    let rid = request.id.to_string();
    let version =
        i32::try_from(request.versions).map_err(|e| corrupt("information_requests.versions", e))?;
    let status = review.resulting_status();
    let accepted_at = match review {
        Review::Accepted { at, .. } => Some(at.naive_utc()),
        Review::SentBack { .. } => None,
    };
    let (outcome, reasons, note, by, at) = match review {
        Review::Accepted { by, at } => ("accepted", "[]".to_owned(), None, by, at),
        Review::SentBack {
            reasons,
            note,
            by,
            at,
        } => (
            "sent_back",
            serde_json::Value::from(reasons.iter().map(|r| r.as_str()).collect::<Vec<_>>())
                .to_string(),
            note.as_ref().map(|n| n.as_str().to_owned()),
            by,
            at,
        ),
    };
    diesel::insert_into(rev::table)
        .values((
            rev::request_id.eq(&rid),
            rev::version.eq(version),
            rev::outcome.eq(outcome),
            rev::reasons.eq(reasons),
            rev::note.eq(note),
            rev::reviewed_by.eq(by.as_str()),
            rev::reviewed_at.eq(at.naive_utc()),
        ))
        .execute(conn)?;
    diesel::update(ir::table.find(&rid))
        .set((
            ir::status.eq(status.as_str()),
            ir::accepted_at.eq(accepted_at),
            ir::rework_due_on.eq(rework_due_on.or(request.rework_due_on)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the chief officer's sign-off of a version of an IMR.
pub fn sign_off(
    conn: &mut DbConnection,
    request: &InformationRequest,
    version: u32,
    s: &ChiefOfficerSignOff,
) -> Result<(), PersistenceError> {
    let version = i32::try_from(version).map_err(|e| corrupt("information_returns.version", e))?;
    diesel::update(ret::table.find((request.id.to_string(), version)))
        .set((
            ret::chief_officer.eq(Some(s.chief_officer.as_str())),
            ret::signed_off_on.eq(Some(s.signed_off_on)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The escalations of these requests, oldest first.
pub fn escalations(
    conn: &mut DbConnection,
    requests: &[&InformationRequest],
) -> Result<Vec<Escalation>, PersistenceError> {
    let agencies: HashMap<String, &InformationRequest> =
        requests.iter().map(|r| (r.id.to_string(), *r)).collect();
    esc::table
        .filter(esc::request_id.eq_any(agencies.keys()))
        .order(esc::escalated_at)
        .select((
            esc::request_id,
            esc::escalated_to,
            esc::reasons,
            esc::escalated_by,
            esc::escalated_at,
        ))
        .load::<(String, String, String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(request, to, reasons, by, at)| {
            let asked = agencies
                .get(&request)
                .ok_or_else(|| corrupt("request_escalations.request_id", &request))?;
            Ok(Escalation {
                request: asked.id,
                agency: asked.agency.clone(),
                to: to
                    .parse()
                    .map_err(|e| corrupt("request_escalations.escalated_to", e))?,
                reasons: narrative(&reasons, "request_escalations.reasons")?,
                escalated_by: subject(&by, "request_escalations.escalated_by")?,
                escalated_at: utc(at),
            })
        })
        .collect()
}
