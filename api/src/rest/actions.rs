//! Recommendations and the action plan, to the board's sign-off (docs/PUBLICATION.md).

use actix_web::{HttpResponse, get, post, web};
use cspr_openapi::actions::{
    ActionCreate, ActionList, ActionParams, ActionPlan, ActionView, MonitoringCreate,
    ProgressCreate, RecommendationCreate,
};

use crate::{
    app::actions as app,
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{FilteredReadErrors, ReadErrors, StepErrors},
    },
};

/// A review's recommendations, actions with their progress, monitoring and sign-off.
#[utoipa::path(
    tag = "actions", operation_id = "get_action_plan",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 200, description = "The plan.", body = ActionPlan), ReadErrors),
    security(("bearer" = []))
)]
#[get("/reviews/{id}/action-plan")]
pub async fn get_action_plan(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<web::Json<ActionPlan>, ApiError> {
    Ok(web::Json(app::get(&ctx, &id).await?))
}

/// Record a recommendation: what is required of which agencies (none named: all, collectively), and by
/// when; by the business team or the lead reviewer while the review runs.
#[utoipa::path(
    tag = "actions", operation_id = "record_recommendation", request_body = RecommendationCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = ActionPlan), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/recommendations")]
pub async fn record_recommendation(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<RecommendationCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::recommend(&ctx, &id, body.0).await?))
}

/// Set an action towards a recommendation, owned by one agency it names, due by its date (the
/// business team); the agency's subscriptions hear `action.assigned`.
#[utoipa::path(
    tag = "actions", operation_id = "record_action", request_body = ActionCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = ActionPlan), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/actions")]
pub async fn record_action(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ActionCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::assign(&ctx, &id, body.0).await?))
}

/// Record progress on one of your agency's actions, with its evidence; another agency's action is not
/// found.
#[utoipa::path(
    tag = "actions", operation_id = "record_action_progress", request_body = ProgressCreate,
    params(("id" = String, Path, description = "The action's id.")),
    responses((status = 201, description = "Recorded.", body = ActionView), StepErrors),
    security(("bearer" = []))
)]
#[post("/actions/{id}/progress")]
pub async fn record_action_progress(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<ProgressCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::progress(&ctx, &id, body.0).await?))
}

/// Actions across the partnership (an agency: its own), by due date; `status=overdue` lists those past
/// their date and not complete.
#[utoipa::path(
    tag = "actions", operation_id = "list_actions",
    params(ActionParams),
    responses((status = 200, description = "The actions.", body = ActionList), FilteredReadErrors),
    security(("bearer" = []))
)]
#[get("/actions")]
pub async fn list_actions(
    ctx: Ctx,
    params: web::Query<ActionParams>,
) -> Result<web::Json<ActionList>, ApiError> {
    Ok(web::Json(app::list(&ctx, params.status).await?))
}

/// Record the Case Review Subgroup's monitoring of the plan (the business team).
#[utoipa::path(
    tag = "actions", operation_id = "record_action_plan_monitoring", request_body = MonitoringCreate,
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Recorded.", body = ActionPlan), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/action-plan/monitoring")]
pub async fn record_action_plan_monitoring(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<MonitoringCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::monitor(&ctx, &id, body.0).await?))
}

/// The board signs off the plan of a published review once every action is complete; the review is
/// closed.
#[utoipa::path(
    tag = "actions", operation_id = "sign_off_action_plan",
    params(("id" = String, Path, description = "The review's id.")),
    responses((status = 201, description = "Signed off.", body = ActionPlan), StepErrors),
    security(("bearer" = []))
)]
#[post("/reviews/{id}/action-plan/sign-off")]
pub async fn sign_off_action_plan(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app::sign_off(&ctx, &id).await?))
}
