//! Information requests: sent per referral, answered from each agency's inbox.

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::{
    information_request::{
        ChiefOfficerSignOffCreate, EscalationCreate, EscalationList, InformationRequest,
        InformationRequestList, InformationRequestPage, InformationRequestQuery,
        InformationRequestsCreate, ReturnCreate, ReturnReviewCreate, ReturnVersion,
        ReturnVersionList,
    },
    page::PageParams,
};

use crate::{
    app::information_requests as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, ReadErrors, StepErrors},
    },
};

/// Send requests of one kind to the named agencies, or to every involved agency (partnership admin).
/// Returns are due 5 working days after sending.
#[utoipa::path(
    tag = "information requests", operation_id = "issue_information_requests", request_body = InformationRequestsCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Sent.", body = InformationRequestList), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/information-requests")]
pub async fn issue_information_requests(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<InformationRequestsCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(InformationRequestList {
        items: app::issue(&ctx, &id, body.0).await?,
    }))
}

/// A referral's requests: all of them for admins and partners, its own for an agency.
#[utoipa::path(
    tag = "information requests", operation_id = "list_referral_information_requests",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The requests.", body = InformationRequestList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/information-requests")]
pub async fn list_referral_information_requests(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<InformationRequestList>, ApiError> {
    Ok(web::Json(InformationRequestList {
        items: app::for_referral(&ctx, &id).await?,
    }))
}

/// The caller's inbox: its agency's requests across every referral, newest first.
#[utoipa::path(
    tag = "information requests", operation_id = "list_information_requests",
    params(InformationRequestQuery, PageParams),
    responses((status = 200, description = "A page of requests.", body = InformationRequestPage), ListErrors),
    security(("bearer" = []))
)]
#[get("/information-requests")]
pub async fn list_information_requests(
    ctx: Ctx,
    query: web::Query<InformationRequestQuery>,
    page: web::Query<PageParams>,
) -> Result<web::Json<InformationRequestPage>, ApiError> {
    let page = page.into_inner();
    Ok(web::Json(
        app::inbox(&ctx, query.into_inner(), page.limit, page.cursor.as_deref()).await?,
    ))
}

/// One request (its agency, admins and partners).
#[utoipa::path(
    tag = "information requests", operation_id = "get_information_request",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The request.", body = InformationRequest), ReadErrors),
    security(("bearer" = []))
)]
#[get("/information-requests/{id}")]
pub async fn get_information_request(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<InformationRequest>, ApiError> {
    Ok(web::Json(app::get(&ctx, &id).await?))
}

/// Submit the agency's return, or a new version of one sent back (the request's agency only).
#[utoipa::path(
    tag = "information requests", operation_id = "submit_return", request_body = ReturnCreate,
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 201, description = "Submitted.", body = ReturnVersion), StepErrors),
    security(("bearer" = []))
)]
#[post("/information-requests/{id}/returns")]
pub async fn submit_return(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReturnCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::submit_return(&ctx, &id, body.0).await?))
}

/// Every version of the return, oldest first, with how each was judged.
#[utoipa::path(
    tag = "information requests", operation_id = "list_returns",
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 200, description = "The versions.", body = ReturnVersionList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/information-requests/{id}/returns")]
pub async fn list_returns(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ReturnVersionList>, ApiError> {
    Ok(web::Json(ReturnVersionList {
        items: app::returns(&ctx, &id).await?,
    }))
}

/// Accept the latest version, or send it back for rework with reasons (partnership admin).
#[utoipa::path(
    tag = "information requests", operation_id = "review_return", request_body = ReturnReviewCreate,
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 201, description = "Judged.", body = InformationRequest), StepErrors),
    security(("bearer" = []))
)]
#[post("/information-requests/{id}/reviews")]
pub async fn review_return(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReturnReviewCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::review(&ctx, &id, body.0).await?))
}

/// Escalate an overdue or disputed request, with reasons (partnership admin): to the Case Review Subgroup
/// first, then to the Safeguarding Partners; each once. Answers with the request's escalations.
#[utoipa::path(
    tag = "information requests", operation_id = "escalate_information_request", request_body = EscalationCreate,
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 201, description = "Escalated.", body = EscalationList), StepErrors),
    security(("bearer" = []))
)]
#[post("/information-requests/{id}/escalations")]
pub async fn escalate_information_request(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<EscalationCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(EscalationList {
        items: app::escalate(&ctx, &id, body.0).await?,
    }))
}

/// Record the agency's chief officer's sign-off of the IMR version awaiting judgement (the agency the
/// request was sent to): an IMR is accepted only once signed off.
#[utoipa::path(
    tag = "information requests", operation_id = "sign_off_return", request_body = ChiefOfficerSignOffCreate,
    params(("id" = String, Path, description = "The request's id.")),
    responses((status = 201, description = "Signed off.", body = ReturnVersion), StepErrors),
    security(("bearer" = []))
)]
#[post("/information-requests/{id}/sign-off")]
pub async fn sign_off_return(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ChiefOfficerSignOffCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::sign_off(&ctx, &id, body.0).await?))
}
