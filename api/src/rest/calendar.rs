use actix_web::{get, web};
use cspr_openapi::calendar::{Deadline, DeadlineQuery};

use crate::{app, context::Ctx, error::ApiError, rest::responses::ListErrors};

/// A due date `working_days` after `from` (day 0), skipping weekends and England and Wales bank
/// holidays, with every skipped day named.
#[utoipa::path(
    tag = "calendar",
    operation_id = "compute_deadline",
    params(DeadlineQuery),
    responses((status = 200, description = "The due date and its working.", body = Deadline), ListErrors),
    security(("bearer" = []))
)]
#[get("/calendar/deadline")]
pub async fn compute_deadline(
    ctx: Ctx,
    query: web::Query<DeadlineQuery>,
) -> Result<web::Json<Deadline>, ApiError> {
    Ok(web::Json(app::calendar::deadline(&ctx, &query)?))
}
