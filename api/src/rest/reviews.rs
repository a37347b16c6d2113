use actix_web::{get, web};
use cspr_openapi::{
    page::PageParams,
    review::{Review, ReviewPage, ReviewQuery},
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::responses::{ListErrors, ReadErrors},
};

/// Reviews the caller may see, newest first (admins and statutory partners: all of the partnership's;
/// lead reviewers and panel members: those they are on).
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_reviews",
    params(ReviewQuery, PageParams),
    responses((status = 200, description = "A page of reviews.", body = ReviewPage), ListErrors),
    security(("bearer" = []))
)]
#[get("/reviews")]
pub async fn list_reviews(
    ctx: Ctx,
    query: web::Query<ReviewQuery>,
    page: web::Query<PageParams>,
) -> Result<web::Json<ReviewPage>, ApiError> {
    let page = page.into_inner();
    Ok(web::Json(
        app::reviews::list(&ctx, query.into_inner(), page.limit, page.cursor.as_deref()).await?,
    ))
}

/// One review, as commissioned by its referral's decision.
#[utoipa::path(
    tag = "reviews",
    operation_id = "get_review",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The review.", body = Review), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}")]
pub async fn get_review(ctx: Ctx, id: web::Path<String>) -> Result<web::Json<Review>, ApiError> {
    Ok(web::Json(app::reviews::get(&ctx, &id).await?))
}
