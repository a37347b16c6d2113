//! A review's publication, and the public register, on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::publication as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{CopyRecipient, PublicationDecision, PublishedKind};

fn names(n: &[cspr_domain::text::Name]) -> Vec<String> {
    n.iter().map(ToString::to_string).collect()
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PublicationDecisionView {
    pub decision: PublicationDecision,
    pub reasons: Option<String>,
    pub improvements: Option<String>,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PublicationPlanView {
    pub title: String,
    pub planned_on: NaiveDate,
    /// The last day the full report may go to the National Panel, Ofsted and the Secretary of State:
    /// seven working days before `planned_on`.
    pub copies_due_by: NaiveDate,
    pub family_wishes: String,
    pub family_discussed_on: NaiveDate,
    pub practitioners_told_on: NaiveDate,
    pub media_contact: String,
    pub reviewer_names: Vec<String>,
    pub planned_by: String,
    pub planned_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PublicationCopyView {
    pub recipient: CopyRecipient,
    pub sent_on: NaiveDate,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PublicationPublishedView {
    pub kind: PublishedKind,
    pub title: String,
    pub published_on: NaiveDate,
    pub web_address: String,
    pub available_until: NaiveDate,
    pub reviewer_names: Vec<String>,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct NspccDepositView {
    pub deposited_on: NaiveDate,
    pub acknowledgement: Option<String>,
    pub recorded_by: String,
}

/// A review's publication as it stands.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PublicationView {
    #[schema(format = Uuid)]
    pub review_id: String,
    pub decision: Option<PublicationDecisionView>,
    pub plan: Option<PublicationPlanView>,
    pub copies: Vec<PublicationCopyView>,
    pub published: Option<PublicationPublishedView>,
    /// The deposit with the NSPCC's national repository.
    pub deposit: Option<NspccDepositView>,
}

impl PublicationView {
    pub fn view(
        review_id: String,
        p: &domain::Publication,
        copies_due_by: Option<NaiveDate>,
    ) -> Self {
        PublicationView {
            review_id,
            decision: p.decision.as_ref().map(|d| PublicationDecisionView {
                decision: d.decision.into(),
                reasons: d.reasons.as_ref().map(ToString::to_string),
                improvements: d.improvements.as_ref().map(ToString::to_string),
                decided_by: d.decided_by.to_string(),
                decided_at: d.decided_at,
            }),
            plan: p
                .plan
                .as_ref()
                .zip(copies_due_by)
                .map(|(pl, due)| PublicationPlanView {
                    title: pl.title.to_string(),
                    planned_on: pl.planned_on,
                    copies_due_by: due,
                    family_wishes: pl.family_wishes.to_string(),
                    family_discussed_on: pl.family_discussed_on,
                    practitioners_told_on: pl.practitioners_told_on,
                    media_contact: pl.media_contact.to_string(),
                    reviewer_names: names(&pl.reviewer_names),
                    planned_by: pl.planned_by.to_string(),
                    planned_at: pl.planned_at,
                }),
            copies: p
                .copies
                .iter()
                .map(|c| PublicationCopyView {
                    recipient: c.recipient.into(),
                    sent_on: c.sent_on,
                    recorded_by: c.recorded_by.to_string(),
                })
                .collect(),
            published: p.published.as_ref().map(|x| PublicationPublishedView {
                kind: x.kind.into(),
                title: x.title.to_string(),
                published_on: x.published_on,
                web_address: x.web_address.clone(),
                available_until: x.available_until,
                reviewer_names: names(&x.reviewer_names),
                recorded_by: x.recorded_by.to_string(),
            }),
            deposit: p.deposit.as_ref().map(|d| NspccDepositView {
                deposited_on: d.deposited_on,
                acknowledgement: d.acknowledgement.as_ref().map(ToString::to_string),
                recorded_by: d.recorded_by.to_string(),
            }),
        }
    }
}

/// The partners' decision on publication.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct PublicationDecisionCreate {
    pub decision: PublicationDecision,
    /// Why publication is inappropriate: required to withhold, refused to publish.
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub reasons: Option<String>,
    /// The information about improvements published instead: required to withhold, refused to
    /// publish.
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub improvements: Option<String>,
}

/// The publication plan (the latest stands).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct PublicationPlanCreate {
    /// The title the public register shows.
    #[schema(value_type = crate::text::NameText)]
    pub title: String,
    /// After today, leaving seven working days for the copies.
    pub planned_on: NaiveDate,
    /// The family's wishes, as considered.
    #[schema(value_type = crate::text::NarrativeText)]
    pub family_wishes: String,
    pub family_discussed_on: NaiveDate,
    pub practitioners_told_on: NaiveDate,
    #[schema(value_type = crate::text::NameText)]
    pub media_contact: String,
    /// The reviewer(s) the published report names.
    #[schema(min_items = 1, value_type = Vec<crate::text::NameText>)]
    pub reviewer_names: Vec<String>,
}

/// A copy of the full report sent before publication.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct PublicationCopyCreate {
    pub recipient: CopyRecipient,
    pub sent_on: NaiveDate,
}

/// What was published and where: the report, or a withheld report's improvements.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct PublicationPublishedCreate {
    pub published_on: NaiveDate,
    /// The page that holds it (https).
    #[schema(max_length = 2000)]
    pub web_address: String,
    /// At least a year after publication.
    pub available_until: NaiveDate,
}

/// The NSPCC repository deposit.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct NspccDepositCreate {
    pub deposited_on: NaiveDate,
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub acknowledgement: Option<String>,
}

/// One published report on the public register: these fields and nothing else.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct RegisterEntry {
    pub title: String,
    pub published_on: NaiveDate,
    pub available_until: NaiveDate,
    pub reviewer_names: Vec<String>,
    pub web_address: String,
}

impl From<&domain::Published> for RegisterEntry {
    fn from(p: &domain::Published) -> Self {
        RegisterEntry {
            title: p.title.to_string(),
            published_on: p.published_on,
            available_until: p.available_until,
            reviewer_names: names(&p.reviewer_names),
            web_address: p.web_address.clone(),
        }
    }
}

/// A partnership's published reports within their availability, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct PublicationRegister {
    pub partnership: String,
    pub items: Vec<RegisterEntry>,
}
