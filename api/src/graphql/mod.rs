//! GraphQL at `/graphql`: the same data and the same writes as REST, through the same application
//! functions, so the same permissions, rules and audit events. Depth and complexity are limited, and batched requests refused.

mod cases;
mod mutation;
mod query;

use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::{
    EmptySubscription, ErrorExtensions, MergedObject, Schema,
    http::{GraphQLPlaygroundConfig, playground_source},
};

use crate::{context::Ctx, error::ApiError, rest::json};

/// The query root: referrals and agencies, and the Rapid Review's cases.
#[derive(MergedObject, Default)]
pub struct QueryRoot(query::Query, cases::CaseQuery);

pub type CsprSchema = Schema<QueryRoot, mutation::Mutation, EmptySubscription>;

pub const MAX_DEPTH: usize = 8;
pub const MAX_COMPLEXITY: usize = 400;

pub fn schema() -> CsprSchema {
    Schema::build(QueryRoot::default(), mutation::Mutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The schema in SDL, as committed in `openapi/schema.graphql`.
pub fn sdl() -> String {
    format!("{}\n", schema().sdl().trim_end())
}

/// An api error as a GraphQL error: the problem's detail as the message, its code in `extensions.code`.
impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
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

/// POST /graphql. The caller is authenticated exactly as for REST, before the query runs.
pub async fn execute(
    req: HttpRequest,
    body: json::JsonBody,
    schema: web::Data<CsprSchema>,
) -> Result<HttpResponse, ApiError> {
    let ctx = Ctx::from_http(&req).await?;
    let body = body.0;
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::bad_request(
            "graphql-batch-refused",
            "Batched GraphQL requests are not accepted; send one operation per request.",
            None,
        ));
    }
    let request: async_graphql::Request = json::parse(&body)?;
    let response = schema.execute(request.data(ctx)).await;
    Ok(HttpResponse::Ok().json(response))
}

/// GET /graphql: the playground. Its scripts load from a CDN, so it is blank offline (see README).
pub async fn playground() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(playground_source(GraphQLPlaygroundConfig::new("/graphql")))
}
