//! Terms of reference: recorded by whoever runs the review, version after version; read by those who
//! may see the review, and by the agencies they ask to take part (the current version is addressed to
//! them).

use cspr_domain::{
    access::ReviewScope,
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    review::terms::{self, TermsDraft, TermsOfReference as Recorded},
};
use cspr_openapi::terms::{TermsOfReference, TermsOfReferenceCreate, TermsOfReferenceList};
use cspr_persistence::{agencies, audit, reviews};

use crate::{
    app::{case_material, conducted_review, review_id},
    context::Ctx,
    error::ApiError,
};

/// Records the next version, whole.
pub async fn record(
    ctx: &Ctx,
    id: &str,
    input: TermsOfReferenceCreate,
) -> Result<TermsOfReference, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let draft = TermsDraft::from(input);
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let registered: Vec<_> = agencies::list(conn, caller.partnership.id)?
            .into_iter()
            .map(|a| a.code)
            .collect();
        let checked = draft
            .check(&review, &registered, england_date(log.now()))
            .map_err(ApiError::Invalid)?;
        let latest = reviews::terms::current(conn, id)?.map(|t| t.version);
        let version = Recorded {
            version: terms::next_version(latest),
            terms: checked,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::terms::record(conn, caller.partnership.id, id, &version)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::TermsOfReference,
                Some(id.to_string()),
            )],
        )?;
        Ok(TermsOfReference::from(&version))
    })
    .await
}

/// Every version for those who may see the review; the current one for an agency it names.
pub async fn list(ctx: &Ctx, id: &str) -> Result<TermsOfReferenceList, ApiError> {
    let scope = ctx.caller.actor.review_scope();
    let agency = ctx.caller.actor.acting_agency().cloned();
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        let versions = match (scope, agency) {
            (Ok(scope), _) => {
                case_material(conn, caller, &scope, id)?;
                reviews::terms::of_review(conn, id)?
            }
            (Err(_), Ok(agency)) => {
                reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
                    .ok_or(ApiError::NotFound)?;
                let current = reviews::terms::current(conn, id)?
                    .filter(|t| t.terms.in_scope(&agency))
                    .ok_or(ApiError::NotFound)?;
                vec![current]
            }
            (Err(refused), Err(_)) => return Err(refused.into()),
        };
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::TermsOfReference,
            Some(id.to_string()),
        )]);
        Ok(TermsOfReferenceList {
            items: versions.iter().map(TermsOfReference::from).collect(),
        })
    })
    .await
}
