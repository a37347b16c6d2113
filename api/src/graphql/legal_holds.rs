//! Legal holds in GraphQL: the same application functions as REST.

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::legal_holds::{LegalHoldCreate, LegalHoldList, LegalHoldRelease, LegalHoldView};

use super::{mutation::gql, query::ctx};
use crate::app::legal_holds as app;

#[derive(Default)]
pub struct LegalHoldsQuery;

#[Object]
impl LegalHoldsQuery {
    /// The partnership's legal holds (as `GET /v1/legal-holds`).
    async fn legal_holds(&self, c: &Context<'_>, active: Option<bool>) -> Result<LegalHoldList> {
        gql(app::list(ctx(c)?, active.unwrap_or(false)).await)
    }
}

#[derive(Default)]
pub struct LegalHoldsMutation;

#[Object]
impl LegalHoldsMutation {
    /// As `POST /v1/referrals/{id}/legal-holds`.
    async fn place_referral_legal_hold(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        input: LegalHoldCreate,
    ) -> Result<LegalHoldView> {
        gql(app::on_referral(ctx(c)?, &referral_id, input).await)
    }

    /// As `POST /v1/reviews/{id}/legal-holds`.
    async fn place_review_legal_hold(
        &self,
        c: &Context<'_>,
        review_id: ID,
        input: LegalHoldCreate,
    ) -> Result<LegalHoldView> {
        gql(app::on_review(ctx(c)?, &review_id, input).await)
    }

    /// As `POST /v1/legal-holds/{id}/release`.
    async fn release_legal_hold(
        &self,
        c: &Context<'_>,
        hold_id: ID,
        input: LegalHoldRelease,
    ) -> Result<LegalHoldView> {
        gql(app::release(ctx(c)?, &hold_id, input).await)
    }
}
