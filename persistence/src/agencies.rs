use chrono::Utc;
use cspr_domain::{
    agency::{Agency, NewAgency},
    ids::{AgencyId, PartnershipId},
    text::{AgencyCode, Name},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::agencies};

#[derive(Queryable)]
struct Row {
    id: String,
    partnership_id: String,
    code: String,
    name: String,
    kind: String,
    statutory_role: String,
}

type Columns = (
    agencies::id,
    agencies::partnership_id,
    agencies::code,
    agencies::name,
    agencies::kind,
    agencies::statutory_role,
);
const COLUMNS: Columns = (
    agencies::id,
    agencies::partnership_id,
    agencies::code,
    agencies::name,
    agencies::kind,
    agencies::statutory_role,
);

impl TryFrom<Row> for Agency {
    type Error = PersistenceError;
    fn try_from(r: Row) -> Result<Self, PersistenceError> {
        Ok(Agency {
            id: AgencyId::parse(&r.id).map_err(|e| corrupt("agencies.id", e))?,
            partnership_id: PartnershipId::parse(&r.partnership_id)
                .map_err(|e| corrupt("agencies.partnership_id", e))?,
            code: AgencyCode::parse(&r.code).map_err(|e| corrupt("agencies.code", e))?,
            name: Name::parse(&r.name).map_err(|e| corrupt("agencies.name", e))?,
            kind: r.kind.parse().map_err(|e| corrupt("agencies.kind", e))?,
            statutory_role: r
                .statutory_role
                .parse()
                .map_err(|e| corrupt("agencies.statutory_role", e))?,
        })
    }
}

pub fn insert(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    new: &NewAgency,
) -> Result<Agency, PersistenceError> {
    let id = AgencyId::generate();
    diesel::insert_into(agencies::table)
        .values((
            agencies::id.eq(id.to_string()),
            agencies::partnership_id.eq(partnership_id.to_string()),
            agencies::code.eq(new.code.as_str()),
            agencies::name.eq(new.name.as_str()),
            agencies::kind.eq(new.kind.as_str()),
            agencies::statutory_role.eq(new.statutory_role.as_str()),
            agencies::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)?;
    Ok(Agency {
        id,
        partnership_id,
        code: new.code.clone(),
        name: new.name.clone(),
        kind: new.kind,
        statutory_role: new.statutory_role,
    })
}

/// Every agency of a partnership, by code. A partnership registers tens of agencies, not thousands, so
/// the register is one unpaginated list.
pub fn list(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
) -> Result<Vec<Agency>, PersistenceError> {
    agencies::table
        .filter(agencies::partnership_id.eq(partnership_id.to_string()))
        .order(agencies::code.asc())
        .select(COLUMNS)
        .load::<Row>(conn)?
        .into_iter()
        .map(Agency::try_from)
        .collect()
}

pub fn find_by_code(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    code: &AgencyCode,
) -> Result<Option<Agency>, PersistenceError> {
    agencies::table
        .filter(agencies::partnership_id.eq(partnership_id.to_string()))
        .filter(agencies::code.eq(code.as_str()))
        .select(COLUMNS)
        .first::<Row>(conn)
        .optional()?
        .map(Agency::try_from)
        .transpose()
}
