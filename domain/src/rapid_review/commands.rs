//! The commands of the Rapid Review: each checks that the process allows the step now, and refuses it
//! otherwise with the state and the steps that are allowed.

use chrono::NaiveDate;

use super::*;
use crate::ids::InformationRequestId;
use requests::RequestStatus;

impl RapidReview {
    /// Triage: met takes the referral into a Rapid Review; not met closes it or routes it to an
    /// alternative learning review. "Met" needs abuse or neglect known or suspected (death or serious harm
    /// is always recorded on a referral).
    pub fn triage(
        &self,
        criteria_met: bool,
        outcome_if_not_met: Option<TriageOutcome>,
        reasons: &str,
    ) -> Result<(TriageOutcome, Narrative), DomainError> {
        self.require(
            ReferralStatus::Received,
            "triage is recorded once, on a referral just received",
        )?;
        let reasons = Narrative::parse(reasons).map_err(|e| e.under("reasons"))?;
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

    /// Records a notification sent. Each is recorded once; Ofsted and the Secretary of State are told only
    /// of a looked-after child's death.
    pub fn notify(
        &self,
        kind: NotificationKind,
        sent_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        if self.notifications.iter().any(|n| n.kind == kind) {
            return Err(self
                .not_now(format!("the {kind} notification is already recorded"))
                .into());
        }
        let for_looked_after = matches!(
            kind,
            NotificationKind::OfstedLookedAfterDeath
                | NotificationKind::SecretaryOfStateLookedAfterDeath
        );
        if for_looked_after && !self.looked_after_child_died() {
            return Err(
                FieldError::new("kind", "is only for the death of a looked-after child").into(),
            );
        }
        if sent_on > today {
            return Err(FieldError::new("sent_on", "must not be in the future").into());
        }
        if sent_on < self.referral.details.incident_date {
            return Err(FieldError::new("sent_on", "must not be before the incident").into());
        }
        Ok(())
    }

    /// Requests of `kind`, sent on `sent_on`: to the agencies named, or to every involved agency; never
    /// twice of one kind to one agency; each due back 5 working days after sending.
    pub fn issue_requests(
        &self,
        kind: RequestKind,
        named: Option<Vec<String>>,
        registered: &[AgencyCode],
        calendar: &Calendar,
        sent_on: NaiveDate,
    ) -> Result<Vec<InformationRequest>, DomainError> {
        self.require(
            ReferralStatus::RapidReview,
            "information requests go out once triage has found the criteria met",
        )?;
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
                .not_now(format!(
                    "{dup} already has a {kind} request for this referral"
                ))
                .into());
        }
        let due_on = calendar.add_working_days(sent_on, clocks::RETURN).due;
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
            })
            .collect())
    }

    /// Agencies answer until the decision: after it, the returns are closed.
    pub fn accepts_returns(&self) -> Result<(), IllegalTransition> {
        match self.decision {
            None => Ok(()),
            Some(_) => Err(self.not_now("the Rapid Review has been decided; returns are closed")),
        }
    }

    /// The composite of returns goes to the Case Review Subgroup once.
    pub fn send_composite(&self) -> Result<(), IllegalTransition> {
        self.require(
            ReferralStatus::RapidReview,
            "the composite is sent during the Rapid Review",
        )?;
        match self.composite_sent_at {
            Some(_) => Err(self.not_now("the composite has already been sent")),
            None => Ok(()),
        }
    }

    /// One view per agency, after the composite was sent.
    pub fn record_view(&self, agency: &AgencyCode) -> Result<(), IllegalTransition> {
        self.require(
            ReferralStatus::RapidReview,
            "views are recorded during the Rapid Review",
        )?;
        if self.composite_sent_at.is_none() {
            return Err(self.not_now("views are asked for once the composite has been sent"));
        }
        if self.views.iter().any(|v| &v.agency == agency) {
            return Err(self.not_now(format!("{agency} has already given its view")));
        }
        Ok(())
    }

    /// Schedules (or moves) the meeting, until it has been held.
    pub fn schedule_meeting(
        &self,
        calendar: &Calendar,
        date: NaiveDate,
        outside_window_reason: Option<String>,
    ) -> Result<(NaiveDate, Option<Narrative>), DomainError> {
        self.require(
            ReferralStatus::RapidReview,
            "the meeting is scheduled during the Rapid Review",
        )?;
        if self.meeting_held().is_some() {
            return Err(self.not_now("the meeting has been held").into());
        }
        Ok(meeting::check_date(
            calendar,
            self.received_on(),
            date,
            outside_window_reason,
        )?)
    }

    /// Records who attended: the meeting has then been held.
    pub fn record_attendance(
        &self,
        attendees: &[Attendee],
        registered: &[Agency],
    ) -> Result<(), DomainError> {
        self.require(
            ReferralStatus::RapidReview,
            "attendance is recorded during the Rapid Review",
        )?;
        if self.meeting.is_none() {
            return Err(self.not_now("schedule the meeting first").into());
        }
        if self.meeting_held().is_some() {
            return Err(self.not_now("attendance has already been recorded").into());
        }
        if attendees.is_empty() {
            return Err(FieldError::new("attendees", "name at least one attendee").into());
        }
        for (i, a) in attendees.iter().enumerate() {
            if !registered.iter().any(|r| r.code == a.agency) {
                return Err(FieldError::new(
                    format!("attendees[{i}].agency"),
                    "is not an agency registered in this partnership",
                )
                .into());
            }
        }
        Ok(())
    }

    /// A statutory partner's vote: for its own agency's role, once per question, at a quorate meeting;
    /// the second question only after a majority said no to the first.
    pub fn cast_vote(
        &self,
        voter: Option<&Agency>,
        claimed_role: Option<StatutoryRole>,
        question: Question,
        registered: &[Agency],
    ) -> Result<StatutoryRole, DomainError> {
        let voter = voter.ok_or(Refusal::AgencyNotRegistered)?;
        if !voter.statutory_role.is_partner()
            || claimed_role.is_some_and(|r| r != voter.statutory_role)
        {
            return Err(Refusal::NotYourRole.into());
        }
        self.require(
            ReferralStatus::RapidReview,
            "votes are cast at the Rapid Review meeting, before the decision",
        )?;
        let attendees = self
            .meeting_held()
            .ok_or_else(|| self.not_now("votes are cast once the meeting has been held"))?;
        let missing = meeting::missing_partners(attendees, registered);
        if !missing.is_empty() {
            let names: Vec<_> = missing.iter().map(|r| r.as_str()).collect();
            return Err(self
                .not_now(format!(
                    "the meeting was not quorate (no {} representative)",
                    names.join(", ")
                ))
                .into());
        }
        if self
            .votes
            .iter()
            .any(|v| v.question == question && v.role == voter.statutory_role)
        {
            return Err(self
                .not_now(format!(
                    "the {} partner has already voted on {question}",
                    voter.statutory_role
                ))
                .into());
        }
        if question == Question::HoldAlternativeReview
            && votes::outcome(&self.votes, Question::HoldCspr) != Some(Choice::No)
        {
            return Err(self.not_now("the alternative review question is put only after a majority votes against a CSPR").into());
        }
        if votes::decided(&self.votes).is_some() {
            return Err(self
                .not_now("the votes have already decided; record the decision")
                .into());
        }
        Ok(voter.statutory_role)
    }

    /// The decision the votes made; recorded once.
    pub fn decide(&self) -> Result<DecisionOutcome, IllegalTransition> {
        self.require(
            ReferralStatus::RapidReview,
            "the decision is recorded once, after the votes",
        )?;
        votes::decided(&self.votes)
            .ok_or_else(|| self.not_now("the partners' votes have not yet decided"))
    }

    /// A delay notice, when working day 15 will be missed; once, before the submission.
    pub fn record_delay(
        &self,
        calendar: &Calendar,
        expected_on: NaiveDate,
    ) -> Result<(), DomainError> {
        if !matches!(
            self.status(),
            ReferralStatus::RapidReview | ReferralStatus::Decided
        ) {
            return Err(self
                .not_now("a delay notice belongs to a Rapid Review not yet submitted")
                .into());
        }
        if self.delay.is_some() {
            return Err(self.not_now("a delay notice is already recorded").into());
        }
        let day_15 = calendar
            .add_working_days(self.aware_on(), clocks::SUBMIT_LATEST)
            .due;
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

    /// The submission to the National Panel: after the decision; after day 15 only with a delay notice.
    pub fn submit(
        &self,
        calendar: &Calendar,
        sent_on: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), DomainError> {
        self.require(
            ReferralStatus::Decided,
            "the Rapid Review is submitted once the decision is recorded",
        )?;
        if sent_on > today {
            return Err(FieldError::new("sent_on", "must not be in the future").into());
        }
        let day_15 = calendar
            .add_working_days(self.aware_on(), clocks::SUBMIT_LATEST)
            .due;
        if sent_on > day_15 && self.delay.is_none() {
            return Err(self
                .not_now(format!(
                    "working day 15 ({day_15}) has passed: record a delay notice (reasons and expected date) first"
                ))
                .into());
        }
        Ok(())
    }
}
