//! The timeline of a Rapid Review: every step with its computed due date (and the working of it), the
//! date it was done, and whether it was on time, late, due or overdue.

use chrono::NaiveDate;

use super::{
    NotificationKind, RapidReview, TriageOutcome, clocks,
    escalations::EscalationLevel,
    process::STEPS,
    process::Today,
    requests::{InformationRequest, RequestKind, RequestStatus},
};
use crate::{
    agency::StatutoryRole,
    calendar::{Calendar, Deadline, SkippedDay, WorkingDays, england_date},
    referral::PanelDuty,
    review::ReviewKind,
    text::AgencyCode,
    text_enum::text_enum,
};

text_enum!(
    StepStatus, "status" {
        DoneOnTime => "done_on_time",
        DoneLate => "done_late",
        Due => "due",
        Overdue => "overdue",
        AnotherAuthority => "another_authority",
    }
);

/// One step of the process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Stable name of the step (`national_panel_notification`, `initial_scoping_return`...).
    pub step: &'static str,
    /// The agency the step is for, when it is one agency's.
    pub agency: Option<AgencyCode>,
    pub due: NaiveDate,
    /// How the due date was reached, in words.
    pub rule: String,
    pub skipped: Vec<SkippedDay>,
    pub done_on: Option<NaiveDate>,
    pub status: StepStatus,
    /// Who a notification step goes to; empty for other steps.
    pub recipients: Vec<String>,
}

fn status(due: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> StepStatus {
    match done_on {
        Some(d) if d <= due => StepStatus::DoneOnTime,
        Some(_) => StepStatus::DoneLate,
        None if today <= due => StepStatus::Due,
        None => StepStatus::Overdue,
    }
}

/// A request's return: done when a version is accepted; late when the first version came after the due
/// date; not overdue while a version sent on time waits to be judged or redone (the rework has its own
/// step and due date).
fn return_step(
    step: &'static str,
    r: &InformationRequest,
    calendar: &Calendar,
    today: NaiveDate,
) -> Step {
    let d = calendar.add_working_days(r.sent_on, clocks::RETURN);
    let first = r.first_submitted_at.map(england_date);
    let done_on = r.accepted_at.map(england_date);
    let on_time = first.is_some_and(|f| f <= r.due_on);
    let status = match (done_on, on_time) {
        (Some(_), true) => StepStatus::DoneOnTime,
        (Some(_), false) => StepStatus::DoneLate,
        (None, true) => StepStatus::Due,
        (None, false) if today <= r.due_on => StepStatus::Due,
        (None, false) => StepStatus::Overdue,
    };
    Step {
        step,
        agency: Some(r.agency.clone()),
        due: r.due_on,
        rule: format!(
            "{} working days after the request was sent ({}); done when a version is accepted, late when the first came after the due date",
            clocks::RETURN.get(),
            r.sent_on
        ),
        skipped: d.skipped,
        done_on,
        status,
        recipients: vec![],
    }
}

/// Collects the timeline's steps: each row of the process table adds its own (`process::STEPS`).
pub struct Builder<'a> {
    calendar: &'a Calendar,
    today: NaiveDate,
    steps: Vec<Step>,
}

impl Builder<'_> {
    /// Names who the step just pushed goes to.
    fn to(&mut self, recipients: Vec<String>) {
        if let Some(last) = self.steps.last_mut() {
            last.recipients = recipients;
        }
    }

    fn working_days(
        &mut self,
        step: &'static str,
        agency: Option<AgencyCode>,
        from: NaiveDate,
        what: &str,
        n: WorkingDays,
        done_on: Option<NaiveDate>,
    ) {
        let d = self.calendar.add_working_days(from, n);
        self.push(
            step,
            agency,
            d,
            format!("{} working days after {what} ({from})", n.get()),
            done_on,
        );
    }

    fn push(
        &mut self,
        step: &'static str,
        agency: Option<AgencyCode>,
        d: Deadline,
        rule: String,
        done_on: Option<NaiveDate>,
    ) {
        self.push_dated(step, agency, d.due, d.skipped, rule, done_on);
    }

    /// A step due on a date not counted in working days (a review's months).
    fn push_dated(
        &mut self,
        step: &'static str,
        agency: Option<AgencyCode>,
        due: NaiveDate,
        skipped: Vec<SkippedDay>,
        rule: String,
        done_on: Option<NaiveDate>,
    ) {
        self.steps.push(Step {
            step,
            agency,
            due,
            rule,
            skipped,
            done_on,
            status: status(due, done_on, self.today),
            recipients: vec![],
        });
    }
}

impl RapidReview {
    fn notified(&self, kind: NotificationKind) -> Option<NaiveDate> {
        self.notifications
            .iter()
            .find(|n| n.kind == kind)
            .map(|n| n.sent_on)
    }

    /// The Rapid Review's clocks run for a serious incident that triage did not close or route away.
    fn clocks_run(&self) -> bool {
        self.is_serious_incident()
            && !self
                .triage
                .as_ref()
                .is_some_and(|t| t.outcome != TriageOutcome::RapidReview)
    }

    /// When the submission (and the decision's notifications with it) is due, and the rule in words.
    fn submission_due(&self, calendar: &Calendar) -> (Deadline, String) {
        let aware = self.aware_on();
        let meeting_on = self.current_meeting().map(|m| m.date);
        let submission = clocks::submission_due(calendar, aware, meeting_on);
        let day_15 = calendar.add_working_days(aware, clocks::SUBMIT_LATEST);
        let rule = if submission.due < day_15.due {
            format!(
                "{} working days after the meeting ({})",
                clocks::SUBMIT_AFTER_MEETING.get(),
                submission.from
            )
        } else {
            format!(
                "{} working days after {BECAME_AWARE} ({aware})",
                clocks::SUBMIT_LATEST.get()
            )
        };
        (submission, rule)
    }

    /// Every step that applies to this referral so far, each row of the process table adding its own, in
    /// the order they fall due.
    pub fn timeline(&self, today: &Today) -> Vec<Step> {
        let mut b = Builder {
            calendar: today.calendar,
            today: today.date,
            steps: vec![],
        };
        for rule in STEPS {
            rule.add_to_timeline(self, &mut b);
        }
        // Stable: steps due the same day keep the process's order.
        b.steps.sort_by_key(|s| s.due);
        b.steps
    }
}

const BECAME_AWARE: &str = "the partnership became aware";
const RECEIVED: &str = "the referral was received";

/// Triage's row: received + 2 working days.
pub(super) fn triage(r: &RapidReview, b: &mut Builder) {
    let triaged_on = r.triage.as_ref().map(|t| england_date(t.decided_at));
    b.working_days(
        "triage",
        None,
        r.received_on(),
        RECEIVED,
        clocks::TRIAGE,
        triaged_on,
    );
}

/// The notifications' row: the Panel's (or another authority's duty), Ofsted's and the Secretary of
/// State's for a looked-after child's death, and the decision's, due with the submission.
pub(super) fn notifications(r: &RapidReview, b: &mut Builder) {
    let aware = r.aware_on();
    if r.is_serious_incident() {
        let panel = NotificationKind::NationalPanelSeriousIncident;
        match r.referral.details.panel_duty() {
            PanelDuty::Ours => {
                b.working_days(
                    "national_panel_notification",
                    None,
                    aware,
                    BECAME_AWARE,
                    clocks::NOTIFY_PANEL,
                    r.notified(panel),
                );
            }
            PanelDuty::Authority(la) => {
                let d = b.calendar.add_working_days(aware, clocks::NOTIFY_PANEL);
                b.steps.push(Step {
                    step: "national_panel_notification",
                    agency: None,
                    due: d.due,
                    rule: format!(
                        "the duty of {la}: the incident is not this partnership's area's (seed, conditions (a) and (b))"
                    ),
                    skipped: d.skipped,
                    done_on: None,
                    status: StepStatus::AnotherAuthority,
                    recipients: vec![],
                });
            }
        }
        b.to(r.recipients(panel));
    }
    if r.looked_after_child_died() {
        for (step, kind) in [
            (
                "ofsted_notification",
                NotificationKind::OfstedLookedAfterDeath,
            ),
            (
                "secretary_of_state_notification",
                NotificationKind::SecretaryOfStateLookedAfterDeath,
            ),
        ] {
            b.working_days(
                step,
                None,
                aware,
                BECAME_AWARE,
                clocks::NOTIFY_PANEL,
                r.notified(kind),
            );
            b.to(r.recipients(kind));
        }
    }
    // Flow chart: "notify relevant agencies and national Panel"; "copied to nominated leads and chair".
    let (submission, rule) = r.submission_due(b.calendar);
    for kind in r
        .notifications_due()
        .into_iter()
        .filter(|k| k.is_about_the_decision())
    {
        b.push(
            kind.as_str(),
            None,
            submission.clone(),
            format!("with the submission to the National Panel: {rule}"),
            r.notified(kind),
        );
        b.to(r.recipients(kind));
    }
}

/// The information requests' row: scoping sent, each return and its latest rework, and escalations.
pub(super) fn requests(r: &RapidReview, b: &mut Builder) {
    if !r.clocks_run() {
        return;
    }
    let first_sent = r
        .requests
        .iter()
        .filter(|q| q.kind == RequestKind::InitialScoping)
        .map(|q| q.sent_on)
        .min();
    b.working_days(
        "initial_scoping_sent",
        None,
        r.received_on(),
        RECEIVED,
        clocks::SEND_REQUESTS,
        first_sent,
    );
    for q in &r.requests {
        let (step, rework) = match q.kind {
            RequestKind::InitialScoping => ("initial_scoping_return", "initial_scoping_rework"),
            RequestKind::RapidReviewReturn => ("rapid_review_return", "rapid_review_rework"),
            // A review's requests belong to the review, not to the Rapid Review's timeline.
            RequestKind::Chronology
            | RequestKind::Imr
            | RequestKind::InformationReport
            | RequestKind::OrganisationalChangeChronology => continue,
        };
        b.steps.push(return_step(step, q, b.calendar, b.today));
        if let Some(due) = q.rework_due_on {
            // The latest version sent back: done when the agency sends the next one.
            let redone = q
                .last_submitted_at
                .map(england_date)
                .filter(|_| q.status != RequestStatus::ReturnedForRework);
            b.steps.push(Step {
                step: rework,
                agency: Some(q.agency.clone()),
                due,
                rule: format!(
                    "{} working days after the return was last sent back",
                    clocks::REWORK.get()
                ),
                skipped: vec![],
                done_on: redone,
                status: status(due, redone, b.today),
                recipients: vec![],
            });
        }
    }
    for e in &r.escalations {
        let on = england_date(e.escalated_at);
        let (step, to) = match e.to {
            EscalationLevel::CaseReviewSubgroup => (
                "escalated_to_case_review_subgroup",
                "the Case Review Subgroup",
            ),
            EscalationLevel::SafeguardingPartners => (
                "escalated_to_safeguarding_partners",
                "the Safeguarding Partners",
            ),
        };
        b.steps.push(Step {
            step,
            agency: Some(e.agency.clone()),
            due: on,
            rule: "the request was overdue or disputed".to_owned(),
            skipped: vec![],
            done_on: Some(on),
            status: StepStatus::DoneOnTime,
            recipients: vec![to.to_owned()],
        });
    }
}

/// The subgroup views' row: due 72 hours after the composite; done once each statutory role has given
/// its view, on the date the last of them did.
pub(super) fn subgroup_views(r: &RapidReview, b: &mut Builder) {
    let Some(sent) = r.composite_sent_at.filter(|_| r.clocks_run()) else {
        return;
    };
    let done = StatutoryRole::PARTNERS
        .iter()
        .map(|role| {
            r.views
                .iter()
                .filter(|v| v.statutory_role == *role)
                .map(|v| england_date(v.recorded_at))
                .min()
        })
        .collect::<Option<Vec<_>>>()
        .and_then(|dates| dates.into_iter().max());
    let due = england_date(clocks::subgroup_views_due(sent));
    b.steps.push(Step {
        step: "subgroup_views",
        agency: None,
        due,
        rule: format!(
            "{} hours after the composite was sent ({sent}); done when each statutory partner has given its view",
            clocks::SUBGROUP_VIEWS_HOURS
        ),
        skipped: vec![],
        done_on: done,
        status: status(due, done, b.today),
        recipients: vec![],
    });
}

/// The meeting's row: by working day 13 after receipt; each inquorate meeting shown as held.
pub(super) fn meetings(r: &RapidReview, b: &mut Builder) {
    if !r.clocks_run() {
        return;
    }
    let received = r.received_on();
    let (_, latest) = clocks::meeting_window(b.calendar, received);
    let window = format!(
        "between working days {} and {} after the referral was received ({received})",
        clocks::MEETING_EARLIEST.get(),
        clocks::MEETING_LATEST.get()
    );
    for m in r.meetings.iter().filter(|m| m.inquorate()) {
        b.push(
            "inquorate_meeting",
            None,
            latest.clone(),
            format!(
                "{window}; meeting {} was held without every statutory partner and reconvenes",
                m.number
            ),
            Some(m.date),
        );
    }
    b.push(
        "rapid_review_meeting",
        None,
        latest,
        window,
        r.quorate_meeting().map(|m| m.date),
    );
}

/// The decision's row: at the meeting.
pub(super) fn decision(r: &RapidReview, b: &mut Builder) {
    if !r.clocks_run() {
        return;
    }
    let received = r.received_on();
    let decided_on = r.decision.as_ref().map(|d| england_date(d.decided_at));
    let (due, rule) = match r.current_meeting().map(|m| m.date) {
        Some(m) => (
            b.calendar.add_working_days(m, WorkingDays::of(0)),
            format!("at the meeting ({m})"),
        ),
        None => (
            b.calendar
                .add_working_days(received, clocks::MEETING_LATEST),
            format!(
                "at the meeting, by working day {} after receipt ({received})",
                clocks::MEETING_LATEST.get()
            ),
        ),
    };
    b.push("decision", None, due, rule, decided_on);
    // A decision to review starts the review's own clock (`review::ReviewKind::due_on`); the review
    // is done when its report is published, which a later part of the process records.
    if let (Some(d), Some(on)) = (&r.decision, decided_on)
        && let Some(kind) = ReviewKind::from_decision(d.outcome)
    {
        let rule = match kind {
            ReviewKind::Cspr => format!("no later than six months from the decision ({on})"),
            ReviewKind::AlternativeLearningReview => {
                format!("ideally within three months of the decision ({on})")
            }
        };
        b.push_dated(
            "review_completion",
            None,
            kind.due_on(on),
            vec![],
            rule,
            None,
        );
    }
}

/// The delay notice's row: due at day 15, shown once day 15 is at risk, was missed, or a notice is in.
pub(super) fn delay_notice(r: &RapidReview, b: &mut Builder) {
    if !r.clocks_run() {
        return;
    }
    let aware = r.aware_on();
    let day_15 = b.calendar.add_working_days(aware, clocks::SUBMIT_LATEST);
    let missed = r
        .submission
        .as_ref()
        .is_some_and(|s| s.sent_on > day_15.due);
    let at_risk = r.day_15_at_risk(&Today {
        calendar: b.calendar,
        date: b.today,
    });
    if missed || at_risk || r.delay.is_some() {
        let noticed = r.delay.as_ref().map(|d| england_date(d.recorded_at));
        b.push(
            "delay_notice",
            None,
            day_15,
            format!(
                "by working day {} after {BECAME_AWARE} ({aware}), when it is at risk",
                clocks::SUBMIT_LATEST.get()
            ),
            noticed,
        );
    }
}

/// The submission's row: the earlier of 2 working days after the meeting and day 15.
pub(super) fn submission(r: &RapidReview, b: &mut Builder) {
    if !r.clocks_run() {
        return;
    }
    let (due, rule) = r.submission_due(b.calendar);
    b.push(
        "submission_to_national_panel",
        None,
        due,
        rule,
        r.submission.as_ref().map(|s| s.sent_on),
    );
    b.to(r.recipients(NotificationKind::NationalPanelSeriousIncident));
}

/// The Panel's acknowledgement, once recorded: not a duty with a due date, so shown only when done.
pub(super) fn acknowledgement(r: &RapidReview, b: &mut Builder) {
    if let Some(a) = r
        .submission
        .as_ref()
        .and_then(|s| s.acknowledgement.as_ref())
    {
        b.push_dated(
            "national_panel_acknowledgement",
            None,
            a.acknowledged_on,
            vec![],
            format!(
                "the National Panel's acknowledgement, its reference {}",
                a.panel_reference
            ),
            Some(a.acknowledged_on),
        );
    }
}
