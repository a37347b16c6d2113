//! Key lines of enquiry and themes (seed: "Identify critical points and actions with any key lines of
//! enquiry"; "the Panel and IMR Authors will discuss the case in detail and develop the Key Themes").
//! The panel records each, numbered, and links chronology entries to it, so a theme points at the
//! events that show it.

use chrono::{DateTime, Utc};

use super::{Review, team::TeamMember};
use crate::{
    FieldError,
    access::{Actor, Role},
    error::{DomainError, Refusal},
    text::{AgencyCode, Name, Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// A question the review pursues, or a theme it has found.
    ThemeKind, "kind" {
        KeyLineOfEnquiry => "key_line_of_enquiry",
        Theme => "theme",
    }
);

/// A chronology entry, by its agency and the agency's own record reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    pub agency: AgencyCode,
    pub source_ref: Name,
}

/// A key line of enquiry or a theme, with the entries linked to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub number: u32,
    pub kind: ThemeKind,
    pub title: Name,
    pub description: Option<Narrative>,
    pub entries: Vec<EntryRef>,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// The panel's work: the business team, and any member of the review's team.
pub fn may_record(actor: &Actor, team: &[TeamMember]) -> Result<(), Refusal> {
    if actor.has(Role::PartnershipAdmin) || team.iter().any(|m| m.subject == actor.subject) {
        Ok(())
    } else {
        Err(Refusal::RoleNotPermitted)
    }
}

/// A new theme, numbered after those recorded, while the review runs.
pub fn record(
    review: &Review,
    earlier: usize,
    kind: ThemeKind,
    title: Name,
    description: Option<Narrative>,
    by: Subject,
    at: DateTime<Utc>,
) -> Result<Theme, DomainError> {
    review.check_running()?;
    Ok(Theme {
        number: u32::try_from(earlier).unwrap_or(u32::MAX).saturating_add(1),
        kind,
        title,
        description,
        entries: vec![],
        recorded_by: by,
        recorded_at: at,
    })
}

/// The most entries one request links.
pub const MAX_LINKS: usize = 500;

impl Theme {
    /// The entries to link: each a current entry of the review (`existing`), named once; those already
    /// linked are left as they are. Returns the new links.
    pub fn link(
        &self,
        asked: Vec<EntryRef>,
        existing: &[EntryRef],
    ) -> Result<Vec<EntryRef>, Vec<FieldError>> {
        if asked.is_empty() || asked.len() > MAX_LINKS {
            return Err(vec![FieldError::new(
                "entries",
                format!("name 1 to {MAX_LINKS} entries"),
            )]);
        }
        let mut errors = vec![];
        let mut new: Vec<EntryRef> = vec![];
        for (i, r) in asked.into_iter().enumerate() {
            if !existing.contains(&r) {
                errors.push(FieldError::new(
                    format!("entries[{i}]"),
                    "no such entry of this agency in the review's chronology",
                ));
            } else if !self.entries.contains(&r) && !new.contains(&r) {
                new.push(r);
            }
        }
        if errors.is_empty() {
            Ok(new)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, ReviewStage, decided_review};

    fn entry(agency: &str, reference: &str) -> EntryRef {
        EntryRef {
            agency: AgencyCode::parse(agency).unwrap(),
            source_ref: Name::parse(reference).unwrap(),
        }
    }

    fn theme() -> Theme {
        record(
            &decided_review(ReviewKind::Cspr, ReviewStage::Monitor),
            2,
            ThemeKind::Theme,
            Name::parse("Invisible men").unwrap(),
            None,
            Subject::parse("lead").unwrap(),
            Utc::now(),
        )
        .unwrap()
    }

    #[test]
    fn themes_are_numbered_while_the_review_runs() {
        assert_eq!(theme().number, 3);
        let closed = decided_review(ReviewKind::Cspr, ReviewStage::Published);
        assert!(
            record(
                &closed,
                0,
                ThemeKind::KeyLineOfEnquiry,
                Name::parse("Q").unwrap(),
                None,
                Subject::parse("lead").unwrap(),
                Utc::now()
            )
            .is_err()
        );
    }

    #[test]
    fn only_existing_entries_are_linked_and_each_once() {
        let mut t = theme();
        let existing = [entry("LA", "LA-1"), entry("POLICE", "P-9")];
        let linked = t
            .link(vec![entry("LA", "LA-1"), entry("LA", "LA-1")], &existing)
            .unwrap();
        assert_eq!(linked.len(), 1);
        t.entries = linked;
        assert!(
            t.link(vec![entry("LA", "LA-1")], &existing)
                .unwrap()
                .is_empty()
        );
        let e = t
            .link(vec![entry("POLICE", "P-9"), entry("LA", "P-9")], &existing)
            .unwrap_err();
        assert_eq!(e[0].field, "entries[1]");
        assert!(t.link(vec![], &existing).is_err());
    }

    #[test]
    fn the_business_team_and_any_member_of_the_team_record_themes() {
        let actor = |subject: &str, role: Role| Actor {
            subject: Subject::parse(subject).unwrap(),
            partnership_id: crate::ids::PartnershipId::generate(),
            agency: None,
            roles: vec![role],
        };
        let team = [TeamMember {
            subject: Subject::parse("panel-pat").unwrap(),
            role: crate::review::team::TeamRole::PanelMember,
            name: Name::parse("P").unwrap(),
            agency: Some(AgencyCode::parse("LA").unwrap()),
            independent_of_case: true,
            appointed_by: Subject::parse("admin").unwrap(),
            appointed_at: Utc::now(),
        }];
        assert!(may_record(&actor("admin", Role::PartnershipAdmin), &team).is_ok());
        assert!(may_record(&actor("panel-pat", Role::PanelMember), &team).is_ok());
        assert!(may_record(&actor("partner", Role::StatutoryPartner), &team).is_err());
    }
}
