//! A review's publication in GraphQL: the same application functions as REST. (The public register is
//! REST and Atom only: it needs no sign-in, and GraphQL always does.)

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::{
    publication::{
        NspccDepositCreate, PublicationCopyCreate, PublicationDecisionCreate,
        PublicationPlanCreate, PublicationPublishedCreate, PublicationView,
    },
    review::ConclusionCreate,
};

use super::{mutation::gql, query::ctx};
use crate::app::publication as app;

#[derive(Default)]
pub struct PublicationQuery;

#[Object]
impl PublicationQuery {
    /// A review's publication (as `GET /v1/reviews/{id}/publication`).
    async fn publication(&self, c: &Context<'_>, review_id: ID) -> Result<PublicationView> {
        gql(app::get(ctx(c)?, &review_id).await)
    }
}

#[derive(Default)]
pub struct PublicationMutation;

#[Object]
impl PublicationMutation {
    /// As `POST /v1/reviews/{id}/publication/decision`.
    async fn record_publication_decision(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: PublicationDecisionCreate,
    ) -> Result<PublicationView> {
        gql(app::decide(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/publication/plan`.
    async fn plan_publication(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: PublicationPlanCreate,
    ) -> Result<PublicationView> {
        gql(app::plan(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/publication/copies`.
    async fn record_publication_copy(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: PublicationCopyCreate,
    ) -> Result<PublicationView> {
        gql(app::copy(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/publication/published`.
    async fn record_publication(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: PublicationPublishedCreate,
    ) -> Result<PublicationView> {
        gql(app::publish_report(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/publication/improvements`.
    async fn record_improvements_published(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: PublicationPublishedCreate,
    ) -> Result<PublicationView> {
        gql(app::publish_improvements(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/publication/deposit`.
    async fn record_nspcc_deposit(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: NspccDepositCreate,
    ) -> Result<PublicationView> {
        gql(app::deposit(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/parallel-processes/{number}/conclusion`.
    async fn record_parallel_process_conclusion(
        &self,
        c: &Context<'_>,
        review_id: ID,
        number: u32,
        input: ConclusionCreate,
    ) -> Result<bool> {
        gql(app::conclude(ctx(c)?, &review_id, number, input)
            .await
            .map(|()| true))
    }
}
