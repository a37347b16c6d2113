//! The Rapid Review: from triage to the submission to the National Panel (seed, "Making a Referral" to
//! "Sharing the Outcome of the Rapid Review", and Appendix 1). `RapidReview` holds everything recorded
//! about one referral; each command checks that the process allows it now, and says what may happen
//! next when it does not.

pub mod clocks;
mod commands;
pub mod escalations;
pub use commands::MeetingPlan;
pub mod meeting;
mod notifications;
pub mod process;
pub mod requests;
pub mod timeline;
pub mod votes;

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    DomainError, FieldError, Refusal,
    agency::{Agency, StatutoryRole},
    error::IllegalTransition,
    referral::{AbuseOrNeglect, Harm, PanelDuty, Referral, ReferralKind, ReferralStatus},
    text::{AgencyCode, Name, Narrative, Subject},
    text_enum::text_enum,
};
use meeting::{Attendee, Meeting};
use process::{StepRule, Today};
use requests::{InformationRequest, RequestKind};
use votes::{Decision, DecisionOutcome, Question, Vote};

text_enum!(
    /// Where triage sends a referral.
    TriageOutcome, "outcome" {
        RapidReview => "rapid_review",
        Close => "close",
        AlternativeLearningReview => "alternative_learning_review",
    }
);

text_enum!(
    /// Notifications the platform records: the serious incident notification and, for a looked-after
    /// child's death, Ofsted's and the Secretary of State's; then the decision's (see `notifications.rs`).
    NotificationKind, "kind" {
        NationalPanelSeriousIncident => "national_panel_serious_incident",
        OfstedLookedAfterDeath => "ofsted_looked_after_death",
        SecretaryOfStateLookedAfterDeath => "secretary_of_state_looked_after_death",
        DecisionDepartmentForEducation => "decision_department_for_education",
        DecisionOfsted => "decision_ofsted",
        DecisionInvolvedAgencies => "decision_involved_agencies",
        DecisionLeadsAndChair => "decision_leads_and_chair",
    }
);

/// The Head of Service's triage with the AD Quality Assurance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triage {
    pub criteria_met: bool,
    pub outcome: TriageOutcome,
    pub reasons: Narrative,
    pub decided_by: Subject,
    pub decided_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub kind: NotificationKind,
    pub sent_on: NaiveDate,
    pub reference: Option<Name>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// A Case Review Subgroup member's view on whether the criteria are met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubgroupView {
    pub agency: AgencyCode,
    /// The agency's statutory role when the view was given: the step is done once each partner's is in.
    pub statutory_role: StatutoryRole,
    pub criteria_met: bool,
    pub view: Narrative,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// Why day 15 will be missed, and when the Panel can expect the decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelayNotice {
    pub reasons: Narrative,
    pub expected_on: NaiveDate,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// The completed Rapid Review as sent to the National Panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub sent_on: NaiveDate,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
    /// The Panel's acknowledgement, once recorded.
    pub acknowledgement: Option<Acknowledgement>,
}

/// The National Panel's acknowledgement of a submission, with the reference it gave the case,
/// recorded by its submission integration (or by the business team from the Panel's e-mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledgement {
    pub panel_reference: Name,
    pub acknowledged_on: NaiveDate,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// Everything recorded about one referral's Rapid Review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RapidReview {
    pub referral: Referral,
    pub triage: Option<Triage>,
    pub notifications: Vec<Notification>,
    pub requests: Vec<InformationRequest>,
    pub composite_sent_at: Option<DateTime<Utc>>,
    /// Why the composite went without any accepted return, when it did.
    pub composite_reason: Option<Narrative>,
    pub views: Vec<SubgroupView>,
    /// Every meeting, in order: all but the last were held and inquorate.
    pub meetings: Vec<Meeting>,
    pub votes: Vec<Vote>,
    pub decision: Option<Decision>,
    pub delay: Option<DelayNotice>,
    pub submission: Option<Submission>,
    /// Requests escalated to the Case Review Subgroup or the Safeguarding Partners.
    pub escalations: Vec<escalations::Escalation>,
}

impl RapidReview {
    /// A referral with nothing yet recorded about it.
    pub fn new(referral: Referral) -> Self {
        RapidReview {
            referral,
            triage: None,
            notifications: vec![],
            requests: vec![],
            composite_sent_at: None,
            composite_reason: None,
            views: vec![],
            meetings: vec![],
            votes: vec![],
            decision: None,
            delay: None,
            submission: None,
            escalations: vec![],
        }
    }

    /// Where the referral stands, derived from what has been recorded.
    pub fn status(&self) -> ReferralStatus {
        match (&self.triage, &self.decision, &self.submission) {
            (_, _, Some(_)) => ReferralStatus::Submitted,
            (_, Some(_), None) => ReferralStatus::Decided,
            (None, None, None) => ReferralStatus::Received,
            (Some(t), None, None) => match t.outcome {
                TriageOutcome::RapidReview => ReferralStatus::RapidReview,
                TriageOutcome::Close => ReferralStatus::Closed,
                TriageOutcome::AlternativeLearningReview => {
                    ReferralStatus::AlternativeLearningReview
                }
            },
        }
    }

    /// The date the referral was received (keyed in later, perhaps): the clocks count from it.
    pub fn received_on(&self) -> NaiveDate {
        self.referral.details.received_on
    }

    /// Only a serious incident starts the Rapid Review.
    pub fn is_serious_incident(&self) -> bool {
        self.referral.details.kind == ReferralKind::SeriousIncident
    }

    pub fn aware_on(&self) -> NaiveDate {
        self.referral.details.aware_date
    }

    /// A looked-after child died: Ofsted and the Secretary of State must be told too.
    pub fn looked_after_child_died(&self) -> bool {
        let d = &self.referral.details;
        d.harm == Harm::Death && d.children.iter().any(|c| c.looked_after)
    }

    /// The meeting now scheduled or last held.
    pub fn current_meeting(&self) -> Option<&Meeting> {
        self.meetings.last()
    }

    /// The quorate meeting, once held: the one the partners vote at.
    pub fn quorate_meeting(&self) -> Option<&Meeting> {
        self.current_meeting().filter(|m| m.quorate())
    }

    fn not_now(&self, today: &Today, detail: impl Into<String>) -> IllegalTransition {
        IllegalTransition::new(self.status(), &self.next_steps(today), detail)
    }

    /// Refuses a step the process does not allow now, with why and what is allowed instead.
    fn allow(&self, step: &StepRule, today: &Today) -> Result<(), IllegalTransition> {
        step.open(self, today)
            .map_err(|why| self.not_now(today, why))
    }
}

#[cfg(test)]
mod tests;
