//! The Rapid Review's use cases. Each loads the whole review, lets `domain` judge the step, writes it,
//! keeps the referral's stored status in step, and audits it, in one transaction.

use cspr_domain::{
    access::ReferralScope,
    audit::{AuditAction, ResourceKind},
    calendar::{Calendar, england_date},
    ids::ReferralId,
    rapid_review::{
        DelayNotice, Notification, RapidReview, SubgroupView, Submission, Triage,
        meeting::Attendee,
        timeline::StepStatus,
        votes::{Decision, Vote},
    },
    text::{Name, Narrative},
};
use cspr_openapi::{
    information_request::ReturnVersion,
    rapid_review::{
        self as wire, AttendanceCreate, DeadlineItem, DeadlineList, DecisionCreate,
        DelayNoticeCreate, MeetingSchedule, NotificationCreate, OpenStepStatus, SubgroupViewCreate,
        SubmissionCreate, SubmittedReturn, Timeline, TimelineStep, TriageCreate, VoteCreate,
        VoteView,
    },
    referral::Referral as ReferralView,
};
use cspr_persistence::{
    DbConnection, agencies, audit, information_requests, rapid_reviews, referrals,
};

use crate::{
    context::{Audit, Caller, Ctx},
    error::ApiError,
};

fn referral_id(id: &str) -> Result<ReferralId, ApiError> {
    ReferralId::parse(id).map_err(|_| ApiError::NotFound)
}

pub(crate) fn load(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: &ReferralScope,
    id: ReferralId,
) -> Result<RapidReview, ApiError> {
    rapid_reviews::load(conn, caller.partnership.id, scope, id)?.ok_or(ApiError::NotFound)
}

fn field<T>(r: Result<T, cspr_domain::FieldError>, name: &str) -> Result<T, ApiError> {
    r.map_err(|e| e.under(name).into())
}

fn narrative(s: &str, name: &str) -> Result<Narrative, ApiError> {
    field(Narrative::parse(s), name)
}

fn narratives(items: &[String], name: &str) -> Result<Vec<Narrative>, ApiError> {
    items
        .iter()
        .enumerate()
        .map(|(i, s)| narrative(s, &format!("{name}[{i}]")))
        .collect()
}

/// Runs one step on a review the caller may see, then answers with the review as it now stands.
async fn step(
    ctx: &Ctx,
    id: &str,
    kind: ResourceKind,
    f: impl FnOnce(&mut DbConnection, &RapidReview, &Caller, &Audit, &Calendar) -> Result<(), ApiError>
    + Send
    + 'static,
) -> Result<wire::RapidReview, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let before = load(conn, caller, &scope, id)?;
        f(conn, &before, caller, log, &calendar)?;
        let after = load(conn, caller, &scope, id)?;
        if after.status() != before.status() {
            rapid_reviews::set_status(conn, id, after.status())?;
        }
        audit::append(
            conn,
            &[log.event(AuditAction::Create, kind, Some(id.to_string()))],
        )?;
        let register = agencies::list(conn, caller.partnership.id)?;
        Ok(wire::RapidReview::view(&after, &register))
    })
    .await
}

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
                .map(Name::parse)
                .transpose()
                .map_err(|e| ApiError::from(e.under("reference")))?;
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

/// Records the submission to the National Panel and keeps the document as sent.
pub async fn submit(
    ctx: &Ctx,
    id: &str,
    input: SubmissionCreate,
) -> Result<wire::RapidReview, ApiError> {
    ctx.caller.actor.may_run_rapid_review()?;
    step(
        ctx,
        id,
        ResourceKind::Submission,
        move |conn, review, caller, log, calendar| {
            review.submit(calendar, input.sent_on, england_date(log.now()))?;
            let register = agencies::list(conn, caller.partnership.id)?;
            let document = document(conn, review, &register, input.sent_on)?;
            let text = serde_json::to_string(&document).map_err(ApiError::internal)?;
            let s = Submission {
                sent_on: input.sent_on,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            Ok(rapid_reviews::record_submission(
                conn,
                review.referral.id,
                &s,
                &text,
            )?)
        },
    )
    .await
}

fn document(
    conn: &mut DbConnection,
    review: &RapidReview,
    register: &[cspr_domain::agency::Agency],
    sent_on: chrono::NaiveDate,
) -> Result<wire::SubmissionDocument, ApiError> {
    let view = wire::RapidReview::view(review, register);
    let returns = review
        .requests
        .iter()
        .map(|r| {
            let latest = information_requests::returns(conn, r.id)?
                .last()
                .map(ReturnVersion::from);
            Ok(SubmittedReturn {
                agency_code: r.agency.to_string(),
                kind: r.kind.into(),
                status: r.status.into(),
                latest,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(wire::SubmissionDocument {
        reference: view.reference,
        sent_on,
        referral: ReferralView::view(&review.referral, false),
        triage: view.triage,
        notifications: view.notifications,
        returns,
        subgroup_views: view.subgroup_views,
        meeting: view.meeting,
        votes: view.votes,
        decision: view.decision,
        delay_notice: view.delay_notice,
    })
}

/// The review as it stands: a read of case data, audited.
pub async fn get(ctx: &Ctx, id: &str) -> Result<wire::RapidReview, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    ctx.command(move |conn, caller, log| {
        let review = load(conn, caller, &scope, id)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Read,
                ResourceKind::RapidReview,
                Some(id.to_string()),
            )],
        )?;
        Ok(wire::RapidReview::view(
            &review,
            &agencies::list(conn, caller.partnership.id)?,
        ))
    })
    .await
}

pub async fn votes(ctx: &Ctx, id: &str) -> Result<Vec<VoteView>, ApiError> {
    let review = get(ctx, id).await?;
    Ok(review.votes)
}

/// The document sent to the National Panel, verbatim.
pub async fn submission(ctx: &Ctx, id: &str) -> Result<serde_json::Value, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    ctx.command(move |conn, caller, log| {
        load(conn, caller, &scope, id)?;
        let text = rapid_reviews::submission_document(conn, id)?.ok_or(ApiError::NotFound)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Read,
                ResourceKind::Submission,
                Some(id.to_string()),
            )],
        )?;
        serde_json::from_str(&text).map_err(ApiError::internal)
    })
    .await
}

pub async fn timeline(ctx: &Ctx, id: &str) -> Result<Timeline, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let review = load(conn, caller, &scope, id)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Read,
                ResourceKind::RapidReview,
                Some(id.to_string()),
            )],
        )?;
        let as_of = england_date(log.now());
        Ok(Timeline {
            referral_id: id.to_string(),
            reference: review.referral.reference.to_string(),
            status: review.status().into(),
            as_of,
            steps: review
                .timeline(&calendar, as_of)
                .iter()
                .map(TimelineStep::from)
                .collect(),
        })
    })
    .await
}

/// How many open referrals a deadline report looks at, newest first.
const DEADLINE_REPORT_LIMIT: i64 = 500;

/// Steps due or overdue across the referrals in progress that the caller may see.
pub async fn deadlines(
    ctx: &Ctx,
    status: Option<OpenStepStatus>,
) -> Result<DeadlineList, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let wanted = match status.unwrap_or_default() {
        OpenStepStatus::Due => StepStatus::Due,
        OpenStepStatus::Overdue => StepStatus::Overdue,
    };
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let as_of = england_date(log.now());
        let mut items = vec![];
        let mut events = vec![];
        let open = referrals::open_ids(conn, caller.partnership.id, &scope, DEADLINE_REPORT_LIMIT)?;
        for review in rapid_reviews::load_many(conn, caller.partnership.id, &scope, &open)? {
            let id = review.referral.id;
            let steps: Vec<_> = review
                .timeline(&calendar, as_of)
                .into_iter()
                .filter(|s| s.status == wanted)
                .collect();
            if !steps.is_empty() {
                events.push(log.event(
                    AuditAction::List,
                    ResourceKind::RapidReview,
                    Some(id.to_string()),
                ));
            }
            items.extend(steps.iter().map(|s| DeadlineItem {
                referral_id: id.to_string(),
                reference: review.referral.reference.to_string(),
                step: TimelineStep::from(s),
            }));
        }
        audit::append(conn, &events)?;
        items.sort_by_key(|i| i.step.due);
        Ok(DeadlineList { as_of, items })
    })
    .await
}
