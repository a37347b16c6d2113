//! The figures reporting tools ask for (issue 12): counts and rates per partnership and period, made
//! from dates, outcomes, kinds and agency codes only — never a name, a pseudonym or a word of free
//! text, so an analyst's token reads nothing about any child. How each figure is counted is in
//! docs/PUBLICATION.md; the choices are ours where the seed gives none.

use chrono::{Months, NaiveDate};

use crate::{
    FieldError,
    calendar::Calendar,
    rapid_review::{TriageOutcome, clocks, votes::DecisionOutcome},
    review::{ReviewKind, actions::ActionStatus, publication::latest_copy_date},
    text::AgencyCode,
};

/// One request covers less than ten years: it keeps the work of one answer bounded.
const MAX_PERIOD_MONTHS: u32 = 120;

/// The days the figures are for, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn parse(from: NaiveDate, to: NaiveDate) -> Result<Self, FieldError> {
        if to < from {
            return Err(FieldError::new("to", "must not be before from"));
        }
        if from
            .checked_add_months(Months::new(MAX_PERIOD_MONTHS))
            .is_none_or(|limit| to >= limit)
        {
            return Err(FieldError::new("to", "must be within ten years of from"));
        }
        Ok(Period { from, to })
    }

    fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    fn holds(&self, d: Option<NaiveDate>) -> bool {
        d.is_some_and(|d| self.contains(d))
    }
}

/// What the figures need of a referral and its Rapid Review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFacts {
    pub received_on: NaiveDate,
    pub aware_on: NaiveDate,
    /// Only a serious incident has a Rapid Review.
    pub serious_incident: bool,
    pub triage: Option<(NaiveDate, TriageOutcome)>,
    pub decision: Option<(NaiveDate, DecisionOutcome)>,
    /// The date the Rapid Review was sent to the National Panel.
    pub submitted_on: Option<NaiveDate>,
    /// The date the Panel was told the Rapid Review would be late.
    pub delay_notified_on: Option<NaiveDate>,
}

impl ReferralFacts {
    /// A serious incident that triage did not close or send straight to an alternative review.
    fn has_rapid_review(&self) -> bool {
        self.serious_incident
            && self
                .triage
                .is_none_or(|(_, o)| o == TriageOutcome::RapidReview)
    }
}

/// What the figures need of a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFacts {
    pub kind: ReviewKind,
    /// Six months (a CSPR) or three (an alternative review) from its decision.
    pub due_on: NaiveDate,
    /// Its report published, or the information about improvements published instead.
    pub completed_on: Option<NaiveDate>,
    pub report_published_on: Option<NaiveDate>,
    /// The date the full report was sent to the National Panel.
    pub panel_copy_on: Option<NaiveDate>,
    /// Each delay recorded: the day, and the completion it projected then.
    pub delays: Vec<(NaiveDate, NaiveDate)>,
}

/// What the figures need of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFacts {
    pub agency: AgencyCode,
    pub set_on: NaiveDate,
    pub due_on: NaiveDate,
    /// Each status its agency reported, with the date, oldest first.
    pub changes: Vec<(NaiveDate, ActionStatus)>,
}

impl ActionFacts {
    /// Where the action stood at the end of `day`.
    fn status_on(&self, day: NaiveDate) -> ActionStatus {
        self.changes
            .iter()
            .take_while(|(on, _)| *on <= day)
            .last()
            .map_or(ActionStatus::Open, |(_, s)| *s)
    }
}

/// The Rapid Review's decisions in the period, by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcomes {
    pub cspr: u32,
    pub alternative_learning_review: u32,
    pub no_further_review: u32,
}

/// One agency's actions not complete at the end of the period, and how many of them were late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyActions {
    pub agency: AgencyCode,
    pub open: u32,
    pub overdue: u32,
}

/// Working days from awareness to decision over the decisions made in the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionTimes {
    pub decisions: u32,
    /// The middle value; with an even count, the mean of the two middle ones.
    pub median: Option<f64>,
    /// Nearest rank: the smallest value at least 90% of the decisions took no longer than.
    pub percentile_90: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub period: Period,
    /// The day actions are counted at: the period's last day, or today while it runs.
    pub actions_as_of: NaiveDate,
    pub referrals_received: u32,
    pub closed_at_triage: u32,
    /// Rapid Reviews whose fifteenth working day after awareness fell in the period…
    pub rapid_reviews_due: u32,
    /// …and of them, those sent to the National Panel by that day.
    pub rapid_reviews_submitted_within_15_working_days: u32,
    pub decision_times: DecisionTimes,
    pub outcomes: Outcomes,
    pub rapid_review_delays_notified: u32,
    /// CSPRs completed in the period, and of them those completed by six months from their decision.
    pub csprs_completed: u32,
    pub csprs_completed_within_six_months: u32,
    /// Alternative reviews completed in the period, and of them those by three months.
    pub alternative_reviews_completed: u32,
    pub alternative_reviews_completed_within_three_months: u32,
    /// Delays recorded in the period that project completion past the review's time: each owes the
    /// National Panel (and the Secretary of State) its reasons.
    pub review_delays_notified: u32,
    /// Reports published in the period…
    pub reports_published: u32,
    /// …of them those sent to the National Panel at all, and those sent at least seven working days
    /// before publication.
    pub reports_sent_to_panel: u32,
    pub reports_sent_to_panel_in_time: u32,
    /// By agency code, every agency with an action set by `actions_as_of`.
    pub actions_by_agency: Vec<AgencyActions>,
}

fn count<T>(items: &[T], keep: impl Fn(&T) -> bool) -> u32 {
    items
        .iter()
        .filter(|i| keep(i))
        .fold(0, |n, _| n.saturating_add(1))
}

/// The middle value (mean of the two middle ones for an even count) and the 90th percentile by nearest
/// rank, of values sorted ascending.
fn median_and_p90(sorted: &[u32]) -> (Option<f64>, Option<u32>) {
    let n = sorted.len();
    if n == 0 {
        return (None, None);
    }
    let median = if n % 2 == 1 {
        f64::from(sorted[n / 2])
    } else {
        (f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0
    };
    // Nearest rank: the ceil(0.9 n)th value, counted from one.
    let rank = (9 * n).div_ceil(10);
    (Some(median), sorted.get(rank.saturating_sub(1)).copied())
}

fn decision_times(
    calendar: &Calendar,
    period: &Period,
    referrals: &[ReferralFacts],
) -> DecisionTimes {
    let mut days: Vec<u32> = referrals
        .iter()
        .filter_map(|r| {
            let (on, _) = r.decision?;
            period
                .contains(on)
                .then(|| calendar.working_days_between(r.aware_on, on))
        })
        .collect();
    days.sort_unstable();
    let (median, percentile_90) = median_and_p90(&days);
    DecisionTimes {
        decisions: u32::try_from(days.len()).unwrap_or(u32::MAX),
        median,
        percentile_90,
    }
}

fn outcomes(period: &Period, referrals: &[ReferralFacts]) -> Outcomes {
    let of = |want: DecisionOutcome| {
        count(referrals, |r| {
            r.decision
                .is_some_and(|(on, o)| o == want && period.contains(on))
        })
    };
    Outcomes {
        cspr: of(DecisionOutcome::Cspr),
        alternative_learning_review: of(DecisionOutcome::AlternativeLearningReview),
        no_further_review: of(DecisionOutcome::NoFurtherReview),
    }
}

fn actions_by_agency(actions: &[ActionFacts], as_of: NaiveDate) -> Vec<AgencyActions> {
    let mut agencies: Vec<&AgencyCode> = actions
        .iter()
        .filter(|a| a.set_on <= as_of)
        .map(|a| &a.agency)
        .collect();
    agencies.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    agencies.dedup();
    agencies
        .into_iter()
        .map(|agency| {
            let open: Vec<&ActionFacts> = actions
                .iter()
                .filter(|a| {
                    a.agency == *agency
                        && a.set_on <= as_of
                        && a.status_on(as_of) != ActionStatus::Complete
                })
                .collect();
            AgencyActions {
                agency: agency.clone(),
                open: count(&open, |_| true),
                overdue: count(&open, |a| a.due_on < as_of),
            }
        })
        .collect()
}

/// Every figure for `period`, from the partnership's facts, as known `today`.
pub fn figures(
    calendar: &Calendar,
    period: Period,
    today: NaiveDate,
    referrals: &[ReferralFacts],
    reviews: &[ReviewFacts],
    actions: &[ActionFacts],
) -> Figures {
    let day_15 = |r: &ReferralFacts| {
        calendar
            .add_working_days(r.aware_on, clocks::SUBMIT_LATEST)
            .due
    };
    let due: Vec<&ReferralFacts> = referrals
        .iter()
        .filter(|r| r.has_rapid_review() && period.contains(day_15(r)))
        .collect();
    let completed = |kind: ReviewKind| -> Vec<&ReviewFacts> {
        reviews
            .iter()
            .filter(|r| r.kind == kind && period.holds(r.completed_on))
            .collect()
    };
    let on_time = |r: &&ReviewFacts| r.completed_on.is_some_and(|c| c <= r.due_on);
    let (csprs, alternatives) = (
        completed(ReviewKind::Cspr),
        completed(ReviewKind::AlternativeLearningReview),
    );
    let published: Vec<&ReviewFacts> = reviews
        .iter()
        .filter(|r| period.holds(r.report_published_on))
        .collect();
    let actions_as_of = period.to.min(today);
    Figures {
        period,
        actions_as_of,
        referrals_received: count(referrals, |r| period.contains(r.received_on)),
        closed_at_triage: count(referrals, |r| {
            r.triage
                .is_some_and(|(on, o)| o == TriageOutcome::Close && period.contains(on))
        }),
        rapid_reviews_due: count(&due, |_| true),
        rapid_reviews_submitted_within_15_working_days: count(&due, |r| {
            r.submitted_on.is_some_and(|s| s <= day_15(r))
        }),
        decision_times: decision_times(calendar, &period, referrals),
        outcomes: outcomes(&period, referrals),
        rapid_review_delays_notified: count(referrals, |r| period.holds(r.delay_notified_on)),
        csprs_completed: count(&csprs, |_| true),
        csprs_completed_within_six_months: count(&csprs, on_time),
        alternative_reviews_completed: count(&alternatives, |_| true),
        alternative_reviews_completed_within_three_months: count(&alternatives, on_time),
        review_delays_notified: reviews
            .iter()
            .map(|r| {
                count(&r.delays, |(on, projected)| {
                    period.contains(*on) && *projected > r.due_on
                })
            })
            .sum(),
        reports_published: count(&published, |_| true),
        reports_sent_to_panel: count(&published, |r| r.panel_copy_on.is_some()),
        reports_sent_to_panel_in_time: count(&published, |r| {
            match (r.panel_copy_on, r.report_published_on) {
                (Some(sent), Some(on)) => sent <= latest_copy_date(calendar, on),
                _ => false,
            }
        }),
        actions_by_agency: actions_by_agency(actions, actions_as_of),
    }
}

#[cfg(test)]
mod tests;
