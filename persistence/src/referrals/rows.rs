//! Referral rows and their translation to and from the domain. Criteria and parallel processes are
//! small fixed-shape lists stored as JSON text (MultiConnection carries no JSON type).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    ids::{PartnershipId, ReferralId},
    referral::{
        Child, ChildAge, Criteria, CriteriaDraft, CriterionDraft, IncidentPlace, ParallelProcess,
        Referral, ReferralDetails, ReferralReference,
    },
    text::{AgencyCode, Name, Note, Pseudonym, Subject, Summary},
};
use diesel::prelude::*;
use serde_json::{Map, Value, json};

use super::{births::Birth, corrupt_code};
use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{referral_agencies, referral_children, referrals},
};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = referrals)]
pub(super) struct ReferralRow {
    pub(super) id: String,
    partnership_id: String,
    reference: String,
    referring_agency: String,
    status: String,
    received_at: NaiveDateTime,
    received_by: String,
    incident_date: NaiveDate,
    aware_date: NaiveDate,
    harm: String,
    abuse_or_neglect: String,
    criteria: String,
    institutional_setting: Option<String>,
    families_moved_across_areas: bool,
    parallel_processes: String,
    summary: String,
    received_on: NaiveDate,
    kind: String,
    incident_in_england: bool,
    incident_in_partnership_area: bool,
    incident_local_authority: Option<String>,
    child_resident_in_partnership_area: bool,
}

#[derive(Insertable)]
#[diesel(table_name = referral_children)]
pub(super) struct ChildRow {
    pub(super) referral_id: String,
    pub(super) position: i32,
    pub(super) pseudonym: String,
    pub(super) age_years: Option<i32>,
    /// Only rows written before dates of birth were sealed hold one, until the server seals it.
    pub(super) date_of_birth: Option<NaiveDate>,
    pub(super) sex: String,
    pub(super) looked_after: bool,
    pub(super) child_protection_plan: bool,
    pub(super) local_authority: String,
    pub(super) role: String,
    pub(super) birth_key_id: Option<String>,
    pub(super) birth_nonce: Option<Vec<u8>>,
    pub(super) birth_sealed: Option<Vec<u8>>,
}

/// Writes the referral's rows: a child given by date of birth is kept by its age at the incident, the
/// date only sealed (`births`); a date of birth without its seal is refused, never written plain.
pub(super) fn insert(
    conn: &mut DbConnection,
    r: &Referral,
    births: &[Birth],
) -> Result<(), PersistenceError> {
    let d = &r.details;
    let id = r.id.to_string();
    diesel::insert_into(referrals::table)
        .values(ReferralRow {
            id: id.clone(),
            partnership_id: r.partnership_id.to_string(),
            reference: r.reference.to_string(),
            referring_agency: r.referring_agency.to_string(),
            status: r.status.to_string(),
            received_at: r.received_at.naive_utc(),
            received_by: r.received_by.to_string(),
            incident_date: d.incident_date,
            aware_date: d.aware_date,
            harm: d.harm.to_string(),
            abuse_or_neglect: d.abuse_or_neglect.to_string(),
            criteria: criteria_json(&d.criteria),
            institutional_setting: d.institutional_setting.map(|s| s.to_string()),
            families_moved_across_areas: d.families_moved_across_areas,
            parallel_processes: parallel_json(&d.parallel_processes),
            summary: d.summary.to_string(),
            received_on: d.received_on,
            kind: d.kind.to_string(),
            incident_in_england: d.incident_place.in_england,
            incident_in_partnership_area: d.incident_place.in_partnership_area,
            incident_local_authority: d
                .incident_place
                .local_authority
                .as_ref()
                .map(ToString::to_string),
            child_resident_in_partnership_area: d.incident_place.child_resident_in_partnership_area,
        })
        .execute(conn)?;
    // One statement per row: MultiConnection cannot send a multi-row insert to both backends.
    for (position, c) in (0..).zip(&d.children) {
        let sealed = match c.age {
            ChildAge::Years(_) => None,
            ChildAge::DateOfBirth(_) => Some(
                births
                    .iter()
                    .find(|b| b.pseudonym == c.pseudonym)
                    .map(|b| b.sealed.clone())
                    .ok_or_else(|| {
                        corrupt("referral_children", "a date of birth without its seal")
                    })?,
            ),
        };
        let age_years = Some(i32::from(c.age_at(d.incident_date)));
        diesel::insert_into(referral_children::table)
            .values(ChildRow {
                referral_id: id.clone(),
                position,
                pseudonym: c.pseudonym.as_str().to_owned(),
                age_years,
                date_of_birth: None,
                sex: c.sex.to_string(),
                looked_after: c.looked_after,
                child_protection_plan: c.child_protection_plan,
                local_authority: c.local_authority.to_string(),
                role: c.role.to_string(),
                birth_key_id: sealed.as_ref().map(|s| s.key_id.clone()),
                birth_nonce: sealed.as_ref().map(|s| s.nonce.clone()),
                birth_sealed: sealed.map(|s| s.sealed),
            })
            .execute(conn)?;
    }
    for (position, code) in (0..).zip(&d.involved_agencies) {
        diesel::insert_into(referral_agencies::table)
            .values((
                referral_agencies::referral_id.eq(&id),
                referral_agencies::position.eq(position),
                referral_agencies::agency_code.eq(code.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn criteria_json(c: &Criteria) -> String {
    let map: Map<String, Value> = c
        .named()
        .into_iter()
        .map(|(name, c)| {
            let note = c.note.as_ref().map(Note::as_str);
            (
                name.to_owned(),
                json!({ "applies": c.applies, "note": note }),
            )
        })
        .collect();
    Value::Object(map).to_string()
}

fn parallel_json(p: &[ParallelProcess]) -> String {
    Value::Array(
        p.iter()
            .map(|p| json!({ "kind": p.kind.as_str(), "note": p.note.as_ref().map(Note::as_str) }))
            .collect(),
    )
    .to_string()
}

fn note_of(v: &Value) -> Option<String> {
    v.get("note").and_then(Value::as_str).map(str::to_owned)
}

fn parse_criteria(text: &str) -> Result<Criteria, PersistenceError> {
    let v: Value = serde_json::from_str(text).map_err(|e| corrupt("referrals.criteria", e))?;
    CriteriaDraft::from_named(|name| {
        let c = &v[name];
        CriterionDraft {
            applies: c.get("applies").and_then(Value::as_bool).unwrap_or(false),
            note: note_of(c),
        }
    })
    .check()
    .map_err(|e| corrupt("referrals.criteria", format!("{e:?}")))
}

fn parse_parallel(text: &str) -> Result<Vec<ParallelProcess>, PersistenceError> {
    let v: Vec<Value> =
        serde_json::from_str(text).map_err(|e| corrupt("referrals.parallel_processes", e))?;
    v.iter()
        .map(|p| {
            let kind = p.get("kind").and_then(Value::as_str).unwrap_or_default();
            Ok(ParallelProcess {
                kind: kind
                    .parse()
                    .map_err(|e| corrupt("referrals.parallel_processes", e))?,
                note: note_of(p)
                    .map(|n| Note::parse(&n))
                    .transpose()
                    .map_err(|e| corrupt("referrals.parallel_processes", e))?,
            })
        })
        .collect()
}

impl ChildRow {
    fn into_child(self) -> Result<Child, PersistenceError> {
        let age = match (self.age_years, self.date_of_birth) {
            (Some(y), None) => ChildAge::Years(
                u8::try_from(y).map_err(|e| corrupt("referral_children.age_years", e))?,
            ),
            (None, Some(dob)) => ChildAge::DateOfBirth(dob),
            _ => return Err(corrupt("referral_children", "age_years xor date_of_birth")),
        };
        Ok(Child {
            pseudonym: Pseudonym::parse(&self.pseudonym)
                .map_err(|e| corrupt("referral_children.pseudonym", e))?,
            role: self
                .role
                .parse()
                .map_err(|e| corrupt("referral_children.role", e))?,
            age,
            sex: self
                .sex
                .parse()
                .map_err(|e| corrupt("referral_children.sex", e))?,
            looked_after: self.looked_after,
            child_protection_plan: self.child_protection_plan,
            local_authority: Name::parse(&self.local_authority)
                .map_err(|e| corrupt("referral_children.local_authority", e))?,
        })
    }
}

impl ReferralRow {
    pub(super) fn into_referral(
        self,
        children: Vec<ChildRow>,
        involved: Vec<String>,
    ) -> Result<Referral, PersistenceError> {
        Ok(Referral {
            id: ReferralId::parse(&self.id).map_err(|e| corrupt("referrals.id", e))?,
            partnership_id: PartnershipId::parse(&self.partnership_id)
                .map_err(|e| corrupt("referrals.partnership_id", e))?,
            reference: ReferralReference::from_stored(self.reference),
            referring_agency: AgencyCode::parse(&self.referring_agency)
                .map_err(|e| corrupt("referrals.referring_agency", e))?,
            status: self
                .status
                .parse()
                .map_err(|e| corrupt("referrals.status", e))?,
            received_at: DateTime::from_naive_utc_and_offset(self.received_at, Utc),
            received_by: Subject::parse(&self.received_by)
                .map_err(|e| corrupt("referrals.received_by", e))?,
            details: ReferralDetails {
                kind: self
                    .kind
                    .parse()
                    .map_err(|e| corrupt("referrals.kind", e))?,
                incident_date: self.incident_date,
                aware_date: self.aware_date,
                received_on: self.received_on,
                incident_place: IncidentPlace {
                    in_england: self.incident_in_england,
                    in_partnership_area: self.incident_in_partnership_area,
                    local_authority: self
                        .incident_local_authority
                        .map(|la| Name::parse(&la))
                        .transpose()
                        .map_err(|e| corrupt("referrals.incident_local_authority", e))?,
                    child_resident_in_partnership_area: self.child_resident_in_partnership_area,
                },
                harm: self
                    .harm
                    .parse()
                    .map_err(|e| corrupt("referrals.harm", e))?,
                abuse_or_neglect: self
                    .abuse_or_neglect
                    .parse()
                    .map_err(|e| corrupt("referrals.abuse_or_neglect", e))?,
                children: children
                    .into_iter()
                    .map(ChildRow::into_child)
                    .collect::<Result<_, _>>()?,
                involved_agencies: involved
                    .iter()
                    .map(|c| AgencyCode::parse(c).map_err(corrupt_code))
                    .collect::<Result<_, _>>()?,
                criteria: parse_criteria(&self.criteria)?,
                institutional_setting: self
                    .institutional_setting
                    .map(|s| s.parse())
                    .transpose()
                    .map_err(|e| corrupt("referrals.institutional_setting", e))?,
                families_moved_across_areas: self.families_moved_across_areas,
                parallel_processes: parse_parallel(&self.parallel_processes)?,
                summary: Summary::parse(&self.summary)
                    .map_err(|e| corrupt("referrals.summary", e))?,
            },
        })
    }
}
