//! Reviews on the wire.

use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::{self as domain, team};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{Methodology, ParallelKind, ReviewKind, ReviewNotificationKind, ReviewStage, TeamRole};

/// A review a Rapid Review's decision commissioned: opened with the decision, linked to its referral.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Review {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub referral_id: String,
    pub kind: ReviewKind,
    pub stage: ReviewStage,
    /// The decision's date in England: the review's time counts from it.
    pub decided_on: NaiveDate,
    /// A CSPR: six months after the decision ("no later than"); an alternative learning review: three
    /// ("ideally within"). A month without the decision's day ends on its last day.
    pub due_on: NaiveDate,
    pub opened_at: DateTime<Utc>,
}

impl From<&domain::Review> for Review {
    fn from(r: &domain::Review) -> Self {
        Review {
            id: r.id.to_string(),
            referral_id: r.referral_id.to_string(),
            kind: r.kind.into(),
            stage: r.stage.into(),
            decided_on: r.decided_on,
            due_on: r.due_on,
            opened_at: r.opened_at,
        }
    }
}

/// A page of reviews, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewPage {
    pub items: Vec<Review>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the review list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewQuery {
    /// Only the review of this referral.
    #[param(format = Uuid)]
    pub referral_id: Option<String>,
}

/// An appointment to a review's team.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct TeamMemberCreate {
    /// The member's identity at sign-in (their token's `sub`): a lead reviewer or panel member sees the
    /// reviews they are on by it.
    #[schema(value_type = crate::text::SubjectText)]
    pub subject: String,
    pub role: TeamRole,
    #[schema(value_type = crate::text::NameText)]
    pub name: String,
    /// A panel member's agency (required for one).
    #[serde(default)]
    #[schema(value_type = Option<crate::text::AgencyCodeText>)]
    pub agency: Option<String>,
    /// The lead reviewer's independence of the case, or a panel member's "no immediate line management
    /// of the case": required (true) for both.
    #[serde(default)]
    pub independent_of_case: bool,
}

/// A member of a review's team.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct TeamMember {
    pub subject: String,
    pub role: TeamRole,
    pub name: String,
    pub agency: Option<String>,
    pub independent_of_case: bool,
    pub appointed_at: DateTime<Utc>,
    /// Whether the member has recorded their declarations (they read no case material before).
    pub declared: bool,
}

impl From<&team::TeamMember> for TeamMember {
    fn from(m: &team::TeamMember) -> Self {
        TeamMember {
            subject: m.subject.to_string(),
            role: m.role.into(),
            name: m.name.to_string(),
            agency: m.agency.as_ref().map(ToString::to_string),
            independent_of_case: m.independent_of_case,
            appointed_at: m.appointed_at,
            declared: false,
        }
    }
}

/// A review's team: the lead reviewer first, then by role, each role in the order appointed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewTeam {
    pub items: Vec<TeamMember>,
}

/// A team member's declarations for the review, recorded by the member.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct DeclarationCreate {
    /// Interests that might conflict with the review; omitted or null when there are none.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub conflicts_of_interest: Option<String>,
    /// The day the member signed the confidentiality agreement (not in the future).
    pub confidentiality_signed_on: NaiveDate,
}

/// A member's declarations as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Declaration {
    pub subject: String,
    pub conflicts_of_interest: Option<String>,
    pub confidentiality_signed_on: NaiveDate,
    pub recorded_at: DateTime<Utc>,
}

impl From<&cspr_domain::review::declarations::Declaration> for Declaration {
    fn from(d: &cspr_domain::review::declarations::Declaration) -> Self {
        Declaration {
            subject: d.subject.to_string(),
            conflicts_of_interest: d.conflicts_of_interest.as_ref().map(ToString::to_string),
            confidentiality_signed_on: d.confidentiality_signed_on,
            recorded_at: d.recorded_at,
        }
    }
}

/// How the review will be conducted. Recording it moves the review to `establish`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct CommissioningCreate {
    pub methodology: Methodology,
    /// How the method is adapted to the case; required for `other`.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub methodology_note: Option<String>,
    /// The governance, timescales and reporting arrangements (required for an alternative review).
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub arrangements: Option<String>,
    /// When the arrangements were reported to the Case Review Subgroup (required for an alternative
    /// review; between the decision and today).
    #[serde(default)]
    pub reported_to_subgroup_on: Option<NaiveDate>,
}

/// A review's commissioning as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Commissioning {
    pub methodology: Methodology,
    pub methodology_note: Option<String>,
    pub arrangements: Option<String>,
    pub reported_to_subgroup_on: Option<NaiveDate>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&cspr_domain::review::commissioning::Commissioning> for Commissioning {
    fn from(c: &cspr_domain::review::commissioning::Commissioning) -> Self {
        Commissioning {
            methodology: c.methodology.into(),
            methodology_note: c.methodology_note.as_ref().map(ToString::to_string),
            arrangements: c.arrangements.as_ref().map(ToString::to_string),
            reported_to_subgroup_on: c.reported_to_subgroup_on,
            recorded_at: c.recorded_at,
        }
    }
}

/// A notification the review owed, as sent (by e-mail, outside the platform for now).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReviewNotificationCreate {
    pub kind: ReviewNotificationKind,
    /// Between the decision and today.
    pub sent_on: NaiveDate,
    /// The recipient's reference, if one came back.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub reference: Option<String>,
}

/// A notification as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewNotification {
    pub kind: ReviewNotificationKind,
    pub recipient: String,
    pub sent_on: NaiveDate,
    pub reference: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&cspr_domain::review::notifications::ReviewNotification> for ReviewNotification {
    fn from(n: &cspr_domain::review::notifications::ReviewNotification) -> Self {
        ReviewNotification {
            kind: n.kind.into(),
            recipient: n.kind.recipient().to_owned(),
            sent_on: n.sent_on,
            reference: n.reference.as_ref().map(ToString::to_string),
            recorded_at: n.recorded_at,
        }
    }
}

/// A notification still owed, and where it goes.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct OwedNotification {
    pub kind: ReviewNotificationKind,
    pub recipient: String,
}

/// A review's notifications: those sent, and those still owed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewNotifications {
    pub sent: Vec<ReviewNotification>,
    pub owed: Vec<OwedNotification>,
}

/// A panel meeting to record: who of the team was present, and the answer to "is any immediate single
/// or multi-agency action required?", with the actions when it is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct PanelMeetingCreate {
    /// Between the decision and today.
    pub held_on: NaiveDate,
    /// Team members present, by their subject.
    #[schema(value_type = Vec<crate::text::SubjectText>, min_items = 1)]
    pub present: Vec<String>,
    pub immediate_action_required: bool,
    /// Required (one or more) when immediate action is required.
    #[serde(default)]
    #[schema(value_type = Vec<crate::text::NarrativeText>)]
    pub immediate_actions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<crate::text::NarrativeText>)]
    pub messages_to_workforce: Vec<String>,
}

/// A panel meeting as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PanelMeeting {
    pub number: u32,
    pub held_on: NaiveDate,
    pub present: Vec<String>,
    pub immediate_action_required: bool,
    pub immediate_actions: Vec<String>,
    pub messages_to_workforce: Vec<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&cspr_domain::review::meetings::PanelMeeting> for PanelMeeting {
    fn from(m: &cspr_domain::review::meetings::PanelMeeting) -> Self {
        let text = |v: &[cspr_domain::text::Narrative]| v.iter().map(ToString::to_string).collect();
        PanelMeeting {
            number: m.number,
            held_on: m.held_on,
            present: m.present.iter().map(ToString::to_string).collect(),
            immediate_action_required: m.immediate_action_required,
            immediate_actions: text(&m.immediate_actions),
            messages_to_workforce: text(&m.messages_to_workforce),
            recorded_at: m.recorded_at,
        }
    }
}

/// A review's panel meetings, first first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PanelMeetingList {
    pub items: Vec<PanelMeeting>,
}

/// The stage a review moves to: `monitor` (from `establish`) or `finalise` (from `monitor`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReviewStageChange {
    pub stage: ReviewStage,
}

/// A process running beside the review.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReviewParallelProcessCreate {
    pub kind: ParallelKind,
    /// Its own reference (a crime number, an inquest reference).
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NameText>)]
    pub reference: Option<String>,
    /// Where it stands, in words.
    #[schema(value_type = crate::text::NoteText)]
    pub status: String,
    /// Who to contact about it.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NameText>)]
    pub contact: Option<String>,
    /// Whether the review's publication must wait for it.
    #[serde(default)]
    pub publication_waits: bool,
    /// Whether the review pauses for it ("a local CSPR will go ahead unless there are clear reasons not
    /// to"); then `pause_reason` is required.
    #[serde(default)]
    pub pauses_review: bool,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub pause_reason: Option<String>,
}

/// A parallel process as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewParallelProcess {
    /// Its place in the order recorded, from 1: the `{number}` of its conclusion's route.
    pub number: u32,
    pub kind: ParallelKind,
    pub reference: Option<String>,
    pub status: String,
    pub contact: Option<String>,
    pub publication_waits: bool,
    pub pause_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// When it concluded, once recorded: publication no longer waits for it.
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

impl ReviewParallelProcess {
    /// The `number`th process recorded on its review.
    pub fn numbered(number: usize, p: &cspr_domain::review::parallel::ParallelProcess) -> Self {
        ReviewParallelProcess {
            number: u32::try_from(number).unwrap_or(u32::MAX),
            concluded_on: p.concluded_on(),
            outcome: p.conclusion.as_ref().map(|c| c.outcome.to_string()),
            kind: p.kind.into(),
            reference: p.reference.as_ref().map(ToString::to_string),
            status: p.status.to_string(),
            contact: p.contact.as_ref().map(ToString::to_string),
            publication_waits: p.publication_waits,
            pause_reason: p.pause_reason.as_ref().map(ToString::to_string),
            recorded_at: p.recorded_at,
        }
    }
}

/// A review's parallel processes, in the order recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ReviewParallelProcessList {
    pub items: Vec<ReviewParallelProcess>,
}

/// A parallel process's conclusion: publication no longer waits for it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ConclusionCreate {
    /// Not in the future.
    pub concluded_on: NaiveDate,
    /// How it ended ("verdict given", "inquest concluded").
    #[schema(value_type = crate::text::NoteText)]
    pub outcome: String,
}
