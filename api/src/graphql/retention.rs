//! Retention in GraphQL: the same application functions as REST.

use async_graphql::{Context, Object, Result};
use chrono::NaiveDate;
use cspr_openapi::{
    RetentionClass,
    retention::{RetentionPeriodList, RetentionPeriodPut, RetentionSchedule},
};

use super::{mutation::gql, query::ctx};
use crate::app::retention as app;

#[derive(Default)]
pub struct RetentionQuery;

#[Object]
impl RetentionQuery {
    /// As `GET /v1/retention/periods`.
    async fn retention_periods(&self, c: &Context<'_>) -> Result<RetentionPeriodList> {
        gql(app::periods(ctx(c)?).await)
    }

    /// As `GET /v1/retention/schedule`.
    async fn retention_schedule(
        &self,
        c: &Context<'_>,
        due_by: Option<NaiveDate>,
    ) -> Result<RetentionSchedule> {
        gql(app::schedule(ctx(c)?, due_by).await)
    }
}

#[derive(Default)]
pub struct RetentionMutation;

#[Object]
impl RetentionMutation {
    /// As `PUT /v1/retention/periods/{class}`.
    async fn set_retention_period(
        &self,
        c: &Context<'_>,
        class: RetentionClass,
        input: RetentionPeriodPut,
    ) -> Result<RetentionPeriodList> {
        gql(app::set_period(ctx(c)?, class.into(), input).await)
    }
}
