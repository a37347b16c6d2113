//! CSV as people open it in a spreadsheet: RFC 4180 with CRLF line ends, and safe against formula
//! injection (a cell a spreadsheet would run as a formula is prefixed with `'`).

use actix_web::{HttpRequest, http::header};

/// Which of `kinds` (CSV, a picture) the client asked for in `Accept`; none means JSON, the default.
pub fn asked_for(req: &HttpRequest, kinds: &[&'static str]) -> Option<&'static str> {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    kinds
        .iter()
        .copied()
        .find(|kind| accept.split(',').any(|a| a.trim().starts_with(kind)))
}

/// One CSV cell: quoted when it holds a comma, quote or line break; prefixed when a spreadsheet would
/// take it for a formula.
fn cell(value: &str) -> String {
    let defused = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// A header row, then one row per item.
pub fn table<const N: usize>(header: &str, rows: impl IntoIterator<Item = [String; N]>) -> String {
    let mut out = format!("{header}\r\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|v| cell(v)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_defused_and_commas_and_quotes_are_quoted() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("plain"), "plain");
        assert_eq!(
            table("a,b", [["1".to_owned(), "x\ny".to_owned()]]),
            "a,b\r\n1,\"x\ny\"\r\n"
        );
    }
}
