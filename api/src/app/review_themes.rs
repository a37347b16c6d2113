//! The panel's key lines of enquiry and themes: recorded and linked to chronology entries by the
//! business team or any member of the review's team (once declared); read as case material.

use cspr_domain::{
    FieldError,
    access::ReviewScope,
    audit::{AuditAction, ResourceKind},
    ids::ReviewId,
    review::{
        Review,
        themes::{self, EntryRef},
    },
    text::{AgencyCode, Name, Narrative},
};
use cspr_openapi::themes::{ReviewTheme, ReviewThemeCreate, ReviewThemeList, ThemeLinksCreate};
use cspr_persistence::{DbConnection, audit, reviews};

use crate::{
    app::{case_material, field, review_id},
    context::{Caller, Ctx},
    error::ApiError,
};

/// The review, when the caller may do the panel's work on it.
fn panel_review(
    conn: &mut DbConnection,
    caller: &Caller,
    scope: &ReviewScope,
    id: ReviewId,
) -> Result<Review, ApiError> {
    let review = case_material(conn, caller, scope, id)?;
    themes::may_record(&caller.actor, &reviews::team(conn, id)?)?;
    Ok(review)
}

pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: ReviewThemeCreate,
) -> Result<ReviewTheme, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let title = field(Name::parse(&input.title), "title")?;
    let description = input
        .description
        .as_deref()
        .map(|d| field(Narrative::parse(d), "description"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        let review = panel_review(conn, caller, &scope, id)?;
        let earlier = reviews::themes::of_review(conn, id)?.len();
        let theme = themes::record(
            &review,
            earlier,
            input.kind.into(),
            title,
            description,
            caller.actor.subject.clone(),
            log.now(),
        )?;
        reviews::themes::record(conn, id, &theme)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ReviewTheme,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReviewTheme::from(&theme))
    })
    .await
}

pub async fn link(
    ctx: &Ctx,
    id: &str,
    number: u32,
    input: ThemeLinksCreate,
) -> Result<ReviewTheme, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let mut errors = vec![];
    let mut asked = vec![];
    for (i, e) in input.entries.iter().enumerate() {
        match (
            AgencyCode::parse(&e.agency_code),
            Name::parse(&e.source_ref),
        ) {
            (Ok(agency), Ok(source_ref)) => asked.push(EntryRef { agency, source_ref }),
            _ => errors.push(FieldError::new(
                format!("entries[{i}]"),
                "an agency code and a record reference",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    ctx.command(move |conn, caller, log| {
        let review = panel_review(conn, caller, &scope, id)?;
        review.check_running()?;
        let mut theme = reviews::themes::of_review(conn, id)?
            .into_iter()
            .find(|t| t.number == number)
            .ok_or(ApiError::NotFound)?;
        let existing = reviews::themes::existing(conn, id, &asked)?;
        let new = theme.link(asked, &existing).map_err(ApiError::Invalid)?;
        reviews::themes::link(conn, id, number, &new, &caller.actor.subject, log.now())?;
        theme.entries.extend(new);
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ReviewTheme,
                Some(id.to_string()),
            )],
        )?;
        Ok(ReviewTheme::from(&theme))
    })
    .await
}

pub async fn list(ctx: &Ctx, id: &str) -> Result<ReviewThemeList, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let recorded = reviews::themes::of_review(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::ReviewTheme,
            Some(id.to_string()),
        )]);
        Ok(ReviewThemeList {
            items: recorded.iter().map(ReviewTheme::from).collect(),
        })
    })
    .await
}
