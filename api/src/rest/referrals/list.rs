use actix_web::{get, web};
use cspr_openapi::{
    page::PageParams,
    referral::{ReferralPage, ReferralQuery},
};

use crate::{app, context::Ctx, error::ApiError, rest::responses::ListErrors};

/// Referrals the caller may see, newest first, filtered and paginated.
#[utoipa::path(
    tag = "referrals",
    operation_id = "list_referrals",
    params(ReferralQuery, PageParams),
    responses((status = 200, description = "A page of referrals.", body = ReferralPage), ListErrors),
    security(("bearer" = []))
)]
#[get("/referrals")]
pub async fn list_referrals(
    ctx: Ctx,
    query: web::Query<ReferralQuery>,
    page: web::Query<PageParams>,
) -> Result<web::Json<ReferralPage>, ApiError> {
    let page = page.into_inner();
    Ok(web::Json(
        app::referrals::list(&ctx, query.into_inner(), page.limit, page.cursor.as_deref()).await?,
    ))
}
