//! The notifications the process calls for, to whom they go, and when (seed, "Making a Referral", the
//! flow chart of Appendix 1, and "All decisions related to the commissioning … of local Child Safeguarding
//! Practice Reviews will be notified to the national … Panel, the Department for Education and Ofsted").
//! Until the integrations send them, an admin records each as sent.

use super::{NotificationKind, RapidReview, votes::DecisionOutcome};
use crate::referral::PanelDuty;

impl NotificationKind {
    /// Whether it tells of the Rapid Review's decision (due with the submission to the Panel).
    pub fn is_about_the_decision(self) -> bool {
        matches!(
            self,
            NotificationKind::DecisionDepartmentForEducation
                | NotificationKind::DecisionOfsted
                | NotificationKind::DecisionInvolvedAgencies
                | NotificationKind::DecisionLeadsAndChair
        )
    }
}

impl RapidReview {
    /// The notifications this partnership records for the referral: the Panel's for a serious incident
    /// when the duty is its local authority's; Ofsted's and the Secretary of State's when a looked-after
    /// child died (whether or not abuse or neglect is suspected); and once decided, the decision's: to the
    /// Department for Education, Ofsted and the involved agencies for a CSPR, and always a copy to the
    /// partners' nominated leads and the chair ("copied to nominated leads and chair").
    pub fn notifications_due(&self) -> Vec<NotificationKind> {
        let mut kinds = vec![];
        if self.is_serious_incident() && self.referral.details.panel_duty() == PanelDuty::Ours {
            kinds.push(NotificationKind::NationalPanelSeriousIncident);
        }
        if self.looked_after_child_died() {
            kinds.extend([
                NotificationKind::OfstedLookedAfterDeath,
                NotificationKind::SecretaryOfStateLookedAfterDeath,
            ]);
        }
        match self.decision.as_ref().map(|d| d.outcome) {
            Some(DecisionOutcome::Cspr) => kinds.extend([
                NotificationKind::DecisionDepartmentForEducation,
                NotificationKind::DecisionOfsted,
                NotificationKind::DecisionInvolvedAgencies,
                NotificationKind::DecisionLeadsAndChair,
            ]),
            Some(_) => kinds.push(NotificationKind::DecisionLeadsAndChair),
            None => {}
        }
        kinds
    }

    /// Who a notification goes to, in words the timeline shows.
    pub fn recipients(&self, kind: NotificationKind) -> Vec<String> {
        let named = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect();
        match kind {
            NotificationKind::NationalPanelSeriousIncident => {
                named(&["the Child Safeguarding Practice Review Panel"])
            }
            NotificationKind::OfstedLookedAfterDeath | NotificationKind::DecisionOfsted => {
                named(&["Ofsted"])
            }
            NotificationKind::SecretaryOfStateLookedAfterDeath => {
                named(&["the Secretary of State (Department for Education)"])
            }
            NotificationKind::DecisionDepartmentForEducation => {
                named(&["the Department for Education"])
            }
            NotificationKind::DecisionInvolvedAgencies => {
                let mut codes: Vec<String> = self
                    .referral
                    .details
                    .involved_agencies
                    .iter()
                    .chain(self.requests.iter().map(|r| &r.agency))
                    .map(ToString::to_string)
                    .collect();
                codes.sort();
                codes.dedup();
                codes
            }
            NotificationKind::DecisionLeadsAndChair => named(&[
                "the statutory partners' nominated leads",
                "the chair of the Case Review Subgroup",
            ]),
        }
    }
}
