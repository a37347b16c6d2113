//! Loads Rapid Reviews whole: one query per table for any number of referrals, so a report over many
//! cases costs the same dozen queries as one case.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    access::ReferralScope,
    ids::{PartnershipId, ReferralId},
    rapid_review::{
        Acknowledgement, DelayNotice, Notification, RapidReview, SubgroupView, Submission, Triage,
        meeting::{Attendee, Meeting},
        votes::{Decision, Vote},
    },
    text::{AgencyCode, Name, Narrative, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    information_requests, referrals,
    schema::{
        delay_notices, meeting_attendees, rapid_review_composites, rapid_review_decisions,
        rapid_review_meetings, rapid_review_submissions, referral_notifications, referral_triage,
        subgroup_views, votes,
    },
};

pub(crate) fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

pub(crate) fn subject(s: &str, column: &str) -> Result<Subject, PersistenceError> {
    Subject::parse(s).map_err(|e| corrupt(column, e))
}

pub(crate) fn narrative(s: &str, column: &str) -> Result<Narrative, PersistenceError> {
    Narrative::parse(s).map_err(|e| corrupt(column, e))
}

pub(crate) fn code(s: &str, column: &str) -> Result<AgencyCode, PersistenceError> {
    AgencyCode::parse(s).map_err(|e| corrupt(column, e))
}

fn name(s: &str, column: &str) -> Result<Name, PersistenceError> {
    Name::parse(s).map_err(|e| corrupt(column, e))
}

fn narratives(json: &str, column: &str) -> Result<Vec<Narrative>, PersistenceError> {
    let items: Vec<String> = serde_json::from_str(json).map_err(|e| corrupt(column, e))?;
    items.iter().map(|s| narrative(s, column)).collect()
}

/// A submission's acknowledgement columns: all null until the Panel acknowledges it.
type AcknowledgementColumns = (
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// The whole Rapid Review of a referral the caller may see, or `None`.
pub fn load(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    id: ReferralId,
) -> Result<Option<RapidReview>, PersistenceError> {
    Ok(load_many(conn, partnership_id, scope, &[id])?.pop())
}

/// The Rapid Reviews of the referrals the caller may see among `ids`, newest referral first.
pub fn load_many(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    ids: &[ReferralId],
) -> Result<Vec<RapidReview>, PersistenceError> {
    let found = referrals::find_many(conn, partnership_id, scope, ids)?;
    let rids: Vec<String> = found.iter().map(|r| r.id.to_string()).collect();
    let order = rids.clone();
    let mut reviews: HashMap<String, RapidReview> = found
        .into_iter()
        .map(|r| (r.id.to_string(), RapidReview::new(r)))
        .collect();
    if reviews.is_empty() {
        return Ok(vec![]);
    }
    let mut each = |rid: &str, f: &mut dyn FnMut(&mut RapidReview)| {
        if let Some(r) = reviews.get_mut(rid) {
            f(r);
        }
    };

    for (rid, met, outcome, reasons, by, at) in referral_triage::table
        .filter(referral_triage::referral_id.eq_any(&rids))
        .select((
            referral_triage::referral_id,
            referral_triage::criteria_met,
            referral_triage::outcome,
            referral_triage::reasons,
            referral_triage::decided_by,
            referral_triage::decided_at,
        ))
        .load::<(String, bool, String, String, String, NaiveDateTime)>(conn)?
    {
        let t = Triage {
            criteria_met: met,
            outcome: outcome
                .parse()
                .map_err(|e| corrupt("referral_triage.outcome", e))?,
            reasons: narrative(&reasons, "referral_triage.reasons")?,
            decided_by: subject(&by, "referral_triage.decided_by")?,
            decided_at: utc(at),
        };
        each(&rid, &mut |r| r.triage = Some(t.clone()));
    }

    for (rid, kind, sent_on, reference, by, at) in referral_notifications::table
        .filter(referral_notifications::referral_id.eq_any(&rids))
        .order(referral_notifications::sent_on)
        .select((
            referral_notifications::referral_id,
            referral_notifications::kind,
            referral_notifications::sent_on,
            referral_notifications::reference,
            referral_notifications::recorded_by,
            referral_notifications::recorded_at,
        ))
        .load::<(
            String,
            String,
            NaiveDate,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?
    {
        let n = Notification {
            kind: kind
                .parse()
                .map_err(|e| corrupt("referral_notifications.kind", e))?,
            sent_on,
            reference: reference
                .map(|r| name(&r, "referral_notifications.reference"))
                .transpose()?,
            recorded_by: subject(&by, "referral_notifications.recorded_by")?,
            recorded_at: utc(at),
        };
        each(&rid, &mut |r| r.notifications.push(n.clone()));
    }

    // The Rapid Review's own requests: a review's (asked after the decision) are the review's.
    let requests: Vec<_> = information_requests::for_referrals(conn, &rids)?
        .into_iter()
        .filter(|r| !r.kind.for_review())
        .collect();
    let referral_of: HashMap<_, _> = requests
        .iter()
        .map(|r| (r.id, r.referral_id.to_string()))
        .collect();
    for e in information_requests::escalations(conn, &requests.iter().collect::<Vec<_>>())? {
        if let Some(rid) = referral_of.get(&e.request) {
            each(rid, &mut |r| r.escalations.push(e.clone()));
        }
    }
    for request in requests {
        each(&request.referral_id.to_string(), &mut |r| {
            r.requests.push(request.clone())
        });
    }

    for (rid, at, reason) in rapid_review_composites::table
        .filter(rapid_review_composites::referral_id.eq_any(&rids))
        .select((
            rapid_review_composites::referral_id,
            rapid_review_composites::sent_at,
            rapid_review_composites::reason,
        ))
        .load::<(String, NaiveDateTime, Option<String>)>(conn)?
    {
        let reason = reason
            .map(|r| narrative(&r, "rapid_review_composites.reason"))
            .transpose()?;
        each(&rid, &mut |r| {
            r.composite_sent_at = Some(utc(at));
            r.composite_reason = reason.clone();
        });
    }

    for (rid, agency, role, met, view, by, at) in subgroup_views::table
        .filter(subgroup_views::referral_id.eq_any(&rids))
        .order(subgroup_views::recorded_at)
        .select((
            subgroup_views::referral_id,
            subgroup_views::agency_code,
            subgroup_views::statutory_role,
            subgroup_views::criteria_met,
            subgroup_views::view,
            subgroup_views::recorded_by,
            subgroup_views::recorded_at,
        ))
        .load::<(String, String, String, bool, String, String, NaiveDateTime)>(conn)?
    {
        let v = SubgroupView {
            agency: code(&agency, "subgroup_views.agency_code")?,
            statutory_role: role
                .parse()
                .map_err(|e| corrupt("subgroup_views.statutory_role", e))?,
            criteria_met: met,
            view: narrative(&view, "subgroup_views.view")?,
            recorded_by: subject(&by, "subgroup_views.recorded_by")?,
            recorded_at: utc(at),
        };
        each(&rid, &mut |r| r.views.push(v.clone()));
    }

    let mut attendees: HashMap<(String, i32), Vec<Attendee>> = HashMap::new();
    for (rid, number, agency, statutory_role, role) in meeting_attendees::table
        .filter(meeting_attendees::referral_id.eq_any(&rids))
        .order((
            meeting_attendees::referral_id,
            meeting_attendees::meeting_number,
            meeting_attendees::position,
        ))
        .select((
            meeting_attendees::referral_id,
            meeting_attendees::meeting_number,
            meeting_attendees::agency_code,
            meeting_attendees::statutory_role,
            meeting_attendees::role,
        ))
        .load::<(String, i32, String, String, String)>(conn)?
    {
        attendees.entry((rid, number)).or_default().push(Attendee {
            agency: code(&agency, "meeting_attendees.agency_code")?,
            statutory_role: statutory_role
                .parse()
                .map_err(|e| corrupt("meeting_attendees.statutory_role", e))?,
            role: name(&role, "meeting_attendees.role")?,
        });
    }
    for (rid, number, date, reason, held) in rapid_review_meetings::table
        .filter(rapid_review_meetings::referral_id.eq_any(&rids))
        .order((
            rapid_review_meetings::referral_id,
            rapid_review_meetings::meeting_number,
        ))
        .select((
            rapid_review_meetings::referral_id,
            rapid_review_meetings::meeting_number,
            rapid_review_meetings::meeting_date,
            rapid_review_meetings::outside_window_reason,
            rapid_review_meetings::attendance_recorded_at,
        ))
        .load::<(
            String,
            i32,
            NaiveDate,
            Option<String>,
            Option<NaiveDateTime>,
        )>(conn)?
    {
        let key = (rid, number);
        let m = Meeting {
            number: u32::try_from(number)
                .map_err(|e| corrupt("rapid_review_meetings.meeting_number", e))?,
            date,
            outside_window_reason: reason
                .map(|r| narrative(&r, "rapid_review_meetings.outside_window_reason"))
                .transpose()?,
            attendance: held.map(|_| attendees.remove(&key).unwrap_or_default()),
        };
        each(&key.0, &mut |r| r.meetings.push(m.clone()));
    }

    for (rid, question, role, agency, choice, rationale, by, at) in votes::table
        .filter(votes::referral_id.eq_any(&rids))
        .order(votes::cast_at)
        .select((
            votes::referral_id,
            votes::question,
            votes::statutory_role,
            votes::agency_code,
            votes::choice,
            votes::rationale,
            votes::cast_by,
            votes::cast_at,
        ))
        .load::<(
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?
    {
        let v = Vote {
            question: question.parse().map_err(|e| corrupt("votes.question", e))?,
            role: role
                .parse()
                .map_err(|e| corrupt("votes.statutory_role", e))?,
            agency: code(&agency, "votes.agency_code")?,
            choice: choice.parse().map_err(|e| corrupt("votes.choice", e))?,
            rationale: rationale
                .map(|r| narrative(&r, "votes.rationale"))
                .transpose()?,
            cast_by: subject(&by, "votes.cast_by")?,
            cast_at: utc(at),
        };
        each(&rid, &mut |r| r.votes.push(v.clone()));
    }

    for (rid, outcome, rationale, actions, learning, by, at) in rapid_review_decisions::table
        .filter(rapid_review_decisions::referral_id.eq_any(&rids))
        .select((
            rapid_review_decisions::referral_id,
            rapid_review_decisions::outcome,
            rapid_review_decisions::rationale,
            rapid_review_decisions::immediate_safety_actions,
            rapid_review_decisions::immediate_learning,
            rapid_review_decisions::decided_by,
            rapid_review_decisions::decided_at,
        ))
        .load::<(
            String,
            String,
            String,
            String,
            String,
            String,
            NaiveDateTime,
        )>(conn)?
    {
        let d = Decision {
            outcome: outcome
                .parse()
                .map_err(|e| corrupt("rapid_review_decisions.outcome", e))?,
            rationale: narrative(&rationale, "rapid_review_decisions.rationale")?,
            immediate_safety_actions: narratives(
                &actions,
                "rapid_review_decisions.immediate_safety_actions",
            )?,
            immediate_learning: narratives(&learning, "rapid_review_decisions.immediate_learning")?,
            decided_by: subject(&by, "rapid_review_decisions.decided_by")?,
            decided_at: utc(at),
        };
        each(&rid, &mut |r| r.decision = Some(d.clone()));
    }

    for (rid, reasons, expected_on, by, at) in delay_notices::table
        .filter(delay_notices::referral_id.eq_any(&rids))
        .select((
            delay_notices::referral_id,
            delay_notices::reasons,
            delay_notices::expected_on,
            delay_notices::recorded_by,
            delay_notices::recorded_at,
        ))
        .load::<(String, String, NaiveDate, String, NaiveDateTime)>(conn)?
    {
        let d = DelayNotice {
            reasons: narrative(&reasons, "delay_notices.reasons")?,
            expected_on,
            recorded_by: subject(&by, "delay_notices.recorded_by")?,
            recorded_at: utc(at),
        };
        each(&rid, &mut |r| r.delay = Some(d.clone()));
    }

    for (rid, sent_on, by, at, ack) in rapid_review_submissions::table
        .filter(rapid_review_submissions::referral_id.eq_any(&rids))
        .select((
            rapid_review_submissions::referral_id,
            rapid_review_submissions::sent_on,
            rapid_review_submissions::recorded_by,
            rapid_review_submissions::recorded_at,
            (
                rapid_review_submissions::panel_reference,
                rapid_review_submissions::acknowledged_on,
                rapid_review_submissions::acknowledged_by,
                rapid_review_submissions::acknowledged_at,
            ),
        ))
        .load::<(
            String,
            NaiveDate,
            String,
            NaiveDateTime,
            AcknowledgementColumns,
        )>(conn)?
    {
        let acknowledgement = match ack {
            (Some(reference), Some(on), Some(by), Some(at)) => Some(Acknowledgement {
                panel_reference: name(&reference, "rapid_review_submissions.panel_reference")?,
                acknowledged_on: on,
                recorded_by: subject(&by, "rapid_review_submissions.acknowledged_by")?,
                recorded_at: utc(at),
            }),
            _ => None,
        };
        let s = Submission {
            sent_on,
            recorded_by: subject(&by, "rapid_review_submissions.recorded_by")?,
            recorded_at: utc(at),
            acknowledgement,
        };
        each(&rid, &mut |r| r.submission = Some(s.clone()));
    }

    Ok(order.iter().filter_map(|rid| reviews.remove(rid)).collect())
}
