//! Due steps as iCalendar (RFC 5545) for calendar clients: one all-day event per step, named by the
//! referral's reference and the step, and nothing personal.

use chrono::{DateTime, Days, NaiveDate, Utc};
use cspr_openapi::rapid_review::DeadlineList;

/// Text escaped as RFC 5545 §3.3.11 asks.
fn text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// A content line folded at 75 octets (§3.1), never inside a character, ended with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The calendar of `steps`, named `name`, stamped `now`.
pub fn render(name: &str, steps: &DeadlineList, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CSPR platform//Due steps//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for item in &steps.items {
        let s = &item.step;
        let agency = s.agency_code.as_deref();
        let uid = match (&item.action_id, agency) {
            (Some(action), _) => format!("{}-{}-{action}@cspr", item.referral_id, s.step),
            (None, Some(a)) => format!("{}-{}-{a}@cspr", item.referral_id, s.step),
            (None, None) => format!("{}-{}@cspr", item.referral_id, s.step),
        };
        let what = s.step.replace('_', " ");
        let summary = match agency {
            Some(a) => format!("{}: {what} ({a})", item.reference),
            None => format!("{}: {what}", item.reference),
        };
        let status = serde_json::to_value(s.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", text(&uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(s.due)));
        let next = s.due.checked_add_days(Days::new(1)).unwrap_or(s.due);
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", day(next)));
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        line(
            &mut out,
            &format!("DESCRIPTION:{}", text(&format!("{status}: {}", s.rule))),
        );
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_are_folded_at_75_octets_between_characters() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        assert!(out.contains("\r\n "));
        assert!(out.ends_with("\r\n"));
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let list = DeadlineList {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            items: vec![],
        };
        let cal = render("Business team", &list, Utc::now());
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
    }
}
