//! The panel's key lines of enquiry and themes.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::themes::{ReviewTheme, ReviewThemeCreate, ReviewThemeList, ThemeLinksCreate};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// Record a key line of enquiry or a theme (partnership admin, or a member of the review's team once
/// declared), numbered in the order recorded.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_review_theme",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReviewThemeCreate,
    responses((status = 201, description = "Recorded.", body = ReviewTheme), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/themes")]
pub async fn record_review_theme(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReviewThemeCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::review_themes::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/themes")))
        .json(recorded))
}

/// Link chronology entries (by agency and record reference, each a current entry of the review) to a
/// key line of enquiry or a theme; those already linked are left as they are.
#[utoipa::path(
    tag = "reviews",
    operation_id = "link_theme_entries",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The theme's number."),
    ),
    request_body = ThemeLinksCreate,
    responses((status = 201, description = "Linked.", body = ReviewTheme), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/themes/{number}/entries")]
pub async fn link_theme_entries(
    ctx: Ctx,
    path: web::Path<(String, String)>,
    body: ValidJson<ThemeLinksCreate>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = crate::rest::numbered(path)?;
    let linked = app::review_themes::link(&ctx, &id, number, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/themes")))
        .json(linked))
}

/// The review's key lines of enquiry and themes, with their linked entries.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_review_themes",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The themes.", body = ReviewThemeList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/themes")]
pub async fn list_review_themes(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ReviewThemeList>, ApiError> {
    Ok(web::Json(app::review_themes::list(&ctx, &id).await?))
}
