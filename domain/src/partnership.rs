use crate::{
    ids::PartnershipId,
    text::{Name, PartnershipSlug},
};

/// A local safeguarding children partnership: the tenant. Every other row belongs to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partnership {
    pub id: PartnershipId,
    pub slug: PartnershipSlug,
    pub name: Name,
}
