//! The Rapid Review meeting: scheduled between working day 7 and 13 after the referral, quorate only with
//! at least one representative of each of the three statutory partners. A meeting held without one is
//! inquorate and reconvenes on a new date; every meeting held is kept.

use chrono::NaiveDate;

use crate::{
    FieldError,
    agency::StatutoryRole,
    calendar::Calendar,
    rapid_review::clocks,
    text::{AgencyCode, Name, Narrative},
};

/// Someone at the meeting, for an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub agency: AgencyCode,
    /// The agency's statutory role when the attendance was recorded: quorum is judged on it.
    pub statutory_role: StatutoryRole,
    /// Their role ("Head of Safeguarding"), not their name: the record needs who spoke for whom.
    pub role: Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// 1 for the first meeting, 2 when an inquorate one reconvened, and so on.
    pub number: u32,
    pub date: NaiveDate,
    /// Why the meeting is outside working days 7 to 13, when it is.
    pub outside_window_reason: Option<Narrative>,
    /// Recorded once the meeting has been held.
    pub attendance: Option<Vec<Attendee>>,
}

impl Meeting {
    pub fn held(&self) -> bool {
        self.attendance.is_some()
    }

    /// Held, with each statutory partner represented.
    pub fn quorate(&self) -> bool {
        self.attendance
            .as_deref()
            .is_some_and(|a| missing_partners(a).is_empty())
    }

    /// Held without a representative of every statutory partner.
    pub fn inquorate(&self) -> bool {
        self.held() && !self.quorate()
    }
}

/// The statutory partners with no one at the meeting.
pub fn missing_partners(attendees: &[Attendee]) -> Vec<StatutoryRole> {
    StatutoryRole::PARTNERS
        .into_iter()
        .filter(|role| !attendees.iter().any(|a| a.statutory_role == *role))
        .collect()
}

/// A meeting date is inside the window, or outside it with a recorded reason; never before the referral
/// was received, nor before `after` (the date of an earlier, inquorate meeting).
pub fn check_date(
    calendar: &Calendar,
    received: NaiveDate,
    after: Option<NaiveDate>,
    date: NaiveDate,
    reason: Option<String>,
) -> Result<(NaiveDate, Option<Narrative>), FieldError> {
    let (earliest, latest) = clocks::meeting_window(calendar, received);
    let inside = (earliest.due..=latest.due).contains(&date);
    if date < received {
        return Err(FieldError::new(
            "date",
            "must not be before the referral was received",
        ));
    }
    if let Some(previous) = after
        && date <= previous
    {
        return Err(FieldError::new(
            "date",
            format!("must be after the inquorate meeting of {previous}"),
        ));
    }
    match (inside, reason) {
        (true, _) => Ok((date, None)),
        (false, Some(reason)) => Narrative::parse(&reason)
            .map(|r| (date, Some(r)))
            .map_err(|e| e.under("outside_window_reason")),
        (false, None) => Err(FieldError::new(
            "date",
            format!(
                "must be between {} and {} (working days {} to {} after the referral was received on {received}); \
                 give outside_window_reason to hold it on another day",
                earliest.due,
                latest.due,
                clocks::MEETING_EARLIEST.get(),
                clocks::MEETING_LATEST.get()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(code: &str, role: StatutoryRole) -> Attendee {
        Attendee {
            agency: AgencyCode::parse(code).unwrap(),
            statutory_role: role,
            role: Name::parse("Lead").unwrap(),
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    use StatutoryRole::{Health, LocalAuthority, None as NoRole, Police};

    #[test]
    fn a_meeting_is_quorate_only_with_all_three_statutory_partners() {
        let all = [
            at("LA", LocalAuthority),
            at("POL", Police),
            at("ICB", Health),
            at("SCH", NoRole),
        ];
        assert!(missing_partners(&all).is_empty());
        assert_eq!(
            missing_partners(&[
                at("LA", LocalAuthority),
                at("POL", Police),
                at("SCH", NoRole)
            ]),
            [Health]
        );
        assert_eq!(missing_partners(&[]).len(), 3);
    }

    #[test]
    fn either_of_two_councils_represents_the_local_authority() {
        let with = |council: &str| {
            missing_partners(&[
                at(council, LocalAuthority),
                at("POL", Police),
                at("ICB", Health),
            ])
        };
        assert!(with("CAMBS-CC").is_empty());
        assert!(with("PBORO-CC").is_empty());
    }

    #[test]
    fn a_meeting_held_without_a_partner_is_inquorate() {
        let m = Meeting {
            number: 1,
            date: d("2026-03-12"),
            outside_window_reason: None,
            attendance: Some(vec![at("LA", LocalAuthority), at("POL", Police)]),
        };
        assert!(m.held() && m.inquorate() && !m.quorate());
        let planned = Meeting {
            attendance: None,
            ..m
        };
        assert!(!planned.held() && !planned.inquorate());
    }

    #[test]
    fn the_meeting_falls_between_working_day_7_and_13() {
        let c = Calendar::england_and_wales();
        // Received Monday 2 March 2026: day 7 is Wednesday 11 March, day 13 Thursday 19 March.
        let received = d("2026-03-02");
        assert!(check_date(&c, received, None, d("2026-03-11"), None).is_ok());
        assert!(check_date(&c, received, None, d("2026-03-19"), None).is_ok());
        let early = check_date(&c, received, None, d("2026-03-10"), None).unwrap_err();
        assert!(
            early.reason.contains("2026-03-11") && early.reason.contains("2026-03-19"),
            "{}",
            early.reason
        );
        assert!(check_date(&c, received, None, d("2026-03-20"), None).is_err());
    }

    #[test]
    fn a_meeting_outside_the_window_needs_a_reason() {
        let c = Calendar::england_and_wales();
        let (date, reason) = check_date(
            &c,
            d("2026-03-02"),
            None,
            d("2026-03-24"),
            Some("Police partner unavailable".into()),
        )
        .unwrap();
        assert_eq!(date, d("2026-03-24"));
        assert!(reason.is_some());
        assert!(check_date(&c, d("2026-03-02"), None, d("2026-03-24"), Some(" ".into())).is_err());
        assert!(check_date(&c, d("2026-03-02"), None, d("2026-03-01"), Some("x".into())).is_err());
    }

    #[test]
    fn a_reconvened_meeting_falls_after_the_inquorate_one() {
        let c = Calendar::england_and_wales();
        let received = d("2026-03-02");
        let e = check_date(&c, received, Some(d("2026-03-12")), d("2026-03-12"), None).unwrap_err();
        assert!(e.reason.contains("inquorate"), "{}", e.reason);
        assert!(check_date(&c, received, Some(d("2026-03-12")), d("2026-03-16"), None).is_ok());
    }
}
