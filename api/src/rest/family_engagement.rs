//! A review's family engagement.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::family::{FamilyMember, FamilyMemberInput, FamilyMemberList};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Record a family member's engagement (partnership admin, or the review's lead reviewer), whole: the
/// same pseudonym again replaces the last record. A member not invited, who declined or who did not
/// answer carries the reason; one who accepted, their contribution. The pseudonym joins the people the
/// review's chronology entries may name.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_family_member",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = FamilyMemberInput,
    responses((status = 201, description = "Recorded.", body = FamilyMember), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/family-members")]
pub async fn record_family_member(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<FamilyMemberInput>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::family_engagement::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/family-members")))
        .json(recorded))
}

/// The review's family members and their engagement, by pseudonym.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_family_members",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The family members.", body = FamilyMemberList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/family-members")]
pub async fn list_family_members(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<FamilyMemberList>, ApiError> {
    Ok(web::Json(app::family_engagement::list(&ctx, &id).await?))
}
