//! `GET /graphql`: GraphiQL, with its scripts and styles carried in the binary (`api/assets/graphiql`,
//! fetched from npm by `scripts/vendor-graphiql.sh`), so that it works with no internet, as Swagger UI
//! does. The bundles are kept gzip-compressed and sent so to browsers that accept it (all do); anything
//! else gets them decompressed.

use std::io::Read;

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::error::ApiError;

const PAGE: &str = include_str!("../../assets/graphiql/index.html");
/// The query GraphiQL would send on load. The schema's depth limit (8) refuses it, and should: so the
/// explorer is handed its answer, computed once from an unlimited copy of the schema (the schema is
/// public anyway: `openapi/schema.graphql`).
const INTROSPECTION: &str = include_str!("../../assets/graphiql/introspection.graphql");

static SCHEMA_JSON: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
const EXPLORER: &str = include_str!("../../assets/graphiql/explorer.js");

/// A bundle kept compressed: its name under `/graphql/assets/`, its type and its gzip bytes.
const BUNDLES: [(&str, &str, &[u8]); 4] = [
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.js.gz"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/graphiql.min.css.gz"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js.gz"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js.gz"),
    ),
];

pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(PAGE)
}

/// `GET /graphql/assets/{name}`.
pub async fn asset(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    if name.as_str() == "schema.json" {
        let json = SCHEMA_JSON
            .get_or_try_init(|| async {
                let response = super::unlimited_schema().execute(INTROSPECTION).await;
                match response.errors.first() {
                    None => serde_json::to_string(&response.data).map_err(ApiError::internal),
                    Some(e) => Err(ApiError::internal(std::io::Error::other(e.message.clone()))),
                }
            })
            .await?;
        return Ok(HttpResponse::Ok()
            .content_type("application/json")
            .body(json.clone()));
    }
    if name.as_str() == "explorer.js" {
        return Ok(HttpResponse::Ok()
            .content_type("text/javascript; charset=utf-8")
            .body(EXPLORER));
    }
    let (_, content_type, gzipped) = BUNDLES
        .iter()
        .find(|(n, _, _)| *n == name.as_str())
        .ok_or(ApiError::NotFound)?;
    let accepts_gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut res = HttpResponse::Ok();
    res.content_type(*content_type)
        .insert_header((header::VARY, "Accept-Encoding"));
    if accepts_gzip {
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
        return Ok(res.body(*gzipped));
    }
    let mut plain = vec![];
    flate2::read::GzDecoder::new(*gzipped)
        .read_to_end(&mut plain)
        .map_err(ApiError::internal)?;
    Ok(res.body(plain))
}
