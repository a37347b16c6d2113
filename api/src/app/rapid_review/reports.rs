//! The timeline of one referral and the deadline report across many.

use cspr_domain::{
    access::ReferralScope,
    audit::{AuditAction, ResourceKind},
    ids::CalendarFeedId,
    rapid_review::timeline::StepStatus,
    review::{actions, requests},
};
use cspr_openapi::rapid_review::{
    DeadlineItem, DeadlineList, OpenStepStatus, Timeline, TimelineStep,
};
use cspr_persistence::{information_requests, rapid_reviews, referrals, reviews};

use crate::{context::Ctx, error::ApiError};

use super::{load, referral_id};

pub async fn timeline(ctx: &Ctx, id: &str) -> Result<Timeline, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let id = referral_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.read(move |conn, caller, log| {
        let review = load(conn, caller, &scope, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::RapidReview,
            Some(id.to_string()),
        )]);
        let today = super::today(&calendar, log);
        let as_of = today.date;
        Ok(Timeline {
            referral_id: id.to_string(),
            reference: review.referral.reference.to_string(),
            status: review.status().into(),
            as_of,
            steps: review
                .timeline(&today)
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
    let wanted: &'static [StepStatus] = match status.unwrap_or_default() {
        OpenStepStatus::Due => &[StepStatus::Due],
        OpenStepStatus::Overdue => &[StepStatus::Overdue],
    };
    deadlines_in(ctx, wanted, None).await
}

/// Steps in any of the `wanted` states, soonest first; read through a calendar feed, the feed's read is
/// audited with the steps'.
pub async fn deadlines_in(
    ctx: &Ctx,
    wanted: &'static [StepStatus],
    feed: Option<CalendarFeedId>,
) -> Result<DeadlineList, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    let calendar = ctx.calendar.clone();
    ctx.read(move |conn, caller, log| {
        let today = super::today(&calendar, log);
        let as_of = today.date;
        let mut items = vec![];
        let mut events: Vec<_> = feed
            .iter()
            .map(|f| {
                log.event(
                    AuditAction::Read,
                    ResourceKind::CalendarFeed,
                    Some(f.to_string()),
                )
            })
            .collect();
        let open = referrals::open_ids(conn, caller.partnership.id, &scope, DEADLINE_REPORT_LIMIT)?;
        // What agencies owe the reviews of these referrals: an agency sees only its own.
        let asked: Vec<_> = information_requests::for_referrals(
            conn,
            &open.iter().map(ToString::to_string).collect::<Vec<_>>(),
        )?
        .into_iter()
        .filter(|r| match &scope {
            ReferralScope::Partnership => true,
            ReferralScope::Agency(code) => r.agency == *code,
        })
        .collect();
        for review in rapid_reviews::load_many(conn, caller.partnership.id, &scope, &open)? {
            let id = review.referral.id;
            let of_review: Vec<_> = asked
                .iter()
                .filter(|r| r.referral_id == id)
                .cloned()
                .collect();
            let steps: Vec<_> = review
                .timeline(&today)
                .into_iter()
                .chain(requests::owed_steps(&of_review, today.date))
                .filter(|s| wanted.contains(&s.status))
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
                action_id: None,
                step: TimelineStep::from(s),
            }));
        }
        // What agencies owe the action plans of reviews: an agency sees only its own.
        for (referral, reference, action) in
            reviews::actions::owed(conn, caller.partnership.id, &scope)?
        {
            let steps = actions::owed_steps(std::slice::from_ref(&action), today.date);
            for step in steps.iter().filter(|s| wanted.contains(&s.status)) {
                events.push(log.event(
                    AuditAction::List,
                    ResourceKind::ActionPlan,
                    Some(action.id.to_string()),
                ));
                items.push(DeadlineItem {
                    referral_id: referral.to_string(),
                    reference: reference.to_string(),
                    action_id: Some(action.id.to_string()),
                    step: TimelineStep::from(step),
                });
            }
        }
        log.record(events);
        items.sort_by_key(|i| i.step.due);
        Ok(DeadlineList { as_of, items })
    })
    .await
}
