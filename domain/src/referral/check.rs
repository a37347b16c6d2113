//! The checks a Referral Form must pass before it becomes a referral.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::*;
use crate::error::Errors;

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
        let received_on = self.received_on.unwrap_or(today);
        if received_on > today {
            errors.push(FieldError::new("received_on", "must not be in the future"));
        } else if received_on < self.incident_date {
            errors.push(FieldError::new(
                "received_on",
                "must not be before the incident date",
            ));
        } else if self.aware_date > received_on && self.aware_date <= today {
            errors.push(FieldError::new(
                "aware_date",
                "must not be after the referral was received: receiving it makes the partnership aware",
            ));
        }
        if self.kind == ReferralKind::SeriousIncident && self.harm == Harm::NoSeriousHarm {
            errors.push(FieldError::new(
                "harm",
                "a serious incident is a death or serious harm; refer a near miss or good practice with kind near_miss or good_practice",
            ));
        }
        let incident_place = errors.take_all(check_place(self.incident_place));
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
        match (
            children,
            involved,
            criteria,
            parallel,
            summary,
            incident_place,
        ) {
            (
                Some(children),
                Some(involved_agencies),
                Some(criteria),
                Some(parallel_processes),
                Some(summary),
                Some(incident_place),
            ) if errors.is_empty() => Ok(ReferralDetails {
                kind: self.kind,
                incident_date: self.incident_date,
                aware_date: self.aware_date,
                received_on,
                incident_place,
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
        // Too many is answered alone: each child's own errors would only lengthen the answer.
        return Err(vec![FieldError::new(
            "children",
            format!("must list 1 to {MAX_CHILDREN} children"),
        )]);
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
    let about_a_child =
        |c: &Child| matches!(c.role, ChildRole::Subject | ChildRole::ChildPerpetrator);
    if !children.is_empty() && !children.iter().any(about_a_child) {
        errors.push(FieldError::new(
            "children",
            "name at least one child who is the subject of the incident or a child perpetrator",
        ));
    }
    if errors.is_empty() {
        Ok(children)
    } else {
        Err(errors.into_vec())
    }
}

fn check_place(d: IncidentPlaceDraft) -> Result<IncidentPlace, Vec<FieldError>> {
    let mut errors = Errors::new();
    if !d.in_england && d.in_partnership_area {
        errors.push(FieldError::new(
            "incident_place.in_partnership_area",
            "must be false when the incident happened outside England",
        ));
    }
    let local_authority = d
        .local_authority
        .map(|la| Name::parse(&la).map_err(|e| e.under("incident_place.local_authority")))
        .transpose();
    let local_authority = errors.take(local_authority).flatten();
    if d.in_england && !d.in_partnership_area && local_authority.is_none() {
        errors.push(FieldError::new(
            "incident_place.local_authority",
            "name the local authority in whose area it happened: the Panel notification is its duty",
        ));
    }
    if errors.is_empty() {
        Ok(IncidentPlace {
            in_england: d.in_england,
            in_partnership_area: d.in_partnership_area,
            local_authority,
            child_resident_in_partnership_area: d.child_resident_in_partnership_area,
        })
    } else {
        Err(errors.into_vec())
    }
}

fn check_child(d: ChildDraft, incident: NaiveDate) -> Result<Child, Vec<FieldError>> {
    let mut errors = Errors::new();
    let pseudonym = errors.take(Pseudonym::parse_child(&d.pseudonym));
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
            role: d.role,
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
