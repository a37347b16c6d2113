//! Information requests: the admin sends them, each agency answers its own, the admin accepts or sends a
//! return back. An agency never sees another agency's request or return: it is simply not found.

use cspr_domain::{
    access::{ReferralScope, RequestScope},
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::InformationRequestId,
    outbox::{Concerns, Event, EventType},
    rapid_review::{
        escalations, process,
        requests::{self, InformationRequest as Request, RequestKind, ReturnDraft, Review},
    },
    text::{Name, Narrative},
};
use cspr_openapi::information_request::{
    ChiefOfficerSignOffCreate, Escalation, EscalationCreate, InformationRequest,
    InformationRequestPage, InformationRequestQuery, InformationRequestsCreate, ReturnCreate,
    ReturnReviewCreate, ReturnVersion, ReviewOutcome,
};
use cspr_persistence::{
    DbConnection, agencies, audit,
    information_requests::{self as store, RequestFilter},
    rapid_reviews, reviews,
};

use crate::{
    app::{
        field, page,
        rapid_review::{load, today},
        referral_id,
    },
    context::{Caller, Ctx},
    error::ApiError,
};

fn request_id(id: &str) -> Result<InformationRequestId, ApiError> {
    InformationRequestId::parse(id).map_err(|_| ApiError::NotFound)
}

fn find(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: &RequestScope,
    id: InformationRequestId,
) -> Result<Request, ApiError> {
    store::find(conn, caller.partnership.id, scope, id)?.ok_or(ApiError::NotFound)
}

/// Sends requests of one kind for a referral, due 5 working days after today.
pub async fn issue(
    ctx: &Ctx,
    referral: &str,
    input: InformationRequestsCreate,
) -> Result<Vec<InformationRequest>, ApiError> {
    ctx.caller
        .actor
        .may_take(&process::ISSUE_INFORMATION_REQUESTS)?;
    let referral_id = referral_id(referral)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let review = load(conn, caller, &ReferralScope::Partnership, referral_id)?;
        let registered: Vec<_> = agencies::list(conn, caller.partnership.id)?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let made = review.issue_requests(
            &today(&calendar, log),
            input.kind.into(),
            input.agencies,
            &registered,
        )?;
        record_issued(conn, caller, log, &made)
    })
    .await
}

/// Stores requests just issued (a Rapid Review's or a review's), each audited as created, and answers
/// with them.
pub(crate) fn record_issued(
    conn: &mut DbConnection,
    caller: &Caller,
    log: &crate::context::Audit,
    made: &[Request],
) -> Result<Vec<InformationRequest>, ApiError> {
    for r in made {
        store::insert(conn, r, &caller.actor.subject, log.now())?;
        told(conn, EventType::InformationRequestIssued, r, log.now())?;
    }
    let events = log.each(
        AuditAction::Create,
        ResourceKind::InformationRequest,
        made.iter().map(|r| r.id),
    );
    audit::append(conn, &events)?;
    Ok(made.iter().map(InformationRequest::from).collect())
}

/// Tells the agency's systems (and the partnership's) of a request's news.
fn told(
    conn: &mut DbConnection,
    event_type: EventType,
    r: &Request,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), ApiError> {
    let event = Event {
        event_type,
        partnership_id: r.partnership_id,
        concerns: Concerns::Agency(r.agency.clone()),
        data: vec![
            ("request_id", r.id.to_string()),
            ("referral_id", r.referral_id.to_string()),
            ("agency_code", r.agency.to_string()),
            ("kind", r.kind.to_string()),
        ],
        occurred_at: at,
    };
    Ok(crate::app::outbox::publish(conn, event, None)?)
}

/// A referral's requests: all of them for admins and partners, an agency's own for an agency.
pub async fn for_referral(ctx: &Ctx, referral: &str) -> Result<Vec<InformationRequest>, ApiError> {
    let referral_scope = ctx.caller.actor.referral_scope()?;
    let scope = ctx.caller.actor.request_scope()?;
    let referral_id = referral_id(referral)?;
    ctx.read(move |conn, caller, log| {
        let review = load(conn, caller, &referral_scope, referral_id)?;
        let visible: Vec<_> = review
            .requests
            .iter()
            .filter(|r| match &scope {
                RequestScope::Partnership => true,
                RequestScope::Agency(code) => &r.agency == code,
            })
            .collect();
        let events = log.each(
            AuditAction::List,
            ResourceKind::InformationRequest,
            visible.iter().map(|r| r.id),
        );
        log.record(events);
        Ok(visible.into_iter().map(InformationRequest::from).collect())
    })
    .await
}

/// The caller's inbox: its agency's requests across every referral (or, for admins, the partnership's).
pub async fn inbox(
    ctx: &Ctx,
    query: InformationRequestQuery,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<InformationRequestPage, ApiError> {
    let scope = ctx.caller.actor.request_scope()?;
    let (size, after) = page(limit, cursor)?;
    let filter = RequestFilter {
        referral_id: query
            .referral_id
            .as_deref()
            .map(|id| field(cspr_domain::ids::ReferralId::parse(id), "referral_id"))
            .transpose()?,
        status: query.status.map(Into::into),
        kind: query.kind.map(Into::into),
    };
    ctx.read(move |conn, caller, log| {
        let page = store::list(
            conn,
            caller.partnership.id,
            &scope,
            &filter,
            after.as_ref(),
            size,
        )?;
        let events = log.each(
            AuditAction::List,
            ResourceKind::InformationRequest,
            page.items.iter().map(|r| r.id),
        );
        log.record(events);
        Ok(InformationRequestPage {
            items: page.items.iter().map(InformationRequest::from).collect(),
            next_cursor: page.next.map(|c| c.to_string()),
        })
    })
    .await
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<InformationRequest, ApiError> {
    let scope = ctx.caller.actor.request_scope()?;
    let id = request_id(id)?;
    ctx.read(move |conn, caller, log| {
        let r = find(conn, caller, &scope, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::InformationRequest,
            Some(id.to_string()),
        )]);
        Ok(InformationRequest::from(&r))
    })
    .await
}

/// Every version of the return, oldest first.
pub async fn returns(ctx: &Ctx, id: &str) -> Result<Vec<ReturnVersion>, ApiError> {
    let scope = ctx.caller.actor.request_scope()?;
    let id = request_id(id)?;
    ctx.read(move |conn, caller, log| {
        find(conn, caller, &scope, id)?;
        let versions = store::returns(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::InformationReturn,
            Some(id.to_string()),
        )]);
        Ok(versions.iter().map(ReturnVersion::from).collect())
    })
    .await
}

/// The agency submits its return (a new version when the last was sent back). Only the agency the request
/// was sent to can: for anyone else it does not exist.
pub async fn submit_return(
    ctx: &Ctx,
    id: &str,
    input: ReturnCreate,
) -> Result<ReturnVersion, ApiError> {
    let agency = ctx.caller.actor.acting_agency()?.clone();
    let id = request_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let request = find(conn, caller, &RequestScope::Agency(agency), id)?;
        if request.kind.for_review() {
            // A review's request takes returns while the review runs.
            reviews::for_referral(conn, caller.partnership.id, request.referral_id)?
                .ok_or(ApiError::NotFound)?
                .check_running()?;
        } else {
            load(
                conn,
                caller,
                &ReferralScope::Partnership,
                request.referral_id,
            )?
            .accepts_returns(&today(&calendar, log))?;
        }
        let version = request.submit()?;
        let now = log.now();
        let content = ReturnDraft::from(input).check(england_date(now))?;
        let v = requests::ReturnVersion {
            version,
            content,
            submitted_by: caller.actor.subject.clone(),
            submitted_at: now,
            review: None,
            sign_off: None,
        };
        store::add_return(conn, &request, &v)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::InformationReturn,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReturnVersion::from(&v))
    })
    .await
}

/// The admin accepts the latest version, or sends it back with reasons.
pub async fn review(
    ctx: &Ctx,
    id: &str,
    input: ReturnReviewCreate,
) -> Result<InformationRequest, ApiError> {
    ctx.caller.actor.may_judge_returns()?;
    let id = request_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let request = find(conn, caller, &RequestScope::Partnership, id)?;
        let by = caller.actor.subject.clone();
        let at = log.now();
        let mut rework_due_on = None;
        let review = match input.outcome {
            ReviewOutcome::Accepted => {
                // An IMR waits for its chief officer's sign-off of the latest version.
                let latest = if request.kind == RequestKind::Imr {
                    store::returns(conn, id)?.pop()
                } else {
                    None
                };
                request.accept(latest.as_ref())?;
                Review::Accepted { by, at }
            }
            ReviewOutcome::SentBack => {
                let reasons: Vec<_> = input.reasons.iter().map(|r| (*r).into()).collect();
                rework_due_on = Some(request.send_back(&reasons, &today(&calendar, log))?);
                let note = input
                    .note
                    .as_deref()
                    .map(|n| field(Narrative::parse(n), "note"))
                    .transpose()?;
                Review::SentBack {
                    reasons,
                    note,
                    by,
                    at,
                }
            }
        };
        store::review_latest(conn, &request, &review, rework_due_on)?;
        if rework_due_on.is_some() {
            told(
                conn,
                EventType::InformationRequestReturnedForRework,
                &request,
                at,
            )?;
        }
        let status = review.resulting_status();
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::InformationReturn,
                Some(id.to_string()),
            )],
        )?;
        Ok(InformationRequest::from(&Request {
            status,
            accepted_at: matches!(review, Review::Accepted { .. }).then_some(at),
            rework_due_on: rework_due_on.or(request.rework_due_on),
            ..request
        }))
    })
    .await
}

/// The agency records its chief officer's sign-off of the IMR version awaiting judgement.
pub async fn sign_off(
    ctx: &Ctx,
    id: &str,
    input: ChiefOfficerSignOffCreate,
) -> Result<ReturnVersion, ApiError> {
    let agency = ctx.caller.actor.acting_agency()?.clone();
    let id = request_id(id)?;
    let chief_officer = field(Name::parse(&input.chief_officer), "chief_officer")?;
    ctx.command(move |conn, caller, log| {
        let request = find(conn, caller, &RequestScope::Agency(agency), id)?;
        let latest = store::returns(conn, id)?.pop();
        let signed = request.sign_off(
            latest.as_ref(),
            requests::ChiefOfficerSignOff {
                chief_officer,
                signed_off_on: input.signed_off_on,
            },
            england_date(log.now()),
        )?;
        // The domain signs off only an existing version.
        let Some(mut latest) = latest else {
            return Err(ApiError::NotFound);
        };
        store::sign_off(conn, &request, latest.version, &signed)?;
        latest.sign_off = Some(signed);
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::InformationReturn,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReturnVersion::from(&latest))
    })
    .await
}

/// Escalates an overdue or disputed request (partnership admin): to the Case Review Subgroup first, then to
/// the Safeguarding Partners. Answers with the request's escalations.
pub async fn escalate(
    ctx: &Ctx,
    id: &str,
    input: EscalationCreate,
) -> Result<Vec<Escalation>, ApiError> {
    ctx.caller.actor.may_judge_returns()?;
    let id = request_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let request = find(conn, caller, &RequestScope::Partnership, id)?;
        let history = store::escalations(conn, &[&request])?;
        let to = input.to.into();
        let reasons = escalations::escalate(
            &history,
            today(&calendar, log).date,
            &request,
            to,
            &input.reasons,
        )?;
        let made = escalations::Escalation {
            request: request.id,
            agency: request.agency.clone(),
            to,
            reasons,
            escalated_by: caller.actor.subject.clone(),
            escalated_at: log.now(),
        };
        rapid_reviews::record_escalation(conn, &made)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::Escalation,
                Some(id.to_string()),
            )],
        )?;
        Ok(history
            .iter()
            .chain(std::iter::once(&made))
            .map(Escalation::from)
            .collect())
    })
    .await
}
