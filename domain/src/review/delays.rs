//! Delays (seed, "Parallel Investigations": "Any delays need to be considered by the relevant Case
//! Review Subgroup as soon as they arise. If the delay will prevent the publication of the final report
//! within six months, the National Panel and Secretary of State should be informed and provided with
//! the reason for the delay."). Each delay is recorded as it arises with its cause, its reason and the
//! completion it now projects; the last projection stands.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Review, ReviewKind};
use crate::{
    FieldError,
    error::DomainError,
    text::{Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// What delays the review (the seed's examples: a police request, a criminal trial).
    DelayCause, "cause" {
        PoliceRequest => "police_request",
        CriminalTrial => "criminal_trial",
        Inquest => "inquest",
        ParallelReview => "parallel_review",
        AgencyInformation => "agency_information",
        FamilyEngagement => "family_engagement",
        Other => "other",
    }
);

/// A delay as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delay {
    pub cause: DelayCause,
    pub reason: Narrative,
    /// When the review now expects to complete.
    pub projected_completion: NaiveDate,
    /// When the Case Review Subgroup considered it, once it has.
    pub considered_by_subgroup_on: Option<NaiveDate>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// A delay as asked to be recorded.
#[derive(Debug, Clone)]
pub struct DelayDraft {
    pub cause: DelayCause,
    pub reason: Narrative,
    pub projected_completion: NaiveDate,
    pub considered_by_subgroup_on: Option<NaiveDate>,
}

impl DelayDraft {
    /// A projection not in the past; the subgroup's consideration between the decision and today.
    pub fn check(
        self,
        review: &Review,
        today: NaiveDate,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<Delay, DomainError> {
        let mut errors = vec![];
        if self.projected_completion < today {
            errors.push(FieldError::new(
                "projected_completion",
                "a projection is not in the past",
            ));
        }
        if let Some(on) = self.considered_by_subgroup_on
            && (on < review.decided_on || on > today)
        {
            errors.push(FieldError::new(
                "considered_by_subgroup_on",
                format!(
                    "must be between the decision ({}) and today",
                    review.decided_on
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Delay {
            cause: self.cause,
            reason: self.reason,
            projected_completion: self.projected_completion,
            considered_by_subgroup_on: self.considered_by_subgroup_on,
            recorded_by: by,
            recorded_at: at,
        })
    }
}

/// When the review expects to complete: the last delay's projection, or its due date.
pub fn projected_completion(review: &Review, delays: &[Delay]) -> NaiveDate {
    delays
        .iter()
        .max_by_key(|d| d.recorded_at)
        .map_or(review.due_on, |d| d.projected_completion)
}

/// Whether the delays keep the final report past six months from the decision: then the National
/// Panel and the Secretary of State are owed the reasons. Six months for either kind of review, as the
/// seed says (an alternative review's three months are "ideally").
pub fn past_six_months(review: &Review, delays: &[Delay]) -> bool {
    !delays.is_empty()
        && projected_completion(review, delays) > ReviewKind::Cspr.due_on(review.decided_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewStage, decided_review};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn delay(review: &Review, projected: &str, today: &str) -> Result<Delay, DomainError> {
        DelayDraft {
            cause: DelayCause::CriminalTrial,
            reason: Narrative::parse(
                "The SIO asks that witnesses are not approached before trial.",
            )
            .unwrap(),
            projected_completion: day(projected),
            considered_by_subgroup_on: Some(day(today)),
        }
        .check(
            review,
            day(today),
            Subject::parse("admin").unwrap(),
            Utc::now(),
        )
    }

    #[test]
    fn a_delay_projects_a_completion_not_in_the_past_and_is_considered_after_the_decision() {
        // Decided 1 September 2026.
        let r = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        assert!(delay(&r, "2027-01-10", "2026-10-01").is_ok());
        assert!(matches!(
            delay(&r, "2026-09-30", "2026-10-01"),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            delay(&r, "2027-01-10", "2026-08-01"),
            Err(DomainError::Invalid(_))
        ));
    }

    #[test]
    fn only_a_projection_past_six_months_from_the_decision_owes_the_national_panel_the_reasons() {
        let r = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        assert_eq!(projected_completion(&r, &[]), day("2027-03-01"));
        assert!(!past_six_months(&r, &[]));
        let within = delay(&r, "2027-03-01", "2026-10-01").unwrap();
        assert!(!past_six_months(&r, std::slice::from_ref(&within)));
        let mut beyond = delay(&r, "2027-05-01", "2026-10-01").unwrap();
        beyond.recorded_at = within.recorded_at + chrono::Duration::seconds(1);
        let both = [within, beyond];
        assert_eq!(projected_completion(&r, &both), day("2027-05-01"));
        assert!(past_six_months(&r, &both));
        // An alternative review late on its three months, but within six, owes none.
        let alt = decided_review(ReviewKind::AlternativeLearningReview, ReviewStage::Monitor);
        let late = delay(&alt, "2027-02-01", "2026-10-01").unwrap();
        assert!(!past_six_months(&alt, &[late]));
    }
}
