//! What one GraphQL request may ask, checked before it runs: a bounded query text, one operation, one
//! mutation at most, a few root fields. With list sizes counted in the complexity (a page's `limit`
//! multiplies its rows' cost), aliases cannot multiply reads or writes.

use async_graphql::parser::{
    parse_query,
    types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet},
};

use crate::error::ApiError;

/// The longest query text accepted: far above any real query, far below the body limit.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;
/// Root fields one query may ask for.
pub const MAX_ROOT_FIELDS: usize = 10;
/// Errors one response lists.
pub const MAX_ERRORS: usize = 10;

fn refuse(code: &'static str, detail: String) -> ApiError {
    ApiError::bad_request(code, detail, Some("query".into()))
}

/// Refuses a request that asks too much, before it runs. Parse errors name the position only: the
/// query text is never echoed.
pub fn check(request: &async_graphql::Request) -> Result<(), ApiError> {
    if request.query.len() > MAX_QUERY_BYTES {
        return Err(refuse(
            "graphql-query-too-large",
            format!("The query is longer than {MAX_QUERY_BYTES} bytes."),
        ));
    }
    let doc = parse_query(&request.query).map_err(|e| {
        let at: Vec<_> = e
            .positions()
            .map(|p| format!("line {}, column {}", p.line, p.column))
            .collect();
        refuse(
            "graphql-parse-error",
            format!("The query could not be parsed (at {}).", at.join("; ")),
        )
    })?;
    let operation = match (&doc.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        (DocumentOperations::Multiple(_), None) => None,
    };
    let Some(operation) = operation else {
        return Err(refuse(
            "graphql-one-operation",
            "Send one operation, or name the one to run in operationName.".into(),
        ));
    };
    let roots = root_fields(&operation.selection_set.node, &doc, 0);
    match operation.ty {
        OperationType::Mutation if roots != 1 => Err(refuse(
            "graphql-one-mutation",
            "A request makes one mutation: send each change on its own.".into(),
        )),
        OperationType::Query if roots > MAX_ROOT_FIELDS => Err(refuse(
            "graphql-too-many-fields",
            format!("A query asks for at most {MAX_ROOT_FIELDS} root fields (aliases count)."),
        )),
        _ => Ok(()),
    }
}

/// The root fields an operation selects, fragments spread.
fn root_fields(set: &SelectionSet, doc: &ExecutableDocument, depth: usize) -> usize {
    if depth > 8 {
        // Fragments spreading fragments this deep are refused by the depth limit anyway.
        return usize::MAX / 2;
    }
    set.items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(_) => 1,
            Selection::InlineFragment(f) => root_fields(&f.node.selection_set.node, doc, depth + 1),
            Selection::FragmentSpread(f) => doc
                .fragments
                .get(&f.node.fragment_name.node)
                .map_or(0, |d| {
                    root_fields(&d.node.selection_set.node, doc, depth + 1)
                }),
        })
        .fold(0, usize::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(query: &str) -> Option<&'static str> {
        match check(&async_graphql::Request::new(query)) {
            Ok(()) => None,
            Err(ApiError::BadRequest { code, .. }) => Some(code),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn one_mutation_per_request_and_a_few_root_fields() {
        assert_eq!(code("{ agencies { code } }"), None);
        assert_eq!(
            code(
                "mutation { a: recordTriage(referralId: \"x\") { status } b: recordTriage(referralId: \"y\") { status } }"
            ),
            Some("graphql-one-mutation")
        );
        let many: String = (0..11)
            .map(|i| format!("a{i}: agencies {{ code }} "))
            .collect();
        assert_eq!(
            code(&format!("{{ {many} }}")),
            Some("graphql-too-many-fields")
        );
        let hidden = format!("query {{ ...F }} fragment F on QueryRoot {{ {many} }}");
        assert_eq!(code(&hidden), Some("graphql-too-many-fields"));
    }

    #[test]
    fn a_parse_error_names_the_position_not_the_text() {
        let Err(e) = check(&async_graphql::Request::new(
            "{ referrals(secret: \"Jane Smith\" ",
        )) else {
            panic!()
        };
        let detail = e.problem().detail;
        assert!(
            detail.contains("line 1") && !detail.contains("Jane"),
            "{detail}"
        );
        assert_eq!(
            code(&"{".repeat(MAX_QUERY_BYTES + 1)),
            Some("graphql-query-too-large")
        );
    }
}
