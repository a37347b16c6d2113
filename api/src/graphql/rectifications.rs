//! Rectification in GraphQL: the same application functions as REST.

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::rectification::{RectificationCreate, RectificationList, RectificationView};

use super::{mutation::gql, query::ctx};
use crate::app::rectifications as app;

#[derive(Default)]
pub struct RectificationsQuery;

#[Object]
impl RectificationsQuery {
    /// As `GET /v1/referrals/{id}/rectifications`.
    async fn rectifications(&self, c: &Context<'_>, referral_id: ID) -> Result<RectificationList> {
        gql(app::of_referral(ctx(c)?, &referral_id).await)
    }
}

#[derive(Default)]
pub struct RectificationsMutation;

#[Object]
impl RectificationsMutation {
    /// As `POST /v1/referrals/{id}/rectifications`.
    async fn rectify_referral(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: RectificationCreate,
    ) -> Result<RectificationView> {
        gql(app::rectify_referral(ctx(c)?, &referral_id, input).await)
    }
}
