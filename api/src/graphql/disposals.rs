//! Disposal in GraphQL: the same application functions as REST.

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::{
    DisposalStatus,
    disposals::{DisposalList, DisposalRefusal, DisposalView},
};

use super::{mutation::gql, query::ctx};
use crate::app::disposals as app;

#[derive(Default)]
pub struct DisposalsQuery;

#[Object]
impl DisposalsQuery {
    /// The records listed for disposal and the decisions on them (as `GET /v1/disposals`).
    async fn disposals(
        &self,
        c: &Context<'_>,
        status: Option<DisposalStatus>,
    ) -> Result<DisposalList> {
        gql(app::list(ctx(c)?, status.map(Into::into)).await)
    }
}

#[derive(Default)]
pub struct DisposalsMutation;

#[Object]
impl DisposalsMutation {
    /// As `POST /v1/disposals/listing`.
    async fn list_cases_due_for_disposal(&self, c: &Context<'_>) -> Result<DisposalList> {
        gql(app::list_due_now(ctx(c)?).await)
    }

    /// As `POST /v1/disposals/{id}/approve`.
    async fn approve_disposal(&self, c: &Context<'_>, disposal_id: ID) -> Result<DisposalView> {
        gql(app::approve(ctx(c)?, &disposal_id).await)
    }

    /// As `POST /v1/disposals/{id}/refuse`.
    async fn refuse_disposal(
        &self,
        c: &Context<'_>,
        disposal_id: ID,
        input: DisposalRefusal,
    ) -> Result<DisposalView> {
        gql(app::refuse(ctx(c)?, &disposal_id, input).await)
    }
}
