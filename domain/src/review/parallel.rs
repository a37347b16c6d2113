//! Parallel processes (seed: "Parallel Investigations"): a criminal investigation, an inquest, another
//! review, running beside the review. "A local CSPR will go ahead unless there are clear reasons not
//! to": a process that pauses the review needs its reason recorded.

use chrono::{DateTime, Utc};

use crate::{
    FieldError,
    error::DomainError,
    text::{Name, Narrative, Note, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// What runs beside the review.
    ParallelKind, "kind" {
        CriminalInvestigation => "criminal_investigation",
        CoronersInquest => "coroners_inquest",
        DomesticHomicideReview => "domestic_homicide_review",
        SafeguardingAdultReview => "safeguarding_adult_review",
        MappaReview => "mappa_review",
        NhsSeriousIncident => "nhs_serious_incident",
        Disciplinary => "disciplinary",
        Other => "other",
    }
);

/// A parallel process as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelProcess {
    pub kind: ParallelKind,
    /// The other process's own reference (a crime number, an inquest reference).
    pub reference: Option<Name>,
    /// Where it stands, in words ("charged; trial listed for March").
    pub status: Note,
    /// Who to contact about it (the Senior Investigating Officer, the coroner's officer).
    pub contact: Option<Name>,
    /// Whether the review's publication must wait for it.
    pub publication_waits: bool,
    /// Why the review pauses for it; none when the review goes ahead alongside.
    pub pause_reason: Option<Narrative>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
    /// When it concluded, and how, once recorded: publication no longer waits for it.
    pub conclusion: Option<Conclusion>,
}

/// How and when a parallel process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    pub concluded_on: chrono::NaiveDate,
    pub outcome: Note,
}

impl ParallelProcess {
    /// The day it concluded, if it has.
    pub fn concluded_on(&self) -> Option<chrono::NaiveDate> {
        self.conclusion.as_ref().map(|c| c.concluded_on)
    }

    /// A conclusion: once, and not in the future (a process may have ended before it was recorded).
    pub fn check_conclusion(
        &self,
        on: chrono::NaiveDate,
        today: chrono::NaiveDate,
    ) -> Result<(), DomainError> {
        if self.conclusion.is_some() {
            return Err(crate::error::IllegalTransition::new(
                "concluded",
                &[],
                "The process's conclusion is recorded already.",
            )
            .into());
        }
        if on > today {
            return Err(FieldError::new("concluded_on", "must not be in the future").into());
        }
        Ok(())
    }
}

/// A parallel process as asked to be recorded.
#[derive(Debug, Clone)]
pub struct ParallelDraft {
    pub kind: ParallelKind,
    pub reference: Option<Name>,
    pub status: Note,
    pub contact: Option<Name>,
    pub publication_waits: bool,
    pub pauses_review: bool,
    pub pause_reason: Option<Narrative>,
}

impl ParallelDraft {
    /// A process that pauses the review must say why; one that does not carries no reason.
    pub fn check(self, by: Subject, at: DateTime<Utc>) -> Result<ParallelProcess, DomainError> {
        let pause_reason = match (self.pauses_review, self.pause_reason) {
            (true, None) => {
                return Err(DomainError::Invalid(vec![FieldError::new(
                    "pause_reason",
                    "a review goes ahead unless there are clear reasons not to: give them",
                )]));
            }
            (false, Some(_)) => {
                return Err(DomainError::Invalid(vec![FieldError::new(
                    "pause_reason",
                    "only a process that pauses the review takes a reason to pause",
                )]));
            }
            (_, reason) => reason,
        };
        Ok(ParallelProcess {
            kind: self.kind,
            reference: self.reference,
            status: self.status,
            contact: self.contact,
            publication_waits: self.publication_waits,
            pause_reason,
            recorded_by: by,
            recorded_at: at,
            conclusion: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(pauses: bool, reason: Option<&str>) -> ParallelDraft {
        ParallelDraft {
            kind: ParallelKind::CriminalInvestigation,
            reference: Some(Name::parse("OP-HAWTHORN").unwrap()),
            status: Note::parse("Charged; trial listed for March.").unwrap(),
            contact: Some(Name::parse("DCI Shaw, SIO").unwrap()),
            publication_waits: true,
            pauses_review: pauses,
            pause_reason: reason.map(|r| Narrative::parse(r).unwrap()),
        }
    }

    #[test]
    fn a_review_goes_ahead_beside_a_process_unless_a_reason_to_pause_is_recorded() {
        let by = || Subject::parse("admin").unwrap();
        assert!(draft(false, None).check(by(), Utc::now()).is_ok());
        assert!(draft(true, None).check(by(), Utc::now()).is_err());
        assert!(draft(false, Some("x")).check(by(), Utc::now()).is_err());
        let paused = draft(
            true,
            Some("The SIO asks that witnesses are not approached before trial."),
        )
        .check(by(), Utc::now())
        .unwrap();
        assert!(paused.pause_reason.is_some());
    }
}
