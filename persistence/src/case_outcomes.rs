//! The triage and the Rapid Review decision of each of a partnership's referrals, by referral id, each
//! on the day it was recorded in England: what the figures and the retention schedule both count from.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    calendar::england_date,
    rapid_review::{TriageOutcome, votes::DecisionOutcome},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{rapid_review_decisions as decisions, referral_triage as triage, referrals},
};

pub(crate) fn day(t: NaiveDateTime) -> NaiveDate {
    england_date(DateTime::from_naive_utc_and_offset(t, Utc))
}

pub(crate) struct Outcomes {
    pub triage: HashMap<String, (NaiveDate, TriageOutcome)>,
    pub decisions: HashMap<String, (NaiveDate, DecisionOutcome)>,
}

fn dated<T: std::str::FromStr<Err = cspr_domain::FieldError>>(
    rows: Vec<(String, NaiveDateTime, String)>,
    column: &'static str,
) -> Result<HashMap<String, (NaiveDate, T)>, PersistenceError> {
    rows.into_iter()
        .map(|(id, at, outcome)| {
            let outcome = outcome.parse().map_err(|e| corrupt(column, e))?;
            Ok((id, (day(at), outcome)))
        })
        .collect()
}

pub(crate) fn of_partnership(
    conn: &mut DbConnection,
    partnership: &str,
) -> Result<Outcomes, PersistenceError> {
    let triaged = triage::table
        .inner_join(referrals::table.on(referrals::id.eq(triage::referral_id)))
        .filter(referrals::partnership_id.eq(partnership))
        .select((triage::referral_id, triage::decided_at, triage::outcome))
        .load(conn)?;
    let decided = decisions::table
        .inner_join(referrals::table.on(referrals::id.eq(decisions::referral_id)))
        .filter(referrals::partnership_id.eq(partnership))
        .select((
            decisions::referral_id,
            decisions::decided_at,
            decisions::outcome,
        ))
        .load(conn)?;
    Ok(Outcomes {
        triage: dated(triaged, "referral_triage.outcome")?,
        decisions: dated(decided, "rapid_review_decisions.outcome")?,
    })
}
