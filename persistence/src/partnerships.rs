use chrono::Utc;
use cspr_domain::{
    ids::PartnershipId,
    partnership::Partnership,
    text::{Name, PartnershipSlug},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::partnerships};

#[derive(Queryable)]
struct Row {
    id: String,
    slug: String,
    name: String,
}

impl TryFrom<Row> for Partnership {
    type Error = PersistenceError;
    fn try_from(r: Row) -> Result<Self, PersistenceError> {
        Ok(Partnership {
            id: PartnershipId::parse(&r.id).map_err(|e| corrupt("partnerships.id", e))?,
            slug: PartnershipSlug::parse(&r.slug).map_err(|e| corrupt("partnerships.slug", e))?,
            name: Name::parse(&r.name).map_err(|e| corrupt("partnerships.name", e))?,
        })
    }
}

pub fn find_by_slug(
    conn: &mut DbConnection,
    slug: &PartnershipSlug,
) -> Result<Option<Partnership>, PersistenceError> {
    partnerships::table
        .filter(partnerships::slug.eq(slug.as_str()))
        .select((partnerships::id, partnerships::slug, partnerships::name))
        .first::<Row>(conn)
        .optional()?
        .map(Partnership::try_from)
        .transpose()
}

/// Every partnership, by slug.
pub fn all(conn: &mut DbConnection) -> Result<Vec<Partnership>, PersistenceError> {
    partnerships::table
        .order(partnerships::slug)
        .select((partnerships::id, partnerships::slug, partnerships::name))
        .load::<Row>(conn)?
        .into_iter()
        .map(Partnership::try_from)
        .collect()
}

pub fn find(
    conn: &mut DbConnection,
    id: PartnershipId,
) -> Result<Option<Partnership>, PersistenceError> {
    partnerships::table
        .filter(partnerships::id.eq(id.to_string()))
        .select((partnerships::id, partnerships::slug, partnerships::name))
        .first::<Row>(conn)
        .optional()?
        .map(Partnership::try_from)
        .transpose()
}

/// Creates the partnership unless one with that slug exists; either way returns it and whether it is new.
pub fn ensure(
    conn: &mut DbConnection,
    slug: &PartnershipSlug,
    name: &Name,
) -> Result<(Partnership, bool), PersistenceError> {
    if let Some(existing) = find_by_slug(conn, slug)? {
        return Ok((existing, false));
    }
    let id = PartnershipId::generate();
    diesel::insert_into(partnerships::table)
        .values((
            partnerships::id.eq(id.to_string()),
            partnerships::slug.eq(slug.as_str()),
            partnerships::name.eq(name.as_str()),
            partnerships::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    // Its audit trail's chain starts here (the head is what appends to the chain take turns on).
    diesel::insert_into(crate::schema::audit_chain_heads::table)
        .values((
            crate::schema::audit_chain_heads::partnership_id.eq(id.to_string()),
            crate::schema::audit_chain_heads::sequence.eq(0_i64),
            crate::schema::audit_chain_heads::hash.eq(cspr_domain::audit::CHAIN_GENESIS),
        ))
        .execute(conn)?;
    Ok((
        Partnership {
            id,
            slug: slug.clone(),
            name: name.clone(),
        },
        true,
    ))
}
