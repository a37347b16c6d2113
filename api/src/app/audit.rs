use cspr_domain::audit::{AuditAction, ResourceKind};
use cspr_openapi::audit::{AuditEvent, AuditEventPage, AuditQuery};
use cspr_persistence::audit;

use crate::{app::page, context::Ctx, error::ApiError};

/// A page of the partnership's audit trail, newest first. Reading the trail is itself audited.
pub async fn list(
    ctx: &Ctx,
    query: AuditQuery,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<AuditEventPage, ApiError> {
    ctx.caller.actor.may_read_audit()?;
    let filter = query.into_filter();
    let (size, after) = page(limit, cursor)?;
    ctx.read(move |conn, caller, log| {
        let page = audit::list(conn, caller.partnership.id, &filter, after.as_ref(), size)?;
        log.record(vec![log.event(
            AuditAction::List,
            ResourceKind::AuditEvent,
            None,
        )]);
        Ok(AuditEventPage {
            items: page.items.iter().map(AuditEvent::from).collect(),
            next_cursor: page.next.map(|c| c.to_string()),
        })
    })
    .await
}
