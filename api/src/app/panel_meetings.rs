//! A review's panel meetings: recorded by whoever runs the review (the business team, or the lead
//! reviewer who chairs them); read, as case material, by those who may see the review (team members
//! once they have declared).

use cspr_domain::{
    FieldError,
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::meetings::MeetingDraft,
    text::{Narrative, Subject},
};
use cspr_openapi::review::{PanelMeeting, PanelMeetingCreate, PanelMeetingList};
use cspr_persistence::{audit, reviews};

use crate::{
    app::{case_material, conducted_review, review_id},
    context::Ctx,
    error::ApiError,
};

/// Each text of a list parsed, errors named by index under `name`.
fn each<T>(
    items: &[String],
    name: &str,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Result<Vec<T>, ApiError> {
    let mut errors = vec![];
    let mut out = vec![];
    for (i, s) in items.iter().enumerate() {
        match parse(s) {
            Ok(v) => out.push(v),
            Err(e) => errors.push(e.under(&format!("{name}[{i}]"))),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ApiError::Invalid(errors))
    }
}

pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: PanelMeetingCreate,
) -> Result<PanelMeeting, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let draft = MeetingDraft {
        held_on: input.held_on,
        present: each(&input.present, "present", Subject::parse)?,
        immediate_action_required: input.immediate_action_required,
        immediate_actions: each(
            &input.immediate_actions,
            "immediate_actions",
            Narrative::parse,
        )?,
        messages_to_workforce: each(
            &input.messages_to_workforce,
            "messages_to_workforce",
            Narrative::parse,
        )?,
    };
    ctx.command(move |conn, caller, log| {
        let (review, team) = conducted_review(conn, caller, &scope, id)?;
        let held = reviews::meetings::of_review(conn, id)?.len();
        let meeting = draft.check(
            &review,
            &team,
            held,
            england_date(log.now()),
            caller.actor.subject.clone(),
            log.now(),
        )?;
        reviews::meetings::record(conn, id, &meeting)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::PanelMeeting,
                Some(id.to_string()),
            )],
        )?;
        Ok(PanelMeeting::from(&meeting))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<PanelMeetingList, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let meetings = reviews::meetings::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::PanelMeeting,
            Some(id.to_string()),
        )]);
        Ok(PanelMeetingList {
            items: meetings.iter().map(PanelMeeting::from).collect(),
        })
    })
    .await
}
