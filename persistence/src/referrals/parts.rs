//! A referral's children and involved agencies folded into the referral's own row as two JSON arrays, so
//! that one statement reads a referral whole, and one reads a page of any size (issue "Reads and writes
//! at the speed of the database": no query per part, no transaction around a read).
//!
//! The two backends name their JSON functions differently; this is the one place the SQL differs. Each
//! array is built in the rows' stored order.

use chrono::NaiveDate;
use diesel::{dsl::sql, expression::SqlLiteral, sql_types::Text};
use serde_json::Value;

use super::rows::ChildRow;
use crate::{DbConnection, PersistenceError, error::corrupt};

const SQLITE_CHILDREN: &str = "(SELECT json_group_array(json_object(\
    'position', c.position, 'pseudonym', c.pseudonym, 'age_years', c.age_years, \
    'date_of_birth', c.date_of_birth, 'sex', c.sex, 'looked_after', c.looked_after, \
    'child_protection_plan', c.child_protection_plan, 'local_authority', c.local_authority, \
    'role', c.role) ORDER BY c.position) \
    FROM referral_children c WHERE c.referral_id = referrals.id)";

const POSTGRES_CHILDREN: &str = "(SELECT coalesce(json_agg(json_build_object(\
    'position', c.position, 'pseudonym', c.pseudonym, 'age_years', c.age_years, \
    'date_of_birth', c.date_of_birth, 'sex', c.sex, 'looked_after', c.looked_after, \
    'child_protection_plan', c.child_protection_plan, 'local_authority', c.local_authority, \
    'role', c.role) ORDER BY c.position), '[]'::json)::text \
    FROM referral_children c WHERE c.referral_id = referrals.id)";

const SQLITE_AGENCIES: &str = "(SELECT json_group_array(a.agency_code ORDER BY a.position) \
    FROM referral_agencies a WHERE a.referral_id = referrals.id)";

const POSTGRES_AGENCIES: &str = "(SELECT coalesce(json_agg(a.agency_code ORDER BY a.position), \
    '[]'::json)::text FROM referral_agencies a WHERE a.referral_id = referrals.id)";

/// The referral's children, as a JSON array column of the referral's row.
pub(super) fn children_column(conn: &DbConnection) -> SqlLiteral<Text> {
    sql(match conn {
        DbConnection::Sqlite(_) => SQLITE_CHILDREN,
        DbConnection::Postgres(_) => POSTGRES_CHILDREN,
    })
}

/// The referral's involved agencies' codes, as a JSON array column of the referral's row.
pub(super) fn agencies_column(conn: &DbConnection) -> SqlLiteral<Text> {
    sql(match conn {
        DbConnection::Sqlite(_) => SQLITE_AGENCIES,
        DbConnection::Postgres(_) => POSTGRES_AGENCIES,
    })
}

/// The children read back from their JSON column.
pub(super) fn children(referral_id: &str, json: &str) -> Result<Vec<ChildRow>, PersistenceError> {
    let bad = |e: String| corrupt("referral_children", e);
    let items: Vec<Value> = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    items
        .iter()
        .map(|c| {
            let text = |key: &str| {
                c.get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| bad(format!("{key} missing")))
            };
            // SQLite keeps booleans as 0 and 1; PostgreSQL writes true and false.
            let flag = |key: &str| match c.get(key) {
                Some(Value::Bool(b)) => Ok(*b),
                Some(Value::Number(n)) => Ok(n.as_i64() == Some(1)),
                _ => Err(bad(format!("{key} missing"))),
            };
            let int = |key: &str| {
                c.get(key)
                    .and_then(Value::as_i64)
                    .map(i32::try_from)
                    .transpose()
                    .map_err(|e| bad(format!("{key}: {e}")))
            };
            let date_of_birth = c
                .get("date_of_birth")
                .and_then(Value::as_str)
                .map(|d| d.parse::<NaiveDate>())
                .transpose()
                .map_err(|e| bad(format!("date_of_birth: {e}")))?;
            Ok(ChildRow {
                referral_id: referral_id.to_owned(),
                position: int("position")?.ok_or_else(|| bad("position missing".into()))?,
                pseudonym: text("pseudonym")?,
                age_years: int("age_years")?,
                date_of_birth,
                sex: text("sex")?,
                looked_after: flag("looked_after")?,
                child_protection_plan: flag("child_protection_plan")?,
                local_authority: text("local_authority")?,
                role: text("role")?,
                // The seal is read only where it is opened (`births`), never with the referral.
                birth_key_id: None,
                birth_nonce: None,
                birth_sealed: None,
            })
        })
        .collect()
}

/// The involved agencies' codes read back from their JSON column.
pub(super) fn agencies(json: &str) -> Result<Vec<String>, PersistenceError> {
    serde_json::from_str(json).map_err(|e| corrupt("referral_agencies", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_reads_the_same_whether_its_flags_are_booleans_or_numbers() {
        let sqlite = r#"[{"position":3,"pseudonym":"Child A","age_years":null,
            "date_of_birth":"2020-01-02","sex":"female","looked_after":1,
            "child_protection_plan":0,"local_authority":"Kent","role":"subject"}]"#;
        let postgres = sqlite.replace(":1,", ":true,").replace(":0,", ":false,");
        let (a, b) = (
            children("r", sqlite).unwrap(),
            children("r", &postgres).unwrap(),
        );
        assert_eq!(a.len(), 1);
        assert!(a[0].looked_after && !a[0].child_protection_plan);
        assert_eq!(
            (b[0].looked_after, b[0].child_protection_plan),
            (true, false)
        );
        assert_eq!(a[0].date_of_birth, NaiveDate::from_ymd_opt(2020, 1, 2));
    }

    #[test]
    fn a_child_without_its_pseudonym_is_corrupt_not_guessed() {
        let json = r#"[{"position":0,"sex":"female","looked_after":true,
            "child_protection_plan":false,"local_authority":"Kent","role":"subject"}]"#;
        assert!(children("r", json).is_err());
    }
}
