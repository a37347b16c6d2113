//! The figures for reporting tools on the wire: counts, rates and agency codes, nothing else.

use async_graphql::SimpleObject;
use chrono::NaiveDate;
use cspr_domain::figures as domain;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The period asked for, both days included (less than ten years).
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresParams {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// `count / of`, or nothing when there is nothing to divide by.
fn share(count: u32, of: u32) -> Option<f64> {
    (of > 0).then(|| f64::from(count) / f64::from(of))
}

/// Rapid Reviews whose fifteenth working day after the partnership became aware fell in the period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FiguresRapidReviews {
    pub due: u32,
    /// Of those due, the ones sent to the National Panel by their fifteenth working day.
    pub submitted_within_15_working_days: u32,
    /// `submitted_within_15_working_days / due`; null when none were due.
    pub share_submitted_within_15_working_days: Option<f64>,
    /// Delay notices recorded in the period.
    pub delays_notified: u32,
}

/// The Rapid Reviews' decisions made in the period.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FiguresDecisions {
    pub count: u32,
    /// Working days from awareness to decision: the middle value (the mean of the two middle ones for an
    /// even count); null with no decisions.
    pub working_days_median: Option<f64>,
    /// The 90th percentile of the same, by nearest rank.
    pub working_days_90th_percentile: Option<u32>,
    pub cspr: u32,
    pub alternative_learning_review: u32,
    pub no_further_review: u32,
}

/// Reviews completed in the period: their report published, or the improvements published instead.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FiguresReviews {
    pub csprs_completed: u32,
    /// Completed by six months from the decision.
    pub csprs_completed_within_six_months: u32,
    pub share_csprs_completed_within_six_months: Option<f64>,
    pub alternative_reviews_completed: u32,
    /// Completed by three months from the decision.
    pub alternative_reviews_completed_within_three_months: u32,
    /// Delays past the review's time recorded (and notified) in the period.
    pub delays_notified: u32,
}

/// Reports published in the period and their notice to the National Panel.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FiguresPublication {
    pub reports_published: u32,
    /// Of those, the ones whose full report was sent to the National Panel…
    pub sent_to_national_panel: u32,
    /// …at least seven working days before publication.
    pub sent_to_national_panel_in_time: u32,
}

/// One agency's actions not complete at `actions_as_of`, and how many of them were past their date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FiguresAgencyActions {
    pub agency_code: String,
    pub open: u32,
    pub overdue: u32,
}

/// The partnership's figures for a period: counts and rates only, no personal data or free text.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReportingFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub referrals_received: u32,
    pub closed_at_triage: u32,
    pub rapid_reviews: FiguresRapidReviews,
    pub decisions: FiguresDecisions,
    pub reviews: FiguresReviews,
    pub publication: FiguresPublication,
    /// The day actions are counted at: the period's last day, or today while the period runs.
    pub actions_as_of: NaiveDate,
    /// Every agency with an action set by then, by code.
    pub actions_by_agency: Vec<FiguresAgencyActions>,
}

impl From<&domain::Figures> for ReportingFigures {
    fn from(f: &domain::Figures) -> Self {
        let d = &f.decision_times;
        ReportingFigures {
            from: f.period.from,
            to: f.period.to,
            referrals_received: f.referrals_received,
            closed_at_triage: f.closed_at_triage,
            rapid_reviews: FiguresRapidReviews {
                due: f.rapid_reviews_due,
                submitted_within_15_working_days: f.rapid_reviews_submitted_within_15_working_days,
                share_submitted_within_15_working_days: share(
                    f.rapid_reviews_submitted_within_15_working_days,
                    f.rapid_reviews_due,
                ),
                delays_notified: f.rapid_review_delays_notified,
            },
            decisions: FiguresDecisions {
                count: d.decisions,
                working_days_median: d.median,
                working_days_90th_percentile: d.percentile_90,
                cspr: f.outcomes.cspr,
                alternative_learning_review: f.outcomes.alternative_learning_review,
                no_further_review: f.outcomes.no_further_review,
            },
            reviews: FiguresReviews {
                csprs_completed: f.csprs_completed,
                csprs_completed_within_six_months: f.csprs_completed_within_six_months,
                share_csprs_completed_within_six_months: share(
                    f.csprs_completed_within_six_months,
                    f.csprs_completed,
                ),
                alternative_reviews_completed: f.alternative_reviews_completed,
                alternative_reviews_completed_within_three_months: f
                    .alternative_reviews_completed_within_three_months,
                delays_notified: f.review_delays_notified,
            },
            publication: FiguresPublication {
                reports_published: f.reports_published,
                sent_to_national_panel: f.reports_sent_to_panel,
                sent_to_national_panel_in_time: f.reports_sent_to_panel_in_time,
            },
            actions_as_of: f.actions_as_of,
            actions_by_agency: f
                .actions_by_agency
                .iter()
                .map(|a| FiguresAgencyActions {
                    agency_code: a.agency.to_string(),
                    open: a.open,
                    overdue: a.overdue,
                })
                .collect(),
        }
    }
}
