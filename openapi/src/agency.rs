use async_graphql::SimpleObject;
use cspr_domain::agency as domain;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AgencyKind, StatutoryRole};

/// An agency to register in the caller's partnership.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, async_graphql::InputObject)]
#[serde(deny_unknown_fields)]
pub struct AgencyCreate {
    /// Unique in the partnership; 2 to 32 letters, digits, hyphens or underscores; stored upper-case.
    #[schema(value_type = crate::text::AgencyCodeText, example = "CAMBS-POLICE")]
    pub code: String,
    #[schema(value_type = crate::text::NameText, example = "Cambridgeshire Constabulary")]
    pub name: String,
    pub kind: AgencyKind,
    pub statutory_role: StatutoryRole,
}

/// An agency registered in a partnership.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, SimpleObject)]
pub struct Agency {
    #[schema(format = Uuid)]
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
    pub statutory_role: StatutoryRole,
}

impl From<&domain::Agency> for Agency {
    fn from(a: &domain::Agency) -> Self {
        Agency {
            id: a.id.to_string(),
            code: a.code.to_string(),
            name: a.name.to_string(),
            kind: a.kind.into(),
            statutory_role: a.statutory_role.into(),
        }
    }
}

/// The agency register of a partnership, by code.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgencyList {
    pub items: Vec<Agency>,
}
