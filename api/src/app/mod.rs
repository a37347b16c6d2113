//! The application functions: one per use case, called by REST handlers and GraphQL resolvers alike, so
//! both give the same answers and the same refusals. Each checks permission in `domain`, runs one
//! transaction, and writes its audit events inside it.

pub mod actions;
pub mod agencies;
pub mod audit;
pub mod births;
pub mod calendar;
pub mod calendar_feeds;
pub mod chronology;
pub mod commissioning;
pub mod destinations;
pub mod disposals;
pub mod family_engagement;
pub mod figures;
pub mod identifying;
pub mod information_requests;
pub mod learning;
pub mod legal_holds;
pub mod outbox;
pub mod panel_meetings;
pub mod parallel_processes;
pub mod practitioner_events;
pub mod preconditions;
pub mod publication;
pub mod rapid_review;
pub mod rectifications;
pub mod referrals;
pub mod report;
mod report_text;
pub mod retention;
pub mod review_delays;
pub mod review_notifications;
pub mod review_requests;
pub mod review_stages;
pub mod review_team;
pub mod review_themes;
pub mod reviews;
pub mod subject_access;
pub mod terms_of_reference;
pub mod webhook_subscriptions;

use cspr_domain::page::PageSize;
use cspr_persistence::Cursor;

use crate::error::ApiError;

/// A referral id from a path: one that does not parse names nothing, so it is not found.
pub(crate) fn referral_id(id: &str) -> Result<cspr_domain::ids::ReferralId, ApiError> {
    cspr_domain::ids::ReferralId::parse(id).map_err(|_| ApiError::NotFound)
}

/// A review's id from the path; one that cannot be an id names no review.
pub(crate) fn review_id(id: &str) -> Result<cspr_domain::ids::ReviewId, ApiError> {
    cspr_domain::ids::ReviewId::parse(id).map_err(|_| ApiError::NotFound)
}

/// A value parsed from the request, its error named by the request's field.
pub(crate) fn field<T>(r: Result<T, cspr_domain::FieldError>, name: &str) -> Result<T, ApiError> {
    r.map_err(|e| e.under(name).into())
}

/// Runs synchronous diesel work off the actix worker threads, in a `database` span under the request's
/// (a trace shows each request's time in the database).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let span = tracing::info_span!("database", otel.kind = "client");
    actix_web::web::block(move || span.in_scope(f))
        .await
        .map_err(ApiError::internal)?
}

/// Parses a page request: `limit` bounded, `cursor` one this server handed out.
pub fn page(
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<(PageSize, Option<Cursor>), ApiError> {
    let size = PageSize::parse(limit)?;
    let cursor = cursor
        .map(|c| {
            Cursor::parse(c).ok_or_else(|| {
                ApiError::Invalid(vec![cspr_domain::FieldError::new(
                    "cursor",
                    "is not a cursor this server issued",
                )])
            })
        })
        .transpose()?;
    Ok((size, cursor))
}

/// The review the caller opens case material of (its chronology, its meetings): in their scope, and,
/// for a member of its team, only once their declarations are recorded.
pub(crate) fn case_material(
    conn: &mut cspr_persistence::DbConnection,
    caller: &crate::context::Caller,
    scope: &cspr_domain::access::ReviewScope,
    id: cspr_domain::ids::ReviewId,
) -> Result<cspr_domain::review::Review, ApiError> {
    use cspr_domain::access::ReviewScope;
    use cspr_persistence::reviews;
    let review =
        reviews::find(conn, caller.partnership.id, scope, id)?.ok_or(ApiError::NotFound)?;
    let declared = match scope {
        ReviewScope::Member(subject) => reviews::declarations::has_declared(conn, id, subject)?,
        ReviewScope::Partnership => false,
    };
    cspr_domain::review::declarations::may_read_case_material(scope, declared)?;
    Ok(review)
}

/// The review the caller runs, with its team: its case material is theirs to open, and they are the
/// partnership's business team or the review's own lead reviewer; the review is running (commissioned,
/// its report not yet approved).
pub(crate) fn conducted_review(
    conn: &mut cspr_persistence::DbConnection,
    caller: &crate::context::Caller,
    scope: &cspr_domain::access::ReviewScope,
    id: cspr_domain::ids::ReviewId,
) -> Result<
    (
        cspr_domain::review::Review,
        Vec<cspr_domain::review::team::TeamMember>,
    ),
    ApiError,
> {
    let review = case_material(conn, caller, scope, id)?;
    let team = cspr_persistence::reviews::team(conn, id)?;
    cspr_domain::review::team::may_conduct(&caller.actor, &team)?;
    review.check_running()?;
    Ok((review, team))
}
