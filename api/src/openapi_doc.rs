//! The OpenAPI 3.1 document: assembled from the annotated handlers, served at `/openapi.json`, printed by
//! `cspr openapi`, and compared with the committed `openapi/openapi.json` by a test.

use actix_web::App;
use cspr_openapi::{
    problem::{FieldProblem, Problem},
    rapid_review::OpenStepStatus,
};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{Http, HttpAuthScheme, SecurityScheme},
};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Child Safeguarding Practice Review platform",
        description = "Runs England's Child Safeguarding Practice Review process for local safeguarding \
            partnerships. Conventions (URLs, naming, time, pagination, errors, auth): docs/API-DESIGN.md.",
        license(name = "MIT OR Apache-2.0"),
    ),
    // Schemas only a query parameter refers to are not collected from the handlers: listed here.
    components(schemas(Problem, FieldProblem, OpenStepStatus)),
    modifiers(&BearerAuth),
    tags(
        (name = "agencies", description = "The agencies of a partnership and their statutory roles."),
        (name = "referrals", description = "Referrals of serious incidents: the root of every case."),
        (name = "rapid review", description = "The Rapid Review: triage, notifications, meeting, votes, decision, submission, timeline."),
        (name = "information requests", description = "Requests to agencies and their structured returns."),
        (name = "calendar", description = "Working-day deadlines: weekends and England and Wales bank holidays skipped."),
        (name = "audit", description = "The audit trail of every read and write of case data."),
        (name = "operations", description = "Liveness and readiness."),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.bearer_format = Some("JWT".into());
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The whole document, as the running server serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::rest::configure)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_json() -> Result<String, serde_json::Error> {
    Ok(format!("{}\n", document().to_pretty_json()?))
}
