use actix_web::{HttpResponse, post};
use cspr_openapi::referral::{Referral, ReferralCreate};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{json::ValidJson, responses::WriteErrors},
};

/// Refer a serious incident (any agency; the referring agency is the token's).
#[utoipa::path(
    tag = "referrals",
    operation_id = "create_referral",
    request_body = ReferralCreate,
    responses((status = 201, description = "Recorded, with its reference.", body = Referral), WriteErrors),
    security(("bearer" = []))
)]
#[post("/referrals")]
pub async fn create_referral(
    ctx: Ctx,
    body: ValidJson<ReferralCreate>,
) -> Result<HttpResponse, ApiError> {
    let referral = app::referrals::create(&ctx, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/referrals/{}", referral.id)))
        .json(referral))
}
