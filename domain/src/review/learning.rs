//! Sharing learning (seed, "Disseminating and Sharing Learning from the Review": "single or
//! multi-agency meetings, or producing briefing notes … for use in agency team meetings and/or
//! supervision sessions"; "Taking into Account Learning from National Reviews").

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    FieldError,
    text::{Name, Narrative, Note, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// How learning was shared.
    DisseminationKind, "kind" {
        Briefing => "briefing",
        LearningEvent => "learning_event",
        TeamMeeting => "team_meeting",
        Supervision => "supervision",
        Newsletter => "newsletter",
        Other => "other",
    }
);

/// Learning from a review shared with an audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dissemination {
    pub kind: DisseminationKind,
    /// Who it reached ("frontline health visitors", "all children's social care").
    pub audience: Note,
    pub held_on: NaiveDate,
    pub note: Option<Narrative>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// A national review's learning considered locally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalLearning {
    pub title: Name,
    /// Where it comes from (the National Panel's report, its reference).
    pub source: Note,
    pub considered_on: NaiveDate,
    /// How it applies locally, and what follows.
    pub local_application: Narrative,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// A date of something already done: not in the future.
pub fn check_done_on(field: &str, on: NaiveDate, today: NaiveDate) -> Result<(), FieldError> {
    if on > today {
        Err(FieldError::new(field, "must not be in the future"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_shared_or_considered_is_dated_today_at_the_latest() {
        let today: NaiveDate = "2026-11-27".parse().unwrap();
        assert!(check_done_on("held_on", today, today).is_ok());
        let e = check_done_on("held_on", "2026-11-28".parse().unwrap(), today).unwrap_err();
        assert_eq!(e.field, "held_on");
    }
}
