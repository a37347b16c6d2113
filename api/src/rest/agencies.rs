use actix_web::{HttpResponse, get, post, web::Json};
use cspr_openapi::agency::{Agency, AgencyCreate, AgencyList};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, WriteErrors},
    },
};

/// Register an agency in the caller's partnership (partnership admin).
#[utoipa::path(
    tag = "agencies",
    operation_id = "create_agency",
    request_body = AgencyCreate,
    responses((status = 201, description = "Registered.", body = Agency), WriteErrors),
    security(("bearer" = []))
)]
#[post("/agencies")]
pub async fn create_agency(
    ctx: Ctx,
    body: ValidJson<AgencyCreate>,
) -> Result<HttpResponse, ApiError> {
    let agency = app::agencies::register(&ctx, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/agencies/{}", agency.id)))
        .json(agency))
}

/// The agency register of the caller's partnership, by code (any role).
#[utoipa::path(
    tag = "agencies",
    operation_id = "list_agencies",
    responses((status = 200, description = "The register.", body = AgencyList), ListErrors),
    security(("bearer" = []))
)]
#[get("/agencies")]
pub async fn list_agencies(ctx: Ctx) -> Result<Json<AgencyList>, ApiError> {
    Ok(Json(AgencyList {
        items: app::agencies::list(&ctx).await?,
    }))
}
