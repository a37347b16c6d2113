//! Panel meetings (issue 10): dated, with the team members present, and at every one the seed's
//! question — "the Panel will consider at every meeting whether any immediate single or multi-agency
//! action is required" — answered, with the actions and any messages to the workforce.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Review, team::TeamMember};
use crate::{
    FieldError,
    error::DomainError,
    text::{Narrative, Subject},
};

/// A panel meeting as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelMeeting {
    /// 1 for the first meeting, in the order recorded.
    pub number: u32,
    pub held_on: NaiveDate,
    /// Team members present, by subject.
    pub present: Vec<Subject>,
    /// The panel's answer to "is any immediate single or multi-agency action required?".
    pub immediate_action_required: bool,
    pub immediate_actions: Vec<Narrative>,
    pub messages_to_workforce: Vec<Narrative>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// A meeting as asked to be recorded.
#[derive(Debug, Clone)]
pub struct MeetingDraft {
    pub held_on: NaiveDate,
    pub present: Vec<Subject>,
    pub immediate_action_required: bool,
    pub immediate_actions: Vec<Narrative>,
    pub messages_to_workforce: Vec<Narrative>,
}

impl MeetingDraft {
    /// A meeting is recorded once the review is commissioned and before its report is approved, held
    /// between the decision and today, attended by members of the team; when immediate action is
    /// required, the actions are named.
    pub fn check(
        self,
        review: &Review,
        team: &[TeamMember],
        held_before: usize,
        today: NaiveDate,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<PanelMeeting, DomainError> {
        review.check_running()?;
        let mut errors = vec![];
        if self.held_on < review.decided_on || self.held_on > today {
            errors.push(FieldError::new(
                "held_on",
                format!(
                    "must be between the decision ({}) and today",
                    review.decided_on
                ),
            ));
        }
        if self.present.is_empty() {
            errors.push(FieldError::new("present", "name the team members present"));
        }
        for (i, s) in self.present.iter().enumerate() {
            if !team.iter().any(|m| m.subject == *s) {
                errors.push(FieldError::new(
                    format!("present[{i}]"),
                    "must be a member of the review's team",
                ));
            }
        }
        if self.immediate_action_required && self.immediate_actions.is_empty() {
            errors.push(FieldError::new(
                "immediate_actions",
                "name the actions when immediate action is required",
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(PanelMeeting {
            number: u32::try_from(held_before + 1).unwrap_or(u32::MAX),
            held_on: self.held_on,
            present: self.present,
            immediate_action_required: self.immediate_action_required,
            immediate_actions: self.immediate_actions,
            messages_to_workforce: self.messages_to_workforce,
            recorded_by: by,
            recorded_at: at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::ReviewStage;
    use crate::{
        review::{ReviewKind, team::TeamRole},
        text::Name,
    };

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn who(s: &str) -> Subject {
        Subject::parse(s).unwrap()
    }

    fn review(stage: ReviewStage) -> Review {
        crate::review::decided_review(ReviewKind::Cspr, stage)
    }

    fn team() -> Vec<TeamMember> {
        vec![TeamMember {
            subject: who("ann"),
            role: TeamRole::LeadReviewer,
            name: Name::parse("Ann").unwrap(),
            agency: None,
            independent_of_case: true,
            appointed_by: who("admin"),
            appointed_at: Utc::now(),
        }]
    }

    fn draft(required: bool, actions: usize) -> MeetingDraft {
        MeetingDraft {
            held_on: day("2026-09-15"),
            present: vec![who("ann")],
            immediate_action_required: required,
            immediate_actions: (0..actions)
                .map(|_| {
                    Narrative::parse("Share the attendance protocol with all schools.").unwrap()
                })
                .collect(),
            messages_to_workforce: vec![],
        }
    }

    fn check(d: MeetingDraft, r: &Review, before: usize) -> Result<PanelMeeting, DomainError> {
        d.check(
            r,
            &team(),
            before,
            day("2026-09-20"),
            who("admin"),
            Utc::now(),
        )
    }

    #[test]
    fn every_meeting_answers_whether_immediate_action_is_required_naming_the_actions() {
        let r = review(ReviewStage::Establish);
        assert_eq!(check(draft(false, 0), &r, 0).unwrap().number, 1);
        assert_eq!(check(draft(true, 1), &r, 1).unwrap().number, 2);
        match check(draft(true, 0), &r, 0) {
            Err(DomainError::Invalid(f)) => assert_eq!(f[0].field, "immediate_actions"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_meeting_is_of_the_team_dated_from_the_decision_and_only_once_commissioned() {
        let r = review(ReviewStage::Monitor);
        let mut d = draft(false, 0);
        d.present = vec![who("eve")];
        d.held_on = day("2026-08-01");
        match check(d, &r, 0) {
            Err(DomainError::Invalid(f)) => {
                let fields: Vec<_> = f.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["held_on", "present[0]"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            check(draft(false, 0), &review(ReviewStage::Commissioning), 0),
            Err(DomainError::Transition(_))
        ));
    }
}
