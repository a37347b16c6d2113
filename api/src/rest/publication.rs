//! A review's publication (the business team records it; docs/PUBLICATION.md), and the public
//! register of a partnership's published reports, as JSON and as an Atom feed, without signing in.

use actix_web::{HttpResponse, get, http::header, post, web};
use cspr_openapi::{
    publication::{
        NspccDepositCreate, PublicationCopyCreate, PublicationDecisionCreate,
        PublicationPlanCreate, PublicationPublishedCreate, PublicationRegister, PublicationView,
    },
    review::ConclusionCreate,
};

use crate::{
    app::publication as app,
    context::{AppState, Ctx},
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ReadErrors, StepErrors},
    },
};

/// How long a browser or proxy may keep the public register.
const REGISTER_CACHE: &str = "public, max-age=300";

fn created(v: PublicationView) -> HttpResponse {
    HttpResponse::Created().json(v)
}

/// The review's publication: decision, plan (with the date the copies are due by), copies, what was
/// published, the NSPCC deposit.
#[utoipa::path(
    tag = "publication", operation_id = "get_publication",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The publication.", body = PublicationView), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/publication")]
pub async fn get_publication(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<PublicationView>, ApiError> {
    Ok(web::Json(app::get(&ctx, &id).await?))
}

/// Record the partners' decision: publish, or withhold as inappropriate — then with the reasons and
/// the information about improvements published instead. It may change until something is published.
#[utoipa::path(
    tag = "publication", operation_id = "record_publication_decision", request_body = PublicationDecisionCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = PublicationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publication/decision")]
pub async fn record_publication_decision(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PublicationDecisionCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(created(app::decide(&ctx, &id, body.0).await?))
}

/// Plan publication, once the board has approved the report: the date (leaving seven working days
/// for the copies, or refused naming the latest date they could go), the family's wishes and when the
/// arrangements were discussed with them, when practitioners were told, the media contact, the
/// reviewers named. The latest plan stands. The copies' recipients are told through the outbox.
#[utoipa::path(
    tag = "publication", operation_id = "plan_publication", request_body = PublicationPlanCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Planned.", body = PublicationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publication/plan")]
pub async fn plan_publication(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PublicationPlanCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(created(app::plan(&ctx, &id, body.0).await?))
}

/// Record a full copy sent to the National Panel, Ofsted or the Secretary of State: no later than
/// seven working days before the planned publication (refused naming the latest date otherwise).
#[utoipa::path(
    tag = "publication", operation_id = "record_publication_copy", request_body = PublicationCopyCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = PublicationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publication/copies")]
pub async fn record_publication_copy(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PublicationCopyCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(created(app::copy(&ctx, &id, body.0).await?))
}

/// Record the report published: refused while a parallel process publication must wait for is open,
/// until every copy went seven working days before, or for less than a year's availability. The
/// review's stage becomes `published`; the NSPCC's destination is told a report awaits deposit.
#[utoipa::path(
    tag = "publication", operation_id = "record_publication", request_body = PublicationPublishedCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = PublicationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publication/published")]
pub async fn record_publication(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PublicationPublishedCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(created(app::publish_report(&ctx, &id, body.0).await?))
}

/// For a withheld report: record the information about improvements published instead.
#[utoipa::path(
    tag = "publication", operation_id = "record_improvements_published", request_body = PublicationPublishedCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = PublicationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publication/improvements")]
pub async fn record_improvements_published(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PublicationPublishedCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(created(app::publish_improvements(&ctx, &id, body.0).await?))
}

/// Record the deposit with the NSPCC's national repository, after publication.
#[utoipa::path(
    tag = "publication", operation_id = "record_nspcc_deposit", request_body = NspccDepositCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = PublicationView), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/publication/deposit")]
pub async fn record_nspcc_deposit(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<NspccDepositCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(created(app::deposit(&ctx, &id, body.0).await?))
}

/// Record that a parallel process concluded (its `number` from the review's list): publication no
/// longer waits for it.
#[utoipa::path(
    tag = "reviews", operation_id = "record_parallel_process_conclusion", request_body = ConclusionCreate,
    params(
        ("id" = String, Path, description = "The review's id."),
        ("number" = u32, Path, description = "The process's number."),
    ),
    responses((status = 204, description = "Recorded."), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/parallel-processes/{number}/conclusion")]
pub async fn record_parallel_process_conclusion(
    ctx: Ctx,
    path: web::Path<(String, u32)>,
    body: ValidJson<ConclusionCreate>,
) -> Result<HttpResponse, ApiError> {
    let (id, number) = path.into_inner();
    app::conclude(&ctx, &id, number, body.0).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The partnership's public register: published reports within their availability period, newest
/// first — title, dates, reviewer names and address, nothing else. No sign-in; cacheable for five
/// minutes.
#[utoipa::path(
    tag = "publication", operation_id = "get_public_register",
    params(("slug" = String, Path, description = "The partnership's slug.")),
    responses((status = 200, description = "The register.", body = PublicationRegister), ReadErrors),
    security(())
)]
#[get("/public/partnerships/{slug}/publications")]
pub async fn get_public_register(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let register = app::register(&state, &slug).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, REGISTER_CACHE))
        .json(register))
}

/// The same register as an Atom feed (RFC 4287), for those who follow a partnership's publications.
#[utoipa::path(
    tag = "publication", operation_id = "get_public_register_feed",
    params(("slug" = String, Path, description = "The partnership's slug.")),
    responses(
        (status = 200, description = "The feed.", content_type = "application/atom+xml", body = String),
        ReadErrors
    ),
    security(())
)]
#[get("/public/partnerships/{slug}/publications.atom")]
pub async fn get_public_register_feed(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let register = app::register(&state, &slug).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, REGISTER_CACHE))
        .content_type("application/atom+xml; charset=utf-8")
        .body(super::atom::feed(&slug, &register, state.clock.now())))
}
