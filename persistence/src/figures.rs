//! The facts the figures for reporting tools are counted from: dates, outcomes, kinds and agency codes
//! of one partnership's referrals, reviews and actions, read column by column so that no name, no
//! pseudonym and no free text is ever loaded for them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use cspr_domain::{
    FieldError,
    figures::{ActionFacts, ReferralFacts, ReviewFacts},
    ids::PartnershipId,
    referral::ReferralKind,
    review::{
        actions::ActionStatus,
        publication::{CopyRecipient, PublishedKind},
    },
    text::AgencyCode,
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    case_outcomes::{self, day},
    error::corrupt,
    schema::{
        action_updates, actions, delay_notices, publication_copies, publications,
        rapid_review_submissions as submissions, referrals, review_delays, reviews,
    },
};

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

/// The partnership's referrals received by `to`, with their Rapid Review's dates and outcomes.
pub fn referrals(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    to: NaiveDate,
) -> Result<Vec<ReferralFacts>, PersistenceError> {
    let p = partnership.to_string();
    let outcomes = case_outcomes::of_partnership(conn, &p)?;
    let sent: HashMap<String, NaiveDate> = submissions::table
        .inner_join(referrals::table.on(referrals::id.eq(submissions::referral_id)))
        .filter(referrals::partnership_id.eq(&p))
        .select((submissions::referral_id, submissions::sent_on))
        .load::<(String, NaiveDate)>(conn)?
        .into_iter()
        .collect();
    let delayed: HashMap<String, NaiveDateTime> = delay_notices::table
        .inner_join(referrals::table.on(referrals::id.eq(delay_notices::referral_id)))
        .filter(referrals::partnership_id.eq(&p))
        .select((delay_notices::referral_id, delay_notices::recorded_at))
        .load::<(String, NaiveDateTime)>(conn)?
        .into_iter()
        .collect();
    referrals::table
        .filter(referrals::partnership_id.eq(&p))
        .filter(referrals::received_on.le(to))
        .select((
            referrals::id,
            referrals::received_on,
            referrals::aware_date,
            referrals::kind,
        ))
        .load::<(String, NaiveDate, NaiveDate, String)>(conn)?
        .into_iter()
        .map(|(id, received_on, aware_on, kind)| {
            let kind: ReferralKind = kind.parse().map_err(bad("referrals.kind"))?;
            Ok(ReferralFacts {
                received_on,
                aware_on,
                serious_incident: kind == ReferralKind::SeriousIncident,
                triage: outcomes.triage.get(&id).copied(),
                decision: outcomes.decisions.get(&id).copied(),
                submitted_on: sent.get(&id).copied(),
                delay_notified_on: delayed.get(&id).map(|at| day(*at)),
            })
        })
        .collect()
}

/// The partnership's reviews, with their completion, publication, the Panel's copy and their delays.
pub fn reviews(
    conn: &mut DbConnection,
    partnership: PartnershipId,
) -> Result<Vec<ReviewFacts>, PersistenceError> {
    let p = partnership.to_string();
    let mut published: HashMap<String, Vec<(String, NaiveDate)>> = HashMap::new();
    for (id, kind, on) in publications::table
        .filter(publications::partnership_id.eq(&p))
        .select((
            publications::review_id,
            publications::kind,
            publications::published_on,
        ))
        .load::<(String, String, NaiveDate)>(conn)?
    {
        published.entry(id).or_default().push((kind, on));
    }
    let panel_copies: HashMap<String, NaiveDate> = publication_copies::table
        .inner_join(reviews::table.on(reviews::id.eq(publication_copies::review_id)))
        .filter(reviews::partnership_id.eq(&p))
        .filter(publication_copies::recipient.eq(CopyRecipient::NationalPanel.as_str()))
        .select((publication_copies::review_id, publication_copies::sent_on))
        .load::<(String, NaiveDate)>(conn)?
        .into_iter()
        .collect();
    let mut delays: HashMap<String, Vec<(NaiveDate, NaiveDate)>> = HashMap::new();
    for (id, at, projected) in review_delays::table
        .inner_join(reviews::table.on(reviews::id.eq(review_delays::review_id)))
        .filter(reviews::partnership_id.eq(&p))
        .select((
            review_delays::review_id,
            review_delays::recorded_at,
            review_delays::projected_completion,
        ))
        .load::<(String, NaiveDateTime, NaiveDate)>(conn)?
    {
        delays.entry(id).or_default().push((day(at), projected));
    }
    reviews::table
        .filter(reviews::partnership_id.eq(&p))
        .select((reviews::id, reviews::kind, reviews::due_on))
        .load::<(String, String, NaiveDate)>(conn)?
        .into_iter()
        .map(|(id, kind, due_on)| {
            let went_public = published.remove(&id).unwrap_or_default();
            let report = PublishedKind::Report.as_str();
            Ok(ReviewFacts {
                kind: kind.parse().map_err(bad("reviews.kind"))?,
                due_on,
                completed_on: went_public.iter().map(|(_, on)| *on).min(),
                report_published_on: went_public
                    .iter()
                    .find(|(k, _)| k == report)
                    .map(|(_, on)| *on),
                panel_copy_on: panel_copies.get(&id).copied(),
                delays: delays.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}

/// The partnership's actions set by `to`, each with the statuses its agency reported.
pub fn actions(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    to: NaiveDate,
) -> Result<Vec<ActionFacts>, PersistenceError> {
    let p = partnership.to_string();
    let mut changes: HashMap<String, Vec<(NaiveDate, ActionStatus)>> = HashMap::new();
    for (id, status, at) in action_updates::table
        .inner_join(actions::table.on(actions::id.eq(action_updates::action_id)))
        .filter(actions::partnership_id.eq(&p))
        .order((action_updates::action_id, action_updates::number))
        .select((
            action_updates::action_id,
            action_updates::status,
            action_updates::updated_at,
        ))
        .load::<(String, String, NaiveDateTime)>(conn)?
    {
        let status = status.parse().map_err(bad("action_updates.status"))?;
        changes.entry(id).or_default().push((day(at), status));
    }
    actions::table
        .filter(actions::partnership_id.eq(&p))
        .select((
            actions::id,
            actions::agency_code,
            actions::due_on,
            actions::recorded_at,
        ))
        .load::<(String, String, NaiveDate, NaiveDateTime)>(conn)?
        .into_iter()
        .filter(|(_, _, _, at)| day(*at) <= to)
        .map(|(id, agency, due_on, at)| {
            Ok(ActionFacts {
                agency: AgencyCode::parse(&agency).map_err(bad("actions.agency_code"))?,
                set_on: day(at),
                due_on,
                changes: changes.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}
