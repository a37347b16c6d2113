//! The pseudonym map and the anonymisation check in GraphQL. Identifying details themselves are never
//! in GraphQL: they are recorded and released through REST alone.

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::identifying::{AnonymisationCheck, PseudonymMap};

use super::{mutation::gql, query::ctx};
use crate::app::identifying as app;

#[derive(Default)]
pub struct IdentifyingQuery;

#[Object]
impl IdentifyingQuery {
    /// The pseudonyms a review's text must use (as `GET /v1/reviews/{id}/pseudonyms`).
    async fn pseudonym_map(&self, c: &Context<'_>, review_id: ID) -> Result<PseudonymMap> {
        gql(app::map(ctx(c)?, &review_id).await)
    }

    /// A report version's anonymisation check (as
    /// `GET /v1/reviews/{id}/report/versions/{number}/anonymisation`).
    async fn report_anonymisation(
        &self,
        c: &Context<'_>,
        review_id: ID,
        version: u32,
    ) -> Result<AnonymisationCheck> {
        gql(app::anonymisation(ctx(c)?, &review_id, version).await)
    }
}
