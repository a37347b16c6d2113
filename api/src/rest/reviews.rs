use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::{
    page::PageParams,
    review::{
        Commissioning, CommissioningCreate, Declaration, DeclarationCreate, PanelMeeting,
        PanelMeetingCreate, PanelMeetingList, Review, ReviewNotification, ReviewNotificationCreate,
        ReviewNotifications, ReviewPage, ReviewParallelProcess, ReviewParallelProcessCreate,
        ReviewParallelProcessList, ReviewQuery, ReviewTeam, TeamMember, TeamMemberCreate,
    },
};

use crate::{
    app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ListErrors, ReadErrors, StepErrors},
    },
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

/// Appoint a member of the review's team (partnership admin): the lead reviewer (one, independent of the
/// case), a chair, facilitator or author, or a panel member (from a registered agency, with no immediate
/// line management of the case).
#[utoipa::path(
    tag = "reviews",
    operation_id = "appoint_review_team_member",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = TeamMemberCreate,
    responses((status = 201, description = "Appointed.", body = TeamMember), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/team")]
pub async fn appoint_review_team_member(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<TeamMemberCreate>,
) -> Result<HttpResponse, ApiError> {
    let member = app::review_team::appoint(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/team")))
        .json(member))
}

/// The review's team: the lead reviewer first, then by role, each role in the order appointed.
#[utoipa::path(
    tag = "reviews",
    operation_id = "get_review_team",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The team.", body = ReviewTeam), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/team")]
pub async fn get_review_team(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ReviewTeam>, ApiError> {
    Ok(web::Json(app::review_team::team(&ctx, &id).await?))
}

/// Record your own declarations for a review whose team you are on: interests that might conflict, and
/// the day you signed the confidentiality agreement. Until then, a team member reads none of the
/// review's case material (403 `declaration-required`). Recording again updates it (interests change):
/// the latest stands.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_declaration",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = DeclarationCreate,
    responses((status = 201, description = "Recorded.", body = Declaration), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/declarations")]
pub async fn record_declaration(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<DeclarationCreate>,
) -> Result<HttpResponse, ApiError> {
    let declaration = app::review_team::declare(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/team")))
        .json(declaration))
}

/// Record how the review will be conducted (partnership admin): its methodology and, for an alternative
/// learning review, the arrangements reported to the Case Review Subgroup. Once, while the review is in
/// `commissioning`; it moves the review to `establish`.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_commissioning",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = CommissioningCreate,
    responses((status = 201, description = "Recorded.", body = Commissioning), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/commissioning")]
pub async fn record_commissioning(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<CommissioningCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::commissioning::commission(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/commissioning")))
        .json(recorded))
}

/// How the review was commissioned; 404 until it is.
#[utoipa::path(
    tag = "reviews",
    operation_id = "get_commissioning",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The commissioning.", body = Commissioning), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/commissioning")]
pub async fn get_commissioning(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<Commissioning>, ApiError> {
    Ok(web::Json(app::commissioning::get(&ctx, &id).await?))
}

/// Record a notification the review owes, as sent (partnership admin): its commissioning (a CSPR) or
/// its lead reviewer's name, to the National Panel, the Department for Education or Ofsted. Each once,
/// only when owed; a 409 lists those owed.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_review_notification",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReviewNotificationCreate,
    responses((status = 201, description = "Recorded.", body = ReviewNotification), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/notifications")]
pub async fn record_review_notification(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReviewNotificationCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::review_notifications::notify(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/notifications")))
        .json(recorded))
}

/// The review's notifications: those sent, and those still owed with where they go.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_review_notifications",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "Sent and owed.", body = ReviewNotifications), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/notifications")]
pub async fn list_review_notifications(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ReviewNotifications>, ApiError> {
    Ok(web::Json(app::review_notifications::list(&ctx, &id).await?))
}

/// Record a panel meeting (partnership admin, or the review's lead reviewer who chairs it): the date, the team members present, and the answer to
/// "is any immediate single or multi-agency action required?" with the actions when it is, and any
/// messages to the workforce. Once the review is commissioned, until its report is approved.
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_panel_meeting",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = PanelMeetingCreate,
    responses((status = 201, description = "Recorded.", body = PanelMeeting), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/panel-meetings")]
pub async fn record_panel_meeting(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<PanelMeetingCreate>,
) -> Result<HttpResponse, ApiError> {
    let meeting = app::panel_meetings::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/panel-meetings")))
        .json(meeting))
}

/// The review's panel meetings, first first (case material: a team member reads them once declared).
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_panel_meetings",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The meetings.", body = PanelMeetingList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/panel-meetings")]
pub async fn list_panel_meetings(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<PanelMeetingList>, ApiError> {
    Ok(web::Json(app::panel_meetings::list(&ctx, &id).await?))
}

/// Record a process running beside the review (partnership admin): its kind, reference, status,
/// contact, whether publication must wait for it, and, if the review pauses for it, why ("a local CSPR
/// will go ahead unless there are clear reasons not to").
#[utoipa::path(
    tag = "reviews",
    operation_id = "record_parallel_process",
    params(("id" = String, Path, description = "The review's id.")),
    request_body = ReviewParallelProcessCreate,
    responses((status = 201, description = "Recorded.", body = ReviewParallelProcess), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/parallel-processes")]
pub async fn record_parallel_process(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ReviewParallelProcessCreate>,
) -> Result<HttpResponse, ApiError> {
    let recorded = app::parallel_processes::record(&ctx, &id, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/v1/reviews/{id}/parallel-processes")))
        .json(recorded))
}

/// The processes running beside the review, in the order recorded.
#[utoipa::path(
    tag = "reviews",
    operation_id = "list_parallel_processes",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The processes.", body = ReviewParallelProcessList), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/parallel-processes")]
pub async fn list_parallel_processes(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ReviewParallelProcessList>, ApiError> {
    Ok(web::Json(app::parallel_processes::list(&ctx, &id).await?))
}
