use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::{
    chronology::{ChronologyBatch, ChronologyEntryList, ChronologyEntryPage},
    page::PageParams,
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, StepErrors},
    },
};

/// Send a batch of the caller's agency's chronology entries for a review (1 to 1,000; an agency that
/// referred or was involved). Whole or not at all: every invalid entry is named by its index and nothing
/// is written. The same `source_ref` again corrects that entry; earlier versions are kept. The batch must
/// fit the server's `body_limit_bytes`.
#[utoipa::path(
    tag = "reviews",
    operation_id = "submit_chronology_entries",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ChronologyBatch,
    responses((status = 201, description = "Recorded, in the batch's order.", body = ChronologyEntryList), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/chronology-entries")]
pub async fn submit_chronology_entries(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ChronologyBatch>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::chronology::submit(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/chronology-entries")))
        .json(recorded))
}

/// The caller's agency's current entries for a review, the latest recorded first.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_own_chronology_entries",
    params(("id" = String, Path, description = "The review's id."), PageParams),
    responses((status = 200, description = "A page of entries.", body = ChronologyEntryPage), ListErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/chronology-entries")]
pub async fn list_own_chronology_entries(
    ctx: Ctx,
    id: web::Path<String>,
    page: web::Query<PageParams>,
) -> Result<web::Json<ChronologyEntryPage>, ApiError> {
    let page = page.into_inner();
    Ok(web::Json(
        app::chronology::own(&ctx, &id, page.limit, page.cursor.as_deref()).await?,
    ))
}
