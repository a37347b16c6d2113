//! Publication (seed, "Publication"): the Safeguarding Partners publish the report of a local CSPR
//! "unless they consider it inappropriate to do so" — and then publish the information about
//! improvements instead. Planning starts once the board has approved the report; a full copy goes to
//! the National Panel, Ofsted and the Secretary of State "no later than seven working days before the
//! date of publication"; the published report carries its reviewers' names and stays available for at
//! least a year; it is deposited with the NSPCC's national repository. A parallel process the review's
//! publication must wait for holds it back until it concludes.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::{Review, ReviewStage, parallel::ParallelProcess};
use crate::{
    FieldError,
    calendar::Calendar,
    error::{DomainError, IllegalTransition},
    text::{Name, Narrative, Note, Subject},
    text_enum::text_enum,
};

/// Working days between the copies and publication, at least.
pub const COPIES_BEFORE_WORKING_DAYS: u16 = 7;

text_enum!(
    /// Whether the report is published.
    PublicationDecision, "decision" {
        Publish => "publish",
        Withhold => "withhold",
    }
);

text_enum!(
    /// Who receives the full report before publication.
    CopyRecipient, "recipient" {
        NationalPanel => "national_panel",
        Ofsted => "ofsted",
        SecretaryOfState => "secretary_of_state",
    }
);

/// The partners' decision on publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub decision: PublicationDecision,
    /// Why publication is inappropriate (withheld only).
    pub reasons: Option<Narrative>,
    /// The information about improvements that is published instead (withheld only).
    pub improvements: Option<Narrative>,
    pub decided_by: Subject,
    pub decided_at: DateTime<Utc>,
}

impl Decision {
    /// A decision, whole: withholding needs its reasons and the improvements to publish; publishing
    /// needs neither.
    pub fn new(
        decision: PublicationDecision,
        reasons: Option<Narrative>,
        improvements: Option<Narrative>,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<Decision, DomainError> {
        let withheld = decision == PublicationDecision::Withhold;
        let mut errors = vec![];
        for (name, given) in [
            ("reasons", reasons.is_some()),
            ("improvements", improvements.is_some()),
        ] {
            if withheld && !given {
                errors.push(FieldError::new(
                    name,
                    "is required when the report is withheld",
                ));
            }
            if !withheld && given {
                errors.push(FieldError::new(
                    name,
                    "is given only when the report is withheld",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(Decision {
            decision,
            reasons,
            improvements,
            decided_by: by,
            decided_at: at,
        })
    }
}

/// The publication plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The title the public register shows.
    pub title: Name,
    pub planned_on: NaiveDate,
    /// The family's wishes, as considered.
    pub family_wishes: Narrative,
    /// When the arrangements were discussed with the family.
    pub family_discussed_on: NaiveDate,
    /// When practitioners were told the date.
    pub practitioners_told_on: NaiveDate,
    /// The single point of contact for media enquiries.
    pub media_contact: Name,
    /// The reviewers the published report names.
    pub reviewer_names: Vec<Name>,
    pub planned_by: Subject,
    pub planned_at: DateTime<Utc>,
}

/// A copy of the full report sent before publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub recipient: CopyRecipient,
    pub sent_on: NaiveDate,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

text_enum!(
    /// What went public: the report, or (withheld) the information about improvements.
    PublishedKind, "kind" {
        Report => "report",
        Improvements => "improvements",
    }
);

/// What was published, where, and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub kind: PublishedKind,
    pub title: Name,
    pub published_on: NaiveDate,
    pub web_address: String,
    pub available_until: NaiveDate,
    pub reviewer_names: Vec<Name>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// The deposit with the NSPCC's national repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    pub deposited_on: NaiveDate,
    pub acknowledgement: Option<Note>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// Everything recorded about a review's publication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    pub decision: Option<Decision>,
    pub plan: Option<Plan>,
    pub copies: Vec<Copy>,
    pub published: Option<Published>,
    pub deposit: Option<Deposit>,
}

/// The last day a copy may be sent for publication on `on`: seven working days before it.
pub fn latest_copy_date(calendar: &Calendar, on: NaiveDate) -> NaiveDate {
    let mut day = on;
    let mut counted = 0;
    while counted < COPIES_BEFORE_WORKING_DAYS {
        let Some(before) = day.pred_opt() else { break };
        day = before;
        if calendar.non_working(day).is_none() {
            counted += 1;
        }
    }
    day
}

fn not_now(stage: impl std::fmt::Display, why: impl Into<String>) -> DomainError {
    IllegalTransition::new(stage, &[], why).into()
}

fn too_late(field: &str, latest: NaiveDate, on: NaiveDate) -> DomainError {
    FieldError::new(
        field,
        format!(
            "the copies must be sent by {latest}, seven working days before publication on {on}"
        ),
    )
    .into()
}

impl Publication {
    fn decided(&self) -> Option<PublicationDecision> {
        self.decision.as_ref().map(|d| d.decision)
    }

    /// The decision may be recorded (or changed) until something is published.
    pub fn check_decision(&self, review: &Review) -> Result<(), DomainError> {
        if review.stage == ReviewStage::Commissioning {
            return Err(not_now(review.stage, "The review is not commissioned yet."));
        }
        if self.published.is_some()
            || matches!(review.stage, ReviewStage::Published | ReviewStage::Closed)
        {
            return Err(not_now(
                review.stage,
                "Publication is done: its decision stands.",
            ));
        }
        Ok(())
    }

    /// A plan: after the board's approval, for a report to be published, on a date that leaves time
    /// for the copies (unless they are all sent) and that every copy already sent meets.
    pub fn check_plan(
        &self,
        review: &Review,
        plan: &Plan,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        if review.stage != ReviewStage::ReportApproved {
            return Err(not_now(
                review.stage,
                "Publication is planned once the board has approved the report.",
            ));
        }
        if self.decided() != Some(PublicationDecision::Publish) {
            return Err(not_now(
                review.stage,
                "Record the decision to publish before planning publication.",
            ));
        }
        let mut errors = vec![];
        if plan.planned_on <= today {
            errors.push(FieldError::new("planned_on", "must be after today"));
        }
        for (name, on) in [
            ("family_discussed_on", plan.family_discussed_on),
            ("practitioners_told_on", plan.practitioners_told_on),
        ] {
            if on > today {
                errors.push(FieldError::new(name, "must not be in the future"));
            }
        }
        if plan.reviewer_names.is_empty() {
            errors.push(FieldError::new(
                "reviewer_names",
                "must name the reviewer(s)",
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        let latest = latest_copy_date(calendar, plan.planned_on);
        let all_sent = CopyRecipient::ALL
            .iter()
            .all(|r| self.copies.iter().any(|c| c.recipient == *r));
        if (!all_sent && latest < today) || self.copies.iter().any(|c| c.sent_on > latest) {
            return Err(too_late("planned_on", latest, plan.planned_on));
        }
        Ok(())
    }

    /// A copy sent: planned, once per recipient, not in the future, by the latest date the plan allows.
    pub fn check_copy(
        &self,
        review: &Review,
        recipient: CopyRecipient,
        sent_on: NaiveDate,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        let Some(plan) = &self.plan else {
            return Err(not_now(
                review.stage,
                "Plan publication before sending its copies.",
            ));
        };
        if self.copies.iter().any(|c| c.recipient == recipient) {
            return Err(not_now(
                review.stage,
                format!("The copy to {recipient} is recorded already."),
            ));
        }
        if sent_on > today {
            return Err(FieldError::new("sent_on", "must not be in the future").into());
        }
        let latest = latest_copy_date(calendar, plan.planned_on);
        if sent_on > latest {
            return Err(too_late("sent_on", latest, plan.planned_on));
        }
        Ok(())
    }

    /// Publication of the report: planned, every copy sent seven working days before the day it is
    /// published, no parallel process it must wait for still open, available for at least a year.
    pub fn check_publish(
        &self,
        review: &Review,
        parallel: &[ParallelProcess],
        published_on: NaiveDate,
        available_until: NaiveDate,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        self.check_going_public(review, PublicationDecision::Publish)?;
        if self.plan.is_none() {
            return Err(not_now(review.stage, "Plan publication first."));
        }
        let waiting: Vec<String> = parallel
            .iter()
            .filter(|p| p.blocks_publication())
            .map(|p| p.kind.to_string())
            .collect();
        if !waiting.is_empty() {
            return Err(not_now(
                review.stage,
                format!(
                    "Publication must wait for a parallel process still open: {}.",
                    waiting.join(", ")
                ),
            ));
        }
        let unsent: Vec<&str> = CopyRecipient::ALL
            .iter()
            .filter(|r| !self.copies.iter().any(|c| c.recipient == **r))
            .map(|r| r.as_str())
            .collect();
        if !unsent.is_empty() {
            return Err(not_now(
                review.stage,
                format!("The full report is not yet sent to {}.", unsent.join(", ")),
            ));
        }
        check_dates(published_on, available_until, today)?;
        let latest = latest_copy_date(calendar, published_on);
        if self.copies.iter().any(|c| c.sent_on > latest) {
            return Err(too_late("published_on", latest, published_on));
        }
        Ok(())
    }

    /// The information about improvements, published instead of a withheld report.
    pub fn check_improvements(
        &self,
        review: &Review,
        published_on: NaiveDate,
        available_until: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        self.check_going_public(review, PublicationDecision::Withhold)?;
        check_dates(published_on, available_until, today)
    }

    fn check_going_public(
        &self,
        review: &Review,
        decided: PublicationDecision,
    ) -> Result<(), DomainError> {
        if review.stage != ReviewStage::ReportApproved {
            return Err(not_now(
                review.stage,
                "Only a review whose report the board approved, not yet published, is published.",
            ));
        }
        if self.decided() != Some(decided) {
            return Err(not_now(
                review.stage,
                format!("The decision recorded is not to {decided}."),
            ));
        }
        Ok(())
    }

    /// The NSPCC deposit: after publication, once, not in the future.
    pub fn check_deposit(
        &self,
        review: &Review,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        let Some(published) = self
            .published
            .as_ref()
            .filter(|p| p.kind == PublishedKind::Report)
        else {
            return Err(not_now(
                review.stage,
                "A report is deposited once it is published.",
            ));
        };
        if self.deposit.is_some() {
            return Err(not_now(review.stage, "The deposit is recorded already."));
        }
        if on < published.published_on || on > today {
            return Err(FieldError::new(
                "deposited_on",
                format!(
                    "must be between publication ({}) and today",
                    published.published_on
                ),
            )
            .into());
        }
        Ok(())
    }
}

fn check_dates(
    published_on: NaiveDate,
    available_until: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if published_on > today {
        return Err(FieldError::new("published_on", "must not be in the future").into());
    }
    let year_on = published_on
        .checked_add_months(Months::new(12))
        .unwrap_or(published_on);
    if available_until < year_on {
        return Err(FieldError::new(
            "available_until",
            format!("must be at least a year after publication ({year_on})"),
        )
        .into());
    }
    Ok(())
}

impl ParallelProcess {
    /// Whether the review's publication waits for it now: marked so, and not concluded.
    pub fn blocks_publication(&self) -> bool {
        self.publication_waits && self.conclusion.is_none()
    }
}

#[cfg(test)]
mod tests;
