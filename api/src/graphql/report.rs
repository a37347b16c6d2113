//! The overview report in GraphQL: the same application functions as REST (the document itself is
//! uploaded and read over REST only, being binary).

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::report::{
    ApprovalCreate, ChecklistCreate, FactualAccuracyCreate, OverviewReport, ResolutionCreate,
};

use super::{mutation::gql, query::ctx};
use crate::app;

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// A review's overview report (as `GET /v1/reviews/{id}/report`).
    async fn overview_report(&self, c: &Context<'_>, review_id: ID) -> Result<OverviewReport> {
        gql(app::report::get(ctx(c)?, &review_id).await)
    }
}

#[derive(Default)]
pub struct ReportMutation;

#[Object]
impl ReportMutation {
    /// The panel's check of a version (as `POST …/report/versions/{number}/checklist`).
    async fn record_report_checklist(
        &self,
        c: &Context<'_>,
        review_id: ID,
        version: u32,
        input: ChecklistCreate,
    ) -> Result<OverviewReport> {
        gql(app::report::check(ctx(c)?, &review_id, version, input).await)
    }

    /// An agency's answer on a version's accuracy (as `POST …/report/versions/{number}/factual-accuracy`).
    async fn answer_factual_accuracy(
        &self,
        c: &Context<'_>,
        review_id: ID,
        version: u32,
        input: FactualAccuracyCreate,
    ) -> Result<OverviewReport> {
        gql(app::report::answer(ctx(c)?, &review_id, version, input).await)
    }

    /// How a dispute was settled (as `POST …/factual-accuracy/{agency}/resolution`).
    async fn resolve_factual_accuracy_dispute(
        &self,
        c: &Context<'_>,
        review_id: ID,
        version: u32,
        agency: String,
        input: ResolutionCreate,
    ) -> Result<OverviewReport> {
        gql(app::report::resolve(ctx(c)?, &review_id, version, &agency, input).await)
    }

    /// The board's approval (as `POST /v1/reviews/{id}/report/approval`).
    async fn approve_report(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: ApprovalCreate,
    ) -> Result<OverviewReport> {
        gql(app::report::approve(ctx(c)?, &review_id, input).await)
    }
}
