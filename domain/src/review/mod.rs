//! Reviews: the CSPR or alternative learning review a Rapid Review's decision commissions (seed: "Review
//! Process", "Timescales"). This first part opens a review from the decision, with its kind, its stage
//! and the date it is due; commissioning, the lead reviewer, the panel and the chronology build on it.

pub mod actions;
pub mod anonymisation;
pub mod chronology;
pub mod commissioning;
pub mod declarations;
pub mod delays;
pub mod family;
pub mod identifying;
pub mod learning;
pub mod meetings;
pub mod notifications;
pub mod parallel;
pub mod practitioners;
pub mod publication;
pub mod report;
pub mod requests;
pub mod stages;
pub mod team;
pub mod terms;
pub mod themes;

use chrono::{DateTime, Months, NaiveDate, Utc};

use crate::{
    error::IllegalTransition,
    ids::{PartnershipId, ReferralId, ReviewId},
    rapid_review::{TriageOutcome, votes::DecisionOutcome},
    text::Subject,
    text_enum::text_enum,
};

text_enum!(
    /// Which review the partners decided on.
    ReviewKind, "kind" {
        Cspr => "cspr",
        AlternativeLearningReview => "alternative_learning_review",
    }
);

text_enum!(
    /// Where a review stands. A review opens in commissioning; the stages after finalise belong to
    /// the overview report and its publication.
    ReviewStage, "stage" {
        Commissioning => "commissioning",
        Establish => "establish",
        Monitor => "monitor",
        Finalise => "finalise",
        ReportApproved => "report_approved",
        Published => "published",
        Closed => "closed",
    }
);

impl ReviewKind {
    /// The review a decision commissions; "no further review" commissions none.
    pub fn from_decision(outcome: DecisionOutcome) -> Option<Self> {
        match outcome {
            DecisionOutcome::Cspr => Some(ReviewKind::Cspr),
            DecisionOutcome::AlternativeLearningReview => {
                Some(ReviewKind::AlternativeLearningReview)
            }
            DecisionOutcome::NoFurtherReview => None,
        }
    }

    /// The review triage opens: a case that does not meet the criteria for a Rapid Review may still go
    /// to an alternative learning review, opened there and then.
    pub fn from_triage(outcome: TriageOutcome) -> Option<Self> {
        match outcome {
            TriageOutcome::AlternativeLearningReview => Some(ReviewKind::AlternativeLearningReview),
            TriageOutcome::RapidReview | TriageOutcome::Close => None,
        }
    }

    /// How long the review has from its decision: a CSPR "no later than six months from the date of the
    /// decision"; an alternative review "ideally within three months".
    pub fn months_allowed(self) -> u32 {
        match self {
            ReviewKind::Cspr => 6,
            ReviewKind::AlternativeLearningReview => 3,
        }
    }

    /// The day the review is due, counted in calendar months from the decision's date in England; a
    /// month without that day ends the count on its last day (31 August gives 28 or 29 February).
    pub fn due_on(self, decided_on: NaiveDate) -> NaiveDate {
        decided_on
            .checked_add_months(Months::new(self.months_allowed()))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// A review, as commissioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: ReviewId,
    pub partnership_id: PartnershipId,
    pub referral_id: ReferralId,
    pub kind: ReviewKind,
    pub stage: ReviewStage,
    /// The decision's date in England: the day the review's time starts.
    pub decided_on: NaiveDate,
    pub due_on: NaiveDate,
    pub opened_by: Subject,
    pub opened_at: DateTime<Utc>,
}

impl Review {
    /// The review a decision commissions, in commissioning, due by its kind's time from the decision.
    pub fn open(
        partnership_id: PartnershipId,
        referral_id: ReferralId,
        kind: ReviewKind,
        decided_on: NaiveDate,
        opened_by: Subject,
        opened_at: DateTime<Utc>,
    ) -> Self {
        Review {
            id: ReviewId::generate(),
            partnership_id,
            referral_id,
            kind,
            stage: ReviewStage::Commissioning,
            decided_on,
            due_on: kind.due_on(decided_on),
            opened_by,
            opened_at,
        }
    }
}

impl Review {
    /// The running of a review (its terms of reference, delays, family engagement, practitioner events)
    /// is recorded once it is commissioned and until its report is approved.
    pub fn check_running(&self) -> Result<(), IllegalTransition> {
        match self.stage {
            ReviewStage::Establish | ReviewStage::Monitor | ReviewStage::Finalise => Ok(()),
            ReviewStage::Commissioning => Err(IllegalTransition::new(
                self.stage,
                &["record_commissioning"],
                "The review is not commissioned yet: record its commissioning first.",
            )),
            _ => Err(IllegalTransition::new(
                self.stage,
                &[],
                format!("The review is {}: its running is over.", self.stage),
            )),
        }
    }
}

/// A review decided on 1 September 2026, in `stage`: where the review rules' unit tests start.
#[cfg(test)]
pub(crate) fn decided_review(kind: ReviewKind, stage: ReviewStage) -> Review {
    let mut r = Review::open(
        PartnershipId::generate(),
        ReferralId::generate(),
        kind,
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default(),
        Subject::parse("admin").unwrap_or_else(|_| unreachable!()),
        Utc::now(),
    );
    r.stage = stage;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_cspr_is_due_six_months_from_its_decision_and_an_alternative_review_three() {
        assert_eq!(
            ReviewKind::Cspr.due_on(day("2026-12-15")),
            day("2027-06-15")
        );
        assert_eq!(
            ReviewKind::AlternativeLearningReview.due_on(day("2026-12-15")),
            day("2027-03-15")
        );
    }

    #[test]
    fn a_month_without_the_decisions_day_ends_the_count_on_its_last_day() {
        assert_eq!(
            ReviewKind::Cspr.due_on(day("2026-08-31")),
            day("2027-02-28")
        );
        assert_eq!(
            ReviewKind::Cspr.due_on(day("2027-08-31")),
            day("2028-02-29")
        );
        assert_eq!(
            ReviewKind::AlternativeLearningReview.due_on(day("2026-11-30")),
            day("2027-02-28")
        );
    }

    #[test]
    fn only_a_decision_to_review_commissions_a_review() {
        assert_eq!(
            ReviewKind::from_decision(DecisionOutcome::Cspr),
            Some(ReviewKind::Cspr)
        );
        assert_eq!(
            ReviewKind::from_decision(DecisionOutcome::AlternativeLearningReview),
            Some(ReviewKind::AlternativeLearningReview)
        );
        assert_eq!(
            ReviewKind::from_decision(DecisionOutcome::NoFurtherReview),
            None
        );
    }

    #[test]
    fn a_review_runs_from_its_commissioning_until_its_report_is_approved() {
        for stage in ReviewStage::ALL {
            let running = decided_review(ReviewKind::Cspr, *stage).check_running();
            let expected = matches!(
                stage,
                ReviewStage::Establish | ReviewStage::Monitor | ReviewStage::Finalise
            );
            assert_eq!(running.is_ok(), expected, "{stage}");
        }
    }

    #[test]
    fn triage_opens_only_an_alternative_learning_review() {
        assert_eq!(
            ReviewKind::from_triage(TriageOutcome::AlternativeLearningReview),
            Some(ReviewKind::AlternativeLearningReview)
        );
        assert_eq!(ReviewKind::from_triage(TriageOutcome::RapidReview), None);
        assert_eq!(ReviewKind::from_triage(TriageOutcome::Close), None);
    }

    #[test]
    fn a_review_opens_in_commissioning_with_its_due_date() {
        let r = Review::open(
            PartnershipId::generate(),
            ReferralId::generate(),
            ReviewKind::Cspr,
            day("2027-01-10"),
            Subject::parse("jo").unwrap(),
            Utc::now(),
        );
        assert_eq!(r.stage, ReviewStage::Commissioning);
        assert_eq!(r.due_on, day("2027-07-10"));
    }
}
