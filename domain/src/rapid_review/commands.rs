//! The commands of the Rapid Review: each asks the process table (`process.rs`) whether the step may be
//! taken now, refusing it otherwise with the state and the steps that are allowed, then checks its input.

use chrono::NaiveDate;

use super::*;
use crate::{calendar::england_date, ids::InformationRequestId};
use process::{
    CAST_VOTE, ISSUE_INFORMATION_REQUESTS, RECORD_ACKNOWLEDGEMENT, RECORD_ATTENDANCE,
    RECORD_DECISION, RECORD_DELAY_NOTICE, RECORD_NOTIFICATION, RECORD_SUBGROUP_VIEW,
    RECORD_SUBMISSION, RECORD_TRIAGE, SCHEDULE_MEETING, SEND_COMPOSITE,
};
use requests::RequestStatus;

/// A meeting as the admin sets it: the first, the same one moved, or a new one after an inquorate one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPlan {
    pub number: u32,
    pub date: NaiveDate,
    pub outside_window_reason: Option<Narrative>,
}

fn not_in_future(field: &str, date: NaiveDate, today: &Today) -> Result<(), FieldError> {
    if date > today.date {
        Err(FieldError::new(field, "must not be in the future"))
    } else {
        Ok(())
    }
}

impl RapidReview {
    /// Triage: met takes the referral into a Rapid Review; not met closes it or routes it to an
    /// alternative learning review. "Met" needs abuse or neglect known or suspected (death or serious harm
    /// is always recorded on a referral).
    pub fn triage(
        &self,
        today: &Today,
        criteria_met: bool,
        outcome_if_not_met: Option<TriageOutcome>,
        reasons: &str,
    ) -> Result<(TriageOutcome, Narrative), DomainError> {
        self.allow(&RECORD_TRIAGE, today)?;
        let reasons = Narrative::parse(reasons).map_err(|e| e.under("reasons"))?;
        if criteria_met && !self.is_serious_incident() {
            return Err(FieldError::new(
                "criteria_met",
                "a near miss or good-practice case is not a serious incident: close it or route it to an alternative learning review",
            )
            .into());
        }
        if criteria_met && self.referral.details.abuse_or_neglect == AbuseOrNeglect::NotSuspected {
            return Err(FieldError::new(
                "criteria_met",
                "the referral records abuse or neglect as not suspected; correct that first, or record not met",
            )
            .into());
        }
        let outcome = match (criteria_met, outcome_if_not_met) {
            (true, None) => TriageOutcome::RapidReview,
            (true, Some(_)) => {
                return Err(FieldError::new(
                    "outcome_if_not_met",
                    "is given only when the criteria are not met",
                )
                .into());
            }
            (false, Some(TriageOutcome::RapidReview) | None) => {
                return Err(FieldError::new(
                    "outcome_if_not_met",
                    "must be close or alternative_learning_review",
                )
                .into());
            }
            (false, Some(o)) => o,
        };
        Ok((outcome, reasons))
    }

    /// The Panel's acknowledgement of the submission: dated between the submission and today.
    pub fn acknowledge(&self, today: &Today, on: NaiveDate) -> Result<(), DomainError> {
        self.allow(&RECORD_ACKNOWLEDGEMENT, today)?;
        not_in_future("acknowledged_on", on, today)?;
        let sent_on = self.submission.as_ref().map_or(on, |s| s.sent_on);
        if on < sent_on {
            return Err(FieldError::new(
                "acknowledged_on",
                format!("must not be before the submission ({sent_on})"),
            )
            .into());
        }
        Ok(())
    }

    /// Records a notification sent. Each is recorded once; Ofsted and the Secretary of State are told only
    /// of a looked-after child's death.
    pub fn notify(
        &self,
        today: &Today,
        kind: NotificationKind,
        sent_on: NaiveDate,
    ) -> Result<(), DomainError> {
        self.allow(&RECORD_NOTIFICATION, today)?;
        if !self.notifications_due().contains(&kind) {
            let why = match kind {
                NotificationKind::NationalPanelSeriousIncident if !self.is_serious_incident() => {
                    "is only for a serious incident".to_owned()
                }
                NotificationKind::NationalPanelSeriousIncident => {
                    match self.referral.details.panel_duty() {
                        PanelDuty::Authority(la) => {
                            format!("is the duty of {la}, not this partnership's")
                        }
                        PanelDuty::Ours => "is not due".to_owned(),
                    }
                }
                k if k.is_about_the_decision() => {
                    "is due once the decision calls for it (see the timeline)".to_owned()
                }
                _ => "is only for the death of a looked-after child".to_owned(),
            };
            return Err(FieldError::new("kind", why).into());
        }
        if self.notifications.iter().any(|n| n.kind == kind) {
            return Err(self
                .not_now(
                    today,
                    format!("the {kind} notification is already recorded"),
                )
                .into());
        }
        not_in_future("sent_on", sent_on, today)?;
        if sent_on < self.referral.details.incident_date {
            return Err(FieldError::new("sent_on", "must not be before the incident").into());
        }
        if let Some(d) = self
            .decision
            .as_ref()
            .filter(|_| kind.is_about_the_decision())
            && sent_on < england_date(d.decided_at)
        {
            return Err(FieldError::new("sent_on", "must not be before the decision").into());
        }
        Ok(())
    }

    /// Requests of `kind`, sent today: to the agencies named, or to every involved agency; never twice of
    /// one kind to one agency; each due back 5 working days after sending.
    pub fn issue_requests(
        &self,
        today: &Today,
        kind: RequestKind,
        named: Option<Vec<String>>,
        registered: &[AgencyCode],
    ) -> Result<Vec<InformationRequest>, DomainError> {
        self.allow(&ISSUE_INFORMATION_REQUESTS, today)?;
        if kind.for_review() {
            return Err(FieldError::new(
                "kind",
                "is asked by a review, not the Rapid Review: POST /v1/reviews/{id}/information-requests",
            )
            .into());
        }
        let codes = match named {
            None => self.referral.details.involved_agencies.clone(),
            Some(named) => {
                let mut codes: Vec<AgencyCode> = Vec::with_capacity(named.len());
                for (i, c) in named.iter().enumerate() {
                    let at = format!("agencies[{i}]");
                    match AgencyCode::parse(c) {
                        Err(e) => return Err(FieldError::new(at, e.reason).into()),
                        Ok(code) if !registered.contains(&code) => {
                            return Err(FieldError::new(
                                at,
                                "is not an agency registered in this partnership",
                            )
                            .into());
                        }
                        Ok(code) if codes.contains(&code) => {
                            return Err(FieldError::new(at, "is listed twice").into());
                        }
                        Ok(code) => codes.push(code),
                    }
                }
                codes
            }
        };
        if codes.is_empty() {
            return Err(FieldError::new(
                "agencies",
                "name at least one agency (the referral lists none as involved)",
            )
            .into());
        }
        if let Some(dup) = codes.iter().find(|c| {
            self.requests
                .iter()
                .any(|r| r.kind == kind && &r.agency == *c)
        }) {
            return Err(self
                .not_now(
                    today,
                    format!("{dup} already has a {kind} request for this referral"),
                )
                .into());
        }
        let sent_on = today.date;
        let due_on = today.calendar.add_working_days(sent_on, clocks::RETURN).due;
        Ok(codes
            .into_iter()
            .map(|agency| InformationRequest {
                id: InformationRequestId::generate(),
                partnership_id: self.referral.partnership_id,
                referral_id: self.referral.id,
                agency,
                kind,
                status: RequestStatus::Issued,
                sent_on,
                due_on,
                versions: 0,
                first_submitted_at: None,
                last_submitted_at: None,
                accepted_at: None,
                rework_due_on: None,
            })
            .collect())
    }

    /// Agencies answer until the decision: after it, the returns are closed.
    pub fn accepts_returns(&self, today: &Today) -> Result<(), IllegalTransition> {
        match self.decision {
            None => Ok(()),
            Some(_) => Err(self.not_now(
                today,
                "the Rapid Review has been decided; returns are closed",
            )),
        }
    }

    /// The composite of returns goes to the Case Review Subgroup once; without any accepted return only
    /// with a reason (returned as parsed).
    pub fn send_composite(
        &self,
        today: &Today,
        reason: Option<&str>,
    ) -> Result<Option<Narrative>, DomainError> {
        self.allow(&SEND_COMPOSITE, today)?;
        let reason = reason
            .map(|r| Narrative::parse(r).map_err(|e| e.under("reason")))
            .transpose()?;
        let any_accepted = self
            .requests
            .iter()
            .any(|r| r.status == RequestStatus::Accepted);
        if !any_accepted && reason.is_none() {
            return Err(FieldError::new(
                "reason",
                "no return has been accepted yet: say why the composite goes without one",
            )
            .into());
        }
        Ok(reason)
    }

    /// One view per agency, after the composite was sent; the view carries the agency's statutory role.
    pub fn record_view(
        &self,
        today: &Today,
        agency: Option<&Agency>,
    ) -> Result<StatutoryRole, DomainError> {
        let agency = agency.ok_or(Refusal::AgencyNotRegistered)?;
        self.allow(&RECORD_SUBGROUP_VIEW, today)?;
        if self.views.iter().any(|v| v.agency == agency.code) {
            return Err(self
                .not_now(today, format!("{} has already given its view", agency.code))
                .into());
        }
        Ok(agency.statutory_role)
    }

    /// Sets the meeting's date: the first meeting, the same one moved while not yet held, or a new meeting
    /// after an inquorate one (on a later date).
    pub fn schedule_meeting(
        &self,
        today: &Today,
        date: NaiveDate,
        outside_window_reason: Option<String>,
    ) -> Result<MeetingPlan, DomainError> {
        self.allow(&SCHEDULE_MEETING, today)?;
        let number = match self.current_meeting() {
            None => 1,
            Some(m) if !m.held() => m.number,
            Some(m) => m.number + 1,
        };
        // A reconvened meeting, moved or not, falls after the last inquorate one.
        let after = self
            .meetings
            .iter()
            .rev()
            .find(|m| m.held())
            .map(|m| m.date);
        let (date, outside_window_reason) = meeting::check_date(
            today.calendar,
            self.received_on(),
            after,
            date,
            outside_window_reason,
        )?;
        Ok(MeetingPlan {
            number,
            date,
            outside_window_reason,
        })
    }

    /// Records who attended the current meeting, on or after its date: it has then been held. Each
    /// attendee's agency must be registered; its statutory role is kept with the attendance.
    pub fn record_attendance(
        &self,
        today: &Today,
        attendees: Vec<(AgencyCode, Name)>,
        registered: &[Agency],
    ) -> Result<Vec<Attendee>, DomainError> {
        self.allow(&RECORD_ATTENDANCE, today)?;
        if attendees.is_empty() {
            return Err(FieldError::new("attendees", "name at least one attendee").into());
        }
        attendees
            .into_iter()
            .enumerate()
            .map(|(i, (agency, role))| {
                let statutory_role = registered
                    .iter()
                    .find(|r| r.code == agency)
                    .map(|r| r.statutory_role)
                    .ok_or_else(|| {
                        FieldError::new(
                            format!("attendees[{i}].agency"),
                            "is not an agency registered in this partnership",
                        )
                    })?;
                Ok(Attendee {
                    agency,
                    statutory_role,
                    role,
                })
            })
            .collect()
    }

    /// A statutory partner's vote, for its own agency's role, on a question put at a quorate meeting. Each
    /// role has one vote per question, cast by any agency holding the role; every partner may vote until
    /// the decision is recorded.
    pub fn cast_vote(
        &self,
        today: &Today,
        voter: Option<&Agency>,
        claimed_role: Option<StatutoryRole>,
        question: Question,
    ) -> Result<StatutoryRole, DomainError> {
        let voter = voter.ok_or(Refusal::AgencyNotRegistered)?;
        let role = voter.statutory_role;
        if !role.is_partner() || claimed_role.is_some_and(|r| r != role) {
            return Err(Refusal::NotYourRole.into());
        }
        self.allow(&CAST_VOTE, today)?;
        if !votes::questions_put(&self.votes).contains(&question) {
            return Err(self
                .not_now(
                    today,
                    "the alternative review question is put only after a majority votes against a CSPR",
                )
                .into());
        }
        if let Some(cast) = votes::cast_for(&self.votes, question, role) {
            return Err(self
                .not_now(
                    today,
                    format!(
                        "the {role} partner's vote on {question} was already cast, by {}",
                        cast.agency
                    ),
                )
                .into());
        }
        Ok(role)
    }

    /// The decision the votes made; recorded once, as soon as a majority exists.
    pub fn decide(&self, today: &Today) -> Result<DecisionOutcome, IllegalTransition> {
        self.allow(&RECORD_DECISION, today)?;
        votes::decided(&self.votes)
            .ok_or_else(|| self.not_now(today, "the partners' votes have not yet decided"))
    }

    /// A delay notice, when working day 15 is at risk; once, before the submission.
    pub fn record_delay(&self, today: &Today, expected_on: NaiveDate) -> Result<(), DomainError> {
        self.allow(&RECORD_DELAY_NOTICE, today)?;
        let day_15 = self.day_15(today.calendar);
        if expected_on <= day_15 {
            return Err(FieldError::new(
                "expected_on",
                format!(
                    "must be after working day 15 ({day_15}); before it no delay notice is needed"
                ),
            )
            .into());
        }
        Ok(())
    }

    /// The submission to the National Panel: after the decision, dated on or after the meeting and not in
    /// the future; after day 15 only with a delay notice.
    pub fn submit(&self, today: &Today, sent_on: NaiveDate) -> Result<(), DomainError> {
        self.allow(&RECORD_SUBMISSION, today)?;
        not_in_future("sent_on", sent_on, today)?;
        if let Some(m) = self.quorate_meeting()
            && sent_on < m.date
        {
            return Err(FieldError::new(
                "sent_on",
                format!("must not be before the meeting ({})", m.date),
            )
            .into());
        }
        let day_15 = self.day_15(today.calendar);
        if sent_on > day_15 && self.delay.is_none() {
            return Err(self
                .not_now(
                    today,
                    format!(
                        "working day 15 ({day_15}) has passed: record a delay notice (reasons and expected date) first"
                    ),
                )
                .into());
        }
        Ok(())
    }
}
