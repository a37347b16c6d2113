//! The Rapid Review on the wire: the steps an admin records, the partners' votes, the whole review as
//! read back, its timeline, and the document submitted to the National Panel.

use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::rapid_review::{self as domain, meeting, process::Today, timeline, votes};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    Choice, DecisionOutcome, NotificationKind, Question, ReferralStatus, StatutoryRole, StepStatus,
    TriageOutcome, calendar::SkippedDay,
};

/// Triage by the Head of Service with the AD Quality Assurance: are the serious-incident criteria met?
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct TriageCreate {
    pub criteria_met: bool,
    /// When not met: `close` or `alternative_learning_review`.
    #[serde(default)]
    pub outcome_if_not_met: Option<TriageOutcome>,
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct NotificationCreate {
    pub kind: NotificationKind,
    pub sent_on: NaiveDate,
    /// The recipient's reference (the Panel's serious incident number, say).
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NameText>)]
    pub reference: Option<String>,
}

/// A Case Review Subgroup member's view, for the token's agency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct SubgroupViewCreate {
    pub criteria_met: bool,
    #[schema(value_type = crate::text::NarrativeText)]
    pub view: String,
}

/// Schedule the meeting, move it before it is held, or reconvene an inquorate one: between working day 7
/// and 13 after receipt, or with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct MeetingSchedule {
    pub date: NaiveDate,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub outside_window_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct AttendeeInput {
    #[schema(value_type = crate::text::AgencyCodeText)]
    pub agency: String,
    /// The representative's role ("Head of Safeguarding"), not their name.
    #[schema(value_type = crate::text::NameText)]
    pub role: String,
}

/// Someone who attended, for an agency, with the agency's statutory role when attendance was recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Attendee {
    pub agency: String,
    pub statutory_role: StatutoryRole,
    pub role: String,
}

/// Who attended the current meeting, on or after its date: recording it marks the meeting held.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct AttendanceCreate {
    #[schema(min_items = 1)]
    pub attendees: Vec<AttendeeInput>,
}

/// A statutory partner's vote, for its own agency's role.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct VoteCreate {
    pub question: Question,
    pub choice: Choice,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub rationale: Option<String>,
    /// Optional check: the role the voter believes it votes for. Refused if not its agency's.
    #[serde(default)]
    pub statutory_role: Option<StatutoryRole>,
}

/// The decision, as the votes made it, with what must happen at once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct DecisionCreate {
    #[schema(value_type = crate::text::NarrativeText)]
    pub rationale: String,
    #[serde(default)]
    #[schema(value_type = Vec<crate::text::NarrativeText>)]
    pub immediate_safety_actions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::text::NarrativeText>)]
    pub immediate_learning: Vec<String>,
}

/// Why working day 15 will be missed and when the Panel can expect the decision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct DelayNoticeCreate {
    #[schema(value_type = crate::text::NarrativeText)]
    pub reasons: String,
    pub expected_on: NaiveDate,
}

/// The completed Rapid Review was sent to the National Panel on `sent_on`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct SubmissionCreate {
    pub sent_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct TriageView {
    pub criteria_met: bool,
    pub outcome: TriageOutcome,
    pub reasons: String,
    pub decided_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct NotificationView {
    pub kind: NotificationKind,
    pub sent_on: NaiveDate,
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct SubgroupView {
    pub agency_code: String,
    pub statutory_role: StatutoryRole,
    pub criteria_met: bool,
    pub view: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct MeetingView {
    /// 1 for the first meeting; each inquorate meeting is followed by the next number.
    pub number: u32,
    pub date: NaiveDate,
    pub outside_window_reason: Option<String>,
    /// Attendance has been recorded.
    pub held: bool,
    pub attendees: Vec<Attendee>,
    /// Held, with at least one representative of each statutory partner.
    pub quorate: bool,
    /// Statutory partners with no one there (once held).
    pub missing_partners: Vec<StatutoryRole>,
}

/// How a statutory partner stood on a question put to the partners.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Yes,
    No,
    DidNotVote,
}

/// One partner's position on one question: its vote and rationale, or "did not vote".
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PartnerPosition {
    pub question: Question,
    pub statutory_role: StatutoryRole,
    pub position: Position,
    /// The agency that cast the role's vote.
    pub agency_code: Option<String>,
    pub rationale: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct VoteView {
    pub question: Question,
    pub statutory_role: StatutoryRole,
    pub agency_code: String,
    pub choice: Choice,
    pub rationale: Option<String>,
    pub cast_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DecisionView {
    pub outcome: DecisionOutcome,
    /// Each statutory partner's position on each question put, "did not vote" included.
    pub positions: Vec<PartnerPosition>,
    pub rationale: String,
    pub immediate_safety_actions: Vec<String>,
    pub immediate_learning: Vec<String>,
    pub decided_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DelayNoticeView {
    pub reasons: String,
    pub expected_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

/// Everything recorded about a referral's Rapid Review, and what may happen next.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RapidReview {
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub reference: String,
    pub status: ReferralStatus,
    /// The steps that may be taken now (`record_triage`, `cast_vote`...).
    pub next_steps: Vec<String>,
    pub triage: Option<TriageView>,
    pub notifications: Vec<NotificationView>,
    pub composite_sent_at: Option<DateTime<Utc>>,
    pub subgroup_views: Vec<SubgroupView>,
    /// The meeting now scheduled or last held.
    pub meeting: Option<MeetingView>,
    /// Every meeting, first to last: all but the last were held and inquorate.
    pub meetings: Vec<MeetingView>,
    pub votes: Vec<VoteView>,
    pub decision: Option<DecisionView>,
    pub delay_notice: Option<DelayNoticeView>,
    pub submitted_on: Option<NaiveDate>,
    /// The National Panel's acknowledgement of the submission, once recorded.
    pub acknowledgement: Option<AcknowledgementView>,
}

/// The National Panel's acknowledgement of a submission.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct AcknowledgementView {
    /// The reference the Panel gave the case.
    pub panel_reference: String,
    pub acknowledged_on: NaiveDate,
    pub recorded_by: String,
}

/// The National Panel's acknowledgement to record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementCreate {
    /// The reference the Panel gave the case.
    #[schema(value_type = crate::text::NameText)]
    pub panel_reference: String,
    /// When the Panel acknowledged it: on or after the submission, not in the future.
    pub acknowledged_on: NaiveDate,
}

fn text<T: ToString>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(ToString::to_string)
}

fn texts<T: ToString>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

impl VoteView {
    pub fn from_domain(v: &domain::votes::Vote) -> Self {
        VoteView {
            question: v.question.into(),
            statutory_role: v.role.into(),
            agency_code: v.agency.to_string(),
            choice: v.choice.into(),
            rationale: text(&v.rationale),
            cast_at: v.cast_at,
        }
    }
}

impl MeetingView {
    pub fn from_domain(m: &meeting::Meeting) -> Self {
        let attendees = m.attendance.as_deref().unwrap_or_default();
        MeetingView {
            number: m.number,
            date: m.date,
            outside_window_reason: text(&m.outside_window_reason),
            held: m.held(),
            attendees: attendees
                .iter()
                .map(|a| Attendee {
                    agency: a.agency.to_string(),
                    statutory_role: a.statutory_role.into(),
                    role: a.role.to_string(),
                })
                .collect(),
            quorate: m.quorate(),
            missing_partners: if m.held() {
                meeting::missing_partners(attendees)
                    .into_iter()
                    .map(Into::into)
                    .collect()
            } else {
                vec![]
            },
        }
    }
}

/// Each partner's position on each question put, from the votes.
pub fn positions(votes: &[votes::Vote]) -> Vec<PartnerPosition> {
    votes::positions(votes)
        .into_iter()
        .map(|(question, role, vote)| PartnerPosition {
            question: question.into(),
            statutory_role: role.into(),
            position: match vote.map(|v| v.choice) {
                Some(votes::Choice::Yes) => Position::Yes,
                Some(votes::Choice::No) => Position::No,
                None => Position::DidNotVote,
            },
            agency_code: vote.map(|v| v.agency.to_string()),
            rationale: vote.and_then(|v| text(&v.rationale)),
        })
        .collect()
}

impl RapidReview {
    /// The view of a review, with the steps that may be taken on `today`.
    pub fn view(r: &domain::RapidReview, today: &Today) -> Self {
        let meetings: Vec<_> = r.meetings.iter().map(MeetingView::from_domain).collect();
        RapidReview {
            referral_id: r.referral.id.to_string(),
            reference: r.referral.reference.to_string(),
            status: r.status().into(),
            next_steps: r.next_steps(today).into_iter().map(str::to_owned).collect(),
            triage: r.triage.as_ref().map(|t| TriageView {
                criteria_met: t.criteria_met,
                outcome: t.outcome.into(),
                reasons: t.reasons.to_string(),
                decided_at: t.decided_at,
            }),
            notifications: r
                .notifications
                .iter()
                .map(|n| NotificationView {
                    kind: n.kind.into(),
                    sent_on: n.sent_on,
                    reference: text(&n.reference),
                })
                .collect(),
            composite_sent_at: r.composite_sent_at,
            subgroup_views: r
                .views
                .iter()
                .map(|v| SubgroupView {
                    agency_code: v.agency.to_string(),
                    statutory_role: v.statutory_role.into(),
                    criteria_met: v.criteria_met,
                    view: v.view.to_string(),
                    recorded_at: v.recorded_at,
                })
                .collect(),
            meeting: meetings.last().cloned(),
            meetings,
            votes: r.votes.iter().map(VoteView::from_domain).collect(),
            decision: r.decision.as_ref().map(|d| DecisionView {
                outcome: d.outcome.into(),
                positions: positions(&r.votes),
                rationale: d.rationale.to_string(),
                immediate_safety_actions: texts(&d.immediate_safety_actions),
                immediate_learning: texts(&d.immediate_learning),
                decided_at: d.decided_at,
            }),
            delay_notice: r.delay.as_ref().map(|d| DelayNoticeView {
                reasons: d.reasons.to_string(),
                expected_on: d.expected_on,
                recorded_at: d.recorded_at,
            }),
            submitted_on: r.submission.as_ref().map(|s| s.sent_on),
            acknowledgement: r
                .submission
                .as_ref()
                .and_then(|s| s.acknowledgement.as_ref())
                .map(|a| AcknowledgementView {
                    panel_reference: a.panel_reference.to_string(),
                    acknowledged_on: a.acknowledged_on,
                    recorded_by: a.recorded_by.to_string(),
                }),
        }
    }
}

/// One step of the timeline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct TimelineStep {
    /// `national_panel_notification`, `triage`, `initial_scoping_sent`, `initial_scoping_return`,
    /// `subgroup_views`, `rapid_review_meeting`, `decision`, `submission_to_national_panel`, `delay_notice`,
    /// `review_completion` (the commissioned review's due date)...
    pub step: String,
    /// The agency, for a step that is one agency's (a return).
    pub agency_code: Option<String>,
    pub due: NaiveDate,
    /// How the due date was computed, in words.
    pub rule: String,
    /// The weekends and bank holidays the due date skipped.
    pub skipped: Vec<SkippedDay>,
    pub done_on: Option<NaiveDate>,
    pub status: StepStatus,
    /// Who a notification step goes to.
    pub recipients: Vec<String>,
}

impl From<&timeline::Step> for TimelineStep {
    fn from(s: &timeline::Step) -> Self {
        TimelineStep {
            step: s.step.to_owned(),
            agency_code: text(&s.agency),
            due: s.due,
            rule: s.rule.clone(),
            skipped: s.skipped.iter().map(SkippedDay::from).collect(),
            done_on: s.done_on,
            status: s.status.into(),
            recipients: s.recipients.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Timeline {
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub reference: String,
    pub status: ReferralStatus,
    /// The date in England the statuses were judged on.
    pub as_of: NaiveDate,
    pub steps: Vec<TimelineStep>,
}

/// A step due or overdue across the partnership.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DeadlineItem {
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub reference: String,
    /// The action, for a `review_action` step (an action of a review's plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub action_id: Option<String>,
    #[graphql(flatten)]
    #[serde(flatten)]
    pub step: TimelineStep,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct DeadlineList {
    pub as_of: NaiveDate,
    pub items: Vec<DeadlineItem>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema, async_graphql::Enum,
)]
#[serde(rename_all = "snake_case")]
pub enum OpenStepStatus {
    /// Not done, due date not yet passed.
    Due,
    /// Not done, due date passed.
    #[default]
    Overdue,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    /// `overdue` (default) or `due`.
    pub status: Option<OpenStepStatus>,
}
