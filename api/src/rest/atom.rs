//! The public register as an Atom feed (RFC 4287): one entry per published report, its link the
//! report's own page.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use cspr_openapi::publication::PublicationRegister;

use super::chronology_formats::escape;

fn midnight(d: NaiveDate) -> String {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default()
}

pub fn feed(slug: &str, register: &PublicationRegister, now: DateTime<Utc>) -> String {
    let updated = register
        .items
        .iter()
        .map(|i| i.published_on)
        .max()
        .map_or_else(|| now.to_rfc3339_opts(SecondsFormat::Secs, true), midnight);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <id>urn:cspr:{slug}:publications</id>\n<title>{}: published reviews</title>\n\
         <updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        escape(&register.partnership),
        escape(&register.partnership),
    );
    for i in &register.items {
        let reviewers = i.reviewer_names.join(", ");
        out.push_str(&format!(
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" href=\"{}\"/>\n\
             <published>{}</published>\n<updated>{}</updated>\n\
             <summary>Reviewer(s): {}. Available until {}.</summary>\n</entry>\n",
            escape(&i.web_address),
            escape(&i.title),
            escape(&i.web_address),
            midnight(i.published_on),
            midnight(i.published_on),
            escape(&reviewers),
            i.available_until,
        ));
    }
    out.push_str("</feed>\n");
    out
}
