//! The review team (seed: "Appointing the Lead Reviewer and Review Team", "The Panel"): a lead reviewer,
//! independent of the case, who manages the review, chairs the team, facilitates the learning events
//! and authors the report; others in those roles; and panel members, each from an agency and "on the
//! basis that they had no immediate line management of the case".

use chrono::{DateTime, Utc};

use super::{Review, ReviewStage};
use crate::{
    FieldError,
    access::{Actor, Role},
    error::{DomainError, IllegalTransition, Refusal},
    text::{AgencyCode, Name, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// What a member of a review's team does.
    TeamRole, "role" {
        LeadReviewer => "lead_reviewer",
        Chair => "chair",
        Facilitator => "facilitator",
        Author => "author",
        PanelMember => "panel_member",
    }
);

/// A member of a review's team, as appointed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    /// The member's identity at sign-in (the token's `sub`): how they are known to be on the review.
    pub subject: Subject,
    pub role: TeamRole,
    pub name: Name,
    /// A panel member's agency.
    pub agency: Option<AgencyCode>,
    /// The lead reviewer's independence of the case, or a panel member's "no immediate line management
    /// of the case", as attested at appointment.
    pub independent_of_case: bool,
    pub appointed_by: Subject,
    pub appointed_at: DateTime<Utc>,
}

/// An appointment as asked for, before the rules are applied.
#[derive(Debug, Clone)]
pub struct Appointment {
    pub subject: Subject,
    pub role: TeamRole,
    pub name: Name,
    pub agency: Option<AgencyCode>,
    pub independent_of_case: bool,
}

/// The only step on a team so far, for a 409's `allowed_next_steps`.
pub const APPOINT: &str = "appoint_team_member";

impl Appointment {
    /// The member this appointment makes, if the rules allow it: appointments are made until the report
    /// is approved; one lead reviewer per review, independent of the case; a panel member from a
    /// registered agency, attesting no immediate line management of the case.
    pub fn check(
        self,
        review: &Review,
        team: &[TeamMember],
        registered: &[AgencyCode],
        appointed_by: Subject,
        appointed_at: DateTime<Utc>,
    ) -> Result<TeamMember, DomainError> {
        if matches!(
            review.stage,
            ReviewStage::ReportApproved | ReviewStage::Published | ReviewStage::Closed
        ) {
            return Err(IllegalTransition::new(
                review.stage,
                &[],
                format!(
                    "The review is {}: its team is no longer appointed.",
                    review.stage
                ),
            )
            .into());
        }
        if self.role == TeamRole::LeadReviewer
            && team.iter().any(|m| m.role == TeamRole::LeadReviewer)
        {
            return Err(IllegalTransition::new(
                review.stage,
                &[APPOINT],
                "The review has its lead reviewer already; other roles may still be appointed.",
            )
            .into());
        }
        let mut errors = vec![];
        match self.role {
            TeamRole::LeadReviewer if !self.independent_of_case => errors.push(FieldError::new(
                "independent_of_case",
                "a lead reviewer must be independent of the case",
            )),
            TeamRole::PanelMember if !self.independent_of_case => errors.push(FieldError::new(
                "independent_of_case",
                "a panel member serves on the basis of no immediate line management of the case",
            )),
            _ => {}
        }
        match (&self.agency, self.role) {
            (None, TeamRole::PanelMember) => errors.push(FieldError::new(
                "agency",
                "a panel member represents an agency",
            )),
            (Some(code), _) if !registered.contains(code) => errors.push(FieldError::new(
                "agency",
                "must be an agency registered in the partnership",
            )),
            _ => {}
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(TeamMember {
            subject: self.subject,
            role: self.role,
            name: self.name,
            agency: self.agency,
            independent_of_case: self.independent_of_case,
            appointed_by,
            appointed_at,
        })
    }
}

/// Who runs the review from day to day (its terms of reference, delays, family engagement and
/// practitioner events): the partnership's business team, and the review's own lead reviewer.
pub fn may_conduct(actor: &Actor, team: &[TeamMember]) -> Result<(), Refusal> {
    let leads_it = || {
        actor.has(Role::LeadReviewer)
            && team
                .iter()
                .any(|m| m.role == TeamRole::LeadReviewer && m.subject == actor.subject)
    };
    if actor.has(Role::PartnershipAdmin) || leads_it() {
        Ok(())
    } else {
        Err(Refusal::RoleNotPermitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::ReviewKind;

    fn review(stage: ReviewStage) -> Review {
        crate::review::decided_review(ReviewKind::Cspr, stage)
    }

    fn ask(role: TeamRole, agency: Option<&str>, independent: bool) -> Appointment {
        Appointment {
            subject: Subject::parse("someone").unwrap(),
            role,
            name: Name::parse("A. Reviewer").unwrap(),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            independent_of_case: independent,
        }
    }

    fn appoint(a: Appointment, r: &Review, team: &[TeamMember]) -> Result<TeamMember, DomainError> {
        let registered = [AgencyCode::parse("LA").unwrap()];
        a.check(
            r,
            team,
            &registered,
            Subject::parse("admin").unwrap(),
            Utc::now(),
        )
    }

    fn fields(e: DomainError) -> Vec<String> {
        match e {
            DomainError::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_lead_reviewer_is_appointed_once_and_only_independent_of_the_case() {
        let r = review(ReviewStage::Commissioning);
        let lead = appoint(ask(TeamRole::LeadReviewer, None, true), &r, &[]).unwrap();
        match appoint(
            ask(TeamRole::LeadReviewer, None, true),
            &r,
            std::slice::from_ref(&lead),
        ) {
            Err(DomainError::Transition(t)) => assert_eq!(t.allowed_next_steps, [APPOINT]),
            other => panic!("{other:?}"),
        }
        assert!(appoint(ask(TeamRole::Chair, None, false), &r, &[lead]).is_ok());
        let e = appoint(ask(TeamRole::LeadReviewer, None, false), &r, &[]).unwrap_err();
        assert_eq!(fields(e), ["independent_of_case"]);
    }

    #[test]
    fn a_panel_member_comes_from_a_registered_agency_without_line_management_of_the_case() {
        let r = review(ReviewStage::Establish);
        assert!(appoint(ask(TeamRole::PanelMember, Some("LA"), true), &r, &[]).is_ok());
        let e = appoint(ask(TeamRole::PanelMember, None, false), &r, &[]).unwrap_err();
        assert_eq!(fields(e), ["independent_of_case", "agency"]);
        let e = appoint(ask(TeamRole::PanelMember, Some("ZZ"), true), &r, &[]).unwrap_err();
        assert_eq!(fields(e), ["agency"]);
    }

    #[test]
    fn the_business_team_and_the_reviews_own_lead_reviewer_conduct_it_and_no_one_else() {
        let r = review(ReviewStage::Establish);
        let mut lead = ask(TeamRole::LeadReviewer, None, true);
        lead.subject = Subject::parse("lead-1").unwrap();
        let team = [appoint(lead, &r, &[]).unwrap()];
        let actor = |subject: &str, role: Role| Actor {
            subject: Subject::parse(subject).unwrap(),
            partnership_id: r.partnership_id,
            agency: None,
            roles: vec![role],
        };
        assert!(may_conduct(&actor("admin", Role::PartnershipAdmin), &team).is_ok());
        assert!(may_conduct(&actor("lead-1", Role::LeadReviewer), &team).is_ok());
        for (who, role) in [
            ("lead-2", Role::LeadReviewer),
            ("lead-1", Role::PanelMember),
            ("partner", Role::StatutoryPartner),
        ] {
            assert_eq!(
                may_conduct(&actor(who, role), &team),
                Err(Refusal::RoleNotPermitted)
            );
        }
    }

    #[test]
    fn the_team_is_no_longer_appointed_once_the_report_is_approved() {
        for stage in [
            ReviewStage::ReportApproved,
            ReviewStage::Published,
            ReviewStage::Closed,
        ] {
            let e = appoint(ask(TeamRole::Chair, None, false), &review(stage), &[]).unwrap_err();
            assert!(matches!(e, DomainError::Transition(_)), "{stage}");
        }
    }
}
