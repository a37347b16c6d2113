//! Identifying details and the anonymisation of the report: the review's pseudonym map, details
//! recorded (sealed at once) by those who run the review, released only to its declared lead reviewer
//! with a purpose, and each report version checked against them without showing them.

use cspr_domain::{
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::{PartnershipId, ReviewId},
    review::{
        anonymisation,
        identifying::{self, DetailsDraft, IdentifyingDetails, PseudonymEntry},
    },
    text::{Note, Pseudonym},
};
use cspr_openapi::identifying::{
    AnonymisationCheck, IdentifyingDetailsCreate, IdentifyingDetailsRecorded,
    IdentifyingDetailsRelease, IdentifyingDetailsView, PseudonymMap, PseudonymView, ReleaseCreate,
};
use cspr_persistence::{DbConnection, audit, reviews};

use crate::{
    app::{case_material, field, report::readable, report_text::text_of, review_id},
    context::Ctx,
    error::ApiError,
    sealing::Keyring,
};

/// What a sealed record is bound to: a sealed value moved to another record does not open.
pub(crate) fn bound_to(partnership: PartnershipId, review: ReviewId, who: &Pseudonym) -> String {
    format!("{partnership}/{review}/{}", who.as_str())
}

/// The review's identifying details, opened.
fn opened(
    conn: &mut DbConnection,
    keyring: &Keyring,
    partnership: PartnershipId,
    review: ReviewId,
) -> Result<Vec<(Pseudonym, IdentifyingDetails)>, ApiError> {
    reviews::identifying::sealed_of(conn, review)?
        .into_iter()
        .map(|(who, sealed)| {
            let bytes = keyring
                .open(&sealed, &bound_to(partnership, review, &who))
                .map_err(ApiError::internal)?;
            let details = IdentifyingDetails::from_plaintext(&bytes).map_err(|e| {
                ApiError::internal(std::io::Error::other(format!("{}: {}", e.field, e.reason)))
            })?;
            Ok((who, details))
        })
        .collect()
}

/// The pseudonyms the review's text must use: for those who read its case material or outcome.
pub async fn map(ctx: &Ctx, id: &str) -> Result<PseudonymMap, ApiError> {
    let scope = ctx.caller.actor.outcome_scope()?;
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let map = reviews::identifying::pseudonym_map(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Review,
            Some(format!("{id}/pseudonyms")),
        )]);
        Ok(PseudonymMap {
            items: map.iter().map(PseudonymView::from).collect(),
        })
    })
    .await
}

/// Records (or replaces) one pseudonym's identifying details, sealed before they are written.
pub async fn record(
    ctx: &Ctx,
    id: &str,
    pseudonym: &str,
    input: IdentifyingDetailsCreate,
) -> Result<IdentifyingDetailsRecorded, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let pseudonym = pseudonym.to_owned();
    let keyring = ctx.keyring.clone();
    ctx.command(move |conn, caller, log| {
        case_material(conn, caller, &scope, id)?;
        let team = reviews::team(conn, id)?;
        identifying::may_record(&caller.actor, &team)?;
        let map = reviews::identifying::pseudonym_map(conn, id)?;
        let who = identifying::check_pseudonym(&pseudonym, &map)?;
        let draft = DetailsDraft {
            real_name: input.real_name,
            other_names: input.other_names,
            date_of_birth: input.date_of_birth,
            address: input.address,
        };
        let details =
            IdentifyingDetails::parse(draft, england_date(log.now())).map_err(ApiError::Invalid)?;
        let sealed = keyring
            .seal(
                &details.to_plaintext(),
                &bound_to(caller.partnership.id, id, &who),
            )
            .map_err(ApiError::internal)?;
        reviews::identifying::store(conn, id, &who, &sealed, &caller.actor.subject, log.now())?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::IdentifyingDetails,
                Some(format!("{id}/{}", who.as_str())),
            )],
        )?;
        Ok(IdentifyingDetailsRecorded {
            pseudonym: who.as_str().to_owned(),
            recorded_by: caller.actor.subject.to_string(),
            recorded_at: log.now(),
        })
    })
    .await
}

/// Gives the review's identifying details to its declared lead reviewer, for `purpose`: the release is
/// recorded and each person's details audited as read, in one transaction. Never kept under an
/// `Idempotency-Key`: the kept answer would be the details themselves, outside their seal.
pub async fn release(
    ctx: &Ctx,
    id: &str,
    input: ReleaseCreate,
) -> Result<IdentifyingDetailsRelease, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let purpose = field(Note::parse(&input.purpose), "purpose")?;
    let keyring = ctx.keyring.clone();
    let ctx = Ctx {
        idempotency: None,
        ..ctx.clone()
    };
    ctx.command(move |conn, caller, log| {
        let pid = caller.partnership.id;
        reviews::find(conn, pid, &scope, id)?.ok_or(ApiError::NotFound)?;
        let team = reviews::team(conn, id)?;
        let subject = &caller.actor.subject;
        let declared = reviews::declarations::has_declared(conn, id, subject)?;
        identifying::may_release(&caller.actor, &team, declared)?;
        let map = reviews::identifying::pseudonym_map(conn, id)?;
        let held = opened(conn, &keyring, pid, id)?;
        let released: Vec<Pseudonym> = held.iter().map(|(p, _)| p.clone()).collect();
        reviews::identifying::record_release(
            conn,
            id,
            subject,
            purpose.as_str(),
            &released,
            log.now(),
        )?;
        audit::append(
            conn,
            &log.each(
                AuditAction::Read,
                ResourceKind::IdentifyingDetails,
                released.iter().map(|p| format!("{id}/{}", p.as_str())),
            ),
        )?;
        let entry = |p: &Pseudonym| map.iter().find(|e| e.pseudonym == *p).cloned();
        Ok(IdentifyingDetailsRelease {
            purpose: purpose.to_string(),
            released_at: log.now(),
            items: held
                .iter()
                .filter_map(|(p, d)| entry(p).map(|e| IdentifyingDetailsView::view(&e, d)))
                .collect(),
        })
    })
    .await
}

/// A report version checked against the map and the details held, for those who read the report.
/// The details are opened inside the server and only counts leave it; their use is audited.
pub async fn anonymisation(
    ctx: &Ctx,
    id: &str,
    version: u32,
) -> Result<AnonymisationCheck, ApiError> {
    let id = review_id(id)?;
    let keyring = ctx.keyring.clone();
    ctx.read(move |conn, caller, log| {
        readable(conn, caller, id)?;
        let (format, document) =
            reviews::report::document(conn, id, version)?.ok_or(ApiError::NotFound)?;
        let map: Vec<PseudonymEntry> = reviews::identifying::pseudonym_map(conn, id)?;
        let held = opened(conn, &keyring, caller.partnership.id, id)?;
        log.record(vec![
            log.event(
                AuditAction::Read,
                ResourceKind::OverviewReport,
                Some(format!("{id}/versions/{version}/anonymisation")),
            ),
            log.event(
                AuditAction::Read,
                ResourceKind::IdentifyingDetails,
                Some(format!("{id}/anonymisation-check")),
            ),
        ]);
        let text = text_of(format, &document);
        let flags = anonymisation::flags(text.as_deref().unwrap_or(""), &map, &held);
        Ok(AnonymisationCheck::of(
            version,
            text.is_some(),
            &map,
            &flags,
        ))
    })
    .await
}
