//! Unit tests, compiled only under #[cfg(test)] from the parent module.

use chrono::Utc;

use super::*;
use crate::{ids::PartnershipId, text::Subject};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn actor(subject: &str, roles: &[Role]) -> Actor {
    Actor {
        subject: Subject::parse(subject).unwrap(),
        partnership_id: PartnershipId::generate(),
        agency: None,
        roles: roles.to_vec(),
    }
}

fn lead(subject: &str) -> TeamMember {
    TeamMember {
        subject: Subject::parse(subject).unwrap(),
        role: TeamRole::LeadReviewer,
        name: Name::parse("Dr A. Reviewer").unwrap(),
        agency: None,
        independent_of_case: true,
        appointed_by: Subject::parse("admin").unwrap(),
        appointed_at: Utc::now(),
    }
}

fn draft() -> DetailsDraft {
    DetailsDraft {
        real_name: "Lily Smith".into(),
        other_names: vec!["Lily Jones".into()],
        date_of_birth: Some(d("2024-02-29")),
        address: Some("1 High Street, Alphaton".into()),
    }
}

#[test]
fn details_name_someone_born_by_today_and_survive_sealing_unchanged() {
    let today = d("2026-08-31");
    let details = IdentifyingDetails::parse(draft(), today).unwrap();
    assert_eq!(
        IdentifyingDetails::from_plaintext(&details.to_plaintext()).unwrap(),
        details
    );
    let mut bad = draft();
    bad.real_name = " ".into();
    bad.date_of_birth = Some(d("2026-09-01"));
    bad.other_names = vec!["x".into(); MAX_OTHER_NAMES + 1];
    let fields: Vec<String> = IdentifyingDetails::parse(bad, today)
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["other_names", "date_of_birth", "real_name"]);
    assert!(IdentifyingDetails::from_plaintext(b"{}").is_err());
}

#[test]
fn only_the_reviews_own_declared_lead_reviewer_is_given_identifying_details() {
    let team = [lead("reviewer-ann")];
    let ann = actor("reviewer-ann", &[Role::LeadReviewer]);
    assert_eq!(may_release(&ann, &team, true), Ok(()));
    assert_eq!(
        may_release(&ann, &team, false),
        Err(Refusal::DeclarationRequired)
    );
    for other in [
        actor("reviewer-bob", &[Role::LeadReviewer]),
        actor("reviewer-ann", &[Role::PanelMember]),
        actor("admin", &[Role::PartnershipAdmin]),
        actor("board-chair", &[Role::Board]),
    ] {
        assert_eq!(
            may_release(&other, &team, true),
            Err(Refusal::RoleNotPermitted)
        );
    }
    assert_eq!(
        may_record(&actor("admin", &[Role::PartnershipAdmin]), &team),
        Ok(())
    );
    assert_eq!(may_record(&ann, &team), Ok(()));
    assert!(may_record(&actor("x", &[Role::Board]), &team).is_err());
}

#[test]
fn details_are_recorded_only_for_a_pseudonym_of_the_reviews_map() {
    let map = [PseudonymEntry {
        pseudonym: Pseudonym::parse("Child A").unwrap(),
        stands_for: "subject child".into(),
        details_held: false,
    }];
    assert!(check_pseudonym("Child A", &map).is_ok());
    assert_eq!(
        check_pseudonym("Adult B", &map).unwrap_err().field,
        "pseudonym"
    );
    assert_eq!(
        check_pseudonym("Lily Smith", &map).unwrap_err().field,
        "pseudonym"
    );
}
