//! Idempotency keys (the IETF `Idempotency-Key` draft): a create's answer kept with the key its caller
//! sent, written in the create's own transaction, so a retry after any failure — a lost answer, a killed
//! server — finds either nothing done or the first answer, never a second write.

use chrono::{DateTime, NaiveDateTime, Utc};
use cspr_domain::{ids::PartnershipId, text::Subject};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, schema::idempotency_keys};

/// A key's first request, as kept.
pub struct Kept {
    /// What identifies the request: its method, path and body, hashed.
    pub fingerprint: String,
    /// The create's answer, as JSON.
    pub response: String,
}

/// The caller's key, if a request under it has completed.
pub fn find(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    subject: &Subject,
    key: &str,
) -> Result<Option<Kept>, PersistenceError> {
    Ok(idempotency_keys::table
        .find((partnership.to_string(), subject.as_str(), key))
        .select((idempotency_keys::fingerprint, idempotency_keys::response))
        .first::<(String, String)>(conn)
        .optional()?
        .map(|(fingerprint, response)| Kept {
            fingerprint,
            response,
        }))
}

/// Keeps the answer under the caller's key; a concurrent request that kept it first makes this a
/// conflict (and its transaction, with the work, rolls back).
pub fn keep(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    subject: &Subject,
    key: &str,
    kept: &Kept,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::partnership_id.eq(partnership.to_string()),
            idempotency_keys::subject.eq(subject.as_str()),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::fingerprint.eq(&kept.fingerprint),
            idempotency_keys::response.eq(&kept.response),
            idempotency_keys::created_at.eq(at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets keys kept before `before`; returns how many.
pub fn expire(conn: &mut DbConnection, before: DateTime<Utc>) -> Result<usize, PersistenceError> {
    let before: NaiveDateTime = before.naive_utc();
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
            .execute(conn)?,
    )
}
