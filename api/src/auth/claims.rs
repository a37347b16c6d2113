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

/// A verified token's claims with its times, checked beyond what the signature library checks.
#[derive(Debug, Clone, Deserialize)]
pub struct Verified {
    #[serde(flatten)]
    pub claims: Claims,
    pub exp: u64,
    #[serde(default)]
    pub iat: Option<u64>,
}

/// Clock skew tolerated between the identity provider and this server.
pub const LEEWAY_SECONDS: u64 = 60;

impl Verified {
    /// Refuses a token issued in the future, or one that lives longer than `max_lifetime` (measured from
    /// its issue, or from now when it does not say when it was issued).
    pub fn within_lifetime(self, now: u64, max_lifetime: u64) -> Result<Claims, String> {
        if self.iat.is_some_and(|iat| iat > now + LEEWAY_SECONDS) {
            return Err("token issued in the future (iat)".into());
        }
        let from = self.iat.unwrap_or(now);
        if self.exp.saturating_sub(from) > max_lifetime {
            return Err(format!(
                "token lives longer than the {max_lifetime} s allowed"
            ));
        }
        Ok(self.claims)
    }
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
    fn a_token_from_the_future_or_too_long_lived_is_refused() {
        let v = |exp, iat| Verified {
            claims: Claims {
                sub: "jo".into(),
                partnership: "demo".into(),
                agency: None,
                roles: vec![],
            },
            exp,
            iat,
        };
        let day = 86_400;
        assert!(
            v(1_000 + 3_600, Some(1_000))
                .within_lifetime(1_000, day)
                .is_ok()
        );
        assert!(
            v(1_000 + 2 * day, Some(1_000))
                .within_lifetime(1_000, day)
                .is_err()
        );
        assert!(
            v(5_000, Some(2_000)).within_lifetime(1_000, day).is_err(),
            "iat ahead"
        );
        assert!(
            v(1_000 + 2 * day, None)
                .within_lifetime(1_000, day)
                .is_err()
        );
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
