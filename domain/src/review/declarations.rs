//! Declarations (issue 10, "Panel"): before a member of a review's team reads any of the review's case
//! material, they record their conflict-of-interest declaration and the date they signed the
//! confidentiality agreement. Each member records their own.

use chrono::{DateTime, NaiveDate, Utc};

use super::team::TeamMember;
use crate::{
    FieldError,
    access::ReviewScope,
    error::{DomainError, Refusal},
    text::{Narrative, Subject},
};

/// One member's declarations for one review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub subject: Subject,
    /// Interests that might conflict, declared; `None` when the member declares none.
    pub conflicts_of_interest: Option<Narrative>,
    pub confidentiality_signed_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

impl Declaration {
    /// A declaration by a member of the team, its agreement signed on a day not in the future.
    pub fn record(
        team: &[TeamMember],
        subject: &Subject,
        conflicts_of_interest: Option<Narrative>,
        confidentiality_signed_on: NaiveDate,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Self, DomainError> {
        if !team.iter().any(|m| m.subject == *subject) {
            return Err(DomainError::Refused(Refusal::NotOnTheTeam));
        }
        if confidentiality_signed_on > today {
            return Err(DomainError::Invalid(vec![FieldError::new(
                "confidentiality_signed_on",
                "must not be in the future",
            )]));
        }
        Ok(Declaration {
            subject: subject.clone(),
            conflicts_of_interest,
            confidentiality_signed_on,
            recorded_at: now,
        })
    }
}

/// Whether a caller may read a review's case material (the integrated chronology, and later the
/// returns and reports): those who see every review of the partnership (the business team, the
/// statutory partners) may; a member of the team only once their declarations are recorded.
pub fn may_read_case_material(scope: &ReviewScope, declared: bool) -> Result<(), Refusal> {
    match scope {
        ReviewScope::Partnership => Ok(()),
        ReviewScope::Member(_) if declared => Ok(()),
        ReviewScope::Member(_) => Err(Refusal::DeclarationRequired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        review::team::TeamRole,
        text::{AgencyCode, Name},
    };

    fn member(subject: &str) -> TeamMember {
        TeamMember {
            subject: Subject::parse(subject).unwrap(),
            role: TeamRole::PanelMember,
            name: Name::parse("P. Member").unwrap(),
            agency: Some(AgencyCode::parse("LA").unwrap()),
            independent_of_case: true,
            appointed_by: Subject::parse("admin").unwrap(),
            appointed_at: Utc::now(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_member_declares_with_an_agreement_signed_by_today_and_others_cannot() {
        let team = [member("raj")];
        let raj = Subject::parse("raj").unwrap();
        let d = Declaration::record(
            &team,
            &raj,
            None,
            day("2026-09-01"),
            day("2026-09-01"),
            Utc::now(),
        )
        .unwrap();
        assert_eq!(d.conflicts_of_interest, None);
        assert!(matches!(
            Declaration::record(
                &team,
                &raj,
                None,
                day("2026-09-02"),
                day("2026-09-01"),
                Utc::now()
            ),
            Err(DomainError::Invalid(_))
        ));
        let stranger = Subject::parse("eve").unwrap();
        assert!(matches!(
            Declaration::record(
                &team,
                &stranger,
                None,
                day("2026-09-01"),
                day("2026-09-01"),
                Utc::now()
            ),
            Err(DomainError::Refused(Refusal::NotOnTheTeam))
        ));
    }

    #[test]
    fn case_material_waits_for_a_members_declarations_not_the_business_teams() {
        let raj = ReviewScope::Member(Subject::parse("raj").unwrap());
        assert_eq!(
            may_read_case_material(&raj, false),
            Err(Refusal::DeclarationRequired)
        );
        assert_eq!(may_read_case_material(&raj, true), Ok(()));
        assert_eq!(
            may_read_case_material(&ReviewScope::Partnership, false),
            Ok(())
        );
    }
}
