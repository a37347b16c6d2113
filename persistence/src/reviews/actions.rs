//! Recommendations, actions and their progress, the plan's monitoring and sign-off, as kept.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    access::ReferralScope,
    ids::{ActionId, PartnershipId, ReferralId, ReviewId},
    referral::ReferralReference,
    review::actions::{Action, ActionStatus, Monitoring, ProgressUpdate, Recommendation},
    text::{AgencyCode, Narrative, Note, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{
        action_plan_monitoring as monitoring, action_plan_sign_offs as sign_offs,
        action_updates as updates, actions, recommendations, referrals, reviews,
    },
};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub fn record_recommendation(
    conn: &mut DbConnection,
    review: ReviewId,
    r: &Recommendation,
) -> Result<(), PersistenceError> {
    let agencies: Vec<&str> = r.agencies.iter().map(AgencyCode::as_str).collect();
    diesel::insert_into(recommendations::table)
        .values((
            recommendations::review_id.eq(review.to_string()),
            recommendations::number.eq(int(r.number)),
            recommendations::text.eq(r.text.as_str()),
            recommendations::agencies.eq(serde_json::to_string(&agencies)
                .map_err(|e| corrupt("recommendations.agencies", e))?),
            recommendations::due_on.eq(r.due_on),
            recommendations::recorded_by.eq(r.recorded_by.as_str()),
            recommendations::recorded_at.eq(r.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn recommendations_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Recommendation>, PersistenceError> {
    recommendations::table
        .filter(recommendations::review_id.eq(review.to_string()))
        .order(recommendations::number)
        .select((
            recommendations::number,
            recommendations::text,
            recommendations::agencies,
            recommendations::due_on,
            recommendations::recorded_by,
            recommendations::recorded_at,
        ))
        .load::<(i32, String, String, NaiveDate, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(n, text, agencies, due, by, at)| {
            let codes: Vec<String> = serde_json::from_str(&agencies)
                .map_err(|e| corrupt("recommendations.agencies", e))?;
            Ok(Recommendation {
                number: u32::try_from(n).unwrap_or(0),
                text: Narrative::parse(&text).map_err(bad("recommendations.text"))?,
                agencies: codes
                    .iter()
                    .map(|c| AgencyCode::parse(c).map_err(bad("recommendations.agencies")))
                    .collect::<Result<_, _>>()?,
                due_on: due,
                recorded_by: Subject::parse(&by).map_err(bad("recommendations.recorded_by"))?,
                recorded_at: utc(at),
            })
        })
        .collect()
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = actions)]
struct ActionRow {
    id: String,
    review_id: String,
    recommendation_number: i32,
    agency_code: String,
    description: String,
    due_on: NaiveDate,
    status: String,
    recorded_by: String,
    recorded_at: NaiveDateTime,
}

impl ActionRow {
    fn into_action(self) -> Result<(ReviewId, Action), PersistenceError> {
        Ok((
            ReviewId::parse(&self.review_id).map_err(bad("actions.review_id"))?,
            Action {
                id: ActionId::parse(&self.id).map_err(bad("actions.id"))?,
                recommendation: u32::try_from(self.recommendation_number).unwrap_or(0),
                agency: AgencyCode::parse(&self.agency_code).map_err(bad("actions.agency_code"))?,
                description: Narrative::parse(&self.description)
                    .map_err(bad("actions.description"))?,
                due_on: self.due_on,
                status: self.status.parse().map_err(bad("actions.status"))?,
                recorded_by: Subject::parse(&self.recorded_by)
                    .map_err(bad("actions.recorded_by"))?,
                recorded_at: utc(self.recorded_at),
            },
        ))
    }
}

pub fn record_action(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    review: ReviewId,
    a: &Action,
) -> Result<(), PersistenceError> {
    diesel::insert_into(actions::table)
        .values((
            actions::id.eq(a.id.to_string()),
            actions::partnership_id.eq(partnership.to_string()),
            actions::review_id.eq(review.to_string()),
            actions::recommendation_number.eq(int(a.recommendation)),
            actions::agency_code.eq(a.agency.as_str()),
            actions::description.eq(a.description.as_str()),
            actions::due_on.eq(a.due_on),
            actions::status.eq(a.status.as_str()),
            actions::recorded_by.eq(a.recorded_by.as_str()),
            actions::recorded_at.eq(a.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The review's actions, in the order recorded.
pub fn actions_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Action>, PersistenceError> {
    actions::table
        .filter(actions::review_id.eq(review.to_string()))
        .order(actions::id)
        .select(ActionRow::as_select())
        .load::<ActionRow>(conn)?
        .into_iter()
        .map(|r| r.into_action().map(|(_, a)| a))
        .collect()
}

type Seen = actions::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend>;

/// The partnership's actions the scope sees (an agency its own), leaving out those of a disposed case.
fn seen(partnership: PartnershipId, scope: &ReferralScope) -> Seen {
    let disposed = reviews::table
        .filter(reviews::disposed_on.is_not_null())
        .select(reviews::id);
    let q = actions::table
        .filter(actions::partnership_id.eq(partnership.to_string()))
        .filter(actions::review_id.ne_all(disposed))
        .into_boxed();
    match scope {
        ReferralScope::Agency(code) => q.filter(actions::agency_code.eq(code.to_string())),
        ReferralScope::Partnership => q,
    }
}

/// One action of the partnership's, with its review, as the scope lets the caller see it.
pub fn find_action(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    scope: &ReferralScope,
    id: ActionId,
) -> Result<Option<(ReviewId, Action)>, PersistenceError> {
    seen(partnership, scope)
        .filter(actions::id.eq(id.to_string()))
        .select(ActionRow::as_select())
        .first::<ActionRow>(conn)
        .optional()?
        .map(ActionRow::into_action)
        .transpose()
}

/// The partnership's actions the scope sees (an agency its own), in a status if asked, due date first.
pub fn list(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    scope: &ReferralScope,
    status: Option<ActionStatus>,
    overdue_on: Option<NaiveDate>,
) -> Result<Vec<(ReviewId, Action)>, PersistenceError> {
    let mut q = seen(partnership, scope);
    if let Some(s) = status {
        q = q.filter(actions::status.eq(s.as_str()));
    }
    if let Some(today) = overdue_on {
        q = q
            .filter(actions::status.ne(ActionStatus::Complete.as_str()))
            .filter(actions::due_on.lt(today));
    }
    q.order((actions::due_on, actions::id))
        .limit(1000)
        .select(ActionRow::as_select())
        .load::<ActionRow>(conn)?
        .into_iter()
        .map(ActionRow::into_action)
        .collect()
}

/// The partnership's actions not yet complete that the scope sees (an agency its own), due date
/// first, each with the referral its review came from: the deadline report's and calendar feeds' part.
pub fn owed(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    scope: &ReferralScope,
) -> Result<Vec<(ReferralId, ReferralReference, Action)>, PersistenceError> {
    let found = seen(partnership, scope)
        .filter(actions::status.ne(ActionStatus::Complete.as_str()))
        .order((actions::due_on, actions::id))
        .limit(1000)
        .select(ActionRow::as_select())
        .load::<ActionRow>(conn)?
        .into_iter()
        .map(ActionRow::into_action)
        .collect::<Result<Vec<_>, _>>()?;
    let review_ids: Vec<String> = found.iter().map(|(r, _)| r.to_string()).collect();
    let origins: HashMap<String, (String, String)> = reviews::table
        .inner_join(referrals::table.on(reviews::referral_id.eq(referrals::id)))
        .filter(reviews::id.eq_any(&review_ids))
        .select((reviews::id, referrals::id, referrals::reference))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(review, referral, reference)| (review, (referral, reference)))
        .collect();
    found
        .into_iter()
        .map(|(review, action)| {
            let (referral, reference) = origins
                .get(&review.to_string())
                .ok_or_else(|| corrupt("actions.review_id", "names no review"))?;
            Ok((
                ReferralId::parse(referral).map_err(bad("reviews.referral_id"))?,
                ReferralReference::from_stored(reference.clone()),
                action,
            ))
        })
        .collect()
}

/// Records progress and the action's new status.
pub fn record_progress(
    conn: &mut DbConnection,
    action: ActionId,
    u: &ProgressUpdate,
) -> Result<(), PersistenceError> {
    let n: i64 = updates::table
        .filter(updates::action_id.eq(action.to_string()))
        .count()
        .get_result(conn)?;
    diesel::insert_into(updates::table)
        .values((
            updates::action_id.eq(action.to_string()),
            updates::number.eq(i32::try_from(n + 1).unwrap_or(i32::MAX)),
            updates::status.eq(u.status.as_str()),
            updates::note.eq(u.note.as_str()),
            updates::evidence.eq(u.evidence.as_ref().map(Note::as_str)),
            updates::updated_by.eq(u.by.as_str()),
            updates::updated_at.eq(u.at.naive_utc()),
        ))
        .execute(conn)?;
    diesel::update(actions::table.filter(actions::id.eq(action.to_string())))
        .set(actions::status.eq(u.status.as_str()))
        .execute(conn)?;
    Ok(())
}

/// The progress of each of `of`, first first, in one query.
pub fn progress_of(
    conn: &mut DbConnection,
    of: &[ActionId],
) -> Result<HashMap<ActionId, Vec<ProgressUpdate>>, PersistenceError> {
    let ids: Vec<String> = of.iter().map(ToString::to_string).collect();
    let mut progress: HashMap<ActionId, Vec<ProgressUpdate>> = HashMap::new();
    let rows = updates::table
        .filter(updates::action_id.eq_any(&ids))
        .order((updates::action_id, updates::number))
        .select((
            updates::action_id,
            updates::status,
            updates::note,
            updates::evidence,
            updates::updated_by,
            updates::updated_at,
        ))
        .load::<(
            String,
            String,
            String,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?;
    for (action, status, note, evidence, by, at) in rows {
        let action = ActionId::parse(&action).map_err(bad("action_updates.action_id"))?;
        let update = progress_row(status, note, evidence, by, at)?;
        progress.entry(action).or_default().push(update);
    }
    Ok(progress)
}

fn progress_row(
    status: String,
    note: String,
    evidence: Option<String>,
    by: String,
    at: NaiveDateTime,
) -> Result<ProgressUpdate, PersistenceError> {
    Ok(ProgressUpdate {
        status: status.parse().map_err(bad("action_updates.status"))?,
        note: Narrative::parse(&note).map_err(bad("action_updates.note"))?,
        evidence: evidence
            .map(|e| Note::parse(&e))
            .transpose()
            .map_err(bad("action_updates.evidence"))?,
        by: Subject::parse(&by).map_err(bad("action_updates.updated_by"))?,
        at: utc(at),
    })
}

pub fn record_monitoring(
    conn: &mut DbConnection,
    review: ReviewId,
    m: &Monitoring,
) -> Result<(), PersistenceError> {
    diesel::insert_into(monitoring::table)
        .values((
            monitoring::review_id.eq(review.to_string()),
            monitoring::held_on.eq(m.held_on),
            monitoring::note.eq(m.note.as_str()),
            monitoring::recorded_by.eq(m.recorded_by.as_str()),
            monitoring::recorded_at.eq(m.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn monitoring_of(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Vec<Monitoring>, PersistenceError> {
    monitoring::table
        .filter(monitoring::review_id.eq(review.to_string()))
        .order(monitoring::recorded_at)
        .select((
            monitoring::held_on,
            monitoring::note,
            monitoring::recorded_by,
            monitoring::recorded_at,
        ))
        .load::<(NaiveDate, String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(on, note, by, at)| {
            Ok(Monitoring {
                held_on: on,
                note: Narrative::parse(&note).map_err(bad("action_plan_monitoring.note"))?,
                recorded_by: Subject::parse(&by)
                    .map_err(bad("action_plan_monitoring.recorded_by"))?,
                recorded_at: utc(at),
            })
        })
        .collect()
}

pub fn sign_off(
    conn: &mut DbConnection,
    review: ReviewId,
    by: &Subject,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(sign_offs::table)
        .values((
            sign_offs::review_id.eq(review.to_string()),
            sign_offs::signed_off_by.eq(by.as_str()),
            sign_offs::signed_off_at.eq(at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn signed_off(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<Option<(Subject, DateTime<Utc>)>, PersistenceError> {
    sign_offs::table
        .filter(sign_offs::review_id.eq(review.to_string()))
        .select((sign_offs::signed_off_by, sign_offs::signed_off_at))
        .first::<(String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(by, at)| {
            Ok((
                Subject::parse(&by).map_err(bad("action_plan_sign_offs.signed_off_by"))?,
                utc(at),
            ))
        })
        .transpose()
}
