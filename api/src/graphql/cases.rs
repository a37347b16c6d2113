//! GraphQL reads of the Rapid Review and the information requests, through the same application functions
//! as REST.

use async_graphql::{Context, ErrorExtensions, ID, Json, Object, Result, SimpleObject};
use cspr_openapi::{
    RequestKind, RequestStatus,
    documents::CompositeDocument,
    information_request::{InformationRequest, InformationRequestQuery, ReturnVersion},
    rapid_review::{DeadlineList, OpenStepStatus, RapidReview, Timeline},
};

use super::query::ctx;
use crate::app;

#[derive(Default)]
pub struct CaseQuery;

#[derive(SimpleObject)]
pub struct InformationRequestConnection {
    pub items: Vec<InformationRequest>,
    pub next_cursor: Option<String>,
}

#[Object]
impl CaseQuery {
    /// Everything recorded about a referral's Rapid Review, and the steps that may be taken next.
    async fn rapid_review(&self, c: &Context<'_>, referral_id: ID) -> Result<RapidReview> {
        app::rapid_review::get(ctx(c)?, &referral_id)
            .await
            .map_err(|e| e.extend())
    }

    /// Every step with its computed due date, the date done, and its status.
    async fn timeline(&self, c: &Context<'_>, referral_id: ID) -> Result<Timeline> {
        app::rapid_review::timeline(ctx(c)?, &referral_id)
            .await
            .map_err(|e| e.extend())
    }

    /// Steps overdue (default) or due across the referrals in progress the caller may see.
    async fn deadlines(
        &self,
        c: &Context<'_>,
        status: Option<OpenStepStatus>,
    ) -> Result<DeadlineList> {
        app::rapid_review::deadlines(ctx(c)?, status)
            .await
            .map_err(|e| e.extend())
    }

    /// The composite as sent to the Case Review Subgroup and everyone taking part.
    async fn composite(&self, c: &Context<'_>, referral_id: ID) -> Result<CompositeDocument> {
        app::rapid_review::composite(ctx(c)?, &referral_id)
            .await
            .map_err(|e| e.extend())
    }

    /// The document sent to the National Panel, as sent (admins and statutory partners only).
    async fn submission_document(
        &self,
        c: &Context<'_>,
        referral_id: ID,
    ) -> Result<Json<serde_json::Value>> {
        app::rapid_review::submission(ctx(c)?, &referral_id)
            .await
            .map(Json)
            .map_err(|e| e.extend())
    }

    /// The caller's inbox (an agency's own requests; admins and partners see all).
    // A page's rows each cost what their fields cost: 100 aliased pages cannot pass as 100 fields.
    #[graphql(
        complexity = "limit.map_or(25, |l| usize::try_from(l).unwrap_or(100)) * child_complexity"
    )]
    async fn information_requests(
        &self,
        c: &Context<'_>,
        status: Option<RequestStatus>,
        kind: Option<RequestKind>,
        referral_id: Option<ID>,
        #[graphql(validator(minimum = 1, maximum = 100))] limit: Option<i64>,
        cursor: Option<String>,
    ) -> Result<InformationRequestConnection> {
        let query = InformationRequestQuery {
            status,
            kind,
            referral_id: referral_id.map(|i| i.0),
        };
        let page = app::information_requests::inbox(ctx(c)?, query, limit, cursor.as_deref())
            .await
            .map_err(|e| e.extend())?;
        Ok(InformationRequestConnection {
            items: page.items,
            next_cursor: page.next_cursor,
        })
    }

    async fn information_request(&self, c: &Context<'_>, id: ID) -> Result<InformationRequest> {
        app::information_requests::get(ctx(c)?, &id)
            .await
            .map_err(|e| e.extend())
    }

    /// Every version of a request's return.
    async fn returns(&self, c: &Context<'_>, request_id: ID) -> Result<Vec<ReturnVersion>> {
        app::information_requests::returns(ctx(c)?, &request_id)
            .await
            .map_err(|e| e.extend())
    }
}
