//! Who may do what. Every permission decision of the platform is made here, so REST and GraphQL agree.

use crate::{
    Refusal,
    agency::Agency,
    ids::PartnershipId,
    rapid_review::process::StepRule,
    text::{AgencyCode, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// A role a token grants (DESIGN.md §5).
    Role, "role" {
        PartnershipAdmin => "partnership_admin",
        StatutoryPartner => "statutory_partner",
        Agency => "agency",
        LeadReviewer => "lead_reviewer",
        PanelMember => "panel_member",
        Board => "board",
        Reporting => "reporting",
        PanelIntegration => "panel_integration",
    }
);

/// The authenticated caller, resolved against its partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub subject: Subject,
    pub partnership_id: PartnershipId,
    pub agency: Option<AgencyCode>,
    pub roles: Vec<Role>,
}

/// Which referrals a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralScope {
    /// Every referral of the partnership.
    Partnership,
    /// Those the agency made, and those it has been sent an information request about (the procedure
    /// sends the referral to every agency asked to contribute).
    Agency(AgencyCode),
}

/// Which reviews a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewScope {
    /// Every review of the partnership.
    Partnership,
    /// Only the reviews the subject is on (as lead reviewer or panel member, once appointed).
    Member(Subject),
}

/// Which information requests a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestScope {
    Partnership,
    Agency(AgencyCode),
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    fn require_any(&self, roles: &[Role]) -> Result<(), Refusal> {
        if self.has_any(roles) {
            Ok(())
        } else {
            Err(Refusal::RoleNotPermitted)
        }
    }

    /// Registering agencies is the partnership's business team's job.
    pub fn may_manage_agencies(&self) -> Result<(), Refusal> {
        self.require_any(&[Role::PartnershipAdmin])
    }

    /// Any member of the partnership may read the agency register: agencies need each other's codes.
    pub fn may_list_agencies(&self) -> Result<(), Refusal> {
        Ok(())
    }

    /// Any agency may refer a serious incident; the referral is made on behalf of the token's agency.
    pub fn may_make_referral(&self) -> Result<&AgencyCode, Refusal> {
        self.require_any(&[Role::Agency, Role::StatutoryPartner, Role::PartnershipAdmin])?;
        self.agency.as_ref().ok_or(Refusal::AgencyRequired)
    }

    /// The agency a referral is made for: the token's, which the partnership must have registered.
    pub fn referring_agency(&self, registered: &[AgencyCode]) -> Result<&AgencyCode, Refusal> {
        let code = self.may_make_referral()?;
        if registered.contains(code) {
            Ok(code)
        } else {
            Err(Refusal::AgencyNotRegistered)
        }
    }

    /// Admins and statutory partners see every referral; an agency those it made or was asked about;
    /// others none.
    pub fn referral_scope(&self) -> Result<ReferralScope, Refusal> {
        if self.has_any(&[Role::PartnershipAdmin, Role::StatutoryPartner]) {
            return Ok(ReferralScope::Partnership);
        }
        if self.has(Role::Agency) {
            return self
                .agency
                .clone()
                .map(ReferralScope::Agency)
                .ok_or(Refusal::AgencyRequired);
        }
        Err(Refusal::RoleNotPermitted)
    }

    /// Admins and statutory partners see every review of the partnership; lead reviewers and panel
    /// members only those they are on; agencies see what is addressed to them (requests), not reviews.
    pub fn review_scope(&self) -> Result<ReviewScope, Refusal> {
        if self.has_any(&[Role::PartnershipAdmin, Role::StatutoryPartner]) {
            return Ok(ReviewScope::Partnership);
        }
        if self.has_any(&[Role::LeadReviewer, Role::PanelMember]) {
            return Ok(ReviewScope::Member(self.subject.clone()));
        }
        Err(Refusal::RoleNotPermitted)
    }

    /// The reviews whose outcome (report, publication, action plan, learning shared) the caller reads:
    /// those it sees, and every review of the partnership for the board, which approves the reports
    /// and signs off the plans.
    pub fn outcome_scope(&self) -> Result<ReviewScope, Refusal> {
        match self.review_scope() {
            Err(_) if self.has(Role::Board) => Ok(ReviewScope::Partnership),
            scope => scope,
        }
    }

    /// The partnership's records as records — legal holds (an inquest, litigation, an inquiry, a police
    /// request), retention periods and the retention schedule — are its business team's, who answer
    /// for them.
    pub fn may_manage_records(&self) -> Result<(), Refusal> {
        self.require_any(&[Role::PartnershipAdmin])
    }

    /// The figures for reporting tools — counts and rates, no personal data — are for the analysts'
    /// `reporting` role and for those who answer for the partnership's performance: its business team,
    /// the statutory partners and the board.
    pub fn may_read_figures(&self) -> Result<(), Refusal> {
        self.require_any(&[
            Role::Reporting,
            Role::PartnershipAdmin,
            Role::StatutoryPartner,
            Role::Board,
        ])
    }

    /// The Safeguarding Partnership Board formally approves an overview report (seed: "The final
    /// report should be formally approved by the … Board").
    pub fn may_approve_report(&self) -> Result<(), Refusal> {
        self.require_any(&[Role::Board])
    }

    /// The partnership's business team commissions a review and appoints its team, on the Safeguarding
    /// Partners' behalf.
    pub fn may_commission_review(&self) -> Result<(), Refusal> {
        self.require_any(&[Role::PartnershipAdmin])
    }

    /// A `statutory_partner` token speaks for a statutory partner: its agency (as registered) must hold a
    /// statutory role, or the token is refused whatever it asks.
    pub fn check_partner_agency(&self, registered: Option<&Agency>) -> Result<(), Refusal> {
        if !self.has(Role::StatutoryPartner) {
            return Ok(());
        }
        match registered {
            Some(a) if a.statutory_role.is_partner() => Ok(()),
            _ => Err(Refusal::NotAStatutoryPartner),
        }
    }

    /// A step of a process, as its table says who may take it: the roles, and for a step taken on behalf
    /// of an agency, the agency the token names (returned).
    pub fn may_take(&self, step: &StepRule) -> Result<Option<&AgencyCode>, Refusal> {
        self.require_any(step.who)?;
        if step.for_agency {
            self.agency
                .as_ref()
                .map(Some)
                .ok_or(Refusal::AgencyRequired)
        } else {
            Ok(None)
        }
    }

    /// Answering an information request: on behalf of the token's agency.
    pub fn acting_agency(&self) -> Result<&AgencyCode, Refusal> {
        self.require_any(&[Role::Agency, Role::StatutoryPartner])?;
        self.agency.as_ref().ok_or(Refusal::AgencyRequired)
    }

    /// Judging returns, and escalating a request overdue or disputed, is the partnership's business
    /// team's job.
    pub fn may_judge_returns(&self) -> Result<(), Refusal> {
        self.require_any(&[Role::PartnershipAdmin])
    }

    /// The document sent to the National Panel holds every agency's return: for the business team and the
    /// statutory partners only.
    pub fn may_read_submission(&self) -> Result<(), Refusal> {
        self.require_any(&[
            Role::PartnershipAdmin,
            Role::StatutoryPartner,
            Role::PanelIntegration,
        ])
    }

    /// The referrals whose submission the caller reads: the whole partnership's, for the business
    /// team, the partners and a National Panel submission integration (which reads nothing else).
    pub fn submission_scope(&self) -> Result<ReferralScope, Refusal> {
        self.may_read_submission()?;
        Ok(ReferralScope::Partnership)
    }

    /// The composite is shared "with all those participating": the business team, the partners, and the
    /// agencies asked for information on the referral (`asked`).
    pub fn may_read_composite(&self, asked: &[AgencyCode]) -> Result<(), Refusal> {
        if self.has_any(&[Role::PartnershipAdmin, Role::StatutoryPartner]) {
            return Ok(());
        }
        match &self.agency {
            Some(code) if self.has(Role::Agency) && asked.contains(code) => Ok(()),
            _ => Err(Refusal::RoleNotPermitted),
        }
    }

    /// Which information requests a caller may see: all of the partnership's, or one agency's own.
    pub fn request_scope(&self) -> Result<RequestScope, Refusal> {
        if self.has_any(&[Role::PartnershipAdmin, Role::StatutoryPartner])
            && !self.has(Role::Agency)
        {
            return Ok(RequestScope::Partnership);
        }
        if self.has_any(&[Role::Agency, Role::StatutoryPartner]) {
            return self
                .agency
                .clone()
                .map(RequestScope::Agency)
                .ok_or(Refusal::AgencyRequired);
        }
        Err(Refusal::RoleNotPermitted)
    }

    /// The audit trail is for the partnership's business team.
    pub fn may_read_audit(&self) -> Result<(), Refusal> {
        self.require_any(&[Role::PartnershipAdmin])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], agency: Option<&str>) -> Actor {
        Actor {
            subject: Subject::parse("someone").unwrap(),
            partnership_id: PartnershipId::generate(),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn only_an_admin_manages_agencies() {
        assert!(
            actor(&[Role::PartnershipAdmin], None)
                .may_manage_agencies()
                .is_ok()
        );
        for r in Role::ALL.iter().filter(|r| **r != Role::PartnershipAdmin) {
            assert_eq!(
                actor(&[*r], Some("A1")).may_manage_agencies(),
                Err(Refusal::RoleNotPermitted)
            );
        }
    }

    #[test]
    fn a_referral_is_made_for_the_tokens_agency() {
        let a = actor(&[Role::Agency], Some("school1"));
        assert_eq!(a.may_make_referral().map(|c| c.as_str()), Ok("SCHOOL1"));
        assert_eq!(
            actor(&[Role::Agency], None).may_make_referral(),
            Err(Refusal::AgencyRequired)
        );
        assert_eq!(
            actor(&[Role::Reporting], Some("X1")).may_make_referral(),
            Err(Refusal::RoleNotPermitted)
        );
    }

    #[test]
    fn a_referral_is_made_only_for_a_registered_agency() {
        let a = actor(&[Role::Agency], Some("S1"));
        assert_eq!(
            a.referring_agency(&[AgencyCode::parse("S1").unwrap()])
                .map(|c| c.as_str()),
            Ok("S1")
        );
        assert_eq!(a.referring_agency(&[]), Err(Refusal::AgencyNotRegistered));
    }

    #[test]
    fn admins_and_partners_see_every_referral_and_agencies_their_own() {
        assert_eq!(
            actor(&[Role::PartnershipAdmin], None).referral_scope(),
            Ok(ReferralScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::StatutoryPartner], Some("P1")).referral_scope(),
            Ok(ReferralScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::Agency], Some("S1")).referral_scope(),
            Ok(ReferralScope::Agency(AgencyCode::parse("S1").unwrap()))
        );
    }

    #[test]
    fn the_board_reads_every_reviews_outcome_and_reporting_none() {
        assert_eq!(
            actor(&[Role::Board], None).outcome_scope(),
            Ok(ReviewScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::PartnershipAdmin], None).outcome_scope(),
            Ok(ReviewScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::Reporting], None).outcome_scope(),
            Err(Refusal::RoleNotPermitted)
        );
    }

    #[test]
    fn the_figures_are_for_reporting_the_business_team_partners_and_the_board_only() {
        for r in [
            Role::Reporting,
            Role::PartnershipAdmin,
            Role::StatutoryPartner,
            Role::Board,
        ] {
            assert_eq!(actor(&[r], None).may_read_figures(), Ok(()));
        }
        for r in [
            Role::Agency,
            Role::LeadReviewer,
            Role::PanelMember,
            Role::PanelIntegration,
        ] {
            assert_eq!(
                actor(&[r], Some("LA")).may_read_figures(),
                Err(Refusal::RoleNotPermitted)
            );
        }
    }

    #[test]
    fn reporting_reviewers_and_the_board_see_no_referrals() {
        for r in [
            Role::Reporting,
            Role::LeadReviewer,
            Role::PanelMember,
            Role::Board,
            Role::PanelIntegration,
        ] {
            assert_eq!(
                actor(&[r], Some("X1")).referral_scope(),
                Err(Refusal::RoleNotPermitted)
            );
        }
    }

    #[test]
    fn an_agency_sees_only_its_own_requests_and_partners_see_all() {
        assert_eq!(
            actor(&[Role::PartnershipAdmin], None).request_scope(),
            Ok(RequestScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::StatutoryPartner], Some("POL")).request_scope(),
            Ok(RequestScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::Agency], Some("ICB")).request_scope(),
            Ok(RequestScope::Agency(AgencyCode::parse("ICB").unwrap()))
        );
        assert_eq!(
            actor(&[Role::Board], Some("X1")).request_scope(),
            Err(Refusal::RoleNotPermitted)
        );
    }

    #[test]
    fn only_a_statutory_partner_votes_and_for_its_agency() {
        use crate::rapid_review::process::{CAST_VOTE, RECORD_DECISION};
        assert_eq!(
            actor(&[Role::StatutoryPartner], Some("POL"))
                .may_take(&CAST_VOTE)
                .map(|a| a.map(AgencyCode::as_str)),
            Ok(Some("POL"))
        );
        assert_eq!(
            actor(&[Role::StatutoryPartner], None).may_take(&CAST_VOTE),
            Err(Refusal::AgencyRequired)
        );
        for r in [Role::PartnershipAdmin, Role::Agency, Role::Board] {
            assert_eq!(
                actor(&[r], Some("POL")).may_take(&CAST_VOTE),
                Err(Refusal::RoleNotPermitted)
            );
        }
        assert_eq!(
            actor(&[Role::PartnershipAdmin], None).may_take(&RECORD_DECISION),
            Ok(None)
        );
    }

    #[test]
    fn a_statutory_partner_token_must_name_a_partner_agency() {
        use crate::{
            agency::{AgencyKind, StatutoryRole},
            ids::AgencyId,
            text::Name,
        };
        let registered = |role| Agency {
            id: AgencyId::generate(),
            partnership_id: PartnershipId::generate(),
            code: AgencyCode::parse("X1").unwrap(),
            name: Name::parse("X").unwrap(),
            kind: AgencyKind::Other,
            statutory_role: role,
        };
        let partner = actor(&[Role::StatutoryPartner], Some("X1"));
        assert!(
            partner
                .check_partner_agency(Some(&registered(StatutoryRole::Police)))
                .is_ok()
        );
        assert_eq!(
            partner.check_partner_agency(Some(&registered(StatutoryRole::None))),
            Err(Refusal::NotAStatutoryPartner)
        );
        assert_eq!(
            partner.check_partner_agency(None),
            Err(Refusal::NotAStatutoryPartner)
        );
        assert!(
            actor(&[Role::Agency], Some("X1"))
                .check_partner_agency(None)
                .is_ok()
        );
    }

    #[test]
    fn the_submission_is_for_admins_and_partners_and_the_composite_also_for_agencies_asked() {
        let asked = [AgencyCode::parse("SCHOOL").unwrap()];
        assert!(
            actor(&[Role::PartnershipAdmin], None)
                .may_read_submission()
                .is_ok()
        );
        assert!(
            actor(&[Role::StatutoryPartner], Some("POL"))
                .may_read_submission()
                .is_ok()
        );
        assert!(
            actor(&[Role::Agency], Some("SCHOOL"))
                .may_read_submission()
                .is_err()
        );
        assert!(
            actor(&[Role::Agency], Some("SCHOOL"))
                .may_read_composite(&asked)
                .is_ok()
        );
        assert_eq!(
            actor(&[Role::Agency], Some("GP")).may_read_composite(&asked),
            Err(Refusal::RoleNotPermitted)
        );
        assert!(
            actor(&[Role::StatutoryPartner], Some("POL"))
                .may_read_composite(&[])
                .is_ok()
        );
    }

    #[test]
    fn only_an_admin_reads_the_audit_trail() {
        assert!(
            actor(&[Role::PartnershipAdmin], None)
                .may_read_audit()
                .is_ok()
        );
        assert!(
            actor(&[Role::StatutoryPartner], Some("P1"))
                .may_read_audit()
                .is_err()
        );
    }

    #[test]
    fn admins_and_partners_see_every_review_reviewers_their_own_and_agencies_none() {
        assert_eq!(
            actor(&[Role::PartnershipAdmin], None).review_scope(),
            Ok(ReviewScope::Partnership)
        );
        assert_eq!(
            actor(&[Role::StatutoryPartner], Some("POL")).review_scope(),
            Ok(ReviewScope::Partnership)
        );
        let lead = actor(&[Role::LeadReviewer], None);
        assert_eq!(
            lead.review_scope(),
            Ok(ReviewScope::Member(lead.subject.clone()))
        );
        for r in [Role::Agency, Role::Board, Role::Reporting] {
            assert_eq!(
                actor(&[r], Some("S1")).review_scope(),
                Err(Refusal::RoleNotPermitted)
            );
        }
    }
}
