//! Reviews: read in the caller's scope, each read audited. They are opened by the decision that
//! commissions them (`rapid_review::steps::decide`).

use cspr_domain::{
    FieldError,
    audit::{AuditAction, ResourceKind},
    ids::ReferralId,
};
use cspr_openapi::review::{Review, ReviewPage, ReviewQuery};
use cspr_persistence::reviews::{self, ReviewFilter};

use crate::{
    app::{page, review_id},
    context::Ctx,
    error::ApiError,
};

/// One review the caller may see; any other is simply not found.
pub async fn get(ctx: &Ctx, id: &str) -> Result<Review, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    ctx.read_statement(move |conn, caller, log| {
        let review =
            reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Review,
            Some(id.to_string()),
        )]);
        Ok(Review::from(&review))
    })
    .await
}

/// A page of the reviews the caller may see, newest first; each listed is an audited read.
pub async fn list(
    ctx: &Ctx,
    query: ReviewQuery,
    limit: Option<i64>,
    cursor: Option<&str>,
) -> Result<ReviewPage, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let filter = ReviewFilter {
        referral_id: query
            .referral_id
            .as_deref()
            .map(|s| {
                ReferralId::parse(s).map_err(|_| {
                    ApiError::Invalid(vec![FieldError::new(
                        "referral_id",
                        "must be a UUID in its hyphenated form",
                    )])
                })
            })
            .transpose()?,
    };
    let (size, after) = page(limit, cursor)?;
    ctx.read_statement(move |conn, caller, log| {
        let page = reviews::list(
            conn,
            caller.partnership.id,
            &scope,
            &filter,
            after.as_ref(),
            size,
        )?;
        log.record(log.each(
            AuditAction::List,
            ResourceKind::Review,
            page.items.iter().map(|r| r.id),
        ));
        Ok(ReviewPage {
            items: page.items.iter().map(Review::from).collect(),
            next_cursor: page.next.map(|c| c.to_string()),
        })
    })
    .await
}
