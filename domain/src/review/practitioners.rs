//! Practitioner events (seed: "Reflective Learning Workshop", "Practitioner Feedback Event"). The
//! workshop's invitations are "requested alongside the Chronology", "sent to all participants giving
//! plenty of notice" and "accompanied by a short briefing"; those who cannot attend may be offered a
//! one-to-one conversation. The feedback event comes "towards the end of the process", after any
//! workshop. Practitioners are counted and their agencies named, never the practitioners themselves.

use chrono::{DateTime, NaiveDate, Utc};

use super::Review;
use crate::{
    FieldError,
    error::{DomainError, IllegalTransition},
    text::{AgencyCode, Note, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// Which event.
    PractitionerEventKind, "kind" {
        ReflectiveLearningWorkshop => "reflective_learning_workshop",
        FeedbackEvent => "feedback_event",
    }
);

/// "Plenty of notice", as this platform reads it: the invitations go at least two weeks ahead.
pub const MIN_NOTICE_DAYS: i64 = 14;

/// What happened at an event, recorded once it is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventOutcome {
    pub attended: u32,
    /// Conversations offered instead to those who could not attend.
    pub one_to_one_conversations: u32,
    pub agencies_attending: Vec<AgencyCode>,
    pub note: Option<Note>,
    pub recorded_at: DateTime<Utc>,
}

/// A practitioner event as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PractitionerEvent {
    /// 1 for the review's first event, in the order recorded.
    pub number: u32,
    pub kind: PractitionerEventKind,
    pub held_on: NaiveDate,
    /// When the list of practitioners to invite was asked of agencies.
    pub invitations_requested_on: Option<NaiveDate>,
    pub invitations_sent_on: NaiveDate,
    pub briefing_sent: bool,
    pub invited: u32,
    pub note: Option<Note>,
    pub outcome: Option<EventOutcome>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// An event as asked to be recorded.
#[derive(Debug, Clone)]
pub struct EventDraft {
    pub kind: PractitionerEventKind,
    pub held_on: NaiveDate,
    pub invitations_requested_on: Option<NaiveDate>,
    pub invitations_sent_on: NaiveDate,
    pub briefing_sent: bool,
    pub invited: u32,
    pub note: Option<Note>,
}

impl EventDraft {
    /// Invitations (requested, then sent) go from the decision on, and not after today, with the
    /// notice and, for a workshop, the briefing; someone is invited; a feedback event falls after every
    /// workshop recorded.
    pub fn check(
        self,
        review: &Review,
        earlier: &[PractitionerEvent],
        today: NaiveDate,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<PractitionerEvent, DomainError> {
        let mut errors = vec![];
        let mut date = |field: &str, on: NaiveDate| {
            if on < review.decided_on || on > today {
                errors.push(FieldError::new(
                    field,
                    format!(
                        "must be between the decision ({}) and today",
                        review.decided_on
                    ),
                ));
            }
        };
        date("invitations_sent_on", self.invitations_sent_on);
        if let Some(on) = self.invitations_requested_on {
            date("invitations_requested_on", on);
            if on > self.invitations_sent_on {
                errors.push(FieldError::new(
                    "invitations_requested_on",
                    "the list of whom to invite comes before the invitations",
                ));
            }
        }
        if (self.held_on - self.invitations_sent_on).num_days() < MIN_NOTICE_DAYS {
            errors.push(FieldError::new(
                "held_on",
                format!(
                    "invitations give plenty of notice: at least {MIN_NOTICE_DAYS} days before the event"
                ),
            ));
        }
        if self.kind == PractitionerEventKind::ReflectiveLearningWorkshop && !self.briefing_sent {
            errors.push(FieldError::new(
                "briefing_sent",
                "a workshop's invitations are accompanied by a short briefing",
            ));
        }
        if self.invited == 0 {
            errors.push(FieldError::new(
                "invited",
                "invite at least one practitioner",
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        let last_workshop = earlier
            .iter()
            .filter(|e| e.kind == PractitionerEventKind::ReflectiveLearningWorkshop)
            .map(|e| e.held_on)
            .max();
        if self.kind == PractitionerEventKind::FeedbackEvent
            && last_workshop.is_some_and(|w| self.held_on <= w)
        {
            return Err(IllegalTransition::new(
                review.stage,
                &["record_practitioner_event"],
                "The feedback event comes towards the end of the process: after every workshop.",
            )
            .into());
        }
        Ok(PractitionerEvent {
            number: u32::try_from(earlier.len())
                .unwrap_or(u32::MAX)
                .saturating_add(1),
            kind: self.kind,
            held_on: self.held_on,
            invitations_requested_on: self.invitations_requested_on,
            invitations_sent_on: self.invitations_sent_on,
            briefing_sent: self.briefing_sent,
            invited: self.invited,
            note: self.note,
            outcome: None,
            recorded_by: by,
            recorded_at: at,
        })
    }
}

impl PractitionerEvent {
    /// The outcome, once the event is held and once only: no more attend than were invited, and
    /// one-to-ones only for those invited who did not attend; the agencies attending are the
    /// partnership's.
    pub fn record_outcome(
        &self,
        outcome: EventOutcome,
        registered: &[AgencyCode],
        today: NaiveDate,
    ) -> Result<EventOutcome, DomainError> {
        if self.outcome.is_some() || self.held_on > today {
            return Err(IllegalTransition::new(
                if self.outcome.is_some() {
                    "held"
                } else {
                    "planned"
                },
                &[],
                "An event's outcome is recorded once, after it is held.",
            )
            .into());
        }
        let mut errors = vec![];
        if outcome.attended > self.invited {
            errors.push(FieldError::new(
                "attended",
                format!("at most the {} invited", self.invited),
            ));
        }
        if outcome.one_to_one_conversations > self.invited.saturating_sub(outcome.attended) {
            errors.push(FieldError::new(
                "one_to_one_conversations",
                "one-to-ones are for those invited who could not attend",
            ));
        }
        for (i, a) in outcome.agencies_attending.iter().enumerate() {
            if !registered.contains(a) {
                errors.push(FieldError::new(
                    format!("agencies_attending[{i}]"),
                    "must be an agency of the partnership",
                ));
            }
        }
        if errors.is_empty() {
            Ok(outcome)
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, ReviewStage, decided_review};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn draft(kind: PractitionerEventKind, held_on: &str, sent_on: &str) -> EventDraft {
        EventDraft {
            kind,
            held_on: day(held_on),
            invitations_requested_on: Some(day("2026-09-05")),
            invitations_sent_on: day(sent_on),
            briefing_sent: true,
            invited: 12,
            note: None,
        }
    }

    fn check(
        d: EventDraft,
        earlier: &[PractitionerEvent],
    ) -> Result<PractitionerEvent, DomainError> {
        // Decided 1 September 2026; today 1 October.
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        d.check(
            &review,
            earlier,
            day("2026-10-01"),
            Subject::parse("lead").unwrap(),
            Utc::now(),
        )
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    const WORKSHOP: PractitionerEventKind = PractitionerEventKind::ReflectiveLearningWorkshop;
    const FEEDBACK: PractitionerEventKind = PractitionerEventKind::FeedbackEvent;

    #[test]
    fn a_workshops_invitations_go_with_plenty_of_notice_and_a_briefing() {
        let workshop = check(draft(WORKSHOP, "2026-10-20", "2026-09-20"), &[]).unwrap();
        assert_eq!(workshop.number, 1);
        let e = check(draft(WORKSHOP, "2026-10-01", "2026-09-20"), &[]).unwrap_err();
        assert_eq!(fields(e), ["held_on"]);
        let mut unbriefed = draft(WORKSHOP, "2026-10-20", "2026-09-20");
        unbriefed.briefing_sent = false;
        unbriefed.invited = 0;
        assert_eq!(
            fields(check(unbriefed, &[]).unwrap_err()),
            ["briefing_sent", "invited"]
        );
        let mut early = draft(WORKSHOP, "2026-10-20", "2026-09-20");
        early.invitations_requested_on = Some(day("2026-09-21"));
        assert_eq!(
            fields(check(early, &[]).unwrap_err()),
            ["invitations_requested_on"]
        );
    }

    #[test]
    fn the_feedback_event_comes_after_every_workshop() {
        let workshop = check(draft(WORKSHOP, "2026-10-20", "2026-09-20"), &[]).unwrap();
        let earlier = [workshop];
        assert!(matches!(
            check(draft(FEEDBACK, "2026-10-20", "2026-09-25"), &earlier),
            Err(DomainError::Transition(_))
        ));
        let feedback = check(draft(FEEDBACK, "2026-12-01", "2026-09-25"), &earlier).unwrap();
        assert_eq!(feedback.number, 2);
    }

    #[test]
    fn an_outcome_counts_no_more_than_were_invited_once_the_event_is_held() {
        let event = check(draft(WORKSHOP, "2026-10-20", "2026-09-20"), &[]).unwrap();
        let la = AgencyCode::parse("LA").unwrap();
        let outcome = |attended, one_to_one| EventOutcome {
            attended,
            one_to_one_conversations: one_to_one,
            agencies_attending: vec![la.clone()],
            note: None,
            recorded_at: Utc::now(),
        };
        let registered = [la.clone()];
        assert!(matches!(
            event.record_outcome(outcome(9, 3), &registered, day("2026-10-19")),
            Err(DomainError::Transition(_))
        ));
        assert!(
            event
                .record_outcome(outcome(9, 3), &registered, day("2026-10-20"))
                .is_ok()
        );
        assert_eq!(
            fields(
                event
                    .record_outcome(outcome(13, 1), &registered, day("2026-10-20"))
                    .unwrap_err()
            ),
            ["attended", "one_to_one_conversations"]
        );
        let mut held = event.clone();
        held.outcome = Some(outcome(9, 3));
        assert!(matches!(
            held.record_outcome(outcome(9, 3), &registered, day("2026-10-21")),
            Err(DomainError::Transition(_))
        ));
    }
}
