//! The OpenAPI 3.1 document: assembled from the annotated handlers, served at `/openapi.json`, printed by
//! `cspr openapi`, and compared with the committed `openapi/openapi.json` by a test.

use actix_web::App;
use cspr_openapi::{
    actions::ActionFilter,
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
    components(schemas(Problem, FieldProblem, OpenStepStatus, ActionFilter)),
    modifiers(&BearerAuth),
    tags(
        (name = "agencies", description = "The agencies of a partnership and their statutory roles."),
        (name = "referrals", description = "Referrals of serious incidents: the root of every case."),
        (name = "rapid review", description = "The Rapid Review: triage, notifications, meeting, votes, decision, submission, timeline."),
        (name = "information requests", description = "Requests to agencies and their structured returns."),
        (name = "reviews", description = "The CSPR or alternative learning review a decision commissions."),
        (name = "calendar", description = "Working-day deadlines: weekends and England and Wales bank holidays skipped."),
        (name = "publication", description = "Publication of a review's report, and the public register of a partnership's published reports (docs/PUBLICATION.md)."),
        (name = "actions", description = "Recommendations and action plans, each action's progress by its agency, to the board's sign-off."),
        (name = "reporting", description = "Figures for reporting tools: counts and rates per period, without personal data or free text."),
        (name = "integrations", description = "The outbox and its deliveries: destinations for the partnership's notifications, webhook subscriptions, attempts and retries (docs/INTEGRATIONS.md)."),
        (name = "data protection", description = "Legal holds on a case's records (docs/DATA-PROTECTION.md)."),
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

/// From each create (its 201) or list (its 200), the operations that take the id it answers with (OpenAPI
/// links, for client generators and fuzzers): (operation, its status, the id in its body, the
/// operations that take it).
const LINKS: [(&str, &str, &str, &[&str]); 3] = [
    (
        "create_referral",
        "201",
        "$response.body#/id",
        &[
            "get_referral",
            "record_triage",
            "record_notification",
            "get_rapid_review",
            "get_timeline",
            "issue_information_requests",
            "list_referral_information_requests",
        ],
    ),
    (
        "issue_information_requests",
        "201",
        "$response.body#/items/0/id",
        &[
            "get_information_request",
            "submit_return",
            "list_returns",
            "review_return",
            "escalate_information_request",
        ],
    ),
    (
        "list_reviews",
        "200",
        "$response.body#/items/0/id",
        &[
            "get_review",
            "get_review_team",
            "get_commissioning",
            "list_review_notifications",
            "list_panel_meetings",
            "list_parallel_processes",
            "list_terms_of_reference",
            "list_review_delays",
            "list_family_members",
            "list_practitioner_events",
            "list_review_information_requests",
            "list_review_themes",
            "get_integrated_chronology",
            "record_terms_of_reference",
            "record_panel_meeting",
            "record_review_delay",
            "record_family_member",
            "record_review_theme",
            "move_review_stage",
            "get_report",
            "upload_report_version",
        ],
    ),
];

fn add_links(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{RefOr, link::LinkBuilder};
    for item in doc.paths.paths.values_mut() {
        for op in [item.post.as_mut(), item.get.as_mut()]
            .into_iter()
            .flatten()
        {
            let Some((_, status, id, targets)) = LINKS
                .iter()
                .find(|(from, _, _, _)| op.operation_id.as_deref() == Some(*from))
            else {
                continue;
            };
            if let Some(RefOr::T(answered)) = op.responses.responses.get_mut(*status) {
                for target in *targets {
                    answered.links.insert(
                        (*target).to_owned(),
                        RefOr::T(
                            LinkBuilder::new()
                                .operation_id(*target)
                                .parameter("id", *id)
                                .build(),
                        ),
                    );
                }
            }
        }
    }
}

/// Every REST create takes an `Idempotency-Key` (docs/INTEGRATIONS.md): one header parameter, shared.
fn add_idempotency_key(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{
        Required,
        path::{ParameterBuilder, ParameterIn},
        schema::{ObjectBuilder, SchemaType, Type},
    };
    let parameter = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Makes the create safe to retry: the same key and body answer with the first answer \
             (`Idempotent-Replayed: true`) and do the work once; another body with the key is 422; \
             while the first is in flight, 409. 1 to 255 visible ASCII characters, quoted or bare.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(SchemaType::Type(Type::String))
                .min_length(Some(1))
                .max_length(Some(257))
                .pattern(Some(r#"^("[!#-~]{1,255}"|[!#-~]{1,255})$"#)),
        ))
        .build();
    for (path, item) in doc.paths.paths.iter_mut() {
        if let (true, Some(op)) = (path.starts_with("/v1/"), item.post.as_mut()) {
            op.parameters
                .get_or_insert_with(Vec::new)
                .push(utoipa::openapi::RefOr::T(parameter.clone()));
        }
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
    add_links(&mut doc);
    add_idempotency_key(&mut doc);
    doc
}

/// The document as committed: pretty JSON with a final newline.
pub fn document_json() -> Result<String, serde_json::Error> {
    Ok(format!("{}\n", document().to_pretty_json()?))
}
