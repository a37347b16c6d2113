//! A practitioner's export: their places on review teams, their declarations, and what the audit trail
//! records of what they did. A record they wrote concerns others (the case's children and family): it
//! is named, not copied, and marked.

use cspr_domain::{
    access::ReviewScope,
    audit::{AuditAction, AuditFilter, ResourceKind},
    ids::PartnershipId,
    page::PageSize,
    text::Subject,
};
use cspr_openapi::subject_access::{PractitionerParams, SubjectAccessExport, SubjectAccessItem};
use cspr_persistence::{
    Cursor, DbConnection, audit,
    reviews::{self, declarations},
};

use super::{Origin, as_field};
use crate::{context::Ctx, error::ApiError};

/// At most this many of a practitioner's audit events go in one export; a note says when there were
/// more, and the officer exports the trail by period for the rest.
const MAX_EVENTS: usize = 50_000;

/// The practitioner's place and declaration on each review they are on; returns the reviews read.
fn team_items(
    conn: &mut DbConnection,
    pid: PartnershipId,
    subject: &Subject,
    out: &mut Vec<SubjectAccessItem>,
) -> Result<Vec<String>, ApiError> {
    let scope = ReviewScope::Member(subject.clone());
    let (size, mut after, mut read) = (PageSize::parse(Some(100))?, None::<Cursor>, vec![]);
    loop {
        let page = reviews::list(conn, pid, &scope, &Default::default(), after.as_ref(), size)?;
        for r in &page.items {
            read.push(r.id.to_string());
            let team = reviews::team(conn, r.id)?;
            if let Some(m) = team.iter().find(|m| m.subject == *subject) {
                let from = Origin::new("review team", r.id).by(&m.appointed_by, m.appointed_at);
                let agency = m.agency.as_ref().map(ToString::to_string);
                out.push(from.item("role", m.role.to_string(), vec![]));
                out.push(from.item("name", m.name.to_string(), vec![]));
                out.push(from.item("agency", agency.unwrap_or_default(), vec![]));
                let independent = m.independent_of_case.to_string();
                out.push(from.item("independent_of_case", independent, vec![]));
            }
            let declared = declarations::of_review(conn, r.id)?;
            if let Some(d) = declared.iter().find(|d| d.subject == *subject) {
                let from = Origin::new("declaration", r.id).at(d.recorded_at);
                let signed = d.confidentiality_signed_on.to_string();
                let conflicts = d.conflicts_of_interest.as_ref().map(ToString::to_string);
                out.push(from.item("confidentiality_signed_on", signed, vec![]));
                out.push(from.item(
                    "conflicts_of_interest",
                    conflicts.unwrap_or_default(),
                    vec![],
                ));
            }
        }
        match page.next {
            Some(c) => after = Some(c),
            None => return Ok(read),
        }
    }
}

/// Each audit event of the practitioner's, newest first, up to `MAX_EVENTS`; false if there were more.
fn audit_items(
    conn: &mut DbConnection,
    pid: PartnershipId,
    subject: &Subject,
    out: &mut Vec<SubjectAccessItem>,
) -> Result<bool, ApiError> {
    let filter = AuditFilter {
        subject: Some(subject.to_string()),
        ..Default::default()
    };
    let (size, mut after, mut seen) = (PageSize::parse(Some(100))?, None::<Cursor>, 0);
    loop {
        let page = audit::list(conn, pid, &filter, after.as_ref(), size)?;
        for e in &page.items {
            seen += 1;
            // A record written holds the case's data, others'; a read or a list leaves only ids.
            let others = if e.action == AuditAction::Create {
                vec!["the record written".to_owned()]
            } else {
                vec![]
            };
            let what = match &e.resource_id {
                Some(id) => format!("{} {id}", e.resource_type),
                None => e.resource_type.to_string(),
            };
            let from = Origin::new("audit event", e.id).at(e.occurred_at);
            out.push(from.item(e.action.as_str(), what, others));
        }
        match page.next {
            Some(c) if seen < MAX_EVENTS => after = Some(c),
            Some(_) => return Ok(false),
            None => return Ok(true),
        }
    }
}

/// Everything held that concerns the practitioner `subject`.
pub async fn practitioner(
    ctx: &Ctx,
    params: PractitionerParams,
) -> Result<SubjectAccessExport, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let subject = as_field(Subject::parse(&params.subject), "subject")?;
    ctx.read(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let mut items = vec![];
        let reviews_read = team_items(conn, pid, &subject, &mut items)?;
        let mut notes = vec![];
        if !audit_items(conn, pid, &subject, &mut items)? {
            notes.push(format!(
                "Only the newest {MAX_EVENTS} audit events are here: export the trail by period for \
                 the rest (GET /v1/audit-events/export)."
            ));
        }
        let mut events = vec![log.event(
            AuditAction::Read,
            ResourceKind::SubjectAccess,
            Some(format!("practitioner/{subject}")),
        )];
        events.extend(log.each(AuditAction::Read, ResourceKind::ReviewTeam, reviews_read));
        log.record(events);
        Ok(SubjectAccessExport {
            partnership_id: pid.to_string(),
            referral_id: None,
            review_id: None,
            pseudonym: None,
            subject: Some(subject.to_string()),
            generated_at: log.now(),
            generated_by: caller.actor.subject.to_string(),
            items,
            notes,
        })
    })
    .await
}
