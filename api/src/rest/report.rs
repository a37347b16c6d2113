//! The overview report: versions uploaded as PDF or Word documents and streamed back, the panel's
//! checklist, the agencies' factual accuracy answers, the board's approval (docs/PUBLICATION.md).

use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use cspr_domain::review::report::MAX_REPORT_BYTES;
use cspr_openapi::report::{
    ApprovalCreate, ChecklistCreate, FactualAccuracyCreate, OverviewReport, ReportDocument,
    ReportUploadParams, ResolutionCreate,
};

use crate::{
    app::report as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::{ValidJson, read_bytes},
        responses::{ReadErrors, StepErrors},
    },
};

/// Upload a version of the report (the partnership's business team or the review's lead reviewer):
/// the body is the document itself, `application/pdf` or Word's
/// `application/vnd.openxmlformats-officedocument.wordprocessingml.document`, at most 20 MiB; its type
/// is checked by its content, and it is kept with its SHA-256. `comments_due_on` dates the panel's
/// comments on this draft.
#[utoipa::path(
    tag = "reviews",
    operation_id = "upload_report_version",
    params(("id" = String, Path, description = "The review's id."), ReportUploadParams),
    request_body(
        content(
            (ReportDocument = "application/pdf"),
            (ReportDocument = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (ReportDocument = "application/octet-stream"),
        ),
        description = "The document: PDF or Word, by its content (`application/octet-stream` leaves the type to the content)."
    ),
    responses((status = 201, description = "Kept; the report as it now stands.", body = OverviewReport), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/report/versions")]
pub async fn upload_report_version(
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<String>,
    params: web::Query<ReportUploadParams>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let document = read_bytes(&req, body, MAX_REPORT_BYTES).await?;
    let report = app::upload(
        &ctx,
        &id,
        declared,
        document.to_vec(),
        params.comments_due_on,
    )
    .await?;
    Ok(HttpResponse::Created().json(report))
}

/// The report: every version with its checklist and factual accuracy answers, who is yet to answer,
/// and the board's approval. For the review's team (declared), the business team and partners, the
/// board, and the agencies in scope of its terms of reference.
#[utoipa::path(
    tag = "reviews",
    operation_id = "get_report",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The report.", body = OverviewReport), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/report")]
pub async fn get_report(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<OverviewReport>, ApiError> {
    Ok(web::Json(app::get(&ctx, &id).await?))
}

/// A version's document, as uploaded, with its content type (every read audited).
#[utoipa::path(
    tag = "reviews",
    operation_id = "get_report_document",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The version's number."),
    ),
    responses(
        (status = 200, description = "The document.", content(
            (ReportDocument = "application/pdf"),
            (ReportDocument = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )),
        ReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/report/versions/{number}/document")]
pub async fn get_report_document(
    ctx: Ctx,
    path: web::Path<(String, u32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    let (format, bytes) = app::document(&ctx, &id, number).await?;
    let name = format!("overview-report-v{number}.{}", format.as_str());
    Ok(HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes))
}

/// The panel's check of a version (recorded by the business team or the lead reviewer; once per
/// version): what it contains, and whether it meets the terms of reference.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_report_checklist",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The version's number."),
    ),
    request_body = ChecklistCreate,
    responses((status = 201, description = "Recorded.", body = OverviewReport), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/report/versions/{number}/checklist")]
pub async fn record_report_checklist(
    ctx: Ctx,
    path: web::Path<(String, u32)>,
    body: ValidJson<ChecklistCreate>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    Ok(HttpResponse::Created().json(app::check(&ctx, &id, number, body.0).await?))
}

/// An agency in scope of the review confirms the accuracy of its part of a version, or disputes it
/// with comments; once per version, while the review is in finalise.
#[utoipa::path(
    tag = "reviews",
    operation_id = "answer_factual_accuracy",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The version's number."),
    ),
    request_body = FactualAccuracyCreate,
    responses((status = 201, description = "Recorded.", body = OverviewReport), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/report/versions/{number}/factual-accuracy")]
pub async fn answer_factual_accuracy(
    ctx: Ctx,
    path: web::Path<(String, u32)>,
    body: ValidJson<FactualAccuracyCreate>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    Ok(HttpResponse::Created().json(app::answer(&ctx, &id, number, body.0).await?))
}

/// How an agency's dispute was settled (the business team or the lead reviewer).
#[utoipa::path(
    tag = "reviews",
    operation_id = "resolve_factual_accuracy_dispute",
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The version's number."),
        ("agency" = String, Path, description = "The disputing agency's code."),
    ),
    request_body = ResolutionCreate,
    responses((status = 201, description = "Recorded.", body = OverviewReport), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/report/versions/{number}/factual-accuracy/{agency}/resolution")]
pub async fn resolve_factual_accuracy_dispute(
    ctx: Ctx,
    path: web::Path<(String, u32, String)>,
    body: ValidJson<ResolutionCreate>,
) -> Result<HttpResponse, ApiError> {
    let (id, number, agency) = path.into_inner();
    Ok(HttpResponse::Created().json(app::resolve(&ctx, &id, number, &agency, body.0).await?))
}

/// The board approves the latest version (role `board`): only once the checklist is complete and
/// every agency in scope has answered with no dispute unresolved. It confirms the recommendations and
/// action plans, who receives the report, and the dissemination and monitoring arrangements; the
/// review's stage becomes `report_approved`.
#[utoipa::path(
    tag = "reviews",
    operation_id = "approve_report",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ApprovalCreate,
    responses((status = 201, description = "Approved.", body = OverviewReport), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/report/approval")]
pub async fn approve_report(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ApprovalCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::approve(&ctx, &id, body.0).await?))
}
