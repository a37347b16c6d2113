//! The referral: the Referral Form of the procedure, parsed and checked, and the case root it becomes.

use std::{collections::HashSet, fmt};

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::{
    FieldError,
    error::Errors,
    ids::{PartnershipId, ReferralId},
    text::{AgencyCode, Name, Note, PartnershipSlug, Pseudonym, Subject, Summary},
    text_enum::text_enum,
};

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

impl ReferralDraft {
    /// Checks the form: dates in order and not in the future, children under 18 and named by pseudonym
    /// only, involved agencies registered in the partnership, and an institutional setting named when
    /// that criterion applies. Every failing field is reported.
    pub fn check(
        self,
        today: NaiveDate,
        registered: &[AgencyCode],
    ) -> Result<ReferralDetails, Vec<FieldError>> {
        let mut errors = Errors::new();
        if self.incident_date > today {
            errors.push(FieldError::new(
                "incident_date",
                "must not be in the future",
            ));
        }
        if self.aware_date > today {
            errors.push(FieldError::new("aware_date", "must not be in the future"));
        }
        if self.aware_date < self.incident_date {
            errors.push(FieldError::new(
                "aware_date",
                "must not be before the incident date",
            ));
        }
        let children = errors.take_all(check_children(self.children, self.incident_date));
        let involved = errors.take_all(check_involved(&self.involved_agencies, registered));
        let criteria = errors.take_all(self.criteria.check());
        if criteria
            .as_ref()
            .is_some_and(|c| c.institutional_setting.applies)
            && self.institutional_setting.is_none()
        {
            errors.push(FieldError::new(
                "institutional_setting",
                "must be given when the institutional setting criterion applies",
            ));
        }
        let parallel = errors.take_all(check_parallel(self.parallel_processes));
        let summary = errors.take(Summary::parse(&self.summary).map_err(|e| e.under("summary")));
        match (children, involved, criteria, parallel, summary) {
            (
                Some(children),
                Some(involved_agencies),
                Some(criteria),
                Some(parallel_processes),
                Some(summary),
            ) if errors.is_empty() => Ok(ReferralDetails {
                incident_date: self.incident_date,
                aware_date: self.aware_date,
                harm: self.harm,
                abuse_or_neglect: self.abuse_or_neglect,
                children,
                involved_agencies,
                criteria,
                institutional_setting: self.institutional_setting,
                families_moved_across_areas: self.families_moved_across_areas,
                parallel_processes,
                summary,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

fn check_children(
    drafts: Vec<ChildDraft>,
    incident: NaiveDate,
) -> Result<Vec<Child>, Vec<FieldError>> {
    let mut errors = Errors::new();
    if drafts.is_empty() || drafts.len() > MAX_CHILDREN {
        errors.push(FieldError::new(
            "children",
            format!("must list 1 to {MAX_CHILDREN} children"),
        ));
    }
    let mut seen = HashSet::new();
    let mut children = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        let at = format!("children[{i}]");
        match check_child(d, incident) {
            Ok(child) => {
                if !seen.insert(child.pseudonym.clone()) {
                    errors.push(FieldError::new(
                        format!("{at}.pseudonym"),
                        "is given to another child of this referral",
                    ));
                }
                children.push(child);
            }
            Err(es) => es.into_iter().for_each(|e| errors.push(e.under(&at))),
        }
    }
    if errors.is_empty() {
        Ok(children)
    } else {
        Err(errors.into_vec())
    }
}

fn check_child(d: ChildDraft, incident: NaiveDate) -> Result<Child, Vec<FieldError>> {
    let mut errors = Errors::new();
    let pseudonym = errors.take(Pseudonym::parse(&d.pseudonym));
    let age = match (d.age_years, d.date_of_birth) {
        (Some(y), None) => match u8::try_from(y) {
            Ok(y) if y < 18 => Some(ChildAge::Years(y)),
            _ => {
                errors.push(FieldError::new("age_years", "must be between 0 and 17"));
                None
            }
        },
        (None, Some(dob)) if dob > incident => {
            errors.push(FieldError::new(
                "date_of_birth",
                "must not be after the incident date",
            ));
            None
        }
        (None, Some(dob)) if whole_years_between(dob, incident) >= 18 => {
            errors.push(FieldError::new(
                "date_of_birth",
                "must make the child under 18 on the incident date",
            ));
            None
        }
        (None, Some(dob)) => Some(ChildAge::DateOfBirth(dob)),
        _ => {
            errors.push(FieldError::new(
                "age_years",
                "give exactly one of age_years and date_of_birth",
            ));
            None
        }
    };
    let la = errors.take(Name::parse(&d.local_authority).map_err(|e| e.under("local_authority")));
    match (pseudonym, age, la) {
        (Some(pseudonym), Some(age), Some(local_authority)) if errors.is_empty() => Ok(Child {
            pseudonym,
            age,
            sex: d.sex,
            looked_after: d.looked_after,
            child_protection_plan: d.child_protection_plan,
            local_authority,
        }),
        _ => Err(errors.into_vec()),
    }
}

fn check_involved(
    codes: &[String],
    registered: &[AgencyCode],
) -> Result<Vec<AgencyCode>, Vec<FieldError>> {
    let mut errors = Errors::new();
    if codes.len() > MAX_INVOLVED_AGENCIES {
        errors.push(FieldError::new(
            "involved_agencies",
            format!("must list at most {MAX_INVOLVED_AGENCIES} agencies"),
        ));
    }
    let mut out: Vec<AgencyCode> = Vec::with_capacity(codes.len());
    for (i, raw) in codes.iter().enumerate() {
        let at = format!("involved_agencies[{i}]");
        match AgencyCode::parse(raw) {
            Err(e) => errors.push(FieldError::new(at, e.reason)),
            Ok(code) if !registered.contains(&code) => errors.push(FieldError::new(
                at,
                "is not an agency registered in this partnership",
            )),
            Ok(code) if out.contains(&code) => errors.push(FieldError::new(at, "is listed twice")),
            Ok(code) => out.push(code),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.into_vec())
    }
}

fn check_parallel(
    drafts: Vec<ParallelProcessDraft>,
) -> Result<Vec<ParallelProcess>, Vec<FieldError>> {
    let mut errors = Errors::new();
    if drafts.len() > MAX_PARALLEL_PROCESSES {
        errors.push(FieldError::new(
            "parallel_processes",
            format!("must list at most {MAX_PARALLEL_PROCESSES} processes"),
        ));
    }
    let mut out = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        let note = d
            .note
            .map(|n| Note::parse(&n).map_err(|e| e.under(&format!("parallel_processes[{i}].note"))))
            .transpose();
        if let Some(note) = errors.take(note) {
            out.push(ParallelProcess { kind: d.kind, note });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.into_vec())
    }
}

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
