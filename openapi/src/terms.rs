//! A review's terms of reference on the wire.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::review::terms as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::TimetableKind;

/// An agency asked to take part, and its Safeguarding Lead as the review's single point of contact.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct AgencyInScopeInput {
    #[schema(value_type = crate::text::AgencyCodeText)]
    pub agency_code: String,
    #[schema(value_type = crate::text::NameText)]
    pub single_point_of_contact: String,
}

/// A planned date: a panel meeting, a learning event, family engagement, a draft, the feedback event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct TimetableItemInput {
    pub kind: TimetableKind,
    /// Not before the decision.
    pub on: NaiveDate,
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub note: Option<String>,
}

/// A new version of the terms of reference, whole: it replaces the last as the one that governs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, InputObject)]
#[serde(deny_unknown_fields)]
pub struct TermsOfReferenceCreate {
    /// The questions the review answers (1 to 30).
    #[schema(min_items = 1, max_items = 30, value_type = Vec<crate::text::NoteText>)]
    pub questions: Vec<String>,
    /// The period under review: chronology entries outside it are flagged.
    pub period_from: NaiveDate,
    /// Not before `period_from`, not after today.
    pub period_to: NaiveDate,
    /// The agencies formally asked to take part (1 to 50): they, and only they, contribute to the
    /// chronology once the terms exist.
    #[schema(min_items = 1, max_items = 50)]
    pub agencies_in_scope: Vec<AgencyInScopeInput>,
    #[serde(default)]
    #[graphql(default)]
    #[schema(max_items = 100)]
    pub timetable: Vec<TimetableItemInput>,
    /// How the review keeps in touch with the Crown Prosecution Service.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub cps_liaison: Option<String>,
    /// How the review keeps in touch with the coroner.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NoteText>)]
    pub coroner_liaison: Option<String>,
    /// The media and communications plan.
    #[serde(default)]
    #[schema(value_type = Option<crate::text::NarrativeText>)]
    pub communications_plan: Option<String>,
}

impl From<TermsOfReferenceCreate> for domain::TermsDraft {
    fn from(t: TermsOfReferenceCreate) -> Self {
        domain::TermsDraft {
            questions: t.questions,
            period_from: Some(t.period_from),
            period_to: Some(t.period_to),
            agencies: t
                .agencies_in_scope
                .into_iter()
                .map(|a| (a.agency_code, a.single_point_of_contact))
                .collect(),
            timetable: t
                .timetable
                .into_iter()
                .map(|i| (i.kind.into(), i.on, i.note))
                .collect(),
            cps_liaison: t.cps_liaison,
            coroner_liaison: t.coroner_liaison,
            communications_plan: t.communications_plan,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct AgencyInScope {
    pub agency_code: String,
    pub single_point_of_contact: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct TimetableItem {
    pub kind: TimetableKind,
    pub on: NaiveDate,
    pub note: Option<String>,
}

/// A version of the terms of reference as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct TermsOfReference {
    /// 1 for the first; each new version adds one, and the highest governs.
    pub version: u32,
    pub questions: Vec<String>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub agencies_in_scope: Vec<AgencyInScope>,
    pub timetable: Vec<TimetableItem>,
    pub cps_liaison: Option<String>,
    pub coroner_liaison: Option<String>,
    pub communications_plan: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<&domain::TermsOfReference> for TermsOfReference {
    fn from(t: &domain::TermsOfReference) -> Self {
        let terms = &t.terms;
        let text = |v: &Option<_>| v.as_ref().map(ToString::to_string);
        TermsOfReference {
            version: t.version,
            questions: terms.questions.iter().map(ToString::to_string).collect(),
            period_from: terms.period_from,
            period_to: terms.period_to,
            agencies_in_scope: terms
                .agencies
                .iter()
                .map(|a| AgencyInScope {
                    agency_code: a.agency.to_string(),
                    single_point_of_contact: a.single_point_of_contact.to_string(),
                })
                .collect(),
            timetable: terms
                .timetable
                .iter()
                .map(|i| TimetableItem {
                    kind: i.kind.into(),
                    on: i.on,
                    note: text(&i.note),
                })
                .collect(),
            cps_liaison: text(&terms.cps_liaison),
            coroner_liaison: text(&terms.coroner_liaison),
            communications_plan: terms.communications_plan.as_ref().map(ToString::to_string),
            recorded_at: t.recorded_at,
        }
    }
}

/// Every version of a review's terms of reference, the one that governs (the latest) first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct TermsOfReferenceList {
    pub items: Vec<TermsOfReference>,
}
