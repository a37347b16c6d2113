//! Escalating an information request (seed, "Information Sharing": "In the case of any disagreement or
//! failure to comply with a formal information request, the … Lead Reviewer … will refer the issue to the
//! Case Review Subgroup who will seek to resolve this … If a prompt resolution cannot be found, the issue
//! will be escalated to the Safeguarding Partners for formal action").

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    RapidReview,
    process::Today,
    requests::{InformationRequest, RequestStatus},
};
use crate::{
    DomainError,
    error::IllegalTransition,
    ids::InformationRequestId,
    text::{AgencyCode, Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// Who an escalation goes to: the Case Review Subgroup first, then the Safeguarding Partners.
    EscalationLevel, "to" {
        CaseReviewSubgroup => "case_review_subgroup",
        SafeguardingPartners => "safeguarding_partners",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub request: InformationRequestId,
    pub agency: AgencyCode,
    pub to: EscalationLevel,
    pub reasons: Narrative,
    pub escalated_by: Subject,
    pub escalated_at: DateTime<Utc>,
}

impl InformationRequest {
    /// The agency owes a return whose date has passed: nothing sent by the due date, or a version sent
    /// back and not redone by its rework date.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        match self.status {
            RequestStatus::Issued => today > self.due_on,
            RequestStatus::ReturnedForRework => today > self.rework_due_on.unwrap_or(self.due_on),
            RequestStatus::Submitted | RequestStatus::Accepted => false,
        }
    }

    /// The business team and the agency disagree about the return: a version was sent back and none has
    /// been accepted since.
    pub fn disputed(&self) -> bool {
        self.rework_due_on.is_some() && self.status != RequestStatus::Accepted
    }
}

const TO_SUBGROUP: &str = "escalate_to_case_review_subgroup";
const TO_PARTNERS: &str = "escalate_to_safeguarding_partners";

fn escalated(history: &[Escalation], request: &InformationRequest, to: EscalationLevel) -> bool {
    history
        .iter()
        .any(|e| e.request == request.id && e.to == to)
}

/// The escalation this request may take next, if any.
fn next_escalation(
    history: &[Escalation],
    request: &InformationRequest,
    today: NaiveDate,
) -> Option<&'static str> {
    let open =
        request.status != RequestStatus::Accepted && (request.overdue(today) || request.disputed());
    match (
        open,
        escalated(history, request, EscalationLevel::CaseReviewSubgroup),
        escalated(history, request, EscalationLevel::SafeguardingPartners),
    ) {
        (false, _, _) | (true, true, true) => None,
        (true, false, _) => Some(TO_SUBGROUP),
        (true, true, false) => Some(TO_PARTNERS),
    }
}

/// Escalates an overdue or disputed request, with reasons, given its escalations so far: first to the
/// Case Review Subgroup, then to the Safeguarding Partners; each once. The same for a Rapid Review's
/// requests and a review's.
pub fn escalate(
    history: &[Escalation],
    today: NaiveDate,
    request: &InformationRequest,
    to: EscalationLevel,
    reasons: &str,
) -> Result<Narrative, DomainError> {
    let next = next_escalation(history, request, today);
    let refuse = |detail: String| {
        DomainError::from(IllegalTransition::new(
            request.status,
            &next.into_iter().collect::<Vec<_>>(),
            detail,
        ))
    };
    let wanted = match to {
        EscalationLevel::CaseReviewSubgroup => TO_SUBGROUP,
        EscalationLevel::SafeguardingPartners => TO_PARTNERS,
    };
    if next != Some(wanted) {
        let why = if request.status == RequestStatus::Accepted {
            "its return has been accepted".to_owned()
        } else if !(request.overdue(today) || request.disputed()) {
            format!(
                "it is neither overdue (due {}) nor disputed (never sent back)",
                request.rework_due_on.unwrap_or(request.due_on)
            )
        } else if escalated(history, request, to) {
            format!("it has already been escalated to the {to}")
        } else {
            "the Case Review Subgroup is asked first".to_owned()
        };
        return Err(refuse(format!("The request cannot be escalated: {why}.")));
    }
    Ok(Narrative::parse(reasons).map_err(|e| e.under("reasons"))?)
}

impl RapidReview {
    /// Escalates one of the Rapid Review's requests (see [`escalate`]).
    pub fn escalate(
        &self,
        today: &Today,
        request: &InformationRequest,
        to: EscalationLevel,
        reasons: &str,
    ) -> Result<Narrative, DomainError> {
        escalate(&self.escalations, today.date, request, to, reasons)
    }
}
