//! The circumstances partners must take into account, and those they should have regard to, when they
//! decide whether to hold a review (seed, "Criteria for a local safeguarding practice review").

use crate::{FieldError, error::Errors, text::Note};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub applies: bool,
    pub note: Option<Note>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionDraft {
    pub applies: bool,
    pub note: Option<String>,
}

macro_rules! criteria {
    ($($(#[$doc:meta])* $field:ident),+ $(,)?) => {
        /// Each criterion answered, with an optional note.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Criteria { $($(#[$doc])* pub $field: Criterion),+ }

        #[derive(Debug, Clone)]
        pub struct CriteriaDraft { $(pub $field: CriterionDraft),+ }

        impl Criteria {
            /// Every criterion with its wire name, in the order of the seed.
            pub fn named(&self) -> Vec<(&'static str, &Criterion)> {
                vec![$((stringify!($field), &self.$field)),+]
            }
        }

        impl CriteriaDraft {
            /// Builds a draft by asking for each criterion by its wire name.
            pub fn from_named(mut answer: impl FnMut(&'static str) -> CriterionDraft) -> Self {
                CriteriaDraft { $($field: answer(stringify!($field))),+ }
            }

            pub fn check(self) -> Result<Criteria, Vec<FieldError>> {
                let mut errors = Errors::new();
                $(let $field = errors.take(check_one(self.$field, stringify!($field)));)+
                match ($($field),+) {
                    ($(Some($field)),+) => Ok(Criteria { $($field),+ }),
                    _ => Err(errors.into_vec()),
                }
            }
        }
    };
}

criteria!(
    /// Must take into account: highlights improvements needed, including ones identified before.
    improvements_needed,
    /// Must take into account: highlights recurrent themes.
    recurrent_themes,
    /// Must take into account: concerns about two or more agencies working together.
    multi_agency_working,
    /// Must take into account: the National Panel considered it and thought a local review more apt.
    panel_suggested_local_review,
    /// Have regard to: cause for concern about the actions of a single agency.
    single_agency_concern,
    /// Have regard to: no agency involvement, and that gives cause for concern.
    no_agency_involvement,
    /// Have regard to: more than one local authority, police area or ICB involved, families moving.
    cross_boundary,
    /// Have regard to: issues about children in institutional settings.
    institutional_setting,
);

fn check_one(d: CriterionDraft, name: &str) -> Result<Criterion, FieldError> {
    let note = d
        .note
        .map(|n| Note::parse(&n).map_err(|e| e.under(&format!("criteria.{name}.note"))))
        .transpose()?;
    Ok(Criterion {
        applies: d.applies,
        note,
    })
}
