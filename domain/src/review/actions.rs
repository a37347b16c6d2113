//! Recommendations and the action plan (seed, "Stage 3 - Finalise", "Disseminating and Sharing
//! Learning", "Monitoring Progress"). A recommendation says "what is required of relevant agencies and
//! others collectively and individually, and by when"; each becomes actions owned by one agency, due by
//! a date, updated by that agency alone with its progress and evidence. The Case Review Subgroup
//! monitors progress; the board signs the plan off once every action is complete.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Review, ReviewStage};
use crate::{
    FieldError,
    error::{DomainError, IllegalTransition},
    ids::ActionId,
    rapid_review::timeline::{Step, StepStatus},
    text::{AgencyCode, Narrative, Note, Subject},
    text_enum::text_enum,
};

/// A recommendation of the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub number: u32,
    pub text: Narrative,
    /// The agencies it is for; none means every agency ("collectively").
    pub agencies: Vec<AgencyCode>,
    pub due_on: NaiveDate,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

text_enum!(
    /// Where an action stands.
    ActionStatus, "status" {
        Open => "open",
        InProgress => "in_progress",
        Complete => "complete",
    }
);

/// One agency's action towards a recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: ActionId,
    pub recommendation: u32,
    pub agency: AgencyCode,
    pub description: Narrative,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

impl Action {
    /// Past its date and not complete.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status != ActionStatus::Complete && self.due_on < today
    }
}

/// Progress on an action, by its agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressUpdate {
    pub status: ActionStatus,
    pub note: Narrative,
    /// What shows it (an audit, a revised procedure, training figures).
    pub evidence: Option<Note>,
    pub by: Subject,
    pub at: DateTime<Utc>,
}

/// The record of the Case Review Subgroup's monitoring of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitoring {
    pub held_on: NaiveDate,
    pub note: Narrative,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

fn not_now(review: &Review, why: impl Into<String>) -> DomainError {
    IllegalTransition::new(review.stage, &[], why).into()
}

/// Recommendations are written while the review runs, before the board confirms them.
pub fn check_recommendation(
    review: &Review,
    agencies: &[AgencyCode],
    registered: &[AgencyCode],
    due_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if !matches!(
        review.stage,
        ReviewStage::Establish | ReviewStage::Monitor | ReviewStage::Finalise
    ) {
        return Err(not_now(
            review,
            "Recommendations are made while the review runs, before its report is approved.",
        ));
    }
    let mut errors = vec![];
    for (i, a) in agencies.iter().enumerate() {
        if !registered.contains(a) {
            errors.push(FieldError::new(
                format!("agencies[{i}]"),
                "is not one of the partnership's agencies",
            ));
        } else if agencies[..i].contains(a) {
            errors.push(FieldError::new(format!("agencies[{i}]"), "is named twice"));
        }
    }
    if due_on <= today {
        errors.push(FieldError::new("due_on", "must be after today"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(errors))
    }
}

/// An action towards a recommendation: for one of the agencies it names (any, when it names none), due
/// no later than the recommendation, while the plan is not signed off.
pub fn check_action(
    review: &Review,
    recommendation: &Recommendation,
    agency: &AgencyCode,
    registered: &[AgencyCode],
    due_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if matches!(
        review.stage,
        ReviewStage::Commissioning | ReviewStage::Closed
    ) {
        return Err(not_now(
            review,
            "Actions belong to a running review's plan, not yet signed off.",
        ));
    }
    let for_it = if recommendation.agencies.is_empty() {
        registered.contains(agency)
    } else {
        recommendation.agencies.contains(agency)
    };
    let mut errors = vec![];
    if !for_it {
        errors.push(FieldError::new(
            "agency_code",
            format!(
                "recommendation {} is not for this agency",
                recommendation.number
            ),
        ));
    }
    if due_on <= today || due_on > recommendation.due_on {
        errors.push(FieldError::new(
            "due_on",
            format!(
                "must be after today and by the recommendation's date ({})",
                recommendation.due_on
            ),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(errors))
    }
}

/// Progress on an action: by its own agency, not once it is complete.
pub fn check_progress(action: &Action, agency: &AgencyCode) -> Result<(), DomainError> {
    if action.agency != *agency {
        return Err(crate::Refusal::RoleNotPermitted.into());
    }
    if action.status == ActionStatus::Complete {
        return Err(IllegalTransition::new(action.status, &[], "The action is complete.").into());
    }
    Ok(())
}

/// The board signs off the plan of a published review once it has actions and every one is complete.
pub fn check_sign_off(review: &Review, actions: &[Action]) -> Result<(), DomainError> {
    if review.stage != ReviewStage::Published {
        return Err(not_now(
            review,
            "The plan is signed off once the review is published.",
        ));
    }
    if actions.is_empty() {
        return Err(not_now(review, "The plan has no actions yet."));
    }
    let open = actions
        .iter()
        .filter(|a| a.status != ActionStatus::Complete)
        .count();
    if open > 0 {
        return Err(not_now(
            review,
            format!("{open} action(s) are not complete."),
        ));
    }
    Ok(())
}

/// The actions still owed, as steps of the deadline report and calendar feeds: due on the date the plan
/// set, overdue the day after.
pub fn owed_steps(actions: &[Action], today: NaiveDate) -> Vec<Step> {
    actions
        .iter()
        .filter(|a| a.status != ActionStatus::Complete)
        .map(|a| Step {
            step: "review_action",
            agency: Some(a.agency.clone()),
            due: a.due_on,
            rule: format!(
                "the date the action plan set for recommendation {}",
                a.recommendation
            ),
            skipped: vec![],
            done_on: None,
            status: if a.overdue(today) {
                StepStatus::Overdue
            } else {
                StepStatus::Due
            },
            recipients: vec![],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, decided_review};

    #[test]
    fn an_action_not_complete_is_owed_until_its_date_and_overdue_the_day_after() {
        let mut done = action("LA", ActionStatus::Complete);
        done.due_on = day("2027-01-01");
        let open = action("POLICE", ActionStatus::InProgress);
        let owed = |today| owed_steps(&[done.clone(), open.clone()], day(today));
        let on_the_day = owed("2027-03-31");
        assert_eq!(on_the_day.len(), 1);
        assert_eq!(on_the_day[0].step, "review_action");
        assert_eq!(on_the_day[0].agency, Some(code("POLICE")));
        assert_eq!(on_the_day[0].due, day("2027-03-31"));
        assert_eq!(on_the_day[0].status, StepStatus::Due);
        assert_eq!(owed("2027-04-01")[0].status, StepStatus::Overdue);
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn code(s: &str) -> AgencyCode {
        AgencyCode::parse(s).unwrap()
    }

    fn who() -> Subject {
        Subject::parse("someone").unwrap()
    }

    fn recommendation(agencies: &[&str]) -> Recommendation {
        Recommendation {
            number: 1,
            text: Narrative::parse("Share injury findings within a day.").unwrap(),
            agencies: agencies.iter().map(|a| code(a)).collect(),
            due_on: day("2027-06-30"),
            recorded_by: who(),
            recorded_at: Utc::now(),
        }
    }

    fn action(agency: &str, status: ActionStatus) -> Action {
        Action {
            id: ActionId::generate(),
            recommendation: 1,
            agency: code(agency),
            description: Narrative::parse("Update the procedure.").unwrap(),
            due_on: day("2027-03-31"),
            status,
            recorded_by: who(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn a_recommendation_names_registered_agencies_once_and_a_date_ahead_while_the_review_runs() {
        let running = decided_review(ReviewKind::Cspr, ReviewStage::Finalise);
        let registered = [code("LA"), code("POLICE")];
        let today = day("2026-12-01");
        assert!(
            check_recommendation(
                &running,
                &[code("LA")],
                &registered,
                day("2027-01-01"),
                today
            )
            .is_ok()
        );
        assert!(check_recommendation(&running, &[], &registered, day("2027-01-01"), today).is_ok());
        let e = check_recommendation(
            &running,
            &[code("LA"), code("LA"), code("NOPE")],
            &registered,
            today,
            today,
        );
        assert!(matches!(e, Err(DomainError::Invalid(f)) if f.len() == 3));
        let approved = decided_review(ReviewKind::Cspr, ReviewStage::ReportApproved);
        assert!(
            check_recommendation(&approved, &[], &registered, day("2027-01-01"), today).is_err()
        );
    }

    #[test]
    fn an_action_is_for_an_agency_the_recommendation_names_and_due_by_its_date() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Published);
        let registered = [code("LA"), code("POLICE"), code("ICB")];
        let today = day("2026-12-01");
        let r = recommendation(&["LA", "POLICE"]);
        assert!(
            check_action(
                &review,
                &r,
                &code("LA"),
                &registered,
                day("2027-03-31"),
                today
            )
            .is_ok()
        );
        assert!(
            check_action(
                &review,
                &r,
                &code("ICB"),
                &registered,
                day("2027-03-31"),
                today
            )
            .is_err()
        );
        assert!(
            check_action(
                &review,
                &r,
                &code("LA"),
                &registered,
                day("2027-07-01"),
                today
            )
            .is_err()
        );
        let all = recommendation(&[]);
        assert!(
            check_action(
                &review,
                &all,
                &code("ICB"),
                &registered,
                day("2027-03-31"),
                today
            )
            .is_ok()
        );
    }

    #[test]
    fn only_its_agency_updates_an_action_and_not_once_complete() {
        let a = action("LA", ActionStatus::InProgress);
        assert!(check_progress(&a, &code("LA")).is_ok());
        assert!(check_progress(&a, &code("POLICE")).is_err());
        assert!(check_progress(&action("LA", ActionStatus::Complete), &code("LA")).is_err());
        assert!(a.overdue(day("2027-04-01")) && !a.overdue(day("2027-03-31")));
        assert!(!action("LA", ActionStatus::Complete).overdue(day("2027-04-01")));
    }

    #[test]
    fn the_plan_is_signed_off_once_every_action_is_complete() {
        let published = decided_review(ReviewKind::Cspr, ReviewStage::Published);
        assert!(check_sign_off(&published, &[]).is_err());
        let mut actions = vec![
            action("LA", ActionStatus::Complete),
            action("POLICE", ActionStatus::Open),
        ];
        assert!(check_sign_off(&published, &actions).is_err());
        actions[1].status = ActionStatus::Complete;
        assert!(check_sign_off(&published, &actions).is_ok());
        let approved = decided_review(ReviewKind::Cspr, ReviewStage::ReportApproved);
        assert!(check_sign_off(&approved, &actions).is_err());
    }
}
