//! Subject access exports (docs/DATA-PROTECTION.md): as JSON, or as CSV with `Accept: text/csv`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use cspr_openapi::subject_access::{PersonParams, PractitionerParams, SubjectAccessExport};

use crate::{
    app::subject_access as app,
    context::Ctx,
    error::ApiError,
    rest::{csv, responses::FilteredReadErrors},
};

const HEADER: &str =
    "source,record_id,field,value,recorded_by,recorded_at,third_party,third_parties";

/// The export as the client asked: JSON, or one CSV row per item.
fn answer(req: &HttpRequest, export: SubjectAccessExport) -> HttpResponse {
    if csv::asked_for(req, &["text/csv"]).is_none() {
        return HttpResponse::Ok().json(export);
    }
    let rows = export.items.into_iter().map(|i| {
        [
            i.source,
            i.record_id,
            i.field,
            i.value,
            i.recorded_by.unwrap_or_default(),
            i.recorded_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            i.third_party.to_string(),
            i.third_parties.join("; "),
        ]
    });
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .body(csv::table(HEADER, rows))
}

/// Everything held that concerns a child or family member of a case, by their pseudonym: their part of
/// the referral, the case's free text that concerns them (all of it for the child the case is about;
/// what names them for anyone else), their family-engagement record and every version of every
/// chronology entry about them or naming them. Each item names its source and the other people it
/// concerns (`third_party`), for the officer to review before release; identifying details and a
/// restricted date of birth are noted, never included. Audited (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "export_person_data",
    params(PersonParams),
    responses(
        (status = 200, description = "The export.", content(
            (SubjectAccessExport = "application/json"),
            (String = "text/csv"),
        )),
        FilteredReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/subject-access/person")]
pub async fn export_person_data(
    ctx: Ctx,
    req: HttpRequest,
    params: web::Query<PersonParams>,
) -> Result<HttpResponse, ApiError> {
    Ok(answer(&req, app::person(&ctx, params.into_inner()).await?))
}

/// Everything held that concerns a practitioner, by their subject: their places on review teams, their
/// declarations, and each audit event of what they did (a record they wrote is named and marked as
/// holding others' data, not copied). Audited (partnership admin).
#[utoipa::path(
    tag = "data protection", operation_id = "export_practitioner_data",
    params(PractitionerParams),
    responses(
        (status = 200, description = "The export.", content(
            (SubjectAccessExport = "application/json"),
            (String = "text/csv"),
        )),
        FilteredReadErrors
    ),
    security(("bearer" = []))
)]
#[get("/subject-access/practitioner")]
pub async fn export_practitioner_data(
    ctx: Ctx,
    req: HttpRequest,
    params: web::Query<PractitionerParams>,
) -> Result<HttpResponse, ApiError> {
    Ok(answer(
        &req,
        app::practitioner(&ctx, params.into_inner()).await?,
    ))
}
