//! The figures for reporting tools, as REST beside GraphQL's `figures`.

use actix_web::{get, web};
use cspr_openapi::figures::{FiguresParams, ReportingFigures};

use crate::{app::figures as app, context::Ctx, error::ApiError, rest::responses::ListErrors};

/// The partnership's figures for a period — counts and rates without any personal data or free text —
/// for the `reporting` role, the business team, the statutory partners and the board. How each is
/// counted: docs/PUBLICATION.md.
#[utoipa::path(
    tag = "reporting", operation_id = "get_figures",
    params(FiguresParams),
    responses((status = 200, description = "The figures.", body = ReportingFigures), ListErrors),
    security(("bearer" = []))
)]
#[get("/figures")]
pub async fn get_figures(
    ctx: Ctx,
    params: web::Query<FiguresParams>,
) -> Result<web::Json<ReportingFigures>, ApiError> {
    Ok(web::Json(app::read(&ctx, params.from, params.to).await?))
}
