use actix_web::{HttpRequest, HttpResponse, get, post, web};
use cspr_openapi::{
    chronology::{
        ChronologyBatch, ChronologyEntryList, ChronologyEntryPage, ChronologyQuery,
        ChronologyVersionsQuery, IntegratedChronology,
    },
    page::PageParams,
};

use crate::{
    app::{self, chronology::Shape},
    context::Ctx,
    error::ApiError,
    rest::{
        chronology_formats, csv,
        json::ValidBatch,
        responses::{FilteredReadErrors, StepErrors},
    },
};

/// Send a batch of the caller's agency's chronology entries for a review (1 to 1,000; an agency in scope
/// of the terms of reference, or before there are terms one that referred or was involved). Whole or
/// not at all: every invalid entry is named by its index and nothing is written. The same `source_ref`
/// again corrects that entry; earlier versions are kept. The batch must fit the server's
/// `batch_body_limit_bytes` (6 MiB by default).
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
    body: ValidBatch<ChronologyBatch>,
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
    responses((status = 200, description = "A page of entries.", body = ChronologyEntryPage), FilteredReadErrors),
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

/// Every version of one entry, first first (each correction by the same `source_ref` is a version):
/// an agency reads its own; admins, statutory partners and the declared team name the agency.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_chronology_entry_versions",
    params(("id" = String, Path, description = "The review's id."), ChronologyVersionsQuery),
    responses((status = 200, description = "The versions.", body = ChronologyEntryList), FilteredReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/chronology-entries/versions")]
pub async fn list_chronology_entry_versions(
    ctx: Ctx,
    id: web::Path<String>,
    query: web::Query<ChronologyVersionsQuery>,
) -> Result<web::Json<ChronologyEntryList>, ApiError> {
    Ok(web::Json(
        app::chronology::versions(&ctx, &id, query.into_inner()).await?,
    ))
}

/// The integrated chronology: every agency's current entries merged in date order, filtered (agency,
/// category, subject, key events, period), for admins, statutory partners and the review's team. As
/// JSON (a page, with the gaps of at least `gap_days` across every match); as CSV with `Accept:
/// text/csv` (every match, at most 10,000; RFC 4180, cells a spreadsheet would run as formulas
/// prefixed with `'`); or as an SVG timeline with `Accept: image/svg+xml` (a row and a colour per
/// agency, a mark per entry, key events larger, a legend).
#[utoipa::path(
    tag = "reviews",
    operation_id = "get_integrated_chronology",
    params(("id" = String, Path, description = "The review's id."), ChronologyQuery, PageParams),
    responses(
        (status = 200, description = "The integrated chronology.", content(
            (IntegratedChronology = "application/json"),
            (String = "text/csv"),
            (String = "image/svg+xml"),
        )),
        FilteredReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/chronology")]
pub async fn get_integrated_chronology(
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<ChronologyQuery>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let kind = csv::asked_for(&req, &["text/csv", "image/svg+xml"]);
    let shape = if kind.is_some() {
        Shape::Whole
    } else {
        Shape::Page
    };
    let page = page.into_inner();
    let chronology = app::chronology::integrated(
        &ctx,
        &id,
        query.into_inner(),
        shape,
        page.limit,
        page.cursor.as_deref(),
    )
    .await?;
    Ok(match kind {
        Some("text/csv") => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(chronology_formats::csv(&chronology.items)),
        Some(svg) => HttpResponse::Ok()
            .content_type(svg)
            .body(chronology_formats::svg(&chronology.items)),
        None => HttpResponse::Ok().json(chronology),
    })
}
