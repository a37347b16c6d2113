//! Information for reviews (seed, "Information Collection and Collation", Appendix 3): a review asks
//! the agencies in scope for a chronology, an individual management review (IMR), an information
//! report or an organisational-change chronology. The requests are the Rapid Review's machinery —
//! returns, versions, the rework loop, escalation — with the review's own dates: the review sets each
//! request's due date, and an IMR counts only once its chief officer has signed it off.

use chrono::NaiveDate;

use super::{Review, terms::Terms};
use crate::{
    DomainError, FieldError,
    error::IllegalTransition,
    ids::InformationRequestId,
    rapid_review::{
        requests::{InformationRequest, RequestKind, RequestStatus},
        timeline::{Step, StepStatus},
    },
    text::AgencyCode,
};

/// Requests of `kind` for a running review, sent today and due on `due_on` (after today): to the
/// agencies named (each registered, once), or to every agency in scope of the review's terms of
/// reference; never twice of one kind to one agency.
#[allow(clippy::too_many_arguments)]
pub fn issue(
    review: &Review,
    terms: Option<&Terms>,
    existing: &[InformationRequest],
    kind: RequestKind,
    named: Option<Vec<String>>,
    registered: &[AgencyCode],
    today: NaiveDate,
    due_on: NaiveDate,
) -> Result<Vec<InformationRequest>, DomainError> {
    review.check_running()?;
    if !kind.for_review() {
        return Err(FieldError::new(
            "kind",
            "a review asks for a chronology, an IMR, an information report or an organisational-change chronology",
        )
        .into());
    }
    if due_on <= today {
        return Err(FieldError::new("due_on", "must be after today").into());
    }
    let codes = match named {
        None => terms
            .map(|t| t.agencies.iter().map(|a| a.agency.clone()).collect())
            .ok_or_else(|| {
                FieldError::new(
                    "agencies",
                    "name the agencies, or record the terms of reference (its agencies in scope are asked)",
                )
            })?,
        Some(named) => {
            let mut codes: Vec<AgencyCode> = Vec::with_capacity(named.len());
            for (i, c) in named.iter().enumerate() {
                let at = format!("agencies[{i}]");
                match AgencyCode::parse(c) {
                    Ok(code) if !registered.contains(&code) => {
                        return Err(FieldError::new(
                            at,
                            "is not an agency registered in this partnership",
                        )
                        .into());
                    }
                    Ok(code) if codes.contains(&code) => {
                        return Err(FieldError::new(at, "is listed twice").into());
                    }
                    Ok(code) => codes.push(code),
                    Err(e) => return Err(FieldError::new(at, e.reason).into()),
                }
            }
            codes
        }
    };
    if codes.is_empty() {
        return Err(FieldError::new("agencies", "name at least one agency").into());
    }
    if let Some(dup) = codes
        .iter()
        .find(|c| existing.iter().any(|r| r.kind == kind && &r.agency == *c))
    {
        return Err(IllegalTransition::new(
            review.stage,
            &["issue_review_information_requests"],
            format!("{dup} already has a {kind} request for this review"),
        )
        .into());
    }
    Ok(codes
        .into_iter()
        .map(|agency| InformationRequest {
            id: InformationRequestId::generate(),
            partnership_id: review.partnership_id,
            referral_id: review.referral_id,
            agency,
            kind,
            status: RequestStatus::Issued,
            sent_on: today,
            due_on,
            versions: 0,
            first_submitted_at: None,
            last_submitted_at: None,
            accepted_at: None,
            rework_due_on: None,
        })
        .collect())
}

/// The steps agencies owe on a review's requests: a return not yet sent, due on the date the review
/// set, or a return sent back, due on its rework date. For the deadline report and calendar feeds.
pub fn owed_steps(requests: &[InformationRequest], today: NaiveDate) -> Vec<Step> {
    requests
        .iter()
        .filter_map(|r| {
            let step = match r.kind {
                RequestKind::Chronology => "review_chronology_return",
                RequestKind::Imr => "review_imr_return",
                RequestKind::InformationReport => "review_information_report_return",
                RequestKind::OrganisationalChangeChronology => {
                    "review_organisational_change_chronology_return"
                }
                // The Rapid Review's own requests are on its timeline.
                RequestKind::InitialScoping | RequestKind::RapidReviewReturn => return None,
            };
            let (due, rule) = match r.status {
                RequestStatus::Issued => (r.due_on, "the date the review set when it asked"),
                RequestStatus::ReturnedForRework => (
                    r.rework_due_on.unwrap_or(r.due_on),
                    "2 working days after the return was last sent back",
                ),
                RequestStatus::Submitted | RequestStatus::Accepted => return None,
            };
            Some(Step {
                step,
                agency: Some(r.agency.clone()),
                due,
                rule: rule.into(),
                skipped: vec![],
                done_on: None,
                status: if today <= due {
                    StepStatus::Due
                } else {
                    StepStatus::Overdue
                },
                recipients: vec![],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        review::{ReviewKind, ReviewStage, decided_review, terms::AgencyInScope},
        text::Name,
    };

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn code(c: &str) -> AgencyCode {
        AgencyCode::parse(c).unwrap()
    }

    fn terms() -> Terms {
        Terms {
            questions: vec![],
            period_from: day("2025-09-01"),
            period_to: day("2026-08-20"),
            agencies: ["LA", "POLICE"]
                .iter()
                .map(|c| AgencyInScope {
                    agency: code(c),
                    single_point_of_contact: Name::parse("Lead").unwrap(),
                })
                .collect(),
            timetable: vec![],
            cps_liaison: None,
            coroner_liaison: None,
            communications_plan: None,
        }
    }

    fn ask(
        review: &Review,
        terms: Option<&Terms>,
        existing: &[InformationRequest],
        kind: RequestKind,
        named: Option<Vec<String>>,
    ) -> Result<Vec<InformationRequest>, DomainError> {
        let registered = [code("LA"), code("POLICE"), code("ICB")];
        issue(
            review,
            terms,
            existing,
            kind,
            named,
            &registered,
            day("2026-10-01"),
            day("2026-10-29"),
        )
    }

    #[test]
    fn a_review_asks_the_agencies_in_scope_unless_it_names_others_and_each_kind_once() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        let made = ask(&review, Some(&terms()), &[], RequestKind::Imr, None).unwrap();
        assert_eq!(made.len(), 2);
        assert_eq!(made[0].due_on, day("2026-10-29"));
        assert_eq!(made[0].referral_id, review.referral_id);
        assert!(matches!(
            ask(&review, Some(&terms()), &made, RequestKind::Imr, None),
            Err(DomainError::Transition(_))
        ));
        let icb = ask(
            &review,
            None,
            &made,
            RequestKind::Imr,
            Some(vec!["ICB".into()]),
        )
        .unwrap();
        assert_eq!(icb[0].agency, code("ICB"));
    }

    #[test]
    fn without_terms_or_names_or_for_a_rapid_review_kind_nothing_is_asked() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        assert!(matches!(
            ask(&review, None, &[], RequestKind::Chronology, None),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            ask(
                &review,
                Some(&terms()),
                &[],
                RequestKind::InitialScoping,
                None
            ),
            Err(DomainError::Invalid(_))
        ));
        assert!(matches!(
            ask(
                &review,
                None,
                &[],
                RequestKind::Chronology,
                Some(vec!["NOPE".into()])
            ),
            Err(DomainError::Invalid(_))
        ));
        let commissioning = decided_review(ReviewKind::Cspr, ReviewStage::Commissioning);
        assert!(matches!(
            ask(
                &commissioning,
                Some(&terms()),
                &[],
                RequestKind::Chronology,
                None
            ),
            Err(DomainError::Transition(_))
        ));
    }

    #[test]
    fn what_agencies_owe_a_review_is_due_on_the_date_it_set_then_overdue() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        let mut made = ask(&review, Some(&terms()), &[], RequestKind::Imr, None).unwrap();
        made[1].status = RequestStatus::Submitted;
        let due = owed_steps(&made, day("2026-10-29"));
        assert_eq!(due.len(), 1, "a return sent owes nothing until judged");
        assert_eq!(due[0].step, "review_imr_return");
        assert_eq!(due[0].status, StepStatus::Due);
        assert_eq!(
            owed_steps(&made, day("2026-10-30"))[0].status,
            StepStatus::Overdue
        );
        made[0].status = RequestStatus::ReturnedForRework;
        made[0].rework_due_on = Some(day("2026-11-02"));
        assert_eq!(
            owed_steps(&made, day("2026-10-30"))[0].due,
            day("2026-11-02")
        );
    }
}
