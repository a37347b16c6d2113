//! Recommendations and the action plan: recommendations written by whoever runs the review, actions
//! set by the business team, progress by each action's own agency, monitoring by the Case Review
//! Subgroup (the business team records it), sign-off by the board.

use cspr_domain::{
    access::{ReferralScope, ReviewScope},
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::{ActionId, ReviewId},
    outbox::{Concerns, Event, EventType},
    review::{
        ReviewStage,
        actions::{self, Action, ActionStatus, Monitoring, ProgressUpdate, Recommendation},
    },
    text::{AgencyCode, Narrative, Note},
};
use cspr_openapi::actions::{
    ActionCreate, ActionFilter, ActionList, ActionPlan, ActionView, MonitoringCreate,
    MonitoringView, ProgressCreate, RecommendationCreate, RecommendationView,
};
use cspr_persistence::{DbConnection, agencies, audit, reviews};

use crate::{
    app::{conducted_review, field, outbox::publish, review_id},
    context::{Audit, Ctx},
    error::ApiError,
};

fn audited(conn: &mut DbConnection, log: &Audit, id: String) -> Result<(), ApiError> {
    audit::append(
        conn,
        &[log.event(AuditAction::Create, ResourceKind::ActionPlan, Some(id))],
    )?;
    Ok(())
}

fn plan(
    conn: &mut DbConnection,
    id: ReviewId,
    today: chrono::NaiveDate,
) -> Result<ActionPlan, ApiError> {
    let recommendations = reviews::actions::recommendations_of(conn, id)?;
    let actions = reviews::actions::actions_of(conn, id)?;
    let ids: Vec<ActionId> = actions.iter().map(|a| a.id).collect();
    let progress = reviews::actions::progress_of(conn, &ids)?;
    let views = actions
        .iter()
        .map(|a| ActionView::view(&id, a, updates(&progress, a.id), today))
        .collect();
    let monitoring = reviews::actions::monitoring_of(conn, id)?;
    let signed = reviews::actions::signed_off(conn, id)?;
    Ok(ActionPlan {
        review_id: id.to_string(),
        recommendations: recommendations
            .iter()
            .map(RecommendationView::from)
            .collect(),
        actions: views,
        monitoring: monitoring
            .iter()
            .map(|m| MonitoringView {
                held_on: m.held_on,
                note: m.note.to_string(),
                recorded_by: m.recorded_by.to_string(),
            })
            .collect(),
        signed_off_by: signed.as_ref().map(|(by, _)| by.to_string()),
        signed_off_at: signed.map(|(_, at)| at),
    })
}

/// An action's progress out of the progress of many.
fn updates(
    progress: &std::collections::HashMap<ActionId, Vec<ProgressUpdate>>,
    id: ActionId,
) -> &[ProgressUpdate] {
    progress.get(&id).map_or(&[], Vec::as_slice)
}

fn registered(
    conn: &mut DbConnection,
    caller: &crate::context::Caller,
) -> Result<Vec<AgencyCode>, ApiError> {
    Ok(agencies::list(conn, caller.partnership.id)?
        .into_iter()
        .map(|a| a.code)
        .collect())
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<ActionPlan, ApiError> {
    let id = review_id(id)?;
    let scope = ctx.caller.actor.outcome_scope()?;
    ctx.read(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let shown = plan(conn, id, england_date(log.now()))?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ActionPlan,
            Some(id.to_string()),
        )]);
        Ok(shown)
    })
    .await
}

pub async fn recommend(
    ctx: &Ctx,
    id: &str,
    input: RecommendationCreate,
) -> Result<ActionPlan, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let text = field(Narrative::parse(&input.text), "text")?;
    let named: Vec<AgencyCode> = input
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| field(AgencyCode::parse(a), &format!("agencies[{i}]")))
        .collect::<Result<_, _>>()?;
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let today = england_date(log.now());
        actions::check_recommendation(
            &review,
            &named,
            &registered(conn, caller)?,
            input.due_on,
            today,
        )?;
        let number = reviews::actions::recommendations_of(conn, id)?.len() + 1;
        let r = Recommendation {
            number: u32::try_from(number).unwrap_or(u32::MAX),
            text,
            agencies: named,
            due_on: input.due_on,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::actions::record_recommendation(conn, id, &r)?;
        audited(conn, log, id.to_string())?;
        plan(conn, id, today)
    })
    .await
}

/// An action set by the business team; its agency's systems are told (`action.assigned`).
pub async fn assign(ctx: &Ctx, id: &str, input: ActionCreate) -> Result<ActionPlan, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let id = review_id(id)?;
    let agency = field(AgencyCode::parse(&input.agency_code), "agency_code")?;
    let description = field(Narrative::parse(&input.description), "description")?;
    ctx.command(move |conn, caller, log| {
        let review = reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
            .ok_or(ApiError::NotFound)?;
        let today = england_date(log.now());
        let recommendation = reviews::actions::recommendations_of(conn, id)?
            .into_iter()
            .find(|r| r.number == input.recommendation)
            .ok_or_else(|| {
                cspr_domain::FieldError::new("recommendation", "is not one of the review's")
            })?;
        actions::check_action(
            &review,
            &recommendation,
            &agency,
            &registered(conn, caller)?,
            input.due_on,
            today,
        )?;
        let action = Action {
            id: ActionId::generate(),
            recommendation: input.recommendation,
            agency,
            description,
            due_on: input.due_on,
            status: ActionStatus::Open,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::actions::record_action(conn, caller.partnership.id, id, &action)?;
        let event = Event {
            event_type: EventType::ActionAssigned,
            partnership_id: caller.partnership.id,
            concerns: Concerns::Agency(action.agency.clone()),
            data: vec![
                ("action_id", action.id.to_string()),
                ("review_id", id.to_string()),
                ("agency_code", action.agency.to_string()),
                ("due_on", action.due_on.to_string()),
            ],
            occurred_at: log.now(),
        };
        publish(conn, event, None)?;
        audited(conn, log, id.to_string())?;
        plan(conn, id, today)
    })
    .await
}

/// Progress on an action, by its own agency only.
pub async fn progress(
    ctx: &Ctx,
    action: &str,
    input: ProgressCreate,
) -> Result<ActionView, ApiError> {
    let agency = ctx.caller.actor.acting_agency()?.clone();
    let scope = ReferralScope::Agency(agency.clone());
    let action_id = ActionId::parse(action).map_err(|_| ApiError::NotFound)?;
    let note = field(Narrative::parse(&input.note), "note")?;
    let evidence = input
        .evidence
        .as_deref()
        .map(|e| field(Note::parse(e), "evidence"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        let (review, found) =
            reviews::actions::find_action(conn, caller.partnership.id, &scope, action_id)?
                .ok_or(ApiError::NotFound)?;
        actions::check_progress(&found, &agency)?;
        let update = ProgressUpdate {
            status: input.status.into(),
            note,
            evidence,
            by: caller.actor.subject.clone(),
            at: log.now(),
        };
        reviews::actions::record_progress(conn, action_id, &update)?;
        audited(conn, log, action_id.to_string())?;
        let progress = reviews::actions::progress_of(conn, &[action_id])?;
        let now = Action {
            status: update.status,
            ..found
        };
        Ok(ActionView::view(
            &review,
            &now,
            updates(&progress, action_id),
            england_date(log.now()),
        ))
    })
    .await
}

/// The partnership's actions (an agency's own), in a status or overdue.
pub async fn list(ctx: &Ctx, filter: Option<ActionFilter>) -> Result<ActionList, ApiError> {
    let scope = ctx.caller.actor.referral_scope()?;
    ctx.read(move |conn, caller, log| {
        let today = england_date(log.now());
        let (status, overdue) = match filter {
            None => (None, None),
            Some(ActionFilter::Overdue) => (None, Some(today)),
            Some(ActionFilter::Open) => (Some(ActionStatus::Open), None),
            Some(ActionFilter::InProgress) => (Some(ActionStatus::InProgress), None),
            Some(ActionFilter::Complete) => (Some(ActionStatus::Complete), None),
        };
        let found = reviews::actions::list(conn, caller.partnership.id, &scope, status, overdue)?;
        let ids: Vec<ActionId> = found.iter().map(|(_, a)| a.id).collect();
        let progress = reviews::actions::progress_of(conn, &ids)?;
        let items = found
            .iter()
            .map(|(review, a)| ActionView::view(review, a, updates(&progress, a.id), today))
            .collect();
        log.record(log.each(
            AuditAction::List,
            ResourceKind::ActionPlan,
            found.iter().map(|(_, a)| a.id),
        ));
        Ok(ActionList { items })
    })
    .await
}

pub async fn monitor(ctx: &Ctx, id: &str, input: MonitoringCreate) -> Result<ActionPlan, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let id = review_id(id)?;
    let note = field(Narrative::parse(&input.note), "note")?;
    ctx.command(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
            .ok_or(ApiError::NotFound)?;
        let today = england_date(log.now());
        if input.held_on > today {
            return Err(
                cspr_domain::FieldError::new("held_on", "must not be in the future").into(),
            );
        }
        let m = Monitoring {
            held_on: input.held_on,
            note,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::actions::record_monitoring(conn, id, &m)?;
        audited(conn, log, id.to_string())?;
        plan(conn, id, today)
    })
    .await
}

/// The board signs the plan off: the review is closed.
pub async fn sign_off(ctx: &Ctx, id: &str) -> Result<ActionPlan, ApiError> {
    ctx.caller.actor.may_approve_report()?;
    let id = review_id(id)?;
    ctx.command(move |conn, caller, log| {
        let review = reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
            .ok_or(ApiError::NotFound)?;
        actions::check_sign_off(&review, &reviews::actions::actions_of(conn, id)?)?;
        reviews::actions::sign_off(conn, id, &caller.actor.subject, log.now())?;
        if !reviews::move_stage(conn, id, ReviewStage::Published, ReviewStage::Closed)? {
            return Err(ApiError::Conflict {
                field: None,
                detail: "The review moved on meanwhile.".into(),
            });
        }
        audited(conn, log, id.to_string())?;
        plan(conn, id, england_date(log.now()))
    })
    .await
}
