use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{app::blocking, context::AppState, error::ApiError, rest::responses::Unavailable};

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(
    tag = "operations",
    operation_id = "live",
    responses((status = 200, description = "The process is up.", body = Health))
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The process can serve: its database can be reached and written.
#[utoipa::path(
    tag = "operations",
    operation_id = "ready",
    responses((status = 200, description = "Ready to serve.", body = Health), Unavailable)
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let db = state.db.clone();
    let now = state.clock.now();
    blocking(move || db.ping(now).map_err(|e| ApiError::Unavailable(Box::new(e)))).await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}
