use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    access::ReferralScope,
    ids::{PartnershipId, ReferralId},
    rapid_review::{
        DelayNotice, Notification, RapidReview, SubgroupView, Submission, Triage,
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

pub(crate) fn narratives(json: &str, column: &str) -> Result<Vec<Narrative>, PersistenceError> {
    let items: Vec<String> = serde_json::from_str(json).map_err(|e| corrupt(column, e))?;
    items.iter().map(|s| narrative(s, column)).collect()
}

/// The whole Rapid Review of a referral the caller may see, or `None`.
pub fn load(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReferralScope,
    id: ReferralId,
) -> Result<Option<RapidReview>, PersistenceError> {
    let Some(referral) = referrals::find(conn, partnership_id, scope, id)? else {
        return Ok(None);
    };
    let rid = id.to_string();
    let mut review = RapidReview::new(referral);

    review.triage = referral_triage::table
        .find(&rid)
        .select((
            referral_triage::criteria_met,
            referral_triage::outcome,
            referral_triage::reasons,
            referral_triage::decided_by,
            referral_triage::decided_at,
        ))
        .first::<(bool, String, String, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(criteria_met, outcome, reasons, by, at)| {
            Ok::<_, PersistenceError>(Triage {
                criteria_met,
                outcome: outcome
                    .parse()
                    .map_err(|e| corrupt("referral_triage.outcome", e))?,
                reasons: narrative(&reasons, "referral_triage.reasons")?,
                decided_by: subject(&by, "referral_triage.decided_by")?,
                decided_at: utc(at),
            })
        })
        .transpose()?;

    review.notifications = referral_notifications::table
        .filter(referral_notifications::referral_id.eq(&rid))
        .order(referral_notifications::sent_on)
        .select((
            referral_notifications::kind,
            referral_notifications::sent_on,
            referral_notifications::reference,
            referral_notifications::recorded_by,
            referral_notifications::recorded_at,
        ))
        .load::<(String, NaiveDate, Option<String>, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(kind, sent_on, reference, by, at)| {
            Ok(Notification {
                kind: kind
                    .parse()
                    .map_err(|e| corrupt("referral_notifications.kind", e))?,
                sent_on,
                reference: reference
                    .map(|r| Name::parse(&r))
                    .transpose()
                    .map_err(|e| corrupt("referral_notifications.reference", e))?,
                recorded_by: subject(&by, "referral_notifications.recorded_by")?,
                recorded_at: utc(at),
            })
        })
        .collect::<Result<_, PersistenceError>>()?;

    review.requests = information_requests::for_referral(conn, id)?;

    review.composite_sent_at = rapid_review_composites::table
        .find(&rid)
        .select(rapid_review_composites::sent_at)
        .first::<NaiveDateTime>(conn)
        .optional()?
        .map(utc);

    review.views = subgroup_views::table
        .filter(subgroup_views::referral_id.eq(&rid))
        .order(subgroup_views::recorded_at)
        .select((
            subgroup_views::agency_code,
            subgroup_views::criteria_met,
            subgroup_views::view,
            subgroup_views::recorded_by,
            subgroup_views::recorded_at,
        ))
        .load::<(String, bool, String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(agency, criteria_met, view, by, at)| {
            Ok(SubgroupView {
                agency: code(&agency, "subgroup_views.agency_code")?,
                criteria_met,
                view: narrative(&view, "subgroup_views.view")?,
                recorded_by: subject(&by, "subgroup_views.recorded_by")?,
                recorded_at: utc(at),
            })
        })
        .collect::<Result<_, PersistenceError>>()?;

    review.meeting = rapid_review_meetings::table
        .find(&rid)
        .select((
            rapid_review_meetings::meeting_date,
            rapid_review_meetings::outside_window_reason,
            rapid_review_meetings::attendance_recorded_at,
        ))
        .first::<(NaiveDate, Option<String>, Option<NaiveDateTime>)>(conn)
        .optional()?
        .map(|(date, reason, recorded)| {
            let attendance = match recorded {
                None => None,
                Some(_) => Some(
                    meeting_attendees::table
                        .filter(meeting_attendees::referral_id.eq(&rid))
                        .order(meeting_attendees::position)
                        .select((meeting_attendees::agency_code, meeting_attendees::role))
                        .load::<(String, String)>(conn)?
                        .into_iter()
                        .map(|(agency, role)| {
                            Ok(Attendee {
                                agency: code(&agency, "meeting_attendees.agency_code")?,
                                role: Name::parse(&role)
                                    .map_err(|e| corrupt("meeting_attendees.role", e))?,
                            })
                        })
                        .collect::<Result<Vec<_>, PersistenceError>>()?,
                ),
            };
            Ok::<_, PersistenceError>(Meeting {
                date,
                outside_window_reason: reason
                    .map(|r| narrative(&r, "rapid_review_meetings.outside_window_reason"))
                    .transpose()?,
                attendance,
            })
        })
        .transpose()?;

    review.votes = votes::table
        .filter(votes::referral_id.eq(&rid))
        .order(votes::cast_at)
        .select((
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
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)?
        .into_iter()
        .map(|(question, role, agency, choice, rationale, by, at)| {
            Ok(Vote {
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
            })
        })
        .collect::<Result<_, PersistenceError>>()?;

    review.decision = rapid_review_decisions::table
        .find(&rid)
        .select((
            rapid_review_decisions::outcome,
            rapid_review_decisions::rationale,
            rapid_review_decisions::immediate_safety_actions,
            rapid_review_decisions::immediate_learning,
            rapid_review_decisions::decided_by,
            rapid_review_decisions::decided_at,
        ))
        .first::<(String, String, String, String, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(outcome, rationale, actions, learning, by, at)| {
            Ok::<_, PersistenceError>(Decision {
                outcome: outcome
                    .parse()
                    .map_err(|e| corrupt("rapid_review_decisions.outcome", e))?,
                rationale: narrative(&rationale, "rapid_review_decisions.rationale")?,
                immediate_safety_actions: narratives(
                    &actions,
                    "rapid_review_decisions.immediate_safety_actions",
                )?,
                immediate_learning: narratives(
                    &learning,
                    "rapid_review_decisions.immediate_learning",
                )?,
                decided_by: subject(&by, "rapid_review_decisions.decided_by")?,
                decided_at: utc(at),
            })
        })
        .transpose()?;

    review.delay = delay_notices::table
        .find(&rid)
        .select((
            delay_notices::reasons,
            delay_notices::expected_on,
            delay_notices::recorded_by,
            delay_notices::recorded_at,
        ))
        .first::<(String, NaiveDate, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(reasons, expected_on, by, at)| {
            Ok::<_, PersistenceError>(DelayNotice {
                reasons: narrative(&reasons, "delay_notices.reasons")?,
                expected_on,
                recorded_by: subject(&by, "delay_notices.recorded_by")?,
                recorded_at: utc(at),
            })
        })
        .transpose()?;

    review.submission = rapid_review_submissions::table
        .find(&rid)
        .select((
            rapid_review_submissions::sent_on,
            rapid_review_submissions::recorded_by,
            rapid_review_submissions::recorded_at,
        ))
        .first::<(NaiveDate, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(sent_on, by, at)| {
            Ok::<_, PersistenceError>(Submission {
                sent_on,
                recorded_by: subject(&by, "rapid_review_submissions.recorded_by")?,
                recorded_at: utc(at),
            })
        })
        .transpose()?;

    Ok(Some(review))
}
