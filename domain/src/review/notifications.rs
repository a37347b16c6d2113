//! Notifications a review owes (seed: "All decisions related to the commissioning … of local CSPRs will
//! be notified to the national Child Safeguarding Practice Review Panel, the Department for Education and
//! Ofsted"; "The Safeguarding Partners will inform the National Panel, Ofsted and the Department for
//! Education of the name of any reviewer commissioned"). The seed gives them no deadline, so they are
//! owed, not dated: the list says what is still to send.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Review, ReviewKind};
use crate::{
    FieldError,
    error::{DomainError, IllegalTransition},
    text::{Note, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// A notification a review owes.
    ReviewNotificationKind, "kind" {
        CommissioningNationalPanel => "commissioning_national_panel",
        CommissioningDepartmentForEducation => "commissioning_department_for_education",
        CommissioningOfsted => "commissioning_ofsted",
        ReviewerNamedNationalPanel => "reviewer_named_national_panel",
        ReviewerNamedOfsted => "reviewer_named_ofsted",
        ReviewerNamedDepartmentForEducation => "reviewer_named_department_for_education",
        DelayNationalPanel => "delay_national_panel",
        DelaySecretaryOfState => "delay_secretary_of_state",
    }
);

impl ReviewNotificationKind {
    /// Where the seed says it goes.
    pub fn recipient(self) -> &'static str {
        use ReviewNotificationKind as K;
        match self {
            K::CommissioningNationalPanel
            | K::ReviewerNamedNationalPanel
            | K::DelayNationalPanel => "Mailbox.NationalReviewPanel@education.gov.uk",
            K::CommissioningOfsted | K::ReviewerNamedOfsted => "SCR.SIN@ofsted.gov.uk",
            // The Department's mailbox is the Secretary of State's route for review notifications.
            K::CommissioningDepartmentForEducation
            | K::ReviewerNamedDepartmentForEducation
            | K::DelaySecretaryOfState => "Mailbox.CPOD@education.gov.uk",
        }
    }
}

/// A notification as recorded (sent by e-mail, outside the platform for now).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewNotification {
    pub kind: ReviewNotificationKind,
    pub sent_on: NaiveDate,
    pub reference: Option<Note>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// What the review owes so far: a CSPR's commissioning, to the three, once it is commissioned; the
/// lead reviewer's name, to the three, once one is appointed; the reasons for a delay past six months,
/// to the National Panel and the Secretary of State, once one is recorded. Those already sent are left
/// out.
pub fn owed(
    review: &Review,
    commissioned: bool,
    lead_appointed: bool,
    delayed_past_six_months: bool,
    sent: &[ReviewNotification],
) -> Vec<ReviewNotificationKind> {
    use ReviewNotificationKind as K;
    let mut due = vec![];
    if commissioned && review.kind == ReviewKind::Cspr {
        due.extend([
            K::CommissioningNationalPanel,
            K::CommissioningDepartmentForEducation,
            K::CommissioningOfsted,
        ]);
    }
    if lead_appointed {
        due.extend([
            K::ReviewerNamedNationalPanel,
            K::ReviewerNamedOfsted,
            K::ReviewerNamedDepartmentForEducation,
        ]);
    }
    if delayed_past_six_months {
        due.extend([K::DelayNationalPanel, K::DelaySecretaryOfState]);
    }
    due.retain(|k| !sent.iter().any(|s| s.kind == *k));
    due
}

/// A notification recorded only when owed, once, sent between the decision and today.
#[allow(clippy::too_many_arguments)]
pub fn record(
    review: &Review,
    owed: &[ReviewNotificationKind],
    kind: ReviewNotificationKind,
    sent_on: NaiveDate,
    reference: Option<Note>,
    today: NaiveDate,
    by: Subject,
    at: DateTime<Utc>,
) -> Result<ReviewNotification, DomainError> {
    if !owed.contains(&kind) {
        let allowed: Vec<&'static str> = owed.iter().map(|k| k.as_str()).collect();
        return Err(IllegalTransition::new(
            review.stage,
            &allowed,
            format!(
                "The review does not owe `{kind}` now: it is sent once, after what it reports."
            ),
        )
        .into());
    }
    if sent_on < review.decided_on || sent_on > today {
        return Err(DomainError::Invalid(vec![FieldError::new(
            "sent_on",
            format!(
                "must be between the decision ({}) and today",
                review.decided_on
            ),
        )]));
    }
    Ok(ReviewNotification {
        kind,
        sent_on,
        reference,
        recorded_by: by,
        recorded_at: at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewNotificationKind as K;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn review(kind: ReviewKind) -> Review {
        crate::review::decided_review(kind, crate::review::ReviewStage::Commissioning)
    }

    fn sent(kind: K) -> ReviewNotification {
        ReviewNotification {
            kind,
            sent_on: day("2026-09-02"),
            reference: None,
            recorded_by: Subject::parse("admin").unwrap(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn a_cspr_owes_its_commissioning_to_three_and_any_review_its_reviewers_name() {
        let cspr = review(ReviewKind::Cspr);
        assert!(owed(&cspr, false, false, false, &[]).is_empty());
        assert_eq!(owed(&cspr, true, false, false, &[]).len(), 3);
        assert_eq!(owed(&cspr, true, true, false, &[]).len(), 6);
        let alternative = review(ReviewKind::AlternativeLearningReview);
        assert_eq!(
            owed(&alternative, true, true, false, &[]),
            [
                K::ReviewerNamedNationalPanel,
                K::ReviewerNamedOfsted,
                K::ReviewerNamedDepartmentForEducation
            ]
        );
        assert_eq!(
            owed(&cspr, true, false, false, &[sent(K::CommissioningOfsted)]).len(),
            2
        );
        assert_eq!(
            owed(&alternative, false, false, true, &[]),
            [K::DelayNationalPanel, K::DelaySecretaryOfState]
        );
    }

    #[test]
    fn a_notification_is_recorded_once_when_owed_and_dated_from_the_decision_to_today() {
        let cspr = review(ReviewKind::Cspr);
        let due = owed(&cspr, true, false, false, &[]);
        let at = |kind, on| {
            record(
                &cspr,
                &due,
                kind,
                day(on),
                None,
                day("2026-09-10"),
                Subject::parse("a").unwrap(),
                Utc::now(),
            )
        };
        assert!(at(K::CommissioningOfsted, "2026-09-05").is_ok());
        assert!(matches!(
            at(K::ReviewerNamedOfsted, "2026-09-05"),
            Err(DomainError::Transition(_))
        ));
        assert!(matches!(
            at(K::CommissioningOfsted, "2026-08-31"),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            at(K::CommissioningOfsted, "2026-09-11"),
            Err(DomainError::Invalid(_))
        ));
        assert_eq!(K::CommissioningOfsted.recipient(), "SCR.SIN@ofsted.gov.uk");
    }
}
