//! The Rapid Review meeting: scheduled between working day 7 and 13 after the referral, quorate only with
//! at least one representative of each of the three statutory partners.

use chrono::NaiveDate;

use crate::{
    FieldError,
    agency::{Agency, StatutoryRole},
    calendar::Calendar,
    rapid_review::clocks,
    text::{AgencyCode, Name, Narrative},
};

/// Someone at the meeting, for an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub agency: AgencyCode,
    /// Their role ("Head of Safeguarding"), not their name: the record needs who spoke for whom.
    pub role: Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub date: NaiveDate,
    /// Why the meeting is outside working days 7 to 13, when it is.
    pub outside_window_reason: Option<Narrative>,
    /// Recorded once the meeting has been held.
    pub attendance: Option<Vec<Attendee>>,
}

/// The statutory partners with no one at the meeting.
pub fn missing_partners(attendees: &[Attendee], agencies: &[Agency]) -> Vec<StatutoryRole> {
    StatutoryRole::PARTNERS
        .into_iter()
        .filter(|role| {
            !attendees.iter().any(|a| {
                agencies
                    .iter()
                    .any(|ag| ag.code == a.agency && ag.statutory_role == *role)
            })
        })
        .collect()
}

/// Quorate only if each of the local authority, police and health (ICB) is represented.
pub fn is_quorate(attendees: &[Attendee], agencies: &[Agency]) -> bool {
    missing_partners(attendees, agencies).is_empty()
}

/// A meeting date is inside the window, or outside it with a recorded reason.
pub fn check_date(
    calendar: &Calendar,
    received: NaiveDate,
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
    use crate::{
        agency::AgencyKind,
        ids::{AgencyId, PartnershipId},
    };

    fn agency(code: &str, role: StatutoryRole) -> Agency {
        Agency {
            id: AgencyId::generate(),
            partnership_id: PartnershipId::generate(),
            code: AgencyCode::parse(code).unwrap(),
            name: Name::parse(code).unwrap(),
            kind: AgencyKind::Other,
            statutory_role: role,
        }
    }

    fn at(code: &str) -> Attendee {
        Attendee {
            agency: AgencyCode::parse(code).unwrap(),
            role: Name::parse("Lead").unwrap(),
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_meeting_is_quorate_only_with_all_three_statutory_partners() {
        let agencies = [
            agency("LA", StatutoryRole::LocalAuthority),
            agency("POL", StatutoryRole::Police),
            agency("ICB", StatutoryRole::Health),
            agency("SCH", StatutoryRole::None),
        ];
        assert!(is_quorate(
            &[at("LA"), at("POL"), at("ICB"), at("SCH")],
            &agencies
        ));
        assert_eq!(
            missing_partners(&[at("LA"), at("POL"), at("SCH")], &agencies),
            [StatutoryRole::Health]
        );
        assert!(!is_quorate(&[], &agencies));
    }

    #[test]
    fn the_meeting_falls_between_working_day_7_and_13() {
        let c = Calendar::england_and_wales();
        // Received Monday 2 March 2026: day 7 is Wednesday 11 March, day 13 Thursday 19 March.
        let received = d("2026-03-02");
        assert!(check_date(&c, received, d("2026-03-11"), None).is_ok());
        assert!(check_date(&c, received, d("2026-03-19"), None).is_ok());
        let early = check_date(&c, received, d("2026-03-10"), None).unwrap_err();
        assert!(
            early.reason.contains("2026-03-11") && early.reason.contains("2026-03-19"),
            "{}",
            early.reason
        );
        assert!(check_date(&c, received, d("2026-03-20"), None).is_err());
    }

    #[test]
    fn a_meeting_outside_the_window_needs_a_reason() {
        let c = Calendar::england_and_wales();
        let (date, reason) = check_date(
            &c,
            d("2026-03-02"),
            d("2026-03-24"),
            Some("Police partner unavailable".into()),
        )
        .unwrap();
        assert_eq!(date, d("2026-03-24"));
        assert!(reason.is_some());
        assert!(check_date(&c, d("2026-03-02"), d("2026-03-24"), Some(" ".into())).is_err());
        assert!(check_date(&c, d("2026-03-02"), d("2026-03-01"), Some("x".into())).is_err());
    }
}
