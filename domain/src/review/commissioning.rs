//! Commissioning (seed: "Methodology"; issue 10): how the review will be conducted, and, for an
//! alternative learning review, "the governance, timescales and reporting arrangements agreed and
//! reported to the Case Review Subgroup". Recording it moves the review from `commissioning` to
//! `establish`.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Review, ReviewKind, ReviewStage};
use crate::{
    FieldError,
    error::{DomainError, IllegalTransition},
    text::{Narrative, Note, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// The models of review the seed describes (Appendix 3); any may be adapted to the case, and
    /// `other` names its own.
    Methodology, "methodology" {
        SystemsLearningTogether => "systems_learning_together",
        TraditionalWithImrs => "traditional_with_imrs",
        MultiAgencyChronology => "multi_agency_chronology",
        ReflectiveLearningWorkshop => "reflective_learning_workshop",
        PeerReview => "peer_review",
        RootCauseAnalysis => "root_cause_analysis",
        SignificantEventAnalysis => "significant_event_analysis",
        Other => "other",
    }
);

/// Commissioning as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commissioning {
    pub methodology: Methodology,
    /// How the methodology is adapted to the case; required for `other`.
    pub methodology_note: Option<Note>,
    /// The governance, timescales and reporting arrangements (required for an alternative review).
    pub arrangements: Option<Narrative>,
    /// When those arrangements were reported to the Case Review Subgroup (alternative review).
    pub reported_to_subgroup_on: Option<NaiveDate>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// Commissioning as asked, before the rules.
#[derive(Debug, Clone)]
pub struct CommissioningDraft {
    pub methodology: Methodology,
    pub methodology_note: Option<Note>,
    pub arrangements: Option<Narrative>,
    pub reported_to_subgroup_on: Option<NaiveDate>,
}

impl CommissioningDraft {
    /// Commissioning is recorded once, while the review is in `commissioning`; `other` names its
    /// method; an alternative review records its arrangements and the day they were reported to the
    /// subgroup (not before the decision, not in the future).
    pub fn check(
        self,
        review: &Review,
        today: NaiveDate,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<Commissioning, DomainError> {
        if review.stage != ReviewStage::Commissioning {
            return Err(IllegalTransition::new(
                review.stage,
                &[],
                format!(
                    "Commissioning is recorded once, while the review is in commissioning; it is {}.",
                    review.stage
                ),
            )
            .into());
        }
        let mut errors = vec![];
        if self.methodology == Methodology::Other && self.methodology_note.is_none() {
            errors.push(FieldError::new(
                "methodology_note",
                "name the method when it is `other`",
            ));
        }
        if review.kind == ReviewKind::AlternativeLearningReview {
            if self.arrangements.is_none() {
                errors.push(FieldError::new(
                    "arrangements",
                    "an alternative review records its governance, timescales and reporting arrangements",
                ));
            }
            match self.reported_to_subgroup_on {
                None => errors.push(FieldError::new(
                    "reported_to_subgroup_on",
                    "an alternative review's arrangements are reported to the Case Review Subgroup",
                )),
                Some(on) if on < review.decided_on || on > today => errors.push(FieldError::new(
                    "reported_to_subgroup_on",
                    format!(
                        "must be between the decision ({}) and today",
                        review.decided_on
                    ),
                )),
                Some(_) => {}
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Commissioning {
            methodology: self.methodology,
            methodology_note: self.methodology_note,
            arrangements: self.arrangements,
            reported_to_subgroup_on: self.reported_to_subgroup_on,
            recorded_by: by,
            recorded_at: at,
        })
    }
}

/// The stage a review moves to once commissioned.
pub const COMMISSIONED: ReviewStage = ReviewStage::Establish;

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn review(kind: ReviewKind) -> Review {
        crate::review::decided_review(kind, crate::review::ReviewStage::Commissioning)
    }

    fn draft(methodology: Methodology) -> CommissioningDraft {
        CommissioningDraft {
            methodology,
            methodology_note: None,
            arrangements: None,
            reported_to_subgroup_on: None,
        }
    }

    fn check(d: CommissioningDraft, r: &Review) -> Result<Commissioning, DomainError> {
        d.check(
            r,
            day("2026-09-10"),
            Subject::parse("admin").unwrap(),
            Utc::now(),
        )
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_cspr_is_commissioned_with_its_method_and_other_names_its_own() {
        let r = review(ReviewKind::Cspr);
        assert!(check(draft(Methodology::SystemsLearningTogether), &r).is_ok());
        assert_eq!(
            fields(check(draft(Methodology::Other), &r).unwrap_err()),
            ["methodology_note"]
        );
        let mut named = draft(Methodology::Other);
        named.methodology_note = Some(Note::parse("Appreciative inquiry").unwrap());
        assert!(check(named, &r).is_ok());
    }

    #[test]
    fn an_alternative_review_records_its_arrangements_reported_to_the_subgroup() {
        let r = review(ReviewKind::AlternativeLearningReview);
        assert_eq!(
            fields(check(draft(Methodology::PeerReview), &r).unwrap_err()),
            ["arrangements", "reported_to_subgroup_on"]
        );
        let mut d = draft(Methodology::PeerReview);
        d.arrangements =
            Some(Narrative::parse("Chaired by the subgroup; report in 12 weeks.").unwrap());
        d.reported_to_subgroup_on = Some(day("2026-08-31"));
        assert_eq!(
            fields(check(d.clone(), &r).unwrap_err()),
            ["reported_to_subgroup_on"]
        );
        d.reported_to_subgroup_on = Some(day("2026-09-08"));
        assert!(check(d, &r).is_ok());
    }

    #[test]
    fn commissioning_is_recorded_once() {
        let mut r = review(ReviewKind::Cspr);
        r.stage = COMMISSIONED;
        assert!(matches!(
            check(draft(Methodology::PeerReview), &r),
            Err(DomainError::Transition(_))
        ));
    }
}
