use crate::{
    FieldError,
    error::Errors,
    ids::{AgencyId, PartnershipId},
    text::{AgencyCode, Name},
    text_enum::text_enum,
};

text_enum!(
    /// What sort of organisation an agency is.
    AgencyKind, "kind" {
        LocalAuthority => "local_authority",
        Police => "police",
        Health => "health",
        Education => "education",
        Probation => "probation",
        Other => "other",
    }
);

text_enum!(
    /// Which of the three statutory safeguarding partners an agency speaks for, if any. `Health` is the
    /// Integrated Care Board (ICB), which replaced the clinical commissioning group (CCG) of the 2018 guidance.
    StatutoryRole, "statutory_role" {
        LocalAuthority => "local_authority",
        Police => "police",
        Health => "health",
        None => "none",
    }
);

impl StatutoryRole {
    /// The three partners whose presence makes a meeting quorate and who each cast one vote.
    pub const PARTNERS: [StatutoryRole; 3] = [
        StatutoryRole::LocalAuthority,
        StatutoryRole::Police,
        StatutoryRole::Health,
    ];

    pub fn is_partner(self) -> bool {
        self != StatutoryRole::None
    }
}

/// An agency registered in a partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub id: AgencyId,
    pub partnership_id: PartnershipId,
    pub code: AgencyCode,
    pub name: Name,
    pub kind: AgencyKind,
    pub statutory_role: StatutoryRole,
}

/// An agency as a partnership admin asks to register it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgency {
    pub code: AgencyCode,
    pub name: Name,
    pub kind: AgencyKind,
    pub statutory_role: StatutoryRole,
}

impl NewAgency {
    pub fn parse(
        code: &str,
        name: &str,
        kind: AgencyKind,
        statutory_role: StatutoryRole,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Errors::new();
        let code = errors.take(AgencyCode::parse(code));
        let name = errors.take(Name::parse(name).map_err(|e| e.under("name")));
        match (code, name) {
            (Some(code), Some(name)) => Ok(NewAgency {
                code,
                name,
                kind,
                statutory_role,
            }),
            _ => Err(errors.into_vec()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_agency_reports_every_bad_field() {
        let errors =
            NewAgency::parse("a b", "", AgencyKind::Other, StatutoryRole::None).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "name"]);
    }

    #[test]
    fn a_new_agency_normalises_its_code() {
        let a = NewAgency::parse(
            "cambs-pol",
            "Police",
            AgencyKind::Police,
            StatutoryRole::Police,
        )
        .unwrap();
        assert_eq!(a.code.as_str(), "CAMBS-POL");
        assert_eq!(a.statutory_role, StatutoryRole::Police);
    }

    #[test]
    fn enum_text_round_trips() {
        for k in AgencyKind::ALL {
            assert_eq!(k.as_str().parse::<AgencyKind>(), Ok(*k));
        }
        for r in StatutoryRole::ALL {
            assert_eq!(r.as_str().parse::<StatutoryRole>(), Ok(*r));
        }
    }
}
