//! The figures for reporting tools in GraphQL: the same application function as `GET /v1/figures`.

use async_graphql::{Context, Object, Result};
use chrono::NaiveDate;
use cspr_openapi::figures::ReportingFigures;

use super::{mutation::gql, query::ctx};
use crate::app::figures as app;

#[derive(Default)]
pub struct FiguresQuery;

#[Object]
impl FiguresQuery {
    /// The partnership's figures for the days `from` to `to` (both included): counts and rates only
    /// (as `GET /v1/figures`).
    async fn figures(
        &self,
        c: &Context<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ReportingFigures> {
        gql(app::read(ctx(c)?, from, to).await)
    }
}
