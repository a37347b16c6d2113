use actix_web::{HttpRequest, HttpResponse, get, http::header, post, put, web};
use cspr_openapi::documents::CompositeSend;
use cspr_openapi::rapid_review::{
    AttendanceCreate, DecisionCreate, DelayNoticeCreate, MeetingSchedule, MeetingView,
    NotificationCreate, RapidReview, SubgroupViewCreate, TriageCreate,
};

use super::recorded;
use crate::{
    app::{preconditions, rapid_review as app},
    context::Ctx,
    error::ApiError,
    rest::{
        json::ValidJson,
        responses::{ConditionalStepErrors, ReadErrors, StepErrors},
    },
};

/// Record triage (partnership admin): criteria met opens the Rapid Review; not met closes the referral
/// or routes it to an alternative learning review.
#[utoipa::path(
    tag = "rapid review", operation_id = "record_triage", request_body = TriageCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/triage")]
pub async fn record_triage(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<TriageCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::triage(&ctx, &id, body.0).await?))
}

/// Record a notification sent (National Panel within 5 working days of becoming aware; Ofsted and the
/// Secretary of State too when a looked-after child died; the decision's once it is recorded).
///
/// Rules the schema cannot say: the kind must be one the referral calls for (422 on `kind`; the
/// referral's `next_steps` and timeline show which), each once (409); `sent_on` not in the future, not
/// before the incident, and for the decision's not before the decision (422 on `sent_on`).
#[utoipa::path(
    tag = "rapid review", operation_id = "record_notification", request_body = NotificationCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/notifications")]
pub async fn record_notification(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<NotificationCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::notify(&ctx, &id, body.0).await?))
}

/// Record that the composite of returns went to the Case Review Subgroup and everyone taking part; views
/// are due 72 hours later. With no accepted return yet, give `reason`.
#[utoipa::path(
    tag = "rapid review", operation_id = "send_composite", request_body = CompositeSend,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/composite")]
pub async fn send_composite(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<CompositeSend>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::send_composite(&ctx, &id, body.0).await?))
}

/// Give the token's agency's view on whether the criteria are met (subgroup members).
#[utoipa::path(
    tag = "rapid review", operation_id = "record_subgroup_view", request_body = SubgroupViewCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/subgroup-views")]
pub async fn record_subgroup_view(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<SubgroupViewCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::record_view(&ctx, &id, body.0).await?))
}

/// Schedule the meeting, move it before it is held, or reconvene an inquorate one.
///
/// Rules the schema cannot say: `date` between working days 7 and 13 after the referral was received,
/// or with `outside_window_reason` (422 on `date` names the window); never before receipt; after an
/// inquorate meeting, later than it. Once there is a meeting, send `If-Match` with the `ETag` of
/// `GET /v1/referrals/{id}/meeting` (428 without it, 412 when the meeting changed since); the answer
/// carries the new `ETag`.
#[utoipa::path(
    tag = "rapid review", operation_id = "schedule_meeting", request_body = MeetingSchedule,
    params(
        ("id" = String, Path, description = "The referral's id."),
        ("If-Match" = Option<String>, Header, description = "The meeting's `ETag` as read; required once there is a meeting."),
    ),
    responses((status = 200, description = "Scheduled.", body = RapidReview), ConditionalStepErrors),
    security(("bearer" = []))
)]
#[put("/referrals/{id}/meeting")]
pub async fn schedule_meeting(
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<String>,
    body: ValidJson<MeetingSchedule>,
) -> Result<HttpResponse, ApiError> {
    let if_match = preconditions::if_match(&req);
    let review = app::schedule_meeting(&ctx, &id, body.0, if_match).await?;
    let mut res = HttpResponse::Ok();
    if let Some(m) = &review.meeting {
        res.insert_header((header::ETAG, preconditions::etag(m)));
    }
    Ok(res.json(review))
}

/// The meeting now scheduled or last held, with its `ETag` (for `If-Match` when moving it); 404 until
/// one is scheduled.
#[utoipa::path(
    tag = "rapid review", operation_id = "get_meeting",
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 200, description = "The meeting.", body = MeetingView), ReadErrors),
    security(("bearer" = []))
)]
#[get("/referrals/{id}/meeting")]
pub async fn get_meeting(ctx: Ctx, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let meeting = app::get(&ctx, &id)
        .await?
        .meeting
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, preconditions::etag(&meeting)))
        .json(meeting))
}

/// Record who attended, per agency: the meeting is then held, and quorate if all three statutory
/// partners were represented.
#[utoipa::path(
    tag = "rapid review", operation_id = "record_attendance", request_body = AttendanceCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/meeting/attendance")]
pub async fn record_attendance(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<AttendanceCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::record_attendance(&ctx, &id, body.0).await?))
}

/// Record the decision the partners' votes made, with its rationale, immediate safety actions and
/// immediate learning.
#[utoipa::path(
    tag = "rapid review", operation_id = "record_decision", request_body = DecisionCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/decision")]
pub async fn record_decision(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<DecisionCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::decide(&ctx, &id, body.0).await?))
}

/// Record why working day 15 will be missed and when the Panel can expect the decision.
#[utoipa::path(
    tag = "rapid review", operation_id = "record_delay_notice", request_body = DelayNoticeCreate,
    params(("id" = String, Path, description = "The referral's id.")),
    responses((status = 201, description = "Recorded.", body = RapidReview), StepErrors),
    security(("bearer" = []))
)]
#[post("/referrals/{id}/delay-notice")]
pub async fn record_delay_notice(
    ctx: Ctx,
    id: web::Path<String>,
    body: ValidJson<DelayNoticeCreate>,
) -> Result<HttpResponse, ApiError> {
    Ok(recorded(app::record_delay(&ctx, &id, body.0).await?))
}
