use actix_web::{HttpResponse, post};
use cspr_openapi::referral::{Referral, ReferralCreate};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{json::ValidJson, responses::WriteErrors},
};

/// Refer a serious incident (any agency; the referring agency is the token's).
///
/// Rules the schema cannot say, each answered 422 naming the field: dates not in the future (in
/// England); `aware_date` not before `incident_date`; `received_on` not before the incident and not
/// before `aware_date`; a `serious_incident` needs `death` or `serious_harm`; pseudonyms unique in the
/// referral; at least one child who is the `subject` or a `child_perpetrator`; `involved_agencies`
/// registered in the partnership, each once; `institutional_setting` given when that criterion applies;
/// `incident_place.local_authority` given when the incident is in another authority's area in England.
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
