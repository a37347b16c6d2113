//! The shapes of the constrained texts, for the contract: what the server's parsers accept, said as JSON
//! Schema, so that a request valid by the schema is not refused for its shape. Lengths count characters
//! after trimming; control characters other than tab and line breaks are refused; the patterns say both.
//! Fields name these with `#[schema(value_type = …)]`; they exist only for the document.

use std::borrow::Cow;

use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        RefOr,
        schema::{ObjectBuilder, Schema, SchemaType, Type},
    },
};

/// No control characters (but tab and line breaks), and at least one character that is not white space.
const FREE_TEXT: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";

fn text(description: &str, min: usize, max: usize, pattern: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .description(Some(description))
        .min_length(Some(min))
        .max_length(Some(max))
        .pattern(Some(pattern))
        .into()
}

macro_rules! text_schema {
    ($(#[$meta:meta])* $name:ident, $component:literal, $description:literal, $min:expr, $max:expr, $pattern:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                text($description, $min, $max, $pattern)
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($component)
            }
        }
    };
}

text_schema!(
    /// A name (an agency's, a local authority's, a representative's role).
    NameText, "Name", "A name: 1 to 200 characters, not blank, no control characters.", 1, 200, FREE_TEXT
);
text_schema!(
    /// Who a token names (`sub`).
    SubjectText, "Subject", "A sign-in identity (a token's `sub`): 1 to 200 characters, not blank, no control characters.", 1, 200, FREE_TEXT
);
text_schema!(
    /// A note beside a structured answer.
    NoteText, "Note", "A short note: 1 to 2,000 characters, not blank, no control characters.", 1, 2_000, FREE_TEXT
);
text_schema!(
    /// A referral's summary.
    SummaryText, "Summary", "A summary: 1 to 4,000 characters, not blank, no control characters. Summarise; do not paste case notes.", 1, 4_000, FREE_TEXT
);
text_schema!(
    /// Reasons, a view, an analysis.
    NarrativeText, "Narrative", "A longer account: 1 to 8,000 characters, not blank, no control characters.", 1, 8_000, FREE_TEXT
);
text_schema!(
    /// An agency's code.
    AgencyCodeText, "AgencyCode", "An agency's code: 2 to 32 letters, digits, hyphens or underscores (stored upper-case).", 2, 32, r"^[A-Za-z0-9_-]{2,32}$"
);
text_schema!(
    /// A child's pseudonym.
    ChildPseudonymText, "ChildPseudonym", "A child's pseudonym, never a name: \"Child \" and 1 to 3 capital letters or digits.", 7, 40, r"^\s*Child [A-Z0-9]{1,3}\s*$"
);
text_schema!(
    /// A child's or an adult family member's pseudonym.
    PseudonymText, "Pseudonym", "A pseudonym, never a name: \"Child \" or \"Adult \" and 1 to 3 capital letters or digits.", 7, 40, r"^\s*(Child|Adult) [A-Z0-9]{1,3}\s*$"
);
