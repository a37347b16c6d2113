//! What a token says about its bearer, and the same claims written by `cspr token`.

use cspr_domain::{
    FieldError,
    access::Role,
    text::{AgencyCode, PartnershipSlug, Subject},
};
use serde::{Deserialize, Serialize};

/// The claims the platform reads, beyond the registered ones (`exp`, `iss`, `aud`), which the verifier
/// checks itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    /// The partnership's slug.
    pub partnership: String,
    /// The agency's code, for a person or system acting for one agency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
}

/// The bearer, parsed from verified claims but not yet resolved against the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub subject: Subject,
    pub partnership: PartnershipSlug,
    pub agency: Option<AgencyCode>,
    pub roles: Vec<Role>,
}

impl Claims {
    /// Roles the platform does not know are ignored: identity providers add their own.
    pub fn into_principal(self) -> Result<Principal, FieldError> {
        Ok(Principal {
            subject: Subject::parse(&self.sub).map_err(|e| e.under("sub"))?,
            partnership: PartnershipSlug::parse(&self.partnership)
                .map_err(|e| e.under("partnership"))?,
            agency: self.agency.as_deref().map(AgencyCode::parse).transpose()?,
            roles: self.roles.iter().filter_map(|r| r.parse().ok()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_roles_are_dropped_and_codes_normalised() {
        let c = Claims {
            sub: "jo".into(),
            partnership: "demo".into(),
            agency: Some("cambs-police".into()),
            roles: vec!["agency".into(), "superuser".into()],
        };
        let p = c.into_principal().unwrap();
        assert_eq!(p.roles, vec![Role::Agency]);
        assert_eq!(p.agency.unwrap().as_str(), "CAMBS-POLICE");
    }

    #[test]
    fn a_malformed_partnership_is_refused() {
        let c = Claims {
            sub: "jo".into(),
            partnership: "Not A Slug".into(),
            agency: None,
            roles: vec![],
        };
        assert!(c.into_principal().is_err());
    }
}
