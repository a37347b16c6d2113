//! Recommendations and the action plan in GraphQL: the same application functions as REST.

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::actions::{
    ActionCreate, ActionFilter, ActionList, ActionPlan, ActionView, MonitoringCreate,
    ProgressCreate, RecommendationCreate,
};

use cspr_openapi::learning::{
    DisseminationCreate, DisseminationList, DisseminationView, NationalLearningCreate,
    NationalLearningList, NationalLearningView,
};

use super::{mutation::gql, query::ctx};
use crate::app::actions as app;

#[derive(Default)]
pub struct ActionsQuery;

#[Object]
impl ActionsQuery {
    /// A review's action plan (as `GET /v1/reviews/{id}/action-plan`).
    async fn action_plan(&self, c: &Context<'_>, review_id: ID) -> Result<ActionPlan> {
        gql(app::get(ctx(c)?, &review_id).await)
    }

    /// How a review's learning was shared (as `GET /v1/reviews/{id}/dissemination`).
    async fn disseminations(&self, c: &Context<'_>, review_id: ID) -> Result<DisseminationList> {
        gql(crate::app::learning::disseminations(ctx(c)?, &review_id).await)
    }

    /// National reviews' learning considered (as `GET /v1/national-learning`).
    async fn national_learning(&self, c: &Context<'_>) -> Result<NationalLearningList> {
        gql(crate::app::learning::national(ctx(c)?).await)
    }

    /// Actions across the partnership (as `GET /v1/actions`).
    async fn actions(&self, c: &Context<'_>, status: Option<ActionFilter>) -> Result<ActionList> {
        gql(app::list(ctx(c)?, status).await)
    }
}

#[derive(Default)]
pub struct ActionsMutation;

#[Object]
impl ActionsMutation {
    /// As `POST /v1/reviews/{id}/recommendations`.
    async fn record_recommendation(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: RecommendationCreate,
    ) -> Result<ActionPlan> {
        gql(app::recommend(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/actions`.
    async fn record_action(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: ActionCreate,
    ) -> Result<ActionPlan> {
        gql(app::assign(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/actions/{id}/progress`.
    async fn record_action_progress(
        &self,
        c: &Context<'_>,
        action_id: ID,
        input: ProgressCreate,
    ) -> Result<ActionView> {
        gql(app::progress(ctx(c)?, &action_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/action-plan/monitoring`.
    async fn record_action_plan_monitoring(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: MonitoringCreate,
    ) -> Result<ActionPlan> {
        gql(app::monitor(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/dissemination`.
    async fn record_dissemination(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: DisseminationCreate,
    ) -> Result<DisseminationView> {
        gql(crate::app::learning::disseminate(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/national-learning`.
    async fn record_national_learning(
        &self,
        c: &Context<'_>,
        input: NationalLearningCreate,
    ) -> Result<NationalLearningView> {
        gql(crate::app::learning::consider(ctx(c)?, input).await)
    }

    /// As `POST /v1/reviews/{id}/action-plan/sign-off`.
    async fn sign_off_action_plan(&self, c: &Context<'_>, review_id: ID) -> Result<ActionPlan> {
        gql(app::sign_off(ctx(c)?, &review_id).await)
    }
}
