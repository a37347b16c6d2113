use async_graphql::{Context, ErrorExtensions, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_openapi::{
    EventCategory, ReferralStatus,
    agency::Agency,
    calendar::{Deadline, DeadlineQuery},
    chronology::{ChronologyEntryPage, ChronologyQuery, IntegratedChronology},
    referral::{Referral, ReferralQuery},
    review::{
        Commissioning, PanelMeetingList, Review, ReviewNotifications, ReviewPage,
        ReviewParallelProcessList, ReviewQuery, ReviewTeam,
    },
};

use crate::{app, context::Ctx, error::ApiError};

#[derive(Default)]
pub struct Query;

#[derive(SimpleObject)]
pub struct ReferralConnection {
    pub items: Vec<Referral>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

pub(super) fn ctx<'a>(c: &'a Context<'_>) -> Result<&'a Ctx> {
    c.data::<Ctx>()
        .map_err(|_| ApiError::Unauthenticated("no context".into()).extend())
}

#[Object]
impl Query {
    /// The agency register of the caller's partnership.
    async fn agencies(&self, c: &Context<'_>) -> Result<Vec<Agency>> {
        app::agencies::list(ctx(c)?).await.map_err(|e| e.extend())
    }

    /// Referrals the caller may see, newest first.
    // A page's rows each cost what their fields cost: 100 aliased pages cannot pass as 100 fields.
    #[graphql(
        complexity = "limit.map_or(25, |l| usize::try_from(l).unwrap_or(100)) * child_complexity"
    )]
    async fn referrals(
        &self,
        c: &Context<'_>,
        status: Option<ReferralStatus>,
        received_from: Option<DateTime<Utc>>,
        received_to: Option<DateTime<Utc>>,
        #[graphql(validator(minimum = 1, maximum = 100))] limit: Option<i64>,
        cursor: Option<String>,
    ) -> Result<ReferralConnection> {
        let query = ReferralQuery {
            status,
            received_from,
            received_to,
        };
        let page = app::referrals::list(ctx(c)?, query, limit, cursor.as_deref())
            .await
            .map_err(|e| e.extend())?;
        Ok(ReferralConnection {
            items: page.items,
            next_cursor: page.next_cursor,
        })
    }

    /// A due date `workingDays` after `from` (day 0), skipping weekends and bank holidays.
    async fn deadline(
        &self,
        c: &Context<'_>,
        from: NaiveDate,
        working_days: i64,
    ) -> Result<Deadline> {
        app::calendar::deadline(ctx(c)?, &DeadlineQuery { from, working_days })
            .map_err(|e| e.extend())
    }

    /// One referral; an error with code `not-found` when it is not visible to the caller.
    async fn referral(&self, c: &Context<'_>, id: ID) -> Result<Referral> {
        app::referrals::get(ctx(c)?, &id)
            .await
            .map_err(|e| e.extend())
    }

    /// Reviews the caller may see, newest first (as `GET /v1/reviews`).
    #[graphql(
        complexity = "limit.map_or(25, |l| usize::try_from(l).unwrap_or(100)) * child_complexity"
    )]
    async fn reviews(
        &self,
        c: &Context<'_>,
        referral_id: Option<ID>,
        #[graphql(validator(minimum = 1, maximum = 100))] limit: Option<i64>,
        cursor: Option<String>,
    ) -> Result<ReviewPage> {
        let query = ReviewQuery {
            referral_id: referral_id.map(|id| id.0),
        };
        app::reviews::list(ctx(c)?, query, limit, cursor.as_deref())
            .await
            .map_err(|e| e.extend())
    }

    /// One review; an error with code `not-found` when it is not visible to the caller.
    async fn review(&self, c: &Context<'_>, id: ID) -> Result<Review> {
        app::reviews::get(ctx(c)?, &id)
            .await
            .map_err(|e| e.extend())
    }

    /// The caller's agency's current chronology entries for a review (as
    /// `GET /v1/reviews/{id}/chronology-entries`).
    #[graphql(
        complexity = "limit.map_or(25, |l| usize::try_from(l).unwrap_or(100)) * child_complexity"
    )]
    async fn chronology_entries(
        &self,
        c: &Context<'_>,
        review_id: ID,
        #[graphql(validator(minimum = 1, maximum = 100))] limit: Option<i64>,
        cursor: Option<String>,
    ) -> Result<ChronologyEntryPage> {
        app::chronology::own(ctx(c)?, &review_id, limit, cursor.as_deref())
            .await
            .map_err(|e| e.extend())
    }

    /// Every agency's current entries for a review merged in date order, with the gaps (as
    /// `GET /v1/reviews/{id}/chronology` in JSON).
    #[graphql(
        complexity = "limit.map_or(25, |l| usize::try_from(l).unwrap_or(100)) * child_complexity"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn integrated_chronology(
        &self,
        c: &Context<'_>,
        review_id: ID,
        agency: Option<String>,
        category: Option<EventCategory>,
        subject: Option<String>,
        key_events: Option<bool>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        theme: Option<u32>,
        gap_days: Option<i64>,
        #[graphql(validator(minimum = 1, maximum = 100))] limit: Option<i64>,
        cursor: Option<String>,
    ) -> Result<IntegratedChronology> {
        let query = ChronologyQuery {
            agency,
            category,
            subject,
            key_events,
            from,
            to,
            theme,
            gap_days,
        };
        app::chronology::integrated(
            ctx(c)?,
            &review_id,
            query,
            app::chronology::Shape::Page,
            limit,
            cursor.as_deref(),
        )
        .await
        .map_err(|e| e.extend())
    }

    /// A review's terms of reference, every version, the one that governs first (as
    /// `GET /v1/reviews/{id}/terms-of-reference`).
    async fn terms_of_reference(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<cspr_openapi::terms::TermsOfReferenceList> {
        app::terms_of_reference::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's delays and its projected completion (as `GET /v1/reviews/{id}/delays`).
    async fn review_delays(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<cspr_openapi::delays::ReviewDelays> {
        app::review_delays::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's family members and their engagement (as `GET /v1/reviews/{id}/family-members`).
    async fn family_members(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<cspr_openapi::family::FamilyMemberList> {
        app::family_engagement::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's practitioner events (as `GET /v1/reviews/{id}/practitioner-events`).
    async fn practitioner_events(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<cspr_openapi::practitioners::PractitionerEventList> {
        app::practitioner_events::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's information requests (as `GET /v1/reviews/{id}/information-requests`).
    async fn review_information_requests(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<Vec<cspr_openapi::information_request::InformationRequest>> {
        app::review_requests::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// Every version of one chronology entry (as
    /// `GET /v1/reviews/{id}/chronology-entries/versions`).
    async fn chronology_entry_versions(
        &self,
        c: &Context<'_>,
        review_id: ID,
        source_ref: String,
        agency: Option<String>,
    ) -> Result<cspr_openapi::chronology::ChronologyEntryList> {
        let query = cspr_openapi::chronology::ChronologyVersionsQuery { source_ref, agency };
        app::chronology::versions(ctx(c)?, &review_id, query)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's key lines of enquiry and themes (as `GET /v1/reviews/{id}/themes`).
    async fn review_themes(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<cspr_openapi::themes::ReviewThemeList> {
        app::review_themes::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// Your calendar feeds (as `GET /v1/calendar-feeds`).
    async fn calendar_feeds(
        &self,
        c: &Context<'_>,
    ) -> Result<cspr_openapi::calendar::CalendarFeedList> {
        app::calendar_feeds::list(ctx(c)?)
            .await
            .map_err(|e| e.extend())
    }

    /// The processes running beside a review (as `GET /v1/reviews/{id}/parallel-processes`).
    async fn parallel_processes(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<ReviewParallelProcessList> {
        app::parallel_processes::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's panel meetings (as `GET /v1/reviews/{id}/panel-meetings`).
    async fn panel_meetings(&self, c: &Context<'_>, review_id: ID) -> Result<PanelMeetingList> {
        app::panel_meetings::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's notifications, sent and owed (as `GET /v1/reviews/{id}/notifications`).
    async fn review_notifications(
        &self,
        c: &Context<'_>,
        review_id: ID,
    ) -> Result<ReviewNotifications> {
        app::review_notifications::list(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// How a review was commissioned (as `GET /v1/reviews/{id}/commissioning`).
    async fn review_commissioning(&self, c: &Context<'_>, review_id: ID) -> Result<Commissioning> {
        app::commissioning::get(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }

    /// A review's team, the lead reviewer first (as `GET /v1/reviews/{id}/team`).
    async fn review_team(&self, c: &Context<'_>, review_id: ID) -> Result<ReviewTeam> {
        app::review_team::team(ctx(c)?, &review_id)
            .await
            .map_err(|e| e.extend())
    }
}
