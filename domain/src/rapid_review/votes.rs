//! The partners' votes and the decision they make (seed: "each of the three statutory partners ... will
//! get a single vote, to decide whether to undertake a Child Safeguarding Practice Review. If the decision
//! is not to proceed ..., they will vote on whether an alternative form of learning review is appropriate").

use chrono::{DateTime, Utc};

use crate::{
    agency::StatutoryRole,
    text::{AgencyCode, Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    Question, "question" {
        HoldCspr => "hold_cspr",
        HoldAlternativeReview => "hold_alternative_review",
    }
);

text_enum!(
    Choice, "choice" {
        Yes => "yes",
        No => "no",
    }
);

text_enum!(
    /// What the Rapid Review decided.
    DecisionOutcome, "outcome" {
        Cspr => "cspr",
        AlternativeLearningReview => "alternative_learning_review",
        NoFurtherReview => "no_further_review",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    pub question: Question,
    pub role: StatutoryRole,
    pub agency: AgencyCode,
    pub choice: Choice,
    pub rationale: Option<Narrative>,
    pub cast_by: Subject,
    pub cast_at: DateTime<Utc>,
}

/// How many of the three partners must agree: a majority of three. The one place this rule lives.
pub const MAJORITY: usize = 2;

/// The outcome of a question: the choice a majority of the three partners made, once they have made it.
pub fn outcome(votes: &[Vote], question: Question) -> Option<Choice> {
    [Choice::Yes, Choice::No].into_iter().find(|c| {
        votes
            .iter()
            .filter(|v| v.question == question && v.choice == *c)
            .count()
            >= MAJORITY
    })
}

/// The decision the votes make, once they make one: a CSPR; or, if not, an alternative learning review or
/// no further review.
pub fn decided(votes: &[Vote]) -> Option<DecisionOutcome> {
    match outcome(votes, Question::HoldCspr)? {
        Choice::Yes => Some(DecisionOutcome::Cspr),
        Choice::No => match outcome(votes, Question::HoldAlternativeReview)? {
            Choice::Yes => Some(DecisionOutcome::AlternativeLearningReview),
            Choice::No => Some(DecisionOutcome::NoFurtherReview),
        },
    }
}

/// The questions put to the partners so far: the first always; the second once a majority said no to
/// the first.
pub fn questions_put(votes: &[Vote]) -> Vec<Question> {
    match outcome(votes, Question::HoldCspr) {
        Some(Choice::No) => vec![Question::HoldCspr, Question::HoldAlternativeReview],
        _ => vec![Question::HoldCspr],
    }
}

/// The vote cast for `role` on `question`, if any.
pub fn cast_for(votes: &[Vote], question: Question, role: StatutoryRole) -> Option<&Vote> {
    votes
        .iter()
        .find(|v| v.question == question && v.role == role)
}

/// Each statutory partner's position on each question put: its vote, or `None` for "did not vote".
/// The decision record and the submission document carry this, so no partner's position goes missing.
pub fn positions(votes: &[Vote]) -> Vec<(Question, StatutoryRole, Option<&Vote>)> {
    questions_put(votes)
        .into_iter()
        .flat_map(|q| {
            StatutoryRole::PARTNERS
                .into_iter()
                .map(move |role| (q, role, cast_for(votes, q, role)))
        })
        .collect()
}

/// The Rapid Review's decision, with what must happen at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: DecisionOutcome,
    pub rationale: Narrative,
    pub immediate_safety_actions: Vec<Narrative>,
    pub immediate_learning: Vec<Narrative>,
    pub decided_by: Subject,
    pub decided_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(question: Question, role: StatutoryRole, choice: Choice) -> Vote {
        Vote {
            question,
            role,
            agency: AgencyCode::parse("X1").unwrap(),
            choice,
            rationale: None,
            cast_by: Subject::parse("p").unwrap(),
            cast_at: Utc::now(),
        }
    }

    use Choice::*;
    use Question::*;
    use StatutoryRole::{Health, LocalAuthority, Police};

    #[test]
    fn two_of_three_partners_decide_a_question() {
        let votes = [
            vote(HoldCspr, LocalAuthority, Yes),
            vote(HoldCspr, Police, No),
        ];
        assert_eq!(outcome(&votes, HoldCspr), None);
        let votes = [
            vote(HoldCspr, LocalAuthority, Yes),
            vote(HoldCspr, Police, No),
            vote(HoldCspr, Health, Yes),
        ];
        assert_eq!(outcome(&votes, HoldCspr), Some(Yes));
        assert_eq!(decided(&votes), Some(DecisionOutcome::Cspr));
    }

    #[test]
    fn a_no_to_a_cspr_needs_the_second_question_answered() {
        let mut votes = vec![
            vote(HoldCspr, LocalAuthority, No),
            vote(HoldCspr, Police, No),
        ];
        assert_eq!(decided(&votes), None);
        votes.push(vote(HoldAlternativeReview, LocalAuthority, Yes));
        votes.push(vote(HoldAlternativeReview, Health, Yes));
        assert_eq!(
            decided(&votes),
            Some(DecisionOutcome::AlternativeLearningReview)
        );
    }

    #[test]
    fn every_partner_has_a_position_on_every_question_put() {
        let votes = [
            vote(HoldCspr, LocalAuthority, No),
            vote(HoldCspr, Police, No),
            vote(HoldCspr, Health, Yes),
            vote(HoldAlternativeReview, Health, Yes),
        ];
        let p = positions(&votes);
        assert_eq!(p.len(), 6);
        let shown: Vec<_> = p
            .iter()
            .map(|(q, r, v)| (*q, *r, v.map(|v| v.choice)))
            .collect();
        assert!(shown.contains(&(HoldCspr, Health, Some(Yes))));
        assert!(shown.contains(&(HoldAlternativeReview, Police, None)));
        let only_one = [vote(HoldCspr, Police, Yes)];
        assert_eq!(positions(&only_one).len(), 3, "question 2 not yet put");
    }

    #[test]
    fn no_to_both_questions_means_no_further_review() {
        let votes = [
            vote(HoldCspr, LocalAuthority, No),
            vote(HoldCspr, Police, No),
            vote(HoldAlternativeReview, Police, No),
            vote(HoldAlternativeReview, Health, No),
        ];
        assert_eq!(decided(&votes), Some(DecisionOutcome::NoFurtherReview));
    }
}
