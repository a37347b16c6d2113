//! Every timescale of the Rapid Review, in one place (seed, "Rapid Review" and Appendix 1).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::calendar::{Calendar, Deadline, WorkingDays};

/// The local authority notifies the National Panel within 5 working days of becoming aware.
pub const NOTIFY_PANEL: WorkingDays = WorkingDays::of(5);
/// Triage (Head of Service with the AD Quality Assurance) so that scoping can go out in time: our choice,
/// the same 2 working days as sending the initial scoping.
pub const TRIAGE: WorkingDays = WorkingDays::of(2);
/// Initial scoping requests go out within 2 working days of receiving the referral.
pub const SEND_REQUESTS: WorkingDays = WorkingDays::of(2);
/// Agencies return within 5 working days of the request being sent.
pub const RETURN: WorkingDays = WorkingDays::of(5);
/// A return sent back to be redone is due again 2 working days later: our choice (the seed gives no figure),
/// short because the meeting follows within days.
pub const REWORK: WorkingDays = WorkingDays::of(2);
/// The meeting is held between working day 7 and working day 13 after the referral.
pub const MEETING_EARLIEST: WorkingDays = WorkingDays::of(7);
pub const MEETING_LATEST: WorkingDays = WorkingDays::of(13);
/// The completed Rapid Review goes to the National Panel within 2 working days of the meeting...
pub const SUBMIT_AFTER_MEETING: WorkingDays = WorkingDays::of(2);
/// ...and no later than working day 15 after the partnership became aware of the incident.
pub const SUBMIT_LATEST: WorkingDays = WorkingDays::of(15);
/// Day 15 is at risk from this working day after awareness when no decision is recorded: fewer working
/// days are left than the submission needs after the meeting (our reading of "if day 15 will be missed").
pub const DAY_15_AT_RISK: WorkingDays =
    WorkingDays::of(SUBMIT_LATEST.get() - SUBMIT_AFTER_MEETING.get());
/// Subgroup views are due within 72 hours (clock hours) of the composite being sent.
pub const SUBGROUP_VIEWS_HOURS: i64 = 72;

pub fn subgroup_views_due(composite_sent_at: DateTime<Utc>) -> DateTime<Utc> {
    composite_sent_at + Duration::hours(SUBGROUP_VIEWS_HOURS)
}

/// The meeting window for a referral received on `received`: both ends included.
pub fn meeting_window(calendar: &Calendar, received: NaiveDate) -> (Deadline, Deadline) {
    (
        calendar.add_working_days(received, MEETING_EARLIEST),
        calendar.add_working_days(received, MEETING_LATEST),
    )
}

/// The submission is due at the earlier of 2 working days after the meeting and day 15 after awareness.
pub fn submission_due(
    calendar: &Calendar,
    aware: NaiveDate,
    meeting: Option<NaiveDate>,
) -> Deadline {
    let day_15 = calendar.add_working_days(aware, SUBMIT_LATEST);
    match meeting.map(|m| calendar.add_working_days(m, SUBMIT_AFTER_MEETING)) {
        Some(after_meeting) if after_meeting.due < day_15.due => after_meeting,
        _ => day_15,
    }
}
