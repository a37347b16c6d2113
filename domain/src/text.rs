//! Constrained text values, each parsed once at the edge.

use std::fmt;

use crate::FieldError;

fn trimmed_within(s: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let t = s.trim();
    let n = t.chars().count();
    if n < min {
        return Err(FieldError::new(
            "",
            if min == 1 {
                "must not be blank".to_owned()
            } else {
                format!("must be at least {min} characters")
            },
        ));
    }
    if n > max {
        return Err(FieldError::new(
            "",
            format!("must be at most {max} characters"),
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new("", "must not contain control characters"));
    }
    Ok(t.to_owned())
}

macro_rules! text_value {
    ($(#[$meta:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            /// Trims surrounding white space, then checks the length and refuses control characters.
            pub fn parse(s: &str) -> Result<Self, FieldError> {
                trimmed_within(s, $min, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_value!(
    /// A display name: of a partnership, an agency, a local authority.
    Name, 1, 200
);
text_value!(
    /// A short free-text note beside a structured answer (why a criterion applies, say).
    Note, 1, 2_000
);
text_value!(
    /// The bounded free-text summary of a referral. Bounded so that agencies summarise rather than paste
    /// case notes, as the procedure asks.
    Summary, 1, 4_000
);
text_value!(
    /// A longer account: reasons for a decision, an agency's summary or analysis of its involvement.
    Narrative, 1, 8_000
);
text_value!(
    /// Who the token says the caller is (`sub`): a person or a service account, never shown to other tenants.
    Subject, 1, 200
);

/// A partnership's short name in URLs and tokens: lower-case letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartnershipSlug(String);

impl PartnershipSlug {
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let ok_len = (2..=40).contains(&s.len());
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let ok_ends = !s.starts_with('-') && !s.ends_with('-');
        if ok_len && ok_chars && ok_ends {
            Ok(Self(s.to_owned()))
        } else {
            Err(FieldError::new(
                "slug",
                "must be 2 to 40 lower-case letters, digits or inner hyphens",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnershipSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An agency's code, unique in its partnership (`CAMBS-POLICE`). Stored upper-case so that codes typed in
/// different cases name the same agency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgencyCode(String);

impl AgencyCode {
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let ok_len = (2..=32).contains(&s.len());
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if ok_len && ok_chars {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(FieldError::new(
                "code",
                "must be 2 to 32 letters, digits, hyphens or underscores",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a child or family member is named in the platform: "Child A", "Child AB1" for children, "Adult
/// B" for the adults of the family. Real names never enter the platform, so the shape is fixed rather
/// than free text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pseudonym(String);

impl Pseudonym {
    /// A child's or an adult family member's pseudonym.
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Self::with_prefixes(s, &["Child ", "Adult "]).ok_or_else(|| {
            FieldError::new(
                "pseudonym",
                "must be a pseudonym of the form \"Child A\" or \"Adult B\" (1 to 3 capital letters or digits); real names are never recorded",
            )
        })
    }

    /// A child's pseudonym: "Child A".
    pub fn parse_child(s: &str) -> Result<Self, FieldError> {
        Self::with_prefixes(s, &["Child "]).ok_or_else(|| {
            FieldError::new(
                "pseudonym",
                "must be a pseudonym of the form \"Child A\" (1 to 3 capital letters or digits); real names are never recorded",
            )
        })
    }

    /// The longest text taken, white space around it included (the contract's `maxLength`).
    pub const MAX_CHARS: usize = 40;

    fn with_prefixes(s: &str, prefixes: &[&str]) -> Option<Self> {
        if s.chars().count() > Self::MAX_CHARS {
            return None;
        }
        let s = s.trim();
        prefixes.iter().find_map(|prefix| {
            let rest = s.strip_prefix(prefix)?;
            ((1..=3).contains(&rest.len())
                && rest
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
            .then(|| Self(format!("{prefix}{rest}")))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            Name::parse("  Cambs  ").map(|n| n.into_string()),
            Ok("Cambs".to_owned())
        );
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse(&"x".repeat(201)).is_err());
        assert!(Name::parse(&"é".repeat(200)).is_ok());
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_are_kept() {
        assert!(Summary::parse("a\u{0}b").is_err());
        assert!(Summary::parse("line one\nline two").is_ok());
    }

    #[test]
    fn a_slug_is_lower_case_with_inner_hyphens() {
        assert!(PartnershipSlug::parse("demo").is_ok());
        assert!(PartnershipSlug::parse("cambs-pboro").is_ok());
        assert!(PartnershipSlug::parse("Demo").is_err());
        assert!(PartnershipSlug::parse("-demo").is_err());
        assert!(PartnershipSlug::parse("d").is_err());
    }

    #[test]
    fn agency_codes_are_upper_cased() {
        assert_eq!(
            AgencyCode::parse("cambs-police").map(|c| c.0),
            Ok("CAMBS-POLICE".to_owned())
        );
        assert!(AgencyCode::parse("has space").is_err());
        assert!(AgencyCode::parse("x").is_err());
    }

    #[test]
    fn pseudonyms_take_the_child_or_adult_letter_form_only() {
        assert_eq!(
            Pseudonym::parse("Child A").map(|p| p.0),
            Ok("Child A".to_owned())
        );
        assert!(Pseudonym::parse("Child AB1").is_ok());
        assert!(Pseudonym::parse("Jane Smith").is_err());
        assert!(Pseudonym::parse("Child Jane").is_err());
        assert!(Pseudonym::parse("Child ").is_err());
        assert!(Pseudonym::parse("Adult B").is_ok());
        assert!(Pseudonym::parse_child("Adult B").is_err());
        assert!(Pseudonym::parse_child(" Child C ").is_ok());
        assert!(Pseudonym::parse(&format!("Child A{}", " ".repeat(34))).is_err());
    }
}
