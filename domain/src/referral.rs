//! The referral: the Referral Form of the procedure, parsed and checked, and the case root it becomes.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::{
    FieldError,
    ids::{PartnershipId, ReferralId},
    text::{AgencyCode, Name, Note, PartnershipSlug, Pseudonym, Subject, Summary},
    text_enum::text_enum,
};

mod check;
mod criteria;
pub mod rectification;
pub use criteria::{Criteria, CriteriaDraft, Criterion, CriterionDraft};

text_enum!(
    /// What happened to the child: the second limb of a serious child safeguarding case
    /// (`no_serious_harm` only for a near miss or a good-practice case).
    Harm, "harm" {
        Death => "death",
        SeriousHarm => "serious_harm",
        NoSeriousHarm => "no_serious_harm",
    }
);

text_enum!(
    /// What the referral asks the partnership to consider. Only a serious incident starts the Rapid Review
    /// and is notified to the National Panel; a near miss or a good-practice case "may also be" reviewed
    /// (seed, "Child safeguarding reviews may also be undertaken for cases which do not meet the
    /// definition"), so triage closes it or routes it to an alternative learning review.
    ReferralKind, "kind" {
        SeriousIncident => "serious_incident",
        NearMiss => "near_miss",
        GoodPractice => "good_practice",
    }
);

text_enum!(
    /// A child's part in the case. "Child perpetrators may be the subject of a review."
    ChildRole, "role" {
        Subject => "subject",
        Sibling => "sibling",
        OtherChildInHousehold => "other_child_in_household",
        ChildPerpetrator => "child_perpetrator",
    }
);

text_enum!(
    /// Whether abuse or neglect is known or suspected: the first limb of a serious child safeguarding case.
    AbuseOrNeglect, "abuse_or_neglect" {
        Known => "known",
        Suspected => "suspected",
        NotSuspected => "not_suspected",
    }
);

text_enum!(
    Sex, "sex" {
        Female => "female",
        Male => "male",
        Indeterminate => "indeterminate",
        NotKnown => "not_known",
    }
);

text_enum!(
    /// Where a referral stands: received, then triaged (closed, referred to an alternative learning
    /// review, or taken into a Rapid Review), then decided, then submitted to the National Panel.
    ReferralStatus, "status" {
        Received => "received",
        Closed => "closed",
        AlternativeLearningReview => "alternative_learning_review",
        RapidReview => "rapid_review",
        Decided => "decided",
        Submitted => "submitted",
    }
);

text_enum!(
    /// The institutional settings the regulations name (seed, footnote 3).
    InstitutionalSetting, "institutional_setting" {
        ChildrensHome => "childrens_home",
        SecureChildrensHome => "secure_childrens_home",
        OtherResidential => "other_residential",
        PoliceCustody => "police_custody",
        YoungOffenderInstitution => "young_offender_institution",
        SecureTrainingCentre => "secure_training_centre",
        MentalHealthDetention => "mental_health_detention",
        Other => "other",
    }
);

text_enum!(
    /// Processes that may run beside a review (seed, "Parallel Investigations" and Appendix 2).
    ParallelProcessKind, "kind" {
        CriminalInvestigation => "criminal_investigation",
        CoronerInquest => "coroner_inquest",
        DomesticHomicideReview => "domestic_homicide_review",
        SafeguardingAdultReview => "safeguarding_adult_review",
        MappaReview => "mappa_review",
        HealthSeriousIncident => "health_serious_incident",
        DisciplinaryProcess => "disciplinary_process",
        Other => "other",
    }
);

/// A child's age: in years, or (restricted, seen by few) the date of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildAge {
    Years(u8),
    DateOfBirth(NaiveDate),
}

/// A child the referral is about. Never a name: a pseudonym.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub pseudonym: Pseudonym,
    pub role: ChildRole,
    pub age: ChildAge,
    pub sex: Sex,
    pub looked_after: bool,
    pub child_protection_plan: bool,
    pub local_authority: Name,
}

impl Child {
    /// Age in whole years on the day of the incident.
    pub fn age_at(&self, incident: NaiveDate) -> u8 {
        match self.age {
            ChildAge::Years(y) => y,
            ChildAge::DateOfBirth(dob) => whole_years_between(dob, incident),
        }
    }
}

pub fn whole_years_between(from: NaiveDate, to: NaiveDate) -> u8 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u8::try_from(years.max(0)).unwrap_or(u8::MAX)
}

/// Where the incident happened, for the local authority's duty to notify the National Panel: the seed's
/// (a) the child died or was seriously harmed in the authority's area, or (b) while normally resident
/// there, outside England.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentPlace {
    pub in_england: bool,
    /// In the area of this partnership's local authority (or one of them).
    pub in_partnership_area: bool,
    /// The authority in whose area it happened; required when that is another authority in England.
    pub local_authority: Option<Name>,
    /// The child normally lives in this partnership's area (what matters for an incident outside England).
    pub child_resident_in_partnership_area: bool,
}

/// Whose duty the National Panel notification is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelDuty {
    /// This partnership's local authority's.
    Ours,
    /// Another authority's, named: where it happened, or where the child normally lives.
    Authority(Name),
}

impl IncidentPlace {
    /// Anywhere in this partnership's area: the default for a form that does not say.
    pub fn here() -> Self {
        IncidentPlace {
            in_england: true,
            in_partnership_area: true,
            local_authority: None,
            child_resident_in_partnership_area: true,
        }
    }

    /// (a) in our area, or (b) outside England while normally resident here: ours. Otherwise the authority
    /// where it happened, or, outside England, where the child normally lives (`home`).
    pub fn panel_duty(&self, home: &Name) -> PanelDuty {
        match (self.in_england, self.in_partnership_area) {
            (true, true) => PanelDuty::Ours,
            (false, _) if self.child_resident_in_partnership_area => PanelDuty::Ours,
            (true, false) => {
                PanelDuty::Authority(self.local_authority.clone().unwrap_or_else(|| home.clone()))
            }
            (false, _) => PanelDuty::Authority(home.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelProcess {
    pub kind: ParallelProcessKind,
    pub note: Option<Note>,
}

/// The Referral Form as submitted, before any check.
#[derive(Debug, Clone)]
pub struct ReferralDraft {
    pub kind: ReferralKind,
    pub incident_date: NaiveDate,
    pub aware_date: NaiveDate,
    /// When the form reached the partnership (it may be keyed in later); today when not given.
    pub received_on: Option<NaiveDate>,
    pub incident_place: IncidentPlaceDraft,
    pub harm: Harm,
    pub abuse_or_neglect: AbuseOrNeglect,
    pub children: Vec<ChildDraft>,
    pub involved_agencies: Vec<String>,
    pub criteria: CriteriaDraft,
    pub institutional_setting: Option<InstitutionalSetting>,
    pub families_moved_across_areas: bool,
    pub parallel_processes: Vec<ParallelProcessDraft>,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct IncidentPlaceDraft {
    pub in_england: bool,
    pub in_partnership_area: bool,
    pub local_authority: Option<String>,
    pub child_resident_in_partnership_area: bool,
}

#[derive(Debug, Clone)]
pub struct ChildDraft {
    pub pseudonym: String,
    pub role: ChildRole,
    pub age_years: Option<i64>,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    pub looked_after: bool,
    pub child_protection_plan: bool,
    pub local_authority: String,
}

#[derive(Debug, Clone)]
pub struct ParallelProcessDraft {
    pub kind: ParallelProcessKind,
    pub note: Option<String>,
}

/// The Referral Form once every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralDetails {
    pub kind: ReferralKind,
    pub incident_date: NaiveDate,
    pub aware_date: NaiveDate,
    /// The date the referral was received: the Rapid Review's clocks count from it.
    pub received_on: NaiveDate,
    pub incident_place: IncidentPlace,
    pub harm: Harm,
    pub abuse_or_neglect: AbuseOrNeglect,
    pub children: Vec<Child>,
    pub involved_agencies: Vec<AgencyCode>,
    pub criteria: Criteria,
    pub institutional_setting: Option<InstitutionalSetting>,
    pub families_moved_across_areas: bool,
    pub parallel_processes: Vec<ParallelProcess>,
    pub summary: Summary,
}

impl ReferralDetails {
    /// Whose duty the National Panel notification is (the first child's home authority stands for the
    /// family's when the incident is outside England).
    pub fn panel_duty(&self) -> PanelDuty {
        let home = self.children.first().map(|c| c.local_authority.clone());
        match home {
            Some(home) => self.incident_place.panel_duty(&home),
            None => PanelDuty::Ours,
        }
    }
}

pub const MAX_CHILDREN: usize = 12;
pub const MAX_INVOLVED_AGENCIES: usize = 50;
pub const MAX_PARALLEL_PROCESSES: usize = 12;

/// The human reference of a referral: partnership, year of receipt, and a number that counts up within
/// that year (`DEMO-2026-0007`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralReference(String);

impl ReferralReference {
    pub fn new(partnership: &PartnershipSlug, year: i32, number: u32) -> Self {
        Self(format!(
            "{}-{year}-{number:04}",
            partnership.as_str().to_ascii_uppercase()
        ))
    }

    /// For a reference read back from storage, where it was made by `new`.
    pub fn from_stored(s: String) -> Self {
        Self(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReferralReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A referral as recorded: the case root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: ReferralId,
    pub partnership_id: PartnershipId,
    pub reference: ReferralReference,
    pub referring_agency: AgencyCode,
    pub status: ReferralStatus,
    pub received_at: DateTime<Utc>,
    pub received_by: Subject,
    pub details: ReferralDetails,
}

/// The filters of a referral list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralFilter {
    pub status: Option<ReferralStatus>,
    pub received_from: Option<DateTime<Utc>>,
    pub received_to: Option<DateTime<Utc>>,
}

impl ReferralFilter {
    pub fn new(
        status: Option<ReferralStatus>,
        received_from: Option<DateTime<Utc>>,
        received_to: Option<DateTime<Utc>>,
    ) -> Result<Self, FieldError> {
        if let (Some(from), Some(to)) = (received_from, received_to)
            && to < from
        {
            return Err(FieldError::new(
                "received_to",
                "must not be before received_from",
            ));
        }
        Ok(Self {
            status,
            received_from,
            received_to,
        })
    }
}

#[cfg(test)]
mod tests;
