use cspr_domain::FieldError;
use cspr_domain::audit::{AuditAction, ResourceKind};
use cspr_openapi::audit::{
    AuditEvent, AuditEventPage, AuditExport, AuditExportParams, AuditQuery, ChainHead,
    ChainedAuditEvent,
};
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

/// The most events one export holds: a longer period is exported in parts.
const EXPORT_LIMIT: i64 = 100_000;

/// The partnership's audit trail for a period, in chain order, with the chain's head. Audited.
pub async fn export(ctx: &Ctx, params: AuditExportParams) -> Result<AuditExport, ApiError> {
    ctx.caller.actor.may_read_audit()?;
    let (from, to) = (params.occurred_from, params.occurred_to);
    if to <= from {
        return Err(FieldError::new("occurred_to", "must be after occurred_from").into());
    }
    ctx.read(move |conn, caller, log| {
        let (links, (sequence, hash)) =
            audit::export(conn, caller.partnership.id, from, to, EXPORT_LIMIT)?.ok_or_else(
                || {
                    FieldError::new(
                        "occurred_to",
                        format!(
                            "the period holds more than {EXPORT_LIMIT} events: export it in parts"
                        ),
                    )
                },
            )?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::AuditEvent,
            Some(format!("export {}..{}", from.to_rfc3339(), to.to_rfc3339())),
        )]);
        Ok(AuditExport {
            partnership: caller.partnership.slug.to_string(),
            partnership_id: caller.partnership.id.to_string(),
            occurred_from: from,
            occurred_to: to,
            exported_at: log.now(),
            chain_head: ChainHead { sequence, hash },
            events: links
                .iter()
                .map(|l| ChainedAuditEvent {
                    event: AuditEvent::from(&l.event),
                    sequence: l.sequence,
                    previous_hash: l.previous.clone(),
                    hash: l.hash.clone(),
                })
                .collect(),
        })
    })
    .await
}
