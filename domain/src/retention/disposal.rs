//! Disposal of a record — a closed case, or its review's publication record — once its retention
//! period has run: the daily job lists each record due, and the business team approves its disposal or
//! refuses it with reasons. Approval is refused while the record is not due (its period may have been
//! lengthened since it was listed) or a legal hold is on its case. A refused record is listed again a
//! year after the refusal, so a decision to keep is revisited.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};

use crate::{
    DomainError,
    error::IllegalTransition,
    ids::{DisposalId, ReferralId, ReviewId},
    referral::ReferralReference,
    retention::schedule::{Due, RecordKind, RetentionClass},
    text::{Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// Where a listed case stands.
    DisposalStatus, "status" {
        Listed => "listed",
        Disposed => "disposed",
        Refused => "refused",
    }
);

/// A refused record is listed again this many months after the refusal.
pub const RELIST_AFTER_MONTHS: u32 = 12;

/// The audit trail and the delivery log are listed again no sooner than this many days after their
/// last disposal: a month's worth at a time, not a day's.
pub const TRAIL_RELIST_AFTER_DAYS: u64 = 30;

/// What is written in place of free text and of the subjects of those who recorded it, in the rows a
/// disposed case keeps for the figures.
pub const DISPOSED: &str = "[disposed]";

/// The business team's decision on a listed case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub disposed: bool,
    /// Why it was refused (required), or a note on the approval.
    pub reasons: Option<Narrative>,
    pub by: Subject,
    pub at: DateTime<Utc>,
}

/// A record listed for disposal; once disposed of, its tombstone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposal {
    pub id: DisposalId,
    /// The case's referral; none for the audit trail or the delivery log.
    pub referral: Option<ReferralId>,
    pub reference: Option<ReferralReference>,
    pub review: Option<ReviewId>,
    pub record: RecordKind,
    pub class: RetentionClass,
    pub event: String,
    pub event_on: NaiveDate,
    pub due_on: NaiveDate,
    pub listed_on: NaiveDate,
    pub decision: Option<Decision>,
}

impl Disposal {
    pub fn status(&self) -> DisposalStatus {
        match &self.decision {
            None => DisposalStatus::Listed,
            Some(d) if d.disposed => DisposalStatus::Disposed,
            Some(_) => DisposalStatus::Refused,
        }
    }

    fn undecided(&self) -> Result<(), DomainError> {
        match &self.decision {
            None => Ok(()),
            Some(d) => Err(IllegalTransition::new(
                self.status().as_str(),
                &[],
                format!(
                    "This listing was decided on {} by {}; a refused case is listed again a year after.",
                    d.at.date_naive(),
                    d.by
                ),
            )
            .into()),
        }
    }

    /// Approves disposal: the record must still be due today under the periods as they stand
    /// (`due_on`, none if it no longer has a clock) and its case under no legal hold.
    pub fn approve(
        &self,
        due_on: Option<NaiveDate>,
        today: NaiveDate,
        held: bool,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<Decision, DomainError> {
        self.undecided()?;
        if held {
            return Err(IllegalTransition::new(
                "on_hold",
                &["refuse"],
                "A legal hold is on this case: its records are not disposed of until every hold is released.",
            )
            .into());
        }
        match due_on {
            Some(on) if on <= today => Ok(Decision {
                disposed: true,
                reasons: None,
                by,
                at,
            }),
            Some(on) => Err(IllegalTransition::new(
                "not_due",
                &["refuse"],
                format!("Under the retention periods as they stand the record is due on {on}."),
            )
            .into()),
            None => Err(IllegalTransition::new(
                "not_due",
                &["refuse"],
                "The record no longer has a retention clock.",
            )
            .into()),
        }
    }

    /// Refuses disposal, with reasons.
    pub fn refuse(
        &self,
        reasons: Narrative,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<Decision, DomainError> {
        self.undecided()?;
        Ok(Decision {
            disposed: false,
            reasons: Some(reasons),
            by,
            at,
        })
    }
}

/// Whether the daily job lists a record `due` today, given the record's earlier listings: not before
/// it is due, not while it is listed, never once disposed of, and after a refusal only once a year has
/// passed since it.
pub fn to_list(due: &Due, today: NaiveDate, earlier: &[&Disposal]) -> bool {
    if due.due_on > today {
        return false;
    }
    earlier.iter().all(|d| match &d.decision {
        None => false,
        Some(decision) if decision.disposed => false,
        Some(decision) => decision
            .at
            .date_naive()
            .checked_add_months(Months::new(RELIST_AFTER_MONTHS))
            .is_some_and(|again| again <= today),
    })
}

/// The day before which a trail's entries (audit events, deliveries) are due today, kept `years`.
pub fn trail_cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether the daily job lists a partnership's audit trail or delivery log today, given its earlier
/// listings and whether any entry is older than the cutoff: not while listed, a month after the last
/// disposal, a year after a refusal.
pub fn trail_to_list(today: NaiveDate, earlier: &[&Disposal], anything_due: bool) -> bool {
    anything_due
        && earlier.iter().all(|d| match &d.decision {
            None => false,
            Some(decision) => {
                let decided = decision.at.date_naive();
                let again = if decision.disposed {
                    decided.checked_add_days(Days::new(TRAIL_RELIST_AFTER_DAYS))
                } else {
                    decided.checked_add_months(Months::new(RELIST_AFTER_MONTHS))
                };
                again.is_some_and(|again| again <= today)
            }
        })
}

#[cfg(test)]
mod tests;
