//! Subject access exports in GraphQL: the same application functions as REST (JSON only).

use async_graphql::{Context, ID, Object, Result};
use cspr_openapi::subject_access::{PersonParams, PractitionerParams, SubjectAccessExport};

use super::{mutation::gql, query::ctx};
use crate::app::subject_access as app;

#[derive(Default)]
pub struct SubjectAccessQuery;

#[Object]
impl SubjectAccessQuery {
    /// As `GET /v1/subject-access/person`.
    async fn person_data(
        &self,
        c: &Context<'_>,
        referral_id: ID,
        pseudonym: String,
    ) -> Result<SubjectAccessExport> {
        let params = PersonParams {
            referral_id: referral_id.to_string(),
            pseudonym,
        };
        gql(app::person(ctx(c)?, params).await)
    }

    /// As `GET /v1/subject-access/practitioner`.
    async fn practitioner_data(
        &self,
        c: &Context<'_>,
        subject: String,
    ) -> Result<SubjectAccessExport> {
        gql(app::practitioner(ctx(c)?, PractitionerParams { subject }).await)
    }
}
