use actix_web::{get, web};
use cspr_openapi::referral::Referral;

use crate::{app, context::Ctx, error::ApiError, rest::responses::ReadErrors};

/// One referral (admins and statutory partners: any of the partnership's; an agency: its own).
#[utoipa::path(
    tag = "referrals",
    operation_id = "get_referral",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The referral.", body = Referral), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}")]
pub async fn get_referral(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<Referral>, ApiError> {
    Ok(web::Json(app::referrals::get(&ctx, &id).await?))
}
