//! The per-partnership, per-year referral number. The one place the dialects differ: an atomic
//! upsert-and-return, so two referrals received at once never share a number.

use cspr_domain::ids::PartnershipId;
use diesel::{
    prelude::*,
    sql_types::{Integer, Text},
};

use crate::{DbConnection, PersistenceError, error::corrupt};

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = Integer)]
    last_number: i32,
}

const POSTGRES: &str = "INSERT INTO referral_counters (partnership_id, year, last_number) VALUES ($1, $2, 1) \
     ON CONFLICT (partnership_id, year) DO UPDATE SET last_number = referral_counters.last_number + 1 \
     RETURNING last_number";
const SQLITE: &str = "INSERT INTO referral_counters (partnership_id, year, last_number) VALUES (?, ?, 1) \
     ON CONFLICT (partnership_id, year) DO UPDATE SET last_number = referral_counters.last_number + 1 \
     RETURNING last_number";

pub(super) fn next(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    year: i32,
) -> Result<u32, PersistenceError> {
    let pid = partnership_id.to_string();
    let n = match conn {
        DbConnection::Postgres(c) => diesel::sql_query(POSTGRES)
            .bind::<Text, _>(&pid)
            .bind::<Integer, _>(year)
            .get_result::<Number>(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(SQLITE)
            .bind::<Text, _>(&pid)
            .bind::<Integer, _>(year)
            .get_result::<Number>(c)?,
    };
    u32::try_from(n.last_number).map_err(|e| corrupt("referral_counters.last_number", e))
}
