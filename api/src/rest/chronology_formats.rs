//! The integrated chronology in the two forms people open outside the API: CSV for a spreadsheet
//! (`rest::csv`), and an SVG timeline that a browser shows, one mark per entry on a time axis,
//! one row and one colour per agency, with a legend: the seed's "at a glance" picture.

use std::fmt::Write;

use chrono::NaiveDate;
use cspr_openapi::chronology::ChronologyEntry;

const HEADER: &str = "occurred_on,time,precision,agency,category,key_event,subjects,description,source_ref,version,outside_period_under_review";

/// The entries as CSV, CRLF line ends, a header row first.
pub fn csv(entries: &[ChronologyEntry]) -> String {
    super::csv::table(
        HEADER,
        entries.iter().map(|e| {
            [
                e.occurred_on.to_string(),
                e.time.map(|t| t.to_string()).unwrap_or_default(),
                serde_plain(&e.precision),
                e.agency.clone(),
                serde_plain(&e.category),
                e.key_event.to_string(),
                e.subjects.join("; "),
                e.description.clone(),
                e.source_ref.clone(),
                e.version.to_string(),
                e.outside_period_under_review.to_string(),
            ]
        }),
    )
}

/// An enum's wire text (`hospital_attendance_or_admission`).
fn serde_plain(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Colours that stay apart for the colour-blind (Okabe and Ito), then repeat.
const COLOURS: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// Text made safe inside XML (SVG here, Atom for the public register).
pub(super) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The timeline picture: a row per agency (in the order first seen), a mark per entry at its date (a
/// key event larger), each mark titled with its date, category and description, and a legend.
pub fn svg(entries: &[ChronologyEntry]) -> String {
    let mut agencies: Vec<&str> = vec![];
    for e in entries {
        if !agencies.contains(&e.agency.as_str()) {
            agencies.push(&e.agency);
        }
    }
    let (left, width, row) = (160.0, 900.0, 40.0);
    let height = 80.0 + row * agencies.len().max(1) as f64;
    let first = entries.iter().map(|e| e.occurred_on).min();
    let last = entries.iter().map(|e| e.occurred_on).max();
    let span = match (first, last) {
        (Some(a), Some(b)) => (b - a).num_days().max(1) as f64,
        _ => 1.0,
    };
    let x = |on: NaiveDate| left + first.map_or(0.0, |f| (on - f).num_days() as f64 / span * width);
    let mut out = String::new();
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{height}" viewBox="0 0 {w} {height}" font-family="sans-serif" font-size="12">"##,
        w = left + width + 40.0
    );
    let _ = write!(out, r##"<title>Integrated chronology</title>"##);
    for (i, agency) in agencies.iter().enumerate() {
        let y = 40.0 + row * i as f64;
        let colour = COLOURS[i % COLOURS.len()];
        let _ = write!(
            out,
            r##"<g class="legend"><rect x="10" y="{}" width="12" height="12" fill="{colour}"/><text x="28" y="{}">{}</text></g><line x1="{left}" y1="{y}" x2="{}" y2="{y}" stroke="#ccc"/>"##,
            y - 6.0,
            y + 4.0,
            escape(agency),
            left + width
        );
    }
    for e in entries {
        let i = agencies.iter().position(|a| *a == e.agency).unwrap_or(0);
        let y = 40.0 + row * i as f64;
        let r = if e.key_event { 7.0 } else { 4.0 };
        let _ = write!(
            out,
            r##"<circle class="entry" cx="{:.1}" cy="{y}" r="{r}" fill="{}"><title>{} {}: {}</title></circle>"##,
            x(e.occurred_on),
            COLOURS[i % COLOURS.len()],
            e.occurred_on,
            escape(&serde_plain(&e.category)),
            escape(&e.description)
        );
    }
    if let (Some(a), Some(b)) = (first, last) {
        let y = height - 20.0;
        let _ = write!(
            out,
            r##"<text x="{left}" y="{y}">{a}</text><text x="{}" y="{y}" text-anchor="end">{b}</text>"##,
            left + width
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cspr_openapi::{DatePrecision, EventCategory};

    fn entry(agency: &str, on: &str, description: &str, key: bool) -> ChronologyEntry {
        ChronologyEntry {
            agency: agency.into(),
            source_ref: "R-1".into(),
            version: 1,
            occurred_on: on.parse().unwrap(),
            time: None,
            precision: DatePrecision::Day,
            subjects: vec!["Child A".into()],
            category: EventCategory::PoliceIncident,
            description: description.into(),
            key_event: key,
            outside_period_under_review: false,
            recorded_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn the_csv_has_the_header_and_a_row_per_entry() {
        let out = csv(&[entry(
            "POLICE",
            "2026-01-02",
            "Call-out; \"domestic\"",
            true,
        )]);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], HEADER);
        assert!(lines[1].starts_with("2026-01-02,,day,POLICE,police_incident,true,Child A,"));
    }

    #[test]
    fn the_picture_has_a_mark_per_entry_a_colour_per_agency_and_escapes_text() {
        let out = svg(&[
            entry("POLICE", "2026-01-02", "<script>", true),
            entry("LA", "2026-03-02", "Visit", false),
            entry("POLICE", "2026-05-02", "Arrest", false),
        ]);
        assert_eq!(out.matches("class=\"entry\"").count(), 3);
        assert_eq!(out.matches("class=\"legend\"").count(), 2);
        assert!(!out.contains("<script>") && out.contains("&lt;script&gt;"));
        assert!(out.starts_with("<svg") && out.ends_with("</svg>"));
    }
}
