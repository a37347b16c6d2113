//! GraphQL writes: each calls the same application function as its REST route, so the same rules,
//! refusals and audit events apply.

use async_graphql::{Context, ErrorExtensions, ID, Object, Result};
use cspr_openapi::chronology::{ChronologyBatch, ChronologyEntryList};
use cspr_openapi::documents::CompositeSend;
use cspr_openapi::information_request::{Escalation, EscalationCreate};
use cspr_openapi::{
    agency::{Agency, AgencyCreate},
    information_request::{
        InformationRequest, InformationRequestsCreate, ReturnCreate, ReturnReviewCreate,
        ReturnVersion,
    },
    rapid_review::{
        AttendanceCreate, DecisionCreate, DelayNoticeCreate, MeetingSchedule, NotificationCreate,
        RapidReview, SubgroupViewCreate, SubmissionCreate, TriageCreate, VoteCreate,
    },
    referral::{Referral, ReferralCreate},
    review::{
        Commissioning, CommissioningCreate, Declaration, DeclarationCreate, PanelMeeting,
        PanelMeetingCreate, ReviewNotification, ReviewNotificationCreate, ReviewParallelProcess,
        ReviewParallelProcessCreate, TeamMember, TeamMemberCreate,
    },
};

use super::query::ctx;
use crate::{app, app::rapid_review as rr, error::ApiError};

#[derive(Default)]
pub struct Mutation;

pub(super) fn gql<T>(r: std::result::Result<T, ApiError>) -> Result<T> {
    r.map_err(|e| e.extend())
}

#[Object]
impl Mutation {
    async fn create_agency(&self, c: &Context<'_>, input: AgencyCreate) -> Result<Agency> {
        gql(app::agencies::register(ctx(c)?, input).await)
    }

    async fn create_referral(&self, c: &Context<'_>, input: ReferralCreate) -> Result<Referral> {
        gql(app::referrals::create(ctx(c)?, input).await)
    }

    /// Send a batch of the caller's agency's chronology entries (as
    /// `POST /v1/reviews/{id}/chronology-entries`).
    async fn submit_chronology_entries(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: ChronologyBatch,
    ) -> Result<ChronologyEntryList> {
        gql(app::chronology::submit(ctx(c)?, &review_id, input).await)
    }

    /// Record a new version of a review's terms of reference (as
    /// `POST /v1/reviews/{id}/terms-of-reference`).
    async fn record_terms_of_reference(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::terms::TermsOfReferenceCreate,
    ) -> Result<cspr_openapi::terms::TermsOfReference> {
        gql(app::terms_of_reference::record(ctx(c)?, &review_id, input).await)
    }

    /// Record a delay to a review as it arises (as `POST /v1/reviews/{id}/delays`).
    async fn record_review_delay(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::delays::ReviewDelayCreate,
    ) -> Result<cspr_openapi::delays::ReviewDelay> {
        gql(app::review_delays::record(ctx(c)?, &review_id, input).await)
    }

    /// Record a family member's engagement with a review (as `POST /v1/reviews/{id}/family-members`).
    async fn record_family_member(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::family::FamilyMemberInput,
    ) -> Result<cspr_openapi::family::FamilyMember> {
        gql(app::family_engagement::record(ctx(c)?, &review_id, input).await)
    }

    /// Record a practitioner event (as `POST /v1/reviews/{id}/practitioner-events`).
    async fn record_practitioner_event(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::practitioners::PractitionerEventCreate,
    ) -> Result<cspr_openapi::practitioners::PractitionerEvent> {
        gql(app::practitioner_events::record(ctx(c)?, &review_id, input).await)
    }

    /// Record a practitioner event's outcome (as
    /// `POST /v1/reviews/{id}/practitioner-events/{number}/outcome`).
    async fn record_practitioner_event_outcome(
        &self,
        c: &Context<'_>,
        review_id: ID,
        number: u32,
        input: cspr_openapi::practitioners::PractitionerEventOutcomeCreate,
    ) -> Result<cspr_openapi::practitioners::PractitionerEvent> {
        gql(app::practitioner_events::record_outcome(ctx(c)?, &review_id, number, input).await)
    }

    /// Record a key line of enquiry or a theme (as `POST /v1/reviews/{id}/themes`).
    async fn record_review_theme(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::themes::ReviewThemeCreate,
    ) -> Result<cspr_openapi::themes::ReviewTheme> {
        gql(app::review_themes::record(ctx(c)?, &review_id, input).await)
    }

    /// Link chronology entries to a theme (as `POST /v1/reviews/{id}/themes/{number}/entries`).
    async fn link_theme_entries(
        &self,
        c: &Context<'_>,
        review_id: ID,
        number: u32,
        input: cspr_openapi::themes::ThemeLinksCreate,
    ) -> Result<cspr_openapi::themes::ReviewTheme> {
        gql(app::review_themes::link(ctx(c)?, &review_id, number, input).await)
    }

    /// Move a review on to `MONITOR` or `FINALISE` (as `POST /v1/reviews/{id}/stage`).
    async fn move_review_stage(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::review::ReviewStageChange,
    ) -> Result<cspr_openapi::review::Review> {
        gql(app::review_stages::advance(ctx(c)?, &review_id, input).await)
    }

    /// Create a calendar feed of the due steps you may see (as `POST /v1/calendar-feeds`); the answer's
    /// `feedPath` is shown only here.
    async fn create_calendar_feed(
        &self,
        c: &Context<'_>,
        input: cspr_openapi::calendar::CalendarFeedCreate,
    ) -> Result<cspr_openapi::calendar::CalendarFeed> {
        gql(app::calendar_feeds::create(ctx(c)?, input).await)
    }

    /// Revoke one of your calendar feeds (as `DELETE /v1/calendar-feeds/{id}`).
    async fn revoke_calendar_feed(&self, c: &Context<'_>, id: ID) -> Result<bool> {
        gql(app::calendar_feeds::revoke(ctx(c)?, &id)
            .await
            .map(|()| true))
    }

    /// Record a process running beside a review (as `POST /v1/reviews/{id}/parallel-processes`).
    async fn record_parallel_process(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: ReviewParallelProcessCreate,
    ) -> Result<ReviewParallelProcess> {
        gql(app::parallel_processes::record(ctx(c)?, &review_id, input).await)
    }

    /// Record a panel meeting (as `POST /v1/reviews/{id}/panel-meetings`).
    async fn record_panel_meeting(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: PanelMeetingCreate,
    ) -> Result<PanelMeeting> {
        gql(app::panel_meetings::record(ctx(c)?, &review_id, input).await)
    }

    /// Record a notification a review owes, as sent (as `POST /v1/reviews/{id}/notifications`).
    async fn record_review_notification(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: ReviewNotificationCreate,
    ) -> Result<ReviewNotification> {
        gql(app::review_notifications::notify(ctx(c)?, &review_id, input).await)
    }

    /// Record how a review will be conducted (as `POST /v1/reviews/{id}/commissioning`).
    async fn record_commissioning(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: CommissioningCreate,
    ) -> Result<Commissioning> {
        gql(app::commissioning::commission(ctx(c)?, &review_id, input).await)
    }

    /// Record your own declarations for a review (as `POST /v1/reviews/{id}/declarations`).
    async fn record_declaration(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: DeclarationCreate,
    ) -> Result<Declaration> {
        gql(app::review_team::declare(ctx(c)?, &review_id, input).await)
    }

    /// Appoint a member of a review's team (as `POST /v1/reviews/{id}/team`).
    async fn appoint_review_team_member(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: TeamMemberCreate,
    ) -> Result<TeamMember> {
        gql(app::review_team::appoint(ctx(c)?, &review_id, input).await)
    }

    async fn record_triage(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: TriageCreate,
    ) -> Result<RapidReview> {
        gql(rr::triage(ctx(c)?, &referral_id, input).await)
    }

    async fn record_notification(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: NotificationCreate,
    ) -> Result<RapidReview> {
        gql(rr::notify(ctx(c)?, &referral_id, input).await)
    }

    async fn issue_information_requests(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: InformationRequestsCreate,
    ) -> Result<Vec<InformationRequest>> {
        gql(app::information_requests::issue(ctx(c)?, &referral_id, input).await)
    }

    async fn submit_return(
        &self,
        c: &Context<'_>,
        request_id: ID,
        input: ReturnCreate,
    ) -> Result<ReturnVersion> {
        gql(app::information_requests::submit_return(ctx(c)?, &request_id, input).await)
    }

    async fn review_return(
        &self,
        c: &Context<'_>,
        request_id: ID,
        input: ReturnReviewCreate,
    ) -> Result<InformationRequest> {
        gql(app::information_requests::review(ctx(c)?, &request_id, input).await)
    }

    /// Escalate an overdue or disputed request: to the Case Review Subgroup first, then the partners.
    async fn escalate_information_request(
        &self,
        c: &Context<'_>,
        request_id: ID,
        input: EscalationCreate,
    ) -> Result<Vec<Escalation>> {
        gql(app::information_requests::escalate(ctx(c)?, &request_id, input).await)
    }

    /// Record the chief officer's sign-off of an IMR (as `POST /v1/information-requests/{id}/sign-off`).
    async fn sign_off_return(
        &self,
        c: &Context<'_>,
        request_id: ID,
        input: cspr_openapi::information_request::ChiefOfficerSignOffCreate,
    ) -> Result<cspr_openapi::information_request::ReturnVersion> {
        gql(app::information_requests::sign_off(ctx(c)?, &request_id, input).await)
    }

    /// Ask agencies for information for a review (as `POST /v1/reviews/{id}/information-requests`).
    async fn issue_review_information_requests(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: cspr_openapi::information_request::ReviewInformationRequestsCreate,
    ) -> Result<Vec<InformationRequest>> {
        gql(app::review_requests::issue(ctx(c)?, &review_id, input).await)
    }

    /// Send the composite; with no accepted return yet, `input.reason` says why.
    async fn send_composite(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: Option<CompositeSend>,
    ) -> Result<RapidReview> {
        gql(rr::send_composite(ctx(c)?, &referral_id, input.unwrap_or_default()).await)
    }

    async fn record_subgroup_view(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: SubgroupViewCreate,
    ) -> Result<RapidReview> {
        gql(rr::record_view(ctx(c)?, &referral_id, input).await)
    }

    /// Schedule, move or reconvene the meeting (as `PUT /v1/referrals/{id}/meeting`): once there is a
    /// meeting, `ifMatch` is its `ETag` from `GET /v1/referrals/{id}/meeting`.
    async fn schedule_meeting(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: MeetingSchedule,
        if_match: Option<String>,
    ) -> Result<RapidReview> {
        gql(rr::schedule_meeting(ctx(c)?, &referral_id, input, if_match).await)
    }

    async fn record_attendance(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: AttendanceCreate,
    ) -> Result<RapidReview> {
        gql(rr::record_attendance(ctx(c)?, &referral_id, input).await)
    }

    async fn cast_vote(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: VoteCreate,
    ) -> Result<RapidReview> {
        gql(rr::cast_vote(ctx(c)?, &referral_id, input).await)
    }

    async fn record_decision(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: DecisionCreate,
    ) -> Result<RapidReview> {
        gql(rr::decide(ctx(c)?, &referral_id, input).await)
    }

    async fn record_delay_notice(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: DelayNoticeCreate,
    ) -> Result<RapidReview> {
        gql(rr::record_delay(ctx(c)?, &referral_id, input).await)
    }

    async fn record_submission(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: SubmissionCreate,
    ) -> Result<RapidReview> {
        gql(rr::submit(ctx(c)?, &referral_id, input).await)
    }

    /// Record the National Panel's acknowledgement of a submission (as
    /// `POST /v1/referrals/{id}/submission/acknowledgement`).
    async fn record_submission_acknowledgement(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: cspr_openapi::rapid_review::AcknowledgementCreate,
    ) -> Result<RapidReview> {
        gql(rr::acknowledge(ctx(c)?, &referral_id, input).await)
    }
}
