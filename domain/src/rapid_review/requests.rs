//! Information requests to agencies and their structured returns (seed, "Initial Scoping, Information
//! Sharing and the Securing of Records"). A return without analysis, or with pasted case notes, is sent
//! back to be redone; every version is kept.

use chrono::{DateTime, NaiveDate, Utc};

use super::{clocks, process::Today};
use crate::{
    FieldError,
    error::{Errors, IllegalTransition},
    ids::{InformationRequestId, PartnershipId, ReferralId},
    text::{AgencyCode, Name, Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// What is asked of the agency. The Rapid Review uses the first two; reviews the others (seed,
    /// "Information Collection and Collation", Appendix 3): a chronology, an individual management
    /// review (IMR), an information report, an organisational-change chronology.
    RequestKind, "kind" {
        InitialScoping => "initial_scoping",
        RapidReviewReturn => "rapid_review_return",
        Chronology => "chronology",
        Imr => "imr",
        InformationReport => "information_report",
        OrganisationalChangeChronology => "organisational_change_chronology",
    }
);

impl RequestKind {
    /// Whether a review (not the Rapid Review) asks it.
    pub fn for_review(self) -> bool {
        !matches!(
            self,
            RequestKind::InitialScoping | RequestKind::RapidReviewReturn
        )
    }
}

/// An IMR's sign-off by the agency's chief officer: until it is recorded, the IMR does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChiefOfficerSignOff {
    pub chief_officer: Name,
    pub signed_off_on: NaiveDate,
}

text_enum!(
    RequestStatus, "status" {
        Issued => "issued",
        Submitted => "submitted",
        ReturnedForRework => "returned_for_rework",
        Accepted => "accepted",
    }
);

text_enum!(
    /// Why a return is sent back (seed: "no analysis of involvement", "cut and paste case notes").
    ReworkReason, "reasons" {
        NoAnalysis => "no_analysis",
        PastedCaseNotes => "pasted_case_notes",
        RecordsNotSecured => "records_not_secured",
        Incomplete => "incomplete",
        Other => "other",
    }
);

/// The agency's nominated representative: the one person through whom its secured records are reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representative {
    pub name: Name,
    pub role: Name,
    pub contact: Name,
}

/// Whether the agency has secured its records, and if so when and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsSecured {
    Yes { on: NaiveDate, by: Name },
    No,
}

/// One version of an agency's return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnContent {
    pub summary_of_involvement: Narrative,
    pub analysis_of_involvement: Narrative,
    pub records_secured: RecordsSecured,
    pub representative: Representative,
}

/// A return as submitted, before checks.
#[derive(Debug, Clone)]
pub struct ReturnDraft {
    pub summary_of_involvement: String,
    pub analysis_of_involvement: String,
    pub records_secured: bool,
    pub records_secured_on: Option<NaiveDate>,
    pub records_secured_by: Option<String>,
    pub representative_name: String,
    pub representative_role: String,
    pub representative_contact: String,
}

impl ReturnDraft {
    /// Every field is required; an analysis must be given (a summary alone is the commonest reason a return
    /// is sent back); secured records name when and by whom, not in the future.
    pub fn check(self, today: NaiveDate) -> Result<ReturnContent, Vec<FieldError>> {
        let mut e = Errors::new();
        let summary = e.take(
            Narrative::parse(&self.summary_of_involvement)
                .map_err(|x| x.under("summary_of_involvement")),
        );
        let analysis = e.take(
            Narrative::parse(&self.analysis_of_involvement)
                .map_err(|x| x.under("analysis_of_involvement")),
        );
        let secured = match (
            self.records_secured,
            self.records_secured_on,
            self.records_secured_by,
        ) {
            (false, None, None) => Some(RecordsSecured::No),
            (false, _, _) => {
                e.push(FieldError::new(
                    "records_secured_on",
                    "give a date and a name only when records are secured",
                ));
                None
            }
            (true, Some(on), _) if on > today => {
                e.push(FieldError::new(
                    "records_secured_on",
                    "must not be in the future",
                ));
                None
            }
            (true, Some(on), Some(by)) => e
                .take(Name::parse(&by).map_err(|x| x.under("records_secured_by")))
                .map(|by| RecordsSecured::Yes { on, by }),
            (true, None, _) => {
                e.push(FieldError::new(
                    "records_secured_on",
                    "is required when records are secured",
                ));
                None
            }
            (true, Some(_), None) => {
                e.push(FieldError::new(
                    "records_secured_by",
                    "is required when records are secured",
                ));
                None
            }
        };
        let name = e.take(
            Name::parse(&self.representative_name).map_err(|x| x.under("representative.name")),
        );
        let role = e.take(
            Name::parse(&self.representative_role).map_err(|x| x.under("representative.role")),
        );
        let contact = e.take(
            Name::parse(&self.representative_contact)
                .map_err(|x| x.under("representative.contact")),
        );
        match (summary, analysis, secured, name, role, contact) {
            (Some(s), Some(a), Some(r), Some(name), Some(role), Some(contact)) if e.is_empty() => {
                Ok(ReturnContent {
                    summary_of_involvement: s,
                    analysis_of_involvement: a,
                    records_secured: r,
                    representative: Representative {
                        name,
                        role,
                        contact,
                    },
                })
            }
            _ => Err(e.into_vec()),
        }
    }
}

/// How a partnership admin judged a submitted version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    SentBack {
        reasons: Vec<ReworkReason>,
        note: Option<Narrative>,
        by: Subject,
        at: DateTime<Utc>,
    },
    Accepted {
        by: Subject,
        at: DateTime<Utc>,
    },
}

impl Review {
    /// Where a request stands once its latest version is judged so.
    pub fn resulting_status(&self) -> RequestStatus {
        match self {
            Review::SentBack { .. } => RequestStatus::ReturnedForRework,
            Review::Accepted { .. } => RequestStatus::Accepted,
        }
    }
}

/// One version of a return, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnVersion {
    pub version: u32,
    pub content: ReturnContent,
    pub submitted_by: Subject,
    pub submitted_at: DateTime<Utc>,
    pub review: Option<Review>,
    /// An IMR's chief officer sign-off of this version.
    pub sign_off: Option<ChiefOfficerSignOff>,
}

/// The version the composite carries: the latest accepted at or before `at` (when it was sent).
pub fn accepted_by(versions: &[ReturnVersion], at: DateTime<Utc>) -> Option<&ReturnVersion> {
    versions
        .iter()
        .rev()
        .find(|v| matches!(v.review, Some(Review::Accepted { at: accepted, .. }) if accepted <= at))
}

/// A request to one agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InformationRequest {
    pub id: InformationRequestId,
    pub partnership_id: PartnershipId,
    pub referral_id: ReferralId,
    pub agency: AgencyCode,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub sent_on: NaiveDate,
    pub due_on: NaiveDate,
    /// How many versions have been submitted.
    pub versions: u32,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub last_submitted_at: Option<DateTime<Utc>>,
    /// When a version was accepted: the request's step is done then.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When the redone return is due, once the latest version was sent back.
    pub rework_due_on: Option<NaiveDate>,
}

impl InformationRequest {
    fn not_now(&self, allowed: &[&'static str], what: &str) -> IllegalTransition {
        IllegalTransition::new(
            self.status,
            allowed,
            format!("The request is {}; {what}.", self.status),
        )
    }

    fn allowed(&self) -> &'static [&'static str] {
        match self.status {
            RequestStatus::Issued | RequestStatus::ReturnedForRework => &["submit_return"],
            RequestStatus::Submitted => &["accept", "send_back"],
            RequestStatus::Accepted => &[],
        }
    }

    /// The agency submits a (new version of its) return: the next version number.
    pub fn submit(&self) -> Result<u32, IllegalTransition> {
        match self.status {
            RequestStatus::Issued | RequestStatus::ReturnedForRework => Ok(self.versions + 1),
            _ => Err(self.not_now(
                self.allowed(),
                "a return can be submitted only when issued or sent back",
            )),
        }
    }

    /// The admin sends the latest version back, giving at least one reason: the redone return is due
    /// `clocks::REWORK` working days later (returned).
    pub fn send_back(
        &self,
        reasons: &[ReworkReason],
        today: &Today,
    ) -> Result<NaiveDate, crate::DomainError> {
        if self.status != RequestStatus::Submitted {
            return Err(self
                .not_now(self.allowed(), "only a submitted return can be sent back")
                .into());
        }
        if reasons.is_empty() {
            return Err(FieldError::new("reasons", "give at least one reason").into());
        }
        Ok(today
            .calendar
            .add_working_days(today.date, clocks::REWORK)
            .due)
    }

    /// The admin accepts the latest version; an IMR only once its chief officer has signed that
    /// version off (seed: the Panel writes "to the Chief Officer"; an IMR counts only with their
    /// sign-off).
    pub fn accept(&self, latest: Option<&ReturnVersion>) -> Result<(), IllegalTransition> {
        match self.status {
            RequestStatus::Submitted
                if self.kind == RequestKind::Imr
                    && latest.and_then(|v| v.sign_off.as_ref()).is_none() =>
            {
                Err(self.not_now(
                    &["sign_off", "send_back"],
                    "an IMR is accepted only once its chief officer has signed it off",
                ))
            }
            RequestStatus::Submitted => Ok(()),
            _ => Err(self.not_now(self.allowed(), "only a submitted return can be accepted")),
        }
    }

    /// The agency records its chief officer's sign-off of the IMR version awaiting judgement: once, on
    /// a day from its submission to today.
    pub fn sign_off(
        &self,
        latest: Option<&ReturnVersion>,
        sign_off: ChiefOfficerSignOff,
        today: NaiveDate,
    ) -> Result<ChiefOfficerSignOff, crate::DomainError> {
        if self.kind != RequestKind::Imr {
            return Err(self
                .not_now(
                    self.allowed(),
                    "only an IMR is signed off by a chief officer",
                )
                .into());
        }
        let latest = match latest {
            Some(v) if self.status == RequestStatus::Submitted && v.sign_off.is_none() => v,
            _ => {
                return Err(self
                    .not_now(
                        self.allowed(),
                        "the sign-off is of a submitted version awaiting judgement, once",
                    )
                    .into());
            }
        };
        let submitted = crate::calendar::england_date(latest.submitted_at);
        if sign_off.signed_off_on < submitted || sign_off.signed_off_on > today {
            return Err(FieldError::new(
                "signed_off_on",
                format!("must be between the version's submission ({submitted}) and today"),
            )
            .into());
        }
        Ok(sign_off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ReturnDraft {
        ReturnDraft {
            summary_of_involvement: "Health visitor contacts at 2 and 6 weeks.".into(),
            analysis_of_involvement: "The missed 3-month check was not followed up.".into(),
            records_secured: true,
            records_secured_on: "2026-03-03".parse().ok(),
            records_secured_by: Some("Named nurse".into()),
            representative_name: "A. Lead".into(),
            representative_role: "Named nurse for safeguarding".into(),
            representative_contact: "safeguarding@trust.example".into(),
        }
    }

    fn today() -> NaiveDate {
        "2026-03-04".parse().unwrap()
    }

    fn fields(r: Result<ReturnContent, Vec<FieldError>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    fn request(status: RequestStatus) -> InformationRequest {
        InformationRequest {
            id: InformationRequestId::generate(),
            partnership_id: PartnershipId::generate(),
            referral_id: ReferralId::generate(),
            agency: AgencyCode::parse("ICB").unwrap(),
            kind: RequestKind::InitialScoping,
            status,
            sent_on: today(),
            due_on: today(),
            versions: 1,
            first_submitted_at: None,
            last_submitted_at: None,
            accepted_at: None,
            rework_due_on: None,
        }
    }

    #[test]
    fn a_complete_return_is_accepted() {
        assert!(draft().check(today()).is_ok());
    }

    #[test]
    fn a_return_without_analysis_is_refused() {
        let mut d = draft();
        d.analysis_of_involvement = "  ".into();
        assert_eq!(fields(d.check(today())), ["analysis_of_involvement"]);
    }

    #[test]
    fn secured_records_name_when_and_by_whom() {
        let mut d = draft();
        d.records_secured_by = None;
        assert_eq!(fields(d.check(today())), ["records_secured_by"]);
        let mut d = draft();
        d.records_secured_on = "2026-03-05".parse().ok();
        assert_eq!(fields(d.check(today())), ["records_secured_on"]);
        let mut d = draft();
        d.records_secured = false;
        assert_eq!(fields(d.clone().check(today())), ["records_secured_on"]);
        d.records_secured_on = None;
        d.records_secured_by = None;
        assert_eq!(
            d.check(today()).unwrap().records_secured,
            RecordsSecured::No
        );
    }

    #[test]
    fn the_composite_carries_the_latest_version_accepted_when_it_was_sent() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let version = |n: u32, review: Option<Review>| ReturnVersion {
            version: n,
            content: draft().check(today()).unwrap(),
            submitted_by: Subject::parse("x").unwrap(),
            submitted_at: at("2026-03-03T10:00:00Z"),
            review,
            sign_off: None,
        };
        let by = Subject::parse("admin").unwrap();
        let versions = [
            version(
                1,
                Some(Review::SentBack {
                    reasons: vec![ReworkReason::NoAnalysis],
                    note: None,
                    by: by.clone(),
                    at: at("2026-03-04T10:00:00Z"),
                }),
            ),
            version(
                2,
                Some(Review::Accepted {
                    by,
                    at: at("2026-03-06T10:00:00Z"),
                }),
            ),
        ];
        assert!(accepted_by(&versions, at("2026-03-05T10:00:00Z")).is_none());
        assert_eq!(
            accepted_by(&versions, at("2026-03-06T10:00:00Z")).map(|v| v.version),
            Some(2)
        );
    }

    #[test]
    fn a_return_moves_issued_submitted_reworked_submitted_accepted() {
        assert_eq!(request(RequestStatus::Issued).submit(), Ok(2));
        assert!(request(RequestStatus::Submitted).submit().is_err());
        let calendar = crate::calendar::Calendar::england_and_wales();
        let t = Today {
            calendar: &calendar,
            date: today(),
        };
        // Sent back on Wednesday 4 March 2026: redone by Friday 6 March, 2 working days later.
        assert_eq!(
            request(RequestStatus::Submitted).send_back(&[ReworkReason::NoAnalysis], &t),
            Ok("2026-03-06".parse().unwrap())
        );
        assert!(
            request(RequestStatus::Submitted)
                .send_back(&[], &t)
                .is_err()
        );
        assert!(request(RequestStatus::ReturnedForRework).submit().is_ok());
        assert!(request(RequestStatus::Submitted).accept(None).is_ok());
        let done = request(RequestStatus::Accepted);
        let err = done.submit().unwrap_err();
        assert_eq!(err.state, "accepted");
        assert!(err.allowed_next_steps.is_empty());
        assert!(done.accept(None).is_err());
    }

    #[test]
    fn an_imr_is_accepted_only_once_its_chief_officer_has_signed_off_the_version() {
        let mut imr = request(RequestStatus::Submitted);
        imr.kind = RequestKind::Imr;
        let latest = ReturnVersion {
            version: 1,
            content: draft().check(today()).unwrap(),
            submitted_by: Subject::parse("trust").unwrap(),
            submitted_at: "2026-03-03T10:00:00Z".parse().unwrap(),
            review: None,
            sign_off: None,
        };
        let err = imr.accept(Some(&latest)).unwrap_err();
        assert_eq!(err.allowed_next_steps, ["sign_off", "send_back"]);
        let ask = |on: &str| ChiefOfficerSignOff {
            chief_officer: Name::parse("Chief Nurse").unwrap(),
            signed_off_on: on.parse().unwrap(),
        };
        assert!(
            imr.sign_off(Some(&latest), ask("2026-03-02"), today())
                .is_err()
        );
        assert!(
            imr.sign_off(Some(&latest), ask("2026-03-05"), today())
                .is_err()
        );
        let signed = imr
            .sign_off(Some(&latest), ask("2026-03-04"), today())
            .unwrap();
        let latest = ReturnVersion {
            sign_off: Some(signed),
            ..latest
        };
        assert!(imr.accept(Some(&latest)).is_ok());
        assert!(
            imr.sign_off(Some(&latest), ask("2026-03-04"), today())
                .is_err()
        );
        // Other kinds are not signed off, and are accepted without it.
        let scoping = request(RequestStatus::Submitted);
        assert!(
            scoping
                .sign_off(Some(&latest), ask("2026-03-04"), today())
                .is_err()
        );
        assert!(scoping.accept(None).is_ok());
        assert!(RequestKind::Imr.for_review() && !RequestKind::InitialScoping.for_review());
    }
}
