//! Identifying details: who "Child A" and "Adult B" really are — the real names a lead reviewer's
//! genogram needs, other names, a date of birth, an address. Everything else in the platform names
//! people by pseudonym only; these are held apart, sealed (the application layer encrypts them under a
//! key that never enters the database), recorded by those who run the review and released only to the
//! review's own declared lead reviewer, each release with its purpose.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::team::{TeamMember, TeamRole, may_conduct};
use crate::{
    FieldError, Refusal,
    access::{Actor, Role},
    text::{Name, Note, Pseudonym},
};

/// The most other names (previous names, aliases, spellings) one person may have recorded.
pub const MAX_OTHER_NAMES: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentifyingDetails {
    pub real_name: Name,
    pub other_names: Vec<Name>,
    pub date_of_birth: Option<NaiveDate>,
    pub address: Option<Note>,
}

/// What a caller sends, before it is parsed.
#[derive(Debug, Clone, Default)]
pub struct DetailsDraft {
    pub real_name: String,
    pub other_names: Vec<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub address: Option<String>,
}

impl IdentifyingDetails {
    pub fn parse(draft: DetailsDraft, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut errors = vec![];
        let real_name = Name::parse(&draft.real_name).map_err(|e| e.under("real_name"));
        if draft.other_names.len() > MAX_OTHER_NAMES {
            errors.push(FieldError::new(
                "other_names",
                format!("must hold at most {MAX_OTHER_NAMES} names"),
            ));
        }
        let mut other_names = vec![];
        for (i, n) in draft.other_names.iter().enumerate() {
            match Name::parse(n) {
                Ok(n) => other_names.push(n),
                Err(e) => errors.push(e.under(&format!("other_names[{i}]"))),
            }
        }
        if draft.date_of_birth.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                "date_of_birth",
                "must not be in the future",
            ));
        }
        let address = draft
            .address
            .as_deref()
            .map(Note::parse)
            .transpose()
            .map_err(|e| e.under("address"));
        match (real_name, address) {
            (Ok(real_name), Ok(address)) if errors.is_empty() => Ok(IdentifyingDetails {
                real_name,
                other_names,
                date_of_birth: draft.date_of_birth,
                address,
            }),
            (name, address) => {
                errors.extend(name.err());
                errors.extend(address.err());
                Err(errors)
            }
        }
    }

    /// Every name the person is known by: the real one first.
    pub fn names(&self) -> impl Iterator<Item = &Name> {
        std::iter::once(&self.real_name).chain(&self.other_names)
    }

    /// The bytes that are sealed.
    pub fn to_plaintext(&self) -> Vec<u8> {
        json!({
            "real_name": self.real_name.as_str(),
            "other_names": self.other_names.iter().map(Name::as_str).collect::<Vec<_>>(),
            "date_of_birth": self.date_of_birth,
            "address": self.address.as_ref().map(Note::as_str),
        })
        .to_string()
        .into_bytes()
    }

    /// The details from bytes `to_plaintext` made (once unsealed).
    pub fn from_plaintext(bytes: &[u8]) -> Result<Self, FieldError> {
        let bad = || FieldError::new("identifying_details", "are not in the sealed form");
        let v: Value = serde_json::from_slice(bytes).map_err(|_| bad())?;
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let draft = DetailsDraft {
            real_name: text("real_name").ok_or_else(bad)?,
            other_names: v
                .get("other_names")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            date_of_birth: text("date_of_birth").and_then(|d| d.parse().ok()),
            address: text("address"),
        };
        IdentifyingDetails::parse(draft, NaiveDate::MAX).map_err(|_| bad())
    }
}

/// Who a pseudonym stands for, in words that identify no one: "subject child", "mother".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudonymEntry {
    pub pseudonym: Pseudonym,
    pub stands_for: String,
    /// Whether identifying details are held for them.
    pub details_held: bool,
}

/// Identifying details are recorded only for a pseudonym the review uses.
pub fn check_pseudonym(pseudonym: &str, map: &[PseudonymEntry]) -> Result<Pseudonym, FieldError> {
    let p = Pseudonym::parse(pseudonym)?;
    if map.iter().any(|e| e.pseudonym == p) {
        Ok(p)
    } else {
        Err(FieldError::new(
            "pseudonym",
            "is not one of the review's children or family members",
        ))
    }
}

/// Those who run the review record identifying details: the business team and its lead reviewer.
pub fn may_record(actor: &Actor, team: &[TeamMember]) -> Result<(), Refusal> {
    may_conduct(actor, team)
}

/// Only the review's own lead reviewer, once declared, is given them (for the genogram); never the
/// business team, which recorded them, nor anyone else.
pub fn may_release(actor: &Actor, team: &[TeamMember], declared: bool) -> Result<(), Refusal> {
    let leads_it = actor.has(Role::LeadReviewer)
        && team
            .iter()
            .any(|m| m.role == TeamRole::LeadReviewer && m.subject == actor.subject);
    match (leads_it, declared) {
        (true, true) => Ok(()),
        (true, false) => Err(Refusal::DeclarationRequired),
        (false, _) => Err(Refusal::RoleNotPermitted),
    }
}

#[cfg(test)]
mod tests;
