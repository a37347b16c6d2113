//! The steps of the Rapid Review: each judged by `domain`, written, audited, in one transaction. Who may
//! take a step is read from the process table (`domain::rapid_review::process`).

use cspr_domain::{
    Refusal,
    audit::{AuditAction, ResourceKind},
    rapid_review::{
        DelayNotice, Notification, RapidReview, SubgroupView, Triage,
        process::{self, Today},
        votes::{Decision, Vote},
    },
    review::{Review, ReviewKind},
    text::{AgencyCode, Name},
};
use cspr_openapi::documents::CompositeSend;
use cspr_openapi::rapid_review::{
    self as wire, AttendanceCreate, DecisionCreate, DelayNoticeCreate, MeetingSchedule,
    NotificationCreate, SubgroupViewCreate, TriageCreate, VoteCreate,
};
use cspr_persistence::{DbConnection, agencies, audit, rapid_reviews, reviews};

use crate::{
    app::preconditions,
    context::{Audit, Caller, Ctx},
    error::ApiError,
};

use super::{field, narrative, narratives, step};

pub async fn triage(
    ctx: &Ctx,
    id: &str,
    input: TriageCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::RECORD_TRIAGE)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            let (outcome, reasons) = review.triage(
                today,
                input.criteria_met,
                input.outcome_if_not_met.map(Into::into),
                &input.reasons,
            )?;
            let t = Triage {
                criteria_met: input.criteria_met,
                outcome,
                reasons,
                decided_by: caller.actor.subject.clone(),
                decided_at: log.now(),
            };
            rapid_reviews::record_triage(conn, review.referral.id, &t)?;
            // Routed to an alternative learning review: it opens now, in the same transaction.
            if let Some(kind) = ReviewKind::from_triage(outcome) {
                open_review(conn, review, caller, log, today, kind)?;
            }
            Ok(())
        },
    )
    .await
}

/// Opens the review a decision or triage commissions, dated today, audited as created.
fn open_review(
    conn: &mut DbConnection,
    review: &RapidReview,
    caller: &Caller,
    log: &Audit,
    today: &Today,
    kind: ReviewKind,
) -> Result<(), ApiError> {
    let opened = Review::open(
        caller.partnership.id,
        review.referral.id,
        kind,
        today.date,
        caller.actor.subject.clone(),
        log.now(),
    );
    reviews::insert(conn, &opened)?;
    audit::append(
        conn,
        &[log.event(
            AuditAction::Create,
            ResourceKind::Review,
            Some(opened.id.to_string()),
        )],
    )?;
    Ok(())
}

pub async fn notify(
    ctx: &Ctx,
    id: &str,
    input: NotificationCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::RECORD_NOTIFICATION)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            review.notify(today, input.kind.into(), input.sent_on)?;
            let reference = input
                .reference
                .as_deref()
                .map(|r| field(Name::parse(r), "reference"))
                .transpose()?;
            let n = Notification {
                kind: input.kind.into(),
                sent_on: input.sent_on,
                reference,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            rapid_reviews::record_notification(conn, review.referral.id, &n)?;
            let key = crate::app::outbox::rapid_review_key(review, n.kind);
            Ok(crate::app::outbox::recorded_by_hand(
                conn,
                caller,
                &key,
                log.now(),
            )?)
        },
    )
    .await
}

pub async fn send_composite(
    ctx: &Ctx,
    id: &str,
    input: CompositeSend,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::SEND_COMPOSITE)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            let reason = review.send_composite(today, input.reason.as_deref())?;
            Ok(rapid_reviews::record_composite(
                conn,
                review.referral.id,
                log.now(),
                caller.actor.subject.as_str(),
                reason.as_ref(),
            )?)
        },
    )
    .await
}

pub async fn record_view(
    ctx: &Ctx,
    id: &str,
    input: SubgroupViewCreate,
) -> Result<wire::RapidReview, ApiError> {
    let code = ctx
        .caller
        .actor
        .may_take(&process::RECORD_SUBGROUP_VIEW)?
        .cloned()
        .ok_or(Refusal::AgencyRequired)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            let agency = agencies::find_by_code(conn, caller.partnership.id, &code)?;
            let statutory_role = review.record_view(today, agency.as_ref())?;
            let v = SubgroupView {
                agency: code,
                statutory_role,
                criteria_met: input.criteria_met,
                view: narrative(&input.view, "view")?,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            Ok(rapid_reviews::record_view(conn, review.referral.id, &v)?)
        },
    )
    .await
}

/// Schedules, moves or reconvenes the meeting. Once there is a meeting, the change names the version it
/// was read at (`if_match`, its `ETag`): the check runs on the state the step locked.
pub async fn schedule_meeting(
    ctx: &Ctx,
    id: &str,
    input: MeetingSchedule,
    if_match: Option<String>,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::SCHEDULE_MEETING)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, _, _, today| {
            let plan = review.schedule_meeting(today, input.date, input.outside_window_reason)?;
            // The change is checked first, so a bad one is 422 whatever the version it names.
            let current = review
                .current_meeting()
                .map(|m| preconditions::etag(&wire::MeetingView::from_domain(m)));
            preconditions::check_if_match(if_match.as_deref(), current.as_deref())?;
            Ok(rapid_reviews::schedule_meeting(
                conn,
                review.referral.id,
                &plan,
            )?)
        },
    )
    .await
}

pub async fn record_attendance(
    ctx: &Ctx,
    id: &str,
    input: AttendanceCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::RECORD_ATTENDANCE)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            let people = input
                .attendees
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let at = format!("attendees[{i}]");
                    Ok((
                        field(AgencyCode::parse(&a.agency), &format!("{at}.agency"))?,
                        field(Name::parse(&a.role), &format!("{at}.role"))?,
                    ))
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let register = agencies::list(conn, caller.partnership.id)?;
            let attendees = review.record_attendance(today, people, &register)?;
            let number = review
                .current_meeting()
                .map(|m| m.number)
                .ok_or(ApiError::NotFound)?;
            Ok(rapid_reviews::record_attendance(
                conn,
                review.referral.id,
                number,
                &attendees,
                log.now(),
            )?)
        },
    )
    .await
}

pub async fn cast_vote(
    ctx: &Ctx,
    id: &str,
    input: VoteCreate,
) -> Result<wire::RapidReview, ApiError> {
    let code = ctx
        .caller
        .actor
        .may_take(&process::CAST_VOTE)?
        .cloned()
        .ok_or(Refusal::AgencyRequired)?;
    step(
        ctx,
        id,
        ResourceKind::Vote,
        move |conn, review, caller, log, today| {
            let voter = agencies::find_by_code(conn, caller.partnership.id, &code)?;
            let role = review.cast_vote(
                today,
                voter.as_ref(),
                input.statutory_role.map(Into::into),
                input.question.into(),
            )?;
            let v = Vote {
                question: input.question.into(),
                role,
                agency: code,
                choice: input.choice.into(),
                rationale: input
                    .rationale
                    .as_deref()
                    .map(|r| narrative(r, "rationale"))
                    .transpose()?,
                cast_by: caller.actor.subject.clone(),
                cast_at: log.now(),
            };
            Ok(rapid_reviews::record_vote(conn, review.referral.id, &v)?)
        },
    )
    .await
}

pub async fn decide(
    ctx: &Ctx,
    id: &str,
    input: DecisionCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::RECORD_DECISION)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            let outcome = review.decide(today)?;
            let d = Decision {
                outcome,
                rationale: narrative(&input.rationale, "rationale")?,
                immediate_safety_actions: narratives(
                    &input.immediate_safety_actions,
                    "immediate_safety_actions",
                )?,
                immediate_learning: narratives(&input.immediate_learning, "immediate_learning")?,
                decided_by: caller.actor.subject.clone(),
                decided_at: log.now(),
            };
            rapid_reviews::record_decision(conn, review.referral.id, &d)?;
            // A decision to review commissions the review, in the same transaction.
            if let Some(kind) = ReviewKind::from_decision(outcome) {
                open_review(conn, review, caller, log, today, kind)?;
            }
            Ok(())
        },
    )
    .await
}

pub async fn record_delay(
    ctx: &Ctx,
    id: &str,
    input: DelayNoticeCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_take(&process::RECORD_DELAY_NOTICE)?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, today| {
            review.record_delay(today, input.expected_on)?;
            let d = DelayNotice {
                reasons: narrative(&input.reasons, "reasons")?,
                expected_on: input.expected_on,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            rapid_reviews::record_delay(conn, review.referral.id, &d)?;
            Ok(crate::app::outbox::delay_noticed(conn, review, &d)?)
        },
    )
    .await
}
