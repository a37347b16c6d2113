//! Subject access (UK GDPR article 15): what the platform holds that concerns one person — a child or
//! family member by their pseudonym within a case, or a practitioner by their subject — gathered for
//! the partnership's data protection officer, with what in each item concerns someone else marked so
//! the officer can redact it before release. These are the rules of what concerns whom.

use crate::text::Pseudonym;

/// Whether `text` names `pseudonym` as a whole: "Child A" in "Child A's mother", not in "Child AB".
pub fn names(text: &str, pseudonym: &Pseudonym) -> bool {
    let p = pseudonym.as_str();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(p).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + p.len()..].chars().next())
    })
}

/// The other people of the case that `text` names: each pseudonym of `map` but `person`'s.
pub fn others_named(text: &str, person: &Pseudonym, map: &[Pseudonym]) -> Vec<Pseudonym> {
    map.iter()
        .filter(|p| *p != person && names(text, p))
        .cloned()
        .collect()
}

/// Whether a case's free text concerns the person: everything of a case concerns the child it is
/// about (the referral's subject); anyone else, where the text names them.
pub fn concerns(text: &str, person: &Pseudonym, subject_child: bool) -> bool {
    subject_child || names(text, person)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pseudonym {
        Pseudonym::parse(s).unwrap()
    }

    #[test]
    fn a_pseudonym_is_named_only_as_a_whole() {
        assert!(names("Child A's mother called.", &p("Child A")));
        assert!(names("Seen: Child A", &p("Child A")));
        assert!(!names("Child AB attended.", &p("Child A")));
        assert!(!names("Not Child Abe.", &p("Child A")));
        assert!(!names("", &p("Child A")));
    }

    #[test]
    fn the_others_a_text_names_are_marked_and_the_person_is_not() {
        let map = [p("Child A"), p("Child B"), p("Adult C")];
        assert_eq!(
            others_named("Adult C and Child B visited Child A.", &p("Child A"), &map),
            [p("Child B"), p("Adult C")]
        );
        assert!(others_named("Child A slept.", &p("Child A"), &map).is_empty());
    }

    #[test]
    fn the_subject_child_is_concerned_by_all_of_the_case_and_others_where_named() {
        assert!(concerns("The toddler was admitted.", &p("Child A"), true));
        assert!(!concerns("The toddler was admitted.", &p("Adult C"), false));
        assert!(concerns("Adult C was interviewed.", &p("Adult C"), false));
    }
}
