//! The submission to the National Panel and the document kept as sent.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    rapid_review::{Acknowledgement, RapidReview, Submission, process},
    text::Name,
};
use cspr_openapi::{
    documents::{SubmissionDocument, SubmittedReturn},
    information_request::ReturnVersion,
    rapid_review::{self as wire, AcknowledgementCreate, SubmissionCreate},
    referral::Referral as ReferralView,
};
use cspr_persistence::{DbConnection, information_requests, rapid_reviews};

use crate::{context::Ctx, error::ApiError};

use super::{field, load, referral_id, step, step_in};

/// Records the submission to the National Panel and keeps the document as sent.
pub async fn submit(
    ctx: &Ctx,
    id: &str,
    input: SubmissionCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::RECORD_SUBMISSION)?;
    step(
        ctx,
        id,
        ResourceKind::Submission,
        move |conn, review, caller, log, today| {
            review.submit(today, input.sent_on)?;
            let document = document(conn, review, today, input.sent_on)?;
            let text = serde_json::to_string(&document).map_err(ApiError::internal)?;
            let s = Submission {
                sent_on: input.sent_on,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
                acknowledgement: None,
            };
            rapid_reviews::record_submission(conn, review.referral.id, &s, &text)?;
            Ok(crate::app::outbox::submitted(conn, review, log.now())?)
        },
    )
    .await
}

fn document(
    conn: &mut DbConnection,
    review: &RapidReview,
    today: &process::Today,
    sent_on: chrono::NaiveDate,
) -> Result<SubmissionDocument, ApiError> {
    let view = wire::RapidReview::view(review, today);
    let ids: Vec<String> = review.requests.iter().map(|r| r.id.to_string()).collect();
    let versions = information_requests::returns_of(conn, &ids)?;
    let returns = review
        .requests
        .iter()
        .map(|r| SubmittedReturn {
            agency_code: r.agency.to_string(),
            kind: r.kind.into(),
            status: r.status.into(),
            latest: versions
                .get(&r.id.to_string())
                .and_then(|v| v.last())
                .map(ReturnVersion::from),
        })
        .collect();
    Ok(SubmissionDocument {
        reference: view.reference,
        sent_on,
        referral: ReferralView::view(&review.referral),
        triage: view.triage,
        notifications: view.notifications,
        returns,
        subgroup_views: view.subgroup_views,
        meetings: view.meetings,
        votes: view.votes,
        positions: wire::positions(&review.votes),
        decision: view.decision,
        delay_notice: view.delay_notice,
    })
}

/// The document sent to the National Panel, verbatim: for admins and statutory partners only, as it
/// holds every agency's return.
pub async fn submission(ctx: &Ctx, id: &str) -> Result<serde_json::Value, ApiError> {
    let scope = ctx.caller.actor.submission_scope()?;
    let id = referral_id(id)?;
    ctx.read(move |conn, caller, log| {
        load(conn, caller, &scope, id)?;
        let text = rapid_reviews::submission_document(conn, id)?.ok_or(ApiError::NotFound)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Submission,
            Some(id.to_string()),
        )]);
        serde_json::from_str(&text).map_err(ApiError::internal)
    })
    .await
}

/// The National Panel's acknowledgement of the submission and the reference it gave the case, recorded
/// by its submission integration (or the business team from the Panel's e-mail); the partnership's
/// subscriptions are told.
pub async fn acknowledge(
    ctx: &Ctx,
    id: &str,
    input: AcknowledgementCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller
        .actor
        .may_take(&process::RECORD_ACKNOWLEDGEMENT)?;
    let scope = ctx.caller.actor.submission_scope()?;
    let reference = field(Name::parse(&input.panel_reference), "panel_reference")?;
    step_in(
        ctx,
        scope,
        id,
        ResourceKind::Submission,
        move |conn, review, caller, log, today| {
            review.acknowledge(today, input.acknowledged_on)?;
            let a = Acknowledgement {
                panel_reference: reference,
                acknowledged_on: input.acknowledged_on,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            rapid_reviews::record_acknowledgement(conn, review.referral.id, &a)?;
            Ok(crate::app::outbox::acknowledged(conn, review, log.now())?)
        },
    )
    .await
}
