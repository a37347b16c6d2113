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
pub use criteria::{Criteria, CriteriaDraft, Criterion, CriterionDraft};

text_enum!(
    /// What happened to the child: the second limb of a serious child safeguarding case.
    Harm, "harm" {
        Death => "death",
        SeriousHarm => "serious_harm",
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

fn whole_years_between(from: NaiveDate, to: NaiveDate) -> u8 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u8::try_from(years.max(0)).unwrap_or(u8::MAX)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelProcess {
    pub kind: ParallelProcessKind,
    pub note: Option<Note>,
}

/// The Referral Form as submitted, before any check.
#[derive(Debug, Clone)]
pub struct ReferralDraft {
    pub incident_date: NaiveDate,
    pub aware_date: NaiveDate,
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
pub struct ChildDraft {
    pub pseudonym: String,
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
    pub incident_date: NaiveDate,
    pub aware_date: NaiveDate,
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
