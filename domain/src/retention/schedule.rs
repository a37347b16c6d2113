//! Retention classes and when each record becomes due for disposal. A partnership sets each class's
//! period in years, from the documented default; a record's clock starts at its event (closure at
//! triage, the Rapid Review's decision, the review's closure, publication) and, for a record about a
//! child whose date of birth is known, never ends before the child's 25th birthday. A case still
//! running has no clock yet.

use chrono::{Months, NaiveDate};

use crate::{
    FieldError,
    rapid_review::{TriageOutcome, votes::DecisionOutcome},
    review::ReviewKind,
    text_enum::text_enum,
};

text_enum!(
    /// What kind of record, for how long it is kept.
    RetentionClass, "class" {
        TriageClosed => "triage_closed",
        RapidReview => "rapid_review",
        AlternativeReview => "alternative_review",
        Cspr => "cspr",
        PublishedReport => "published_report",
        AuditTrail => "audit_trail",
        DeliveryLog => "delivery_log",
    }
);

/// Every class, in the order they are listed.
pub const CLASSES: [RetentionClass; 7] = [
    RetentionClass::TriageClosed,
    RetentionClass::RapidReview,
    RetentionClass::AlternativeReview,
    RetentionClass::Cspr,
    RetentionClass::PublishedReport,
    RetentionClass::AuditTrail,
    RetentionClass::DeliveryLog,
];

/// A record about a child is kept at least until the child is this old.
pub const CHILD_AGE_YEARS: u32 = 25;

impl RetentionClass {
    /// The default period, in years from the record's event (docs/DATA-PROTECTION.md says why each).
    pub fn default_years(self) -> u32 {
        match self {
            RetentionClass::TriageClosed => 6,
            RetentionClass::RapidReview => 15,
            RetentionClass::AlternativeReview => 15,
            RetentionClass::Cspr => 25,
            RetentionClass::PublishedReport => 25,
            RetentionClass::AuditTrail => 7,
            RetentionClass::DeliveryLog => 2,
        }
    }

    /// Whether the record is about a child, so kept at least to the child's 25th birthday.
    fn about_a_child(self) -> bool {
        matches!(
            self,
            RetentionClass::TriageClosed
                | RetentionClass::RapidReview
                | RetentionClass::AlternativeReview
                | RetentionClass::Cspr
        )
    }
}

/// A period a partnership sets: whole years, 1 to 100.
pub fn parse_years(years: u32) -> Result<u32, FieldError> {
    if (1..=100).contains(&years) {
        Ok(years)
    } else {
        Err(FieldError::new("years", "must be between 1 and 100"))
    }
}

/// What the schedule needs of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub triage: Option<(NaiveDate, TriageOutcome)>,
    pub decision: Option<(NaiveDate, DecisionOutcome)>,
    /// The review the decision opened: its kind and the day it closed (its plan signed off).
    pub review: Option<(ReviewKind, Option<NaiveDate>)>,
    /// The children's dates of birth, where known.
    pub children_born: Vec<NaiveDate>,
}

text_enum!(
    /// Which record: a case (the referral, its Rapid Review and its review), the publication record of
    /// its review, or a partnership's audit trail or delivery log (disposed of by age, a period at a
    /// time).
    RecordKind, "record" {
        Case => "case",
        Publication => "publication",
        AuditTrail => "audit_trail",
        DeliveryLog => "delivery_log",
    }
);

/// When a record becomes due, and why then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub record: RecordKind,
    pub class: RetentionClass,
    /// The event its clock starts at, in words.
    pub event: &'static str,
    pub event_on: NaiveDate,
    pub due_on: NaiveDate,
}

fn years_after(on: NaiveDate, years: u32) -> NaiveDate {
    on.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// The day a record of `class` whose event fell `event_on` is due, kept `years`.
pub fn due_on(
    class: RetentionClass,
    event_on: NaiveDate,
    years: u32,
    children_born: &[NaiveDate],
) -> NaiveDate {
    let after_event = years_after(event_on, years);
    let coming_of_age = children_born
        .iter()
        .filter(|_| class.about_a_child())
        .map(|born| years_after(*born, CHILD_AGE_YEARS))
        .max();
    coming_of_age.map_or(after_event, |d| d.max(after_event))
}

/// The case's class and the event its clock starts at; none while the case runs.
pub fn case_event(case: &CaseFacts) -> Option<(RetentionClass, &'static str, NaiveDate)> {
    if let Some((on, TriageOutcome::Close)) = case.triage {
        return Some((RetentionClass::TriageClosed, "closed at triage", on));
    }
    match (case.decision, case.review) {
        (Some((on, DecisionOutcome::NoFurtherReview)), _) => Some((
            RetentionClass::RapidReview,
            "decided: no further review",
            on,
        )),
        (_, Some((ReviewKind::Cspr, Some(closed)))) => {
            Some((RetentionClass::Cspr, "review closed", closed))
        }
        (_, Some((ReviewKind::AlternativeLearningReview, Some(closed)))) => {
            Some((RetentionClass::AlternativeReview, "review closed", closed))
        }
        _ => None,
    }
}

/// The records of a case that have a clock, with when each is due under `years_of`.
pub fn schedule(
    case: &CaseFacts,
    published_on: Option<NaiveDate>,
    years_of: impl Fn(RetentionClass) -> u32,
) -> Vec<Due> {
    let mut due = vec![];
    if let Some((class, event, on)) = case_event(case) {
        due.push(Due {
            record: RecordKind::Case,
            class,
            event,
            event_on: on,
            due_on: due_on(class, on, years_of(class), &case.children_born),
        });
    }
    if let Some(on) = published_on {
        let class = RetentionClass::PublishedReport;
        due.push(Due {
            record: RecordKind::Publication,
            class,
            event: "published",
            event_on: on,
            due_on: due_on(class, on, years_of(class), &case.children_born),
        });
    }
    due
}

#[cfg(test)]
mod tests;
