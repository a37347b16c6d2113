use chrono::NaiveDate;
use cspr_domain::referral as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    AbuseOrNeglect, ChildRole, Harm, InstitutionalSetting, ParallelProcessKind, ReferralKind, Sex,
};

/// A referral of a serious incident (the procedure's Referral Form). The referring agency is the
/// token's; the partnership is the token's.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ReferralCreate {
    /// `serious_incident` (the default), `near_miss` or `good_practice`.
    #[serde(default)]
    #[graphql(default)]
    pub kind: ReferralKind,
    /// The day of the incident; not in the future.
    pub incident_date: NaiveDate,
    /// The day the partnership became aware of it; not before the incident, not after receipt. The Rapid
    /// Review's 15 working days run from here.
    pub aware_date: NaiveDate,
    /// The day the referral reached the partnership, when it is keyed in later (by e-mail or telephone):
    /// not in the future, not before the incident. Today when omitted. Triage, scoping and the meeting
    /// window count from it.
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    /// Where it happened: whose duty the National Panel notification is. Omitted: in this partnership's
    /// area.
    #[serde(default)]
    pub incident_place: Option<IncidentPlaceInput>,
    pub harm: Harm,
    pub abuse_or_neglect: AbuseOrNeglect,
    /// One to 12 children, each by pseudonym.
    #[schema(min_items = 1, max_items = 12)]
    pub children: Vec<ChildInput>,
    /// Codes of agencies of the partnership known to be involved with the child or family.
    #[serde(default)]
    #[schema(value_type = Vec<crate::text::AgencyCodeText>, max_items = 50)]
    pub involved_agencies: Vec<String>,
    pub criteria: CriteriaInput,
    /// Required when the `institutional_setting` criterion applies.
    #[serde(default)]
    pub institutional_setting: Option<InstitutionalSetting>,
    /// Whether the family moved across local authority, police or ICB areas.
    #[serde(default)]
    pub families_moved_across_areas: bool,
    /// Processes known to run beside this one (criminal investigation, inquest, other reviews).
    #[serde(default)]
    #[schema(max_items = 12)]
    pub parallel_processes: Vec<ParallelProcessInput>,
    /// What happened, in at most 4,000 characters. Summarise; do not paste case notes.
    #[schema(value_type = crate::text::SummaryText)]
    pub summary: String,
}

/// A child the referral is about. Give exactly one of `age_years` and `date_of_birth`; a date of birth
/// is kept sealed and read back by no one (the age at the incident is).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ChildInput {
    /// "Child A", "Child B"…: never a real name.
    #[schema(value_type = crate::text::ChildPseudonymText)]
    pub pseudonym: String,
    /// `subject` (the default), `sibling`, `other_child_in_household` or `child_perpetrator`.
    #[serde(default)]
    #[graphql(default)]
    pub role: ChildRole,
    /// Age in whole years on the incident date, 0 to 17.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 17)]
    pub age_years: Option<i64>,
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    pub looked_after: bool,
    pub child_protection_plan: bool,
    /// The local authority the child normally lives in.
    #[schema(value_type = crate::text::NameText)]
    pub local_authority: String,
}

/// Where the incident happened (seed: the local authority notifies the Panel when the child died or was
/// seriously harmed in its area, or, while normally resident there, outside England).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct IncidentPlaceInput {
    pub in_england: bool,
    /// In the area of this partnership's local authority (or one of them); false outside England.
    pub in_partnership_area: bool,
    /// The local authority in whose area it happened: required when that is another authority in England.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NameText>)]
    pub local_authority: Option<String>,
    /// Whether the child normally lives in this partnership's area (decides the duty for an incident
    /// outside England).
    pub child_resident_in_partnership_area: bool,
}

/// One criterion: whether it applies, and an optional note of why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct CriterionInput {
    pub applies: bool,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub note: Option<String>,
}

/// The criteria for a local review (seed, "Criteria for a local safeguarding practice review"): the four
/// circumstances partners must take into account, then the four they should have regard to. Every one
/// is answered.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct CriteriaInput {
    pub improvements_needed: CriterionInput,
    pub recurrent_themes: CriterionInput,
    pub multi_agency_working: CriterionInput,
    pub panel_suggested_local_review: CriterionInput,
    pub single_agency_concern: CriterionInput,
    pub no_agency_involvement: CriterionInput,
    pub cross_boundary: CriterionInput,
    pub institutional_setting: CriterionInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct ParallelProcessInput {
    pub kind: ParallelProcessKind,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub note: Option<String>,
}

impl From<CriterionInput> for domain::CriterionDraft {
    fn from(c: CriterionInput) -> Self {
        domain::CriterionDraft {
            applies: c.applies,
            note: c.note,
        }
    }
}

impl From<ReferralCreate> for domain::ReferralDraft {
    fn from(r: ReferralCreate) -> Self {
        let c = r.criteria;
        let place = r.incident_place.map_or(
            domain::IncidentPlaceDraft {
                in_england: true,
                in_partnership_area: true,
                local_authority: None,
                child_resident_in_partnership_area: true,
            },
            |p| domain::IncidentPlaceDraft {
                in_england: p.in_england,
                in_partnership_area: p.in_partnership_area,
                local_authority: p.local_authority,
                child_resident_in_partnership_area: p.child_resident_in_partnership_area,
            },
        );
        domain::ReferralDraft {
            kind: r.kind.into(),
            incident_date: r.incident_date,
            aware_date: r.aware_date,
            received_on: r.received_on,
            incident_place: place,
            harm: r.harm.into(),
            abuse_or_neglect: r.abuse_or_neglect.into(),
            children: r
                .children
                .into_iter()
                .map(|c| domain::ChildDraft {
                    pseudonym: c.pseudonym,
                    role: c.role.into(),
                    age_years: c.age_years,
                    date_of_birth: c.date_of_birth,
                    sex: c.sex.into(),
                    looked_after: c.looked_after,
                    child_protection_plan: c.child_protection_plan,
                    local_authority: c.local_authority,
                })
                .collect(),
            involved_agencies: r.involved_agencies,
            criteria: domain::CriteriaDraft {
                improvements_needed: c.improvements_needed.into(),
                recurrent_themes: c.recurrent_themes.into(),
                multi_agency_working: c.multi_agency_working.into(),
                panel_suggested_local_review: c.panel_suggested_local_review.into(),
                single_agency_concern: c.single_agency_concern.into(),
                no_agency_involvement: c.no_agency_involvement.into(),
                cross_boundary: c.cross_boundary.into(),
                institutional_setting: c.institutional_setting.into(),
            },
            institutional_setting: r.institutional_setting.map(Into::into),
            families_moved_across_areas: r.families_moved_across_areas,
            parallel_processes: r
                .parallel_processes
                .into_iter()
                .map(|p| domain::ParallelProcessDraft {
                    kind: p.kind.into(),
                    note: p.note,
                })
                .collect(),
            summary: r.summary,
        }
    }
}
