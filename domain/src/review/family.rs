//! Family engagement (seed: "Identifying and Engaging Family Members"): each family member, by
//! pseudonym and relationship, invited to contribute or not, how and when, their response and their
//! contribution. "All reasons for non-involvement of family members … will be documented in the final
//! report": a member not invited, or who declined or did not answer, carries the reason.

use chrono::{DateTime, NaiveDate, Utc};

use super::Review;
use crate::{
    FieldError,
    error::Errors,
    text::{Narrative, Pseudonym, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// How the family member is related to the child the review is about.
    Relationship, "relationship" {
        Mother => "mother",
        Father => "father",
        StepParent => "step_parent",
        ParentsPartner => "parents_partner",
        Sibling => "sibling",
        SurvivingChild => "surviving_child",
        Grandparent => "grandparent",
        OtherRelative => "other_relative",
        Carer => "carer",
        Other => "other",
    }
);

text_enum!(
    /// How the invitation was made.
    InvitationMethod, "invitation_method" {
        Letter => "letter",
        Telephone => "telephone",
        InPerson => "in_person",
        ThroughPractitioner => "through_practitioner",
        Email => "email",
        Other => "other",
    }
);

text_enum!(
    /// What the family member said.
    FamilyResponse, "response" {
        Awaited => "awaited",
        Accepted => "accepted",
        Declined => "declined",
        NoResponse => "no_response",
    }
);

/// An invitation to contribute, and its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitation {
    pub on: NaiveDate,
    pub method: InvitationMethod,
    pub response: FamilyResponse,
}

/// A family member's engagement, as recorded (the latest record for the pseudonym stands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyMember {
    pub pseudonym: Pseudonym,
    pub relationship: Relationship,
    pub invitation: Option<Invitation>,
    pub contribution: Option<Narrative>,
    pub non_involvement_reason: Option<Narrative>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// A family member's engagement as asked to be recorded.
#[derive(Debug, Clone)]
pub struct FamilyDraft {
    pub pseudonym: String,
    pub relationship: Relationship,
    pub invited_on: Option<NaiveDate>,
    pub invitation_method: Option<InvitationMethod>,
    pub response: Option<FamilyResponse>,
    pub contribution: Option<String>,
    pub non_involvement_reason: Option<String>,
}

impl FamilyDraft {
    /// An invitation has its date (from the decision to today) and its method, and its response
    /// (`awaited` until there is one); a contribution comes only from one who accepted; a member not
    /// involved — not invited, declined, or silent — carries the reason, and only they do.
    pub fn check(
        self,
        review: &Review,
        today: NaiveDate,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<FamilyMember, Vec<FieldError>> {
        let mut e = Errors::new();
        let pseudonym = e.take(Pseudonym::parse(&self.pseudonym));
        // `None` when the invitation is wrong; then the rules that depend on it wait for it.
        let invitation = match (self.invited_on, self.invitation_method, self.response) {
            (None, None, None) => Some(None),
            (Some(on), _, _) if on < review.decided_on || on > today => {
                e.push(FieldError::new(
                    "invited_on",
                    format!(
                        "must be between the decision ({}) and today",
                        review.decided_on
                    ),
                ));
                None
            }
            (Some(on), Some(method), response) => Some(Some(Invitation {
                on,
                method,
                response: response.unwrap_or(FamilyResponse::Awaited),
            })),
            (Some(_), None, _) => {
                e.push(FieldError::new(
                    "invitation_method",
                    "say how the invitation was made",
                ));
                None
            }
            (None, _, _) => {
                e.push(FieldError::new(
                    "invited_on",
                    "an invitation's method or response needs its date",
                ));
                None
            }
        };
        let narrative = |v: &Option<String>, name: &str| {
            v.as_deref()
                .map(|s| Narrative::parse(s).map_err(|x| x.under(name)))
                .transpose()
        };
        let contribution = e
            .take(narrative(&self.contribution, "contribution"))
            .flatten();
        let reason = e
            .take(narrative(
                &self.non_involvement_reason,
                "non_involvement_reason",
            ))
            .flatten();
        if let Some(invited) = invitation {
            let response = invited.map(|i| i.response);
            if contribution.is_some() && response != Some(FamilyResponse::Accepted) {
                e.push(FieldError::new(
                    "contribution",
                    "only a family member who accepted has contributed",
                ));
            }
            let involved_or_pending = matches!(
                response,
                Some(FamilyResponse::Accepted | FamilyResponse::Awaited)
            );
            match (involved_or_pending, &reason) {
                (false, None) => e.push(FieldError::new(
                    "non_involvement_reason",
                    "every reason a family member is not involved is documented: give it",
                )),
                (true, Some(_)) => e.push(FieldError::new(
                    "non_involvement_reason",
                    "only a family member who is not involved has a reason for it",
                )),
                _ => {}
            }
        }
        match (pseudonym, invitation) {
            (Some(pseudonym), Some(invitation)) if e.is_empty() => Ok(FamilyMember {
                pseudonym,
                relationship: self.relationship,
                invitation,
                contribution,
                non_involvement_reason: reason,
                recorded_by: by,
                recorded_at: at,
            }),
            _ => Err(e.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, ReviewStage, decided_review};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn draft() -> FamilyDraft {
        FamilyDraft {
            pseudonym: "Adult B".into(),
            relationship: Relationship::Mother,
            invited_on: Some(day("2026-09-10")),
            invitation_method: Some(InvitationMethod::Letter),
            response: None,
            contribution: None,
            non_involvement_reason: None,
        }
    }

    fn check(d: FamilyDraft) -> Result<FamilyMember, Vec<String>> {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        d.check(
            &review,
            day("2026-10-01"),
            Subject::parse("admin").unwrap(),
            Utc::now(),
        )
        .map_err(|e| e.into_iter().map(|f| f.field).collect())
    }

    #[test]
    fn an_invitation_awaits_its_answer_and_a_member_who_accepted_contributes() {
        let invited = check(draft()).unwrap();
        assert_eq!(
            invited.invitation.map(|i| i.response),
            Some(FamilyResponse::Awaited)
        );
        let mut accepted = draft();
        accepted.response = Some(FamilyResponse::Accepted);
        accepted.contribution = Some("Spoke of asking for help with housing twice.".into());
        assert!(check(accepted).is_ok());
        let mut pending = draft();
        pending.contribution = Some("Not yet.".into());
        assert_eq!(check(pending).unwrap_err(), ["contribution"]);
    }

    #[test]
    fn every_member_not_involved_carries_the_reason_and_only_they_do() {
        let mut not_invited = draft();
        not_invited.invited_on = None;
        not_invited.invitation_method = None;
        assert_eq!(
            check(not_invited.clone()).unwrap_err(),
            ["non_involvement_reason"]
        );
        not_invited.non_involvement_reason =
            Some("Subject of the criminal investigation; the SIO advised against contact.".into());
        assert!(check(not_invited).is_ok());
        let mut declined = draft();
        declined.response = Some(FamilyResponse::Declined);
        assert_eq!(
            check(declined.clone()).unwrap_err(),
            ["non_involvement_reason"]
        );
        declined.non_involvement_reason = Some("Declined by letter.".into());
        assert!(check(declined).is_ok());
        let mut accepted = draft();
        accepted.response = Some(FamilyResponse::Accepted);
        accepted.non_involvement_reason = Some("x".into());
        assert_eq!(check(accepted).unwrap_err(), ["non_involvement_reason"]);
    }

    #[test]
    fn an_invitation_has_its_method_and_a_date_from_the_decision_to_today_and_names_no_one() {
        let mut d = draft();
        d.invitation_method = None;
        assert_eq!(check(d).unwrap_err(), ["invitation_method"]);
        let mut d = draft();
        d.invited_on = Some(day("2026-10-02"));
        assert_eq!(check(d).unwrap_err(), ["invited_on"]);
        let mut d = draft();
        d.pseudonym = "Jane Smith".into();
        assert_eq!(check(d).unwrap_err(), ["pseudonym"]);
    }
}
