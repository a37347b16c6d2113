use chrono::{DateTime, Utc};
use cspr_domain::{
    ids::ReferralId,
    rapid_review::{
        Acknowledgement, DelayNotice, MeetingPlan, Notification, SubgroupView, Submission, Triage,
        escalations::Escalation,
        meeting::Attendee,
        votes::{Decision, Vote},
    },
    referral::ReferralStatus,
    text::{Name, Narrative},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    schema::{
        delay_notices, meeting_attendees, rapid_review_composites, rapid_review_decisions,
        rapid_review_meetings, rapid_review_submissions, referral_notifications, referral_triage,
        referrals, request_escalations, subgroup_views, votes,
    },
};

fn json_list(items: &[Narrative]) -> String {
    serde_json::Value::from(items.iter().map(Narrative::as_str).collect::<Vec<_>>()).to_string()
}

/// Keeps the stored status (which lists filter on) in step with the recorded steps.
pub fn set_status(
    conn: &mut DbConnection,
    id: ReferralId,
    status: ReferralStatus,
) -> Result<(), PersistenceError> {
    diesel::update(referrals::table.find(id.to_string()))
        .set(referrals::status.eq(status.as_str()))
        .execute(conn)?;
    Ok(())
}

pub fn record_triage(
    conn: &mut DbConnection,
    id: ReferralId,
    t: &Triage,
) -> Result<(), PersistenceError> {
    diesel::insert_into(referral_triage::table)
        .values((
            referral_triage::referral_id.eq(id.to_string()),
            referral_triage::criteria_met.eq(t.criteria_met),
            referral_triage::outcome.eq(t.outcome.as_str()),
            referral_triage::reasons.eq(t.reasons.as_str()),
            referral_triage::decided_by.eq(t.decided_by.as_str()),
            referral_triage::decided_at.eq(t.decided_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_notification(
    conn: &mut DbConnection,
    id: ReferralId,
    n: &Notification,
) -> Result<(), PersistenceError> {
    diesel::insert_into(referral_notifications::table)
        .values((
            referral_notifications::referral_id.eq(id.to_string()),
            referral_notifications::kind.eq(n.kind.as_str()),
            referral_notifications::sent_on.eq(n.sent_on),
            referral_notifications::reference.eq(n.reference.as_ref().map(Name::as_str)),
            referral_notifications::recorded_by.eq(n.recorded_by.as_str()),
            referral_notifications::recorded_at.eq(n.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_composite(
    conn: &mut DbConnection,
    id: ReferralId,
    at: DateTime<Utc>,
    by: &str,
    reason: Option<&Narrative>,
) -> Result<(), PersistenceError> {
    diesel::insert_into(rapid_review_composites::table)
        .values((
            rapid_review_composites::referral_id.eq(id.to_string()),
            rapid_review_composites::sent_at.eq(at.naive_utc()),
            rapid_review_composites::sent_by.eq(by),
            rapid_review_composites::reason.eq(reason.map(Narrative::as_str)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_view(
    conn: &mut DbConnection,
    id: ReferralId,
    v: &SubgroupView,
) -> Result<(), PersistenceError> {
    diesel::insert_into(subgroup_views::table)
        .values((
            subgroup_views::referral_id.eq(id.to_string()),
            subgroup_views::agency_code.eq(v.agency.as_str()),
            subgroup_views::statutory_role.eq(v.statutory_role.as_str()),
            subgroup_views::criteria_met.eq(v.criteria_met),
            subgroup_views::view.eq(v.view.as_str()),
            subgroup_views::recorded_by.eq(v.recorded_by.as_str()),
            subgroup_views::recorded_at.eq(v.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

fn meeting_number(n: u32) -> Result<i32, PersistenceError> {
    i32::try_from(n).map_err(|e| PersistenceError::Corrupt(format!("meeting number {n}: {e}")))
}

/// Sets a meeting's date: a new meeting, or the same one moved while it has not been held.
pub fn schedule_meeting(
    conn: &mut DbConnection,
    id: ReferralId,
    plan: &MeetingPlan,
) -> Result<(), PersistenceError> {
    let rid = id.to_string();
    let number = meeting_number(plan.number)?;
    let reason = plan.outside_window_reason.as_ref().map(Narrative::as_str);
    let moved = diesel::update(rapid_review_meetings::table.find((&rid, number)))
        .filter(rapid_review_meetings::attendance_recorded_at.is_null())
        .set((
            rapid_review_meetings::meeting_date.eq(plan.date),
            rapid_review_meetings::outside_window_reason.eq(reason),
        ))
        .execute(conn)?;
    if moved == 0 {
        diesel::insert_into(rapid_review_meetings::table)
            .values((
                rapid_review_meetings::referral_id.eq(&rid),
                rapid_review_meetings::meeting_number.eq(number),
                rapid_review_meetings::meeting_date.eq(plan.date),
                rapid_review_meetings::outside_window_reason.eq(reason),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records who attended meeting `number`: it has then been held.
pub fn record_attendance(
    conn: &mut DbConnection,
    id: ReferralId,
    number: u32,
    attendees: &[Attendee],
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    let rid = id.to_string();
    let number = meeting_number(number)?;
    for (position, a) in (0..).zip(attendees) {
        diesel::insert_into(meeting_attendees::table)
            .values((
                meeting_attendees::referral_id.eq(&rid),
                meeting_attendees::meeting_number.eq(number),
                meeting_attendees::position.eq(position),
                meeting_attendees::agency_code.eq(a.agency.as_str()),
                meeting_attendees::statutory_role.eq(a.statutory_role.as_str()),
                meeting_attendees::role.eq(a.role.as_str()),
            ))
            .execute(conn)?;
    }
    diesel::update(rapid_review_meetings::table.find((&rid, number)))
        .set(rapid_review_meetings::attendance_recorded_at.eq(Some(at.naive_utc())))
        .execute(conn)?;
    Ok(())
}

pub fn record_vote(
    conn: &mut DbConnection,
    id: ReferralId,
    v: &Vote,
) -> Result<(), PersistenceError> {
    diesel::insert_into(votes::table)
        .values((
            votes::referral_id.eq(id.to_string()),
            votes::question.eq(v.question.as_str()),
            votes::statutory_role.eq(v.role.as_str()),
            votes::agency_code.eq(v.agency.as_str()),
            votes::choice.eq(v.choice.as_str()),
            votes::rationale.eq(v.rationale.as_ref().map(Narrative::as_str)),
            votes::cast_by.eq(v.cast_by.as_str()),
            votes::cast_at.eq(v.cast_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_decision(
    conn: &mut DbConnection,
    id: ReferralId,
    d: &Decision,
) -> Result<(), PersistenceError> {
    diesel::insert_into(rapid_review_decisions::table)
        .values((
            rapid_review_decisions::referral_id.eq(id.to_string()),
            rapid_review_decisions::outcome.eq(d.outcome.as_str()),
            rapid_review_decisions::rationale.eq(d.rationale.as_str()),
            rapid_review_decisions::immediate_safety_actions
                .eq(json_list(&d.immediate_safety_actions)),
            rapid_review_decisions::immediate_learning.eq(json_list(&d.immediate_learning)),
            rapid_review_decisions::decided_by.eq(d.decided_by.as_str()),
            rapid_review_decisions::decided_at.eq(d.decided_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_delay(
    conn: &mut DbConnection,
    id: ReferralId,
    d: &DelayNotice,
) -> Result<(), PersistenceError> {
    diesel::insert_into(delay_notices::table)
        .values((
            delay_notices::referral_id.eq(id.to_string()),
            delay_notices::reasons.eq(d.reasons.as_str()),
            delay_notices::expected_on.eq(d.expected_on),
            delay_notices::recorded_by.eq(d.recorded_by.as_str()),
            delay_notices::recorded_at.eq(d.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_submission(
    conn: &mut DbConnection,
    id: ReferralId,
    s: &Submission,
    document: &str,
) -> Result<(), PersistenceError> {
    diesel::insert_into(rapid_review_submissions::table)
        .values((
            rapid_review_submissions::referral_id.eq(id.to_string()),
            rapid_review_submissions::sent_on.eq(s.sent_on),
            rapid_review_submissions::document.eq(document),
            rapid_review_submissions::recorded_by.eq(s.recorded_by.as_str()),
            rapid_review_submissions::recorded_at.eq(s.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The Panel's acknowledgement of the submission.
pub fn record_acknowledgement(
    conn: &mut DbConnection,
    id: ReferralId,
    a: &Acknowledgement,
) -> Result<(), PersistenceError> {
    diesel::update(
        rapid_review_submissions::table
            .filter(rapid_review_submissions::referral_id.eq(id.to_string())),
    )
    .set((
        rapid_review_submissions::panel_reference.eq(Some(a.panel_reference.as_str())),
        rapid_review_submissions::acknowledged_on.eq(Some(a.acknowledged_on)),
        rapid_review_submissions::acknowledged_by.eq(Some(a.recorded_by.as_str())),
        rapid_review_submissions::acknowledged_at.eq(Some(a.recorded_at.naive_utc())),
    ))
    .execute(conn)?;
    Ok(())
}

/// The document as it was sent, verbatim.
pub fn submission_document(
    conn: &mut DbConnection,
    id: ReferralId,
) -> Result<Option<String>, PersistenceError> {
    Ok(rapid_review_submissions::table
        .find(id.to_string())
        .select(rapid_review_submissions::document)
        .first::<String>(conn)
        .optional()?)
}

pub fn record_escalation(conn: &mut DbConnection, e: &Escalation) -> Result<(), PersistenceError> {
    diesel::insert_into(request_escalations::table)
        .values((
            request_escalations::request_id.eq(e.request.to_string()),
            request_escalations::escalated_to.eq(e.to.as_str()),
            request_escalations::reasons.eq(e.reasons.as_str()),
            request_escalations::escalated_by.eq(e.escalated_by.as_str()),
            request_escalations::escalated_at.eq(e.escalated_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Holds the referral's row until the transaction ends, so two steps on one case run one after the
/// other on PostgreSQL as they do on SQLite (whose transactions take the write lock as they begin): a
/// step decides on the state it read, and no other step changes that state meanwhile.
pub fn lock_referral(conn: &mut DbConnection, id: ReferralId) -> Result<(), PersistenceError> {
    if let DbConnection::Postgres(c) = conn {
        referrals::table
            .filter(referrals::id.eq(id.to_string()))
            .select(referrals::id)
            .for_update()
            .load::<String>(c)?;
    }
    Ok(())
}
