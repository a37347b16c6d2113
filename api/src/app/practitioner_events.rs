//! Practitioner events: planned and their outcomes recorded by whoever runs the review; read as case
//! material.

use cspr_domain::{
    FieldError,
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    error::IllegalTransition,
    review::practitioners::{EventDraft, EventOutcome},
    text::{AgencyCode, Note},
};
use cspr_openapi::practitioners::{
    PractitionerEvent, PractitionerEventCreate, PractitionerEventList,
    PractitionerEventOutcomeCreate,
};
use cspr_persistence::{agencies, audit, reviews};

use crate::{
    app::{case_material, conducted_review, field, review_id},
    context::Ctx,
    error::ApiError,
};

fn note(v: Option<&str>) -> Result<Option<Note>, ApiError> {
    v.map(|n| field(Note::parse(n), "note")).transpose()
}

pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: PractitionerEventCreate,
) -> Result<PractitionerEvent, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let draft = EventDraft {
        kind: input.kind.into(),
        held_on: input.held_on,
        invitations_requested_on: input.invitations_requested_on,
        invitations_sent_on: input.invitations_sent_on,
        briefing_sent: input.briefing_sent,
        invited: input.invited,
        note: note(input.note.as_deref())?,
    };
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let earlier = reviews::practitioners::of_review(conn, id)?;
        let event = draft.check(
            &review,
            &earlier,
            england_date(log.now()),
            caller.actor.subject.clone(),
            log.now(),
        )?;
        reviews::practitioners::record(conn, id, &event)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::PractitionerEvent,
                Some(id.to_string()),
            )],
        )?;
        Ok(PractitionerEvent::from(&event))
    })
    .await
}

pub async fn record_outcome(
    ctx: &Ctx,
    id: &str,
    number: u32,
    input: PractitionerEventOutcomeCreate,
) -> Result<PractitionerEvent, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let agencies_attending = input
        .agencies_attending
        .iter()
        .enumerate()
        .map(|(i, a)| {
            AgencyCode::parse(a).map_err(|_| {
                ApiError::Invalid(vec![FieldError::new(
                    format!("agencies_attending[{i}]"),
                    "must be an agency code",
                )])
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let outcome_note = note(input.note.as_deref())?;
    ctx.command(move |conn, caller, log| {
        conducted_review(conn, caller, &scope, id)?;
        let mut event = reviews::practitioners::of_review(conn, id)?
            .into_iter()
            .find(|e| e.number == number)
            .ok_or(ApiError::NotFound)?;
        let registered: Vec<_> = agencies::list(conn, caller.partnership.id)?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let outcome = event.record_outcome(
            EventOutcome {
                attended: input.attended,
                one_to_one_conversations: input.one_to_one_conversations,
                agencies_attending,
                note: outcome_note,
                recorded_at: log.now(),
            },
            &registered,
            england_date(log.now()),
        )?;
        // Another request may have recorded it since this one read the event: the first stands.
        if !reviews::practitioners::record_outcome(conn, id, number, &outcome)? {
            return Err(IllegalTransition::new(
                "held",
                &[],
                "An event's outcome is recorded once, after it is held.",
            )
            .into());
        }
        event.outcome = Some(outcome);
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::PractitionerEvent,
                Some(id.to_string()),
            )],
        )?;
        Ok(PractitionerEvent::from(&event))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<PractitionerEventList, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let events = reviews::practitioners::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::PractitionerEvent,
            Some(id.to_string()),
        )]);
        Ok(PractitionerEventList {
            items: events.iter().map(PractitionerEvent::from).collect(),
        })
    })
    .await
}
