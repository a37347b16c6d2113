//! Calendar feeds: the owner creates, lists and revokes them; a calendar client reads one by its
//! address, without a bearer token.

use actix_web::{HttpMessage, HttpRequest, HttpResponse, delete, get, post, web};
use cspr_openapi::calendar::{CalendarFeed, CalendarFeedCreate, CalendarFeedList};
use tracing_actix_web::RequestId;

use crate::{
    app,
    context::{AppState, Ctx},
    error::ApiError,
    rest::{
        icalendar,
        json::ValidJson,
        responses::{ListErrors, ReadErrors, StepErrors},
    },
};

/// Create a calendar feed of the due and overdue steps you may see (partnership admins and statutory
/// partners: the partnership's; an agency: its own). The answer's `feed_path` holds the feed's token
/// and is shown only here: add it to the server's address in Outlook or any iCalendar client.
#[utoipa::path(
    tag = "calendar",
    operation_id = "create_calendar_feed",
    request_body = CalendarFeedCreate,
    responses((status = 201, description = "Created; the only answer with its address.", body = CalendarFeed), StepErrors),
    security(("bearer" = []))
)]
#[post("/calendar-feeds")]
pub async fn create_calendar_feed(
    ctx: Ctx,
    body: ValidJson<CalendarFeedCreate>,
) -> Result<HttpResponse, ApiError> {
    let feed = app::calendar_feeds::create(&ctx, body.0).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", "/v1/calendar-feeds"))
        .json(feed))
}

/// Your calendar feeds, newest first (their addresses are not shown again).
#[utoipa::path(
    tag = "calendar",
    operation_id = "list_calendar_feeds",
    responses((status = 200, description = "Your feeds.", body = CalendarFeedList), ListErrors),
    security(("bearer" = []))
)]
#[get("/calendar-feeds")]
pub async fn list_calendar_feeds(ctx: Ctx) -> Result<web::Json<CalendarFeedList>, ApiError> {
    Ok(web::Json(app::calendar_feeds::list(&ctx).await?))
}

/// Revoke one of your calendar feeds: its address answers nothing from now on.
#[utoipa::path(
    tag = "calendar",
    operation_id = "revoke_calendar_feed",
    params(("id" = String, Path, description = "The feed's id.")),
    responses((status = 204, description = "Revoked."), StepErrors),
    security(("bearer" = []))
)]
#[delete("/calendar-feeds/{id}")]
pub async fn revoke_calendar_feed(
    ctx: Ctx,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::calendar_feeds::revoke(&ctx, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A calendar feed (RFC 5545): one all-day event per due or overdue step, named by the referral's
/// reference and the step, nothing personal. Addressed by the feed's token instead of a bearer token;
/// every read is audited against its owner.
#[utoipa::path(
    tag = "calendar",
    operation_id = "get_calendar_feed",
    params(("token" = String, Path, description = "The feed's token, from its address.")),
    responses(
        (status = 200, description = "The calendar.", content_type = "text/calendar", body = String),
        ReadErrors
    ),
    // Calendar clients send no bearer token: the feed's token in the path is its only credential.
    security(())
)]
#[get("/calendar-feeds/{token}/calendar.ics")]
pub async fn get_calendar_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_default();
    let (feed, steps) = app::calendar_feeds::read(&state, &token, request_id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(icalendar::render(
            feed.name.as_str(),
            &steps,
            state.clock.now(),
        )))
}
