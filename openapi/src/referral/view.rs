use async_graphql::SimpleObject;
use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::{referral as domain, text::Note};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AbuseOrNeglect, ChildRole, Harm, InstitutionalSetting, ParallelProcessKind, ReferralKind,
    ReferralStatus, Sex,
};

/// A referral as recorded: the root of a case.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Referral {
    #[schema(format = Uuid)]
    pub id: String,
    /// Human reference, counting within the partnership and year of receipt.
    #[schema(example = "DEMO-2026-0007")]
    pub reference: String,
    pub status: ReferralStatus,
    /// Code of the agency that made the referral.
    pub referring_agency: String,
    pub kind: ReferralKind,
    /// When the referral was recorded here.
    pub received_at: DateTime<Utc>,
    /// When it reached the partnership: the clocks count from it.
    pub received_on: NaiveDate,
    pub incident_date: NaiveDate,
    pub aware_date: NaiveDate,
    pub incident_place: IncidentPlace,
    pub harm: Harm,
    pub abuse_or_neglect: AbuseOrNeglect,
    pub children: Vec<Child>,
    pub involved_agencies: Vec<String>,
    pub criteria: Vec<Criterion>,
    pub institutional_setting: Option<InstitutionalSetting>,
    pub families_moved_across_areas: bool,
    pub parallel_processes: Vec<ParallelProcess>,
    pub summary: String,
}

/// A child, by pseudonym.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Child {
    pub pseudonym: String,
    pub role: ChildRole,
    /// Age in whole years on the incident date.
    pub age_years: u8,
    pub sex: Sex,
    pub looked_after: bool,
    pub child_protection_plan: bool,
    pub local_authority: String,
}

/// Where the incident happened, and whose duty the National Panel notification is.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct IncidentPlace {
    pub in_england: bool,
    pub in_partnership_area: bool,
    pub local_authority: Option<String>,
    pub child_resident_in_partnership_area: bool,
    /// The authority whose duty the Panel notification is, when it is not this partnership's.
    pub panel_notification_by: Option<String>,
}

/// One criterion as answered, by name, in the order of the procedure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Criterion {
    #[schema(example = "recurrent_themes")]
    pub name: String,
    pub applies: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct ParallelProcess {
    pub kind: ParallelProcessKind,
    pub note: Option<String>,
}

/// A page of referrals, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReferralPage {
    pub items: Vec<Referral>,
    /// Pass as `cursor` to read the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the referral list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    pub status: Option<ReferralStatus>,
    /// Received at or after this instant (RFC 3339).
    pub received_from: Option<DateTime<Utc>>,
    /// Received before this instant (RFC 3339).
    pub received_to: Option<DateTime<Utc>>,
}

fn note(n: &Option<Note>) -> Option<String> {
    n.as_ref().map(ToString::to_string)
}

impl Referral {
    /// The view of a referral: pseudonyms and ages, never a date of birth (kept sealed).
    pub fn view(r: &domain::Referral) -> Self {
        let d = &r.details;
        Referral {
            id: r.id.to_string(),
            reference: r.reference.to_string(),
            status: r.status.into(),
            referring_agency: r.referring_agency.to_string(),
            kind: d.kind.into(),
            received_at: r.received_at,
            received_on: d.received_on,
            incident_date: d.incident_date,
            aware_date: d.aware_date,
            incident_place: IncidentPlace {
                in_england: d.incident_place.in_england,
                in_partnership_area: d.incident_place.in_partnership_area,
                local_authority: d
                    .incident_place
                    .local_authority
                    .as_ref()
                    .map(ToString::to_string),
                child_resident_in_partnership_area: d
                    .incident_place
                    .child_resident_in_partnership_area,
                panel_notification_by: match d.panel_duty() {
                    domain::PanelDuty::Ours => None,
                    domain::PanelDuty::Authority(la) => Some(la.to_string()),
                },
            },
            harm: d.harm.into(),
            abuse_or_neglect: d.abuse_or_neglect.into(),
            children: d
                .children
                .iter()
                .map(|c| Child {
                    pseudonym: c.pseudonym.as_str().to_owned(),
                    role: c.role.into(),
                    age_years: c.age_at(d.incident_date),
                    sex: c.sex.into(),
                    looked_after: c.looked_after,
                    child_protection_plan: c.child_protection_plan,
                    local_authority: c.local_authority.to_string(),
                })
                .collect(),
            involved_agencies: d
                .involved_agencies
                .iter()
                .map(ToString::to_string)
                .collect(),
            criteria: d
                .criteria
                .named()
                .into_iter()
                .map(|(name, c)| Criterion {
                    name: name.to_owned(),
                    applies: c.applies,
                    note: note(&c.note),
                })
                .collect(),
            institutional_setting: d.institutional_setting.map(Into::into),
            families_moved_across_areas: d.families_moved_across_areas,
            parallel_processes: d
                .parallel_processes
                .iter()
                .map(|p| ParallelProcess {
                    kind: p.kind.into(),
                    note: note(&p.note),
                })
                .collect(),
            summary: d.summary.to_string(),
        }
    }
}
