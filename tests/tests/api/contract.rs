use serde_json::Value;

/// The committed contract is what the code generates: agency systems build clients from the file.
#[test]
fn the_committed_openapi_file_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let generated = cspr_api::openapi_doc::document_json().unwrap();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `cargo run -q --bin cspr -- openapi > openapi/openapi.json`"
    );
}

/// Every operation is named, tagged, and (outside the health checks) secured, with its problems listed.
#[test]
fn every_operation_is_fully_annotated() {
    let doc: Value =
        serde_json::from_str(&cspr_api::openapi_doc::document_json().unwrap()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 6);
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let at = format!("{method} {path}");
            assert!(op["operationId"].is_string(), "{at} has no operationId");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{at} has no tag"
            );
            if !path.starts_with("/health") {
                assert!(op["security"].is_array(), "{at} has no security");
                let responses = op["responses"].as_object().unwrap();
                assert!(responses.contains_key("401"), "{at} does not list 401");
                assert!(responses.contains_key("403"), "{at} does not list 403");
            }
        }
    }
}

/// The committed GraphQL schema is what the code serves: reporting tools generate clients from it.
#[test]
fn the_committed_graphql_schema_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == cspr_api::graphql::sdl(),
        "openapi/schema.graphql is stale: run `cargo run -q --bin cspr -- graphql-schema > openapi/schema.graphql`"
    );
}
