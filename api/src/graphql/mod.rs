//! GraphQL at `/graphql`: the same data and the same writes as REST, through the same application
//! functions, so the same permissions, rules and audit events. Depth and complexity are limited, and batched requests refused.

mod actions;
mod cases;
mod disposals;
pub mod explorer;
mod figures;
mod identifying;
mod integrations;
mod legal_holds;
mod limits;
mod mutation;
mod publication;
mod query;
mod rectifications;
mod report;
mod retention;
mod subject_access;

use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::{EmptySubscription, ErrorExtensions, MergedObject, Schema};

use crate::{context::Ctx, error::ApiError, rest::json};

/// The query root: referrals and agencies, the Rapid Review's cases, and the outbox.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    query::Query,
    cases::CaseQuery,
    integrations::IntegrationsQuery,
    report::ReportQuery,
    publication::PublicationQuery,
    actions::ActionsQuery,
    figures::FiguresQuery,
    identifying::IdentifyingQuery,
    legal_holds::LegalHoldsQuery,
    retention::RetentionQuery,
    disposals::DisposalsQuery,
    subject_access::SubjectAccessQuery,
    rectifications::RectificationsQuery,
);

/// The mutation root: the process's writes, and the outbox's.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    mutation::Mutation,
    integrations::IntegrationsMutation,
    report::ReportMutation,
    publication::PublicationMutation,
    actions::ActionsMutation,
    legal_holds::LegalHoldsMutation,
    retention::RetentionMutation,
    disposals::DisposalsMutation,
    rectifications::RectificationsMutation,
);

pub type CsprSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

pub const MAX_DEPTH: usize = 8;
/// A page of 100 referrals with their children costs about 1,000; 100 aliased pages far more.
pub const MAX_COMPLEXITY: usize = 2_500;

pub fn schema() -> CsprSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .finish()
}

/// The same schema without limits, only ever given the explorer's introspection query (never a
/// caller's query).
fn unlimited_schema() -> CsprSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        EmptySubscription,
    )
    .finish()
}

/// The schema in SDL, as committed in `openapi/schema.graphql`.
pub fn sdl() -> String {
    format!("{}\n", schema().sdl().trim_end())
}

/// An api error as a GraphQL error: the problem's detail as the message, its code in `extensions.code`.
impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(cause) | ApiError::Unavailable(cause) = self {
            // The request's span carries its id, so this line and the client's error meet in the logs.
            tracing::error!(error = %self, cause = ?cause, "graphql request failed");
        }
        let problem = self.problem();
        let mut e = async_graphql::Error::new(problem.detail.clone());
        e = e.extend_with(|_, ext| {
            ext.set("code", problem.code.clone());
            ext.set("status", i32::from(problem.status));
            if let Some(f) = &problem.field {
                ext.set("field", f.clone());
            }
        });
        e
    }
}

/// POST /graphql. The caller is authenticated exactly as for REST before the body is read, and the
/// request is bounded (`limits`) before the query runs.
pub async fn execute(
    req: HttpRequest,
    payload: web::Payload,
    schema: web::Data<CsprSchema>,
) -> Result<HttpResponse, ApiError> {
    let ctx = Ctx::from_http(&req).await?;
    let body = json::read(&req, payload).await?;
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::bad_request(
            "graphql-batch-refused",
            "Batched GraphQL requests are not accepted; send one operation per request.",
            None,
        ));
    }
    let request: async_graphql::Request = json::parse(&body)?;
    limits::check(&request)?;
    let mut response = schema.execute(request.data(ctx)).await;
    response.errors.truncate(limits::MAX_ERRORS);
    for e in &mut response.errors {
        // async-graphql's own errors (validation, limits) get a code too, and lose any value quoted
        // from the query; ours already have both.
        let ext = e.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_none() {
            ext.set("code", "graphql-invalid");
            e.message = json::scrub(&e.message);
        }
    }
    Ok(HttpResponse::Ok().json(response))
}
