//! The steps of the Rapid Review: each judged by `domain`, written, audited, in one transaction.

use cspr_domain::{
    audit::ResourceKind,
    calendar::england_date,
    rapid_review::{
        DelayNotice, Notification, SubgroupView, Triage,
        meeting::Attendee,
        votes::{Decision, Vote},
    },
    text::Name,
};
use cspr_openapi::rapid_review::{
    self as wire, AttendanceCreate, DecisionCreate, DelayNoticeCreate, MeetingSchedule,
    NotificationCreate, SubgroupViewCreate, TriageCreate, VoteCreate,
};
use cspr_persistence::{agencies, rapid_reviews};

use crate::{context::Ctx, error::ApiError};

use super::{field, narrative, narratives, step};

pub async fn triage(
    ctx: &Ctx,
    id: &str,
    input: TriageCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, _| {
            let (outcome, reasons) = review.triage(
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
            Ok(rapid_reviews::record_triage(conn, review.referral.id, &t)?)
        },
    )
    .await
}

pub async fn notify(
    ctx: &Ctx,
    id: &str,
    input: NotificationCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, _| {
            review.notify(input.kind.into(), input.sent_on, england_date(log.now()))?;
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
            Ok(rapid_reviews::record_notification(
                conn,
                review.referral.id,
                &n,
            )?)
        },
    )
    .await
}

pub async fn send_composite(ctx: &Ctx, id: &str) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, _| {
            review.send_composite()?;
            Ok(rapid_reviews::record_composite(
                conn,
                review.referral.id,
                log.now(),
                caller.actor.subject.as_str(),
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
    let agency = ctx.caller.actor.acting_agency()?.clone();
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, _| {
            review.record_view(&agency)?;
            let v = SubgroupView {
                agency,
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

pub async fn schedule_meeting(
    ctx: &Ctx,
    id: &str,
    input: MeetingSchedule,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, _, _, calendar| {
            let (date, reason) =
                review.schedule_meeting(calendar, input.date, input.outside_window_reason)?;
            Ok(rapid_reviews::schedule_meeting(
                conn,
                review.referral.id,
                date,
                reason.as_ref(),
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
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, _| {
            let attendees = input
                .attendees
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let at = format!("attendees[{i}]");
                    Ok(Attendee {
                        agency: field(
                            cspr_domain::text::AgencyCode::parse(&a.agency),
                            &format!("{at}.agency"),
                        )?,
                        role: field(Name::parse(&a.role), &format!("{at}.role"))?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let register = agencies::list(conn, caller.partnership.id)?;
            review.record_attendance(&attendees, &register)?;
            Ok(rapid_reviews::record_attendance(
                conn,
                review.referral.id,
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
    let code = ctx.caller.actor.may_vote()?.clone();
    step(
        ctx,
        id,
        ResourceKind::Vote,
        move |conn, review, caller, log, _| {
            let register = agencies::list(conn, caller.partnership.id)?;
            let voter = register.iter().find(|a| a.code == code);
            let role = review.cast_vote(
                voter,
                input.statutory_role.map(Into::into),
                input.question.into(),
                &register,
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
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, _| {
            let outcome = review.decide()?;
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
            Ok(rapid_reviews::record_decision(
                conn,
                review.referral.id,
                &d,
            )?)
        },
    )
    .await
}

pub async fn record_delay(
    ctx: &Ctx,
    id: &str,
    input: DelayNoticeCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::RapidReview,
        move |conn, review, caller, log, calendar| {
            review.record_delay(calendar, input.expected_on)?;
            let d = DelayNotice {
                reasons: narrative(&input.reasons, "reasons")?,
                expected_on: input.expected_on,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            Ok(rapid_reviews::record_delay(conn, review.referral.id, &d)?)
        },
    )
    .await
}
