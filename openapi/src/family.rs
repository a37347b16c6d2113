//! Family engagement on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::family as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{FamilyRelationship, FamilyResponse, InvitationMethod};

/// A family member's engagement, recorded whole: the same pseudonym again replaces the last record.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct FamilyMemberInput {
    /// `Adult B`, `Child C`: never a name.
    #[schema(value_type = crate::text::PseudonymText)]
    pub pseudonym: String,
    pub relationship: FamilyRelationship,
    /// When they were invited to contribute (from the decision to today); with `invitation_method`.
    #[serde(default)]
    pub invited_on: Option<NaiveDate>,
    #[serde(default)]
    pub invitation_method: Option<InvitationMethod>,
    /// Their answer; `awaited` when invited and not given.
    #[serde(default)]
    pub response: Option<FamilyResponse>,
    /// What they contributed: only when they accepted.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub contribution: Option<String>,
    /// Why they are not involved: required when not invited, declined or silent, and only then (the
    /// final report documents every reason).
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub non_involvement_reason: Option<String>,
}

impl From<FamilyMemberInput> for domain::FamilyDraft {
    fn from(i: FamilyMemberInput) -> Self {
        domain::FamilyDraft {
            pseudonym: i.pseudonym,
            relationship: i.relationship.into(),
            invited_on: i.invited_on,
            invitation_method: i.invitation_method.map(Into::into),
            response: i.response.map(Into::into),
            contribution: i.contribution,
            non_involvement_reason: i.non_involvement_reason,
        }
    }
}

/// A family member's engagement as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FamilyMember {
    pub pseudonym: String,
    pub relationship: FamilyRelationship,
    pub invited_on: Option<NaiveDate>,
    pub invitation_method: Option<InvitationMethod>,
    pub response: Option<FamilyResponse>,
    pub contribution: Option<String>,
    pub non_involvement_reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&domain::FamilyMember> for FamilyMember {
    fn from(m: &domain::FamilyMember) -> Self {
        FamilyMember {
            pseudonym: m.pseudonym.as_str().to_owned(),
            relationship: m.relationship.into(),
            invited_on: m.invitation.map(|i| i.on),
            invitation_method: m.invitation.map(|i| i.method.into()),
            response: m.invitation.map(|i| i.response.into()),
            contribution: m.contribution.as_ref().map(ToString::to_string),
            non_involvement_reason: m.non_involvement_reason.as_ref().map(ToString::to_string),
            recorded_at: m.recorded_at,
        }
    }
}

/// A review's family members, by pseudonym.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct FamilyMemberList {
    pub items: Vec<FamilyMember>,
}
