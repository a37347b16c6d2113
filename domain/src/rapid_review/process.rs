//! The Rapid Review as data: each step, who may take it, what must hold first, and what it makes due, in
//! one table. The commands' guards, `next_steps`, the 409's `allowed_next_steps` and the step table in
//! `docs/RAPID-REVIEW.md` are all read from it, so they cannot disagree.

use chrono::NaiveDate;

use super::{RapidReview, clocks, timeline, votes};
use crate::{access::Role, calendar::Calendar, referral::ReferralStatus};

/// The date the process is judged on (in England), and the calendar its clocks count with.
#[derive(Debug, Clone, Copy)]
pub struct Today<'a> {
    pub calendar: &'a Calendar,
    pub date: NaiveDate,
}

/// Whether a step may be taken now: `Err` says why not, in words for the 409's detail.
type Open = fn(&RapidReview, &Today) -> Result<(), String>;

/// One step of the process.
pub struct StepRule {
    /// The stable name front ends see in `next_steps`.
    pub name: &'static str,
    pub route: &'static str,
    /// The roles that may take it (any one of them).
    pub who: &'static [Role],
    /// Taken on behalf of the token's agency (which the token must name).
    pub for_agency: bool,
    /// What must hold first, in words (the docs' column; `open` is the rule itself).
    pub requires: &'static str,
    /// What taking it makes due, in words.
    pub makes_due: &'static str,
    open: Open,
    /// What the step puts on the timeline (its due dates and when they were met).
    timeline: Option<fn(&RapidReview, &mut timeline::Builder)>,
}

impl StepRule {
    /// Whether the step may be taken now, with some valid input.
    pub fn open(&self, review: &RapidReview, today: &Today) -> Result<(), String> {
        (self.open)(review, today)
    }

    pub(super) fn add_to_timeline(&self, review: &RapidReview, b: &mut timeline::Builder) {
        if let Some(add) = self.timeline {
            add(review, b);
        }
    }
}

const ADMIN: &[Role] = &[Role::PartnershipAdmin];

fn when(ok: bool, why: &str) -> Result<(), String> {
    if ok { Ok(()) } else { Err(why.to_owned()) }
}

fn in_rapid_review(r: &RapidReview) -> Result<(), String> {
    when(
        r.status() == ReferralStatus::RapidReview,
        "this step belongs to a Rapid Review in progress (triage found the criteria met, no decision yet)",
    )
}

/// Gathering information and views ends when a quorate meeting has been held.
fn before_quorate_meeting(r: &RapidReview) -> Result<(), String> {
    in_rapid_review(r)?;
    when(
        r.quorate_meeting().is_none(),
        "the Rapid Review meeting has been held",
    )
}

pub const RECORD_TRIAGE: StepRule = StepRule {
    name: "record_triage",
    route: "POST /v1/referrals/{id}/triage",
    who: ADMIN,
    for_agency: false,
    requires: "a referral just received",
    makes_due: "met: initial scoping sent within 2 working days of receipt, the meeting between working days 7 and 13",
    open: |r, _| {
        when(
            r.status() == ReferralStatus::Received,
            "triage is recorded once, on a referral just received",
        )
    },
    timeline: Some(timeline::triage),
};

pub const RECORD_NOTIFICATION: StepRule = StepRule {
    name: "record_notification",
    route: "POST /v1/referrals/{id}/notifications",
    who: ADMIN,
    for_agency: false,
    requires: "a notification that applies to the referral and is not yet recorded",
    makes_due: "nothing",
    open: |r, _| {
        let due = r.notifications_due();
        when(
            !due.is_empty(),
            "this referral calls for no notification from this partnership (not a serious incident, or another authority's duty)",
        )?;
        when(
            due.iter()
                .any(|k| !r.notifications.iter().any(|n| n.kind == *k)),
            "every notification that applies has been recorded",
        )
    },
    timeline: Some(timeline::notifications),
};

pub const ISSUE_INFORMATION_REQUESTS: StepRule = StepRule {
    name: "issue_information_requests",
    route: "POST /v1/referrals/{id}/information-requests",
    who: ADMIN,
    for_agency: false,
    requires: "a Rapid Review in progress, before a quorate meeting",
    makes_due: "each agency's return, 5 working days after sending",
    open: |r, _| before_quorate_meeting(r),
    timeline: Some(timeline::requests),
};

pub const SEND_COMPOSITE: StepRule = StepRule {
    name: "send_composite",
    route: "POST /v1/referrals/{id}/composite",
    who: ADMIN,
    for_agency: false,
    requires: "a Rapid Review in progress, before a quorate meeting; once",
    makes_due: "the subgroup's views, 72 hours later",
    open: |r, _| {
        before_quorate_meeting(r)?;
        when(
            r.composite_sent_at.is_none(),
            "the composite has already been sent",
        )
    },
    timeline: None,
};

pub const RECORD_SUBGROUP_VIEW: StepRule = StepRule {
    name: "record_subgroup_view",
    route: "POST /v1/referrals/{id}/subgroup-views",
    who: &[Role::StatutoryPartner, Role::Agency],
    for_agency: true,
    requires: "the composite sent, before a quorate meeting; once per agency",
    makes_due: "nothing",
    open: |r, _| {
        before_quorate_meeting(r)?;
        when(
            r.composite_sent_at.is_some(),
            "views are asked for once the composite has been sent",
        )
    },
    timeline: Some(timeline::subgroup_views),
};

pub const SCHEDULE_MEETING: StepRule = StepRule {
    name: "schedule_meeting",
    route: "PUT /v1/referrals/{id}/meeting",
    who: ADMIN,
    for_agency: false,
    requires: "a Rapid Review in progress with no quorate meeting held: sets the first date, moves one not yet held, or reconvenes an inquorate one",
    makes_due: "attendance, on or after the meeting's date",
    open: |r, _| before_quorate_meeting(r),
    timeline: None,
};

pub const RECORD_ATTENDANCE: StepRule = StepRule {
    name: "record_attendance",
    route: "POST /v1/referrals/{id}/meeting/attendance",
    who: ADMIN,
    for_agency: false,
    requires: "a meeting scheduled, not yet held, whose date has come",
    makes_due: "quorate: the votes; inquorate: a new meeting date",
    open: |r, t| {
        in_rapid_review(r)?;
        let m = r
            .current_meeting()
            .ok_or_else(|| "schedule the meeting first".to_owned())?;
        when(
            !m.held(),
            "attendance has been recorded; an inquorate meeting reconvenes with a new date",
        )?;
        when(
            m.date <= t.date,
            &format!(
                "the meeting is on {}; attendance is recorded on or after that day",
                m.date
            ),
        )
    },
    timeline: Some(timeline::meetings),
};

pub const CAST_VOTE: StepRule = StepRule {
    name: "cast_vote",
    route: "POST /v1/referrals/{id}/votes",
    who: &[Role::StatutoryPartner],
    for_agency: true,
    requires: "a quorate meeting held, no decision recorded, a partner yet to vote on a question put",
    makes_due: "nothing",
    open: |r, _| {
        in_rapid_review(r)?;
        when(
            r.quorate_meeting().is_some(),
            "votes are cast once a quorate meeting has been held",
        )?;
        when(
            votes::positions(&r.votes)
                .iter()
                .any(|(_, _, v)| v.is_none()),
            "every partner has voted on every question put; record the decision",
        )
    },
    timeline: None,
};

pub const RECORD_DECISION: StepRule = StepRule {
    name: "record_decision",
    route: "POST /v1/referrals/{id}/decision",
    who: ADMIN,
    for_agency: false,
    requires: "a majority of the partners decided",
    makes_due: "the submission to the National Panel",
    open: |r, _| {
        in_rapid_review(r)?;
        when(
            votes::decided(&r.votes).is_some(),
            "the partners' votes have not yet decided",
        )
    },
    timeline: Some(timeline::decision),
};

pub const RECORD_DELAY_NOTICE: StepRule = StepRule {
    name: "record_delay_notice",
    route: "POST /v1/referrals/{id}/delay-notice",
    who: ADMIN,
    for_agency: false,
    requires: "working day 15 at risk, before the submission; once",
    makes_due: "nothing",
    open: |r, t| {
        when(
            matches!(
                r.status(),
                ReferralStatus::RapidReview | ReferralStatus::Decided
            ),
            "a delay notice belongs to a Rapid Review not yet submitted",
        )?;
        when(r.delay.is_none(), "a delay notice is already recorded")?;
        when(
            r.day_15_at_risk(t),
            &format!("working day 15 ({}) is not at risk", r.day_15(t.calendar)),
        )
    },
    timeline: Some(timeline::delay_notice),
};

pub const RECORD_ACKNOWLEDGEMENT: StepRule = StepRule {
    name: "record_submission_acknowledgement",
    route: "POST /v1/referrals/{id}/submission/acknowledgement",
    who: &[Role::PartnershipAdmin, Role::PanelIntegration],
    for_agency: false,
    requires: "the submission recorded; once",
    makes_due: "nothing",
    open: |r, _| {
        when(
            r.submission.is_some(),
            "the Panel acknowledges a Rapid Review once it is submitted",
        )?;
        when(
            r.submission
                .as_ref()
                .is_some_and(|s| s.acknowledgement.is_none()),
            "the Panel's acknowledgement is already recorded",
        )
    },
    timeline: Some(timeline::acknowledgement),
};

pub const RECORD_SUBMISSION: StepRule = StepRule {
    name: "record_submission",
    route: "POST /v1/referrals/{id}/submission",
    who: ADMIN,
    for_agency: false,
    requires: "the decision recorded; after working day 15 only with a delay notice",
    makes_due: "nothing",
    open: |r, _| {
        when(
            r.status() == ReferralStatus::Decided,
            "the Rapid Review is submitted once, after the decision is recorded",
        )
    },
    timeline: Some(timeline::submission),
};

/// Every step, in the order of the process.
pub const STEPS: [&StepRule; 12] = [
    &RECORD_TRIAGE,
    &RECORD_NOTIFICATION,
    &ISSUE_INFORMATION_REQUESTS,
    &SEND_COMPOSITE,
    &RECORD_SUBGROUP_VIEW,
    &SCHEDULE_MEETING,
    &RECORD_ATTENDANCE,
    &CAST_VOTE,
    &RECORD_DECISION,
    &RECORD_DELAY_NOTICE,
    &RECORD_SUBMISSION,
    &RECORD_ACKNOWLEDGEMENT,
];

impl RapidReview {
    /// The steps that may be taken now, with some valid input.
    pub fn next_steps(&self, today: &Today) -> Vec<&'static str> {
        STEPS
            .iter()
            .filter(|s| s.open(self, today).is_ok())
            .map(|s| s.name)
            .collect()
    }

    /// Working day 15 after the partnership became aware: the Rapid Review's deadline.
    pub fn day_15(&self, calendar: &Calendar) -> NaiveDate {
        calendar
            .add_working_days(self.aware_on(), clocks::SUBMIT_LATEST)
            .due
    }

    /// Day 15 is at risk when it has passed without the submission, when the meeting is set after it, or
    /// when no decision is recorded and fewer working days are left than the submission needs after the
    /// meeting.
    pub fn day_15_at_risk(&self, t: &Today) -> bool {
        if self.submission.is_some() {
            return false;
        }
        let day_15 = self.day_15(t.calendar);
        let last_safe_day = t
            .calendar
            .add_working_days(self.aware_on(), clocks::DAY_15_AT_RISK)
            .due;
        t.date > day_15
            || self.current_meeting().is_some_and(|m| m.date > day_15)
            || (self.decision.is_none() && t.date >= last_safe_day)
    }
}

/// The step table of `docs/RAPID-REVIEW.md`, generated from `STEPS`.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| step | route | who | may be taken when | makes due |\n| --- | --- | --- | --- | --- |\n",
    );
    for s in STEPS {
        let who: Vec<_> = s.who.iter().map(|r| format!("`{r}`")).collect();
        let agency = if s.for_agency {
            ", for its own agency"
        } else {
            ""
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {}{agency} | {} | {} |\n",
            s.name,
            s.route,
            who.join(" or "),
            s.requires,
            s.makes_due
        ));
    }
    out
}
