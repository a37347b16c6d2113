//! Anonymisation of the report: the published text names children and family only by the pseudonyms
//! of the review's map. Given a version's text and the identifying details held, this says, for each
//! pseudonym, whether the text uses it and how often it holds one of the person's real names — the
//! whole name, or any part of it of three letters or more (a surname alone identifies as surely). It
//! says which pseudonym a match belongs to, never the name matched, so the flag itself can be shown
//! to everyone who reads the report.

use super::identifying::{IdentifyingDetails, PseudonymEntry};
use crate::text::Pseudonym;

/// Parts of a name shorter than this are not looked for alone ("Al", "Jo" would match ordinary words).
const SHORTEST_PART: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub pseudonym: Pseudonym,
    /// Whether the text names them by their pseudonym.
    pub pseudonym_used: bool,
    /// Words of the text that are one of their names or a part of one.
    pub real_name_matches: u32,
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.trim_matches(|c| c == '\'' || c == '-').to_lowercase();
            // A possessive is the name itself: "Smith's" is "Smith".
            w.strip_suffix("'s").map(str::to_owned).unwrap_or(w)
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many of `text`'s words are `pseudonym`, as consecutive words.
fn occurrences(text: &[String], phrase: &[String]) -> usize {
    if phrase.is_empty() || phrase.len() > text.len() {
        return 0;
    }
    text.windows(phrase.len()).filter(|w| *w == phrase).count()
}

/// The flags for `text` against every pseudonym of the map, with the details held for some of them.
pub fn flags(
    text: &str,
    map: &[PseudonymEntry],
    held: &[(Pseudonym, IdentifyingDetails)],
) -> Vec<Flag> {
    let text = words(text);
    map.iter()
        .map(|entry| {
            let parts: Vec<String> = held
                .iter()
                .filter(|(p, _)| *p == entry.pseudonym)
                .flat_map(|(_, d)| d.names().flat_map(|n| words(n.as_str())))
                .filter(|w| w.chars().count() >= SHORTEST_PART)
                .collect();
            let matches = text.iter().filter(|w| parts.contains(w)).count();
            Flag {
                pseudonym: entry.pseudonym.clone(),
                pseudonym_used: occurrences(&text, &words(entry.pseudonym.as_str())) > 0,
                real_name_matches: u32::try_from(matches).unwrap_or(u32::MAX),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::{review::identifying::DetailsDraft, text::Pseudonym};

    fn entry(p: &str) -> PseudonymEntry {
        PseudonymEntry {
            pseudonym: Pseudonym::parse(p).unwrap(),
            stands_for: "subject child".into(),
            details_held: true,
        }
    }

    fn details(name: &str, others: &[&str]) -> IdentifyingDetails {
        IdentifyingDetails::parse(
            DetailsDraft {
                real_name: name.into(),
                other_names: others.iter().map(|s| (*s).to_owned()).collect(),
                ..Default::default()
            },
            NaiveDate::MAX,
        )
        .unwrap()
    }

    #[test]
    fn a_real_name_or_a_part_of_one_in_the_text_is_flagged_against_its_pseudonym() {
        let map = [entry("Child A"), entry("Adult B")];
        let held = [
            (
                Pseudonym::parse("Child A").unwrap(),
                details("Lily-May Smith", &["Lily Jones"]),
            ),
            (
                Pseudonym::parse("Adult B").unwrap(),
                details("Jo Smith", &[]),
            ),
        ];
        let text = "Child A was seen by the health visitor. Mrs SMITH said Lily-May slept; Adult B \
                    agreed. Jo was not asked.";
        let f = flags(text, &map, &held);
        // "SMITH" and "Lily-May" are Child A's (her surname and given name); "Smith" is Adult B's too,
        // "Jo" is too short to look for alone.
        assert_eq!(f[0].pseudonym.as_str(), "Child A");
        assert!(f[0].pseudonym_used);
        assert_eq!(f[0].real_name_matches, 2);
        assert!(f[1].pseudonym_used);
        assert_eq!(f[1].real_name_matches, 1);
    }

    #[test]
    fn a_clean_text_has_no_matches_and_a_pseudonym_it_never_uses_is_said_so() {
        let map = [entry("Child A"), entry("Child B")];
        let held = [(
            Pseudonym::parse("Child A").unwrap(),
            details("Lily Smith", &[]),
        )];
        let f = flags("Child A's school raised concerns in May.", &map, &held);
        assert_eq!(f[0].real_name_matches, 0);
        assert!(f[0].pseudonym_used);
        assert!(!f[1].pseudonym_used);
        assert_eq!(f[1].real_name_matches, 0);
    }

    #[test]
    fn words_are_split_on_punctuation_and_compared_without_case() {
        assert_eq!(
            words("O'Brien's report—Smith, (smith)."),
            ["o'brien", "report", "smith", "smith"]
        );
    }
}
