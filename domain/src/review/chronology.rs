//! Chronology entries (seed, Appendix 3: "Multi-Agency Chronology", "How to Complete a Chronology and
//! What is a Key Event Chronology?"): each agency's dated events of its involvement, "relevant and
//! succinct", each in one of the seed's categories of key event, later merged into the integrated
//! chronology. This part holds the entry and the rules a batch must pass; storing and serving them
//! build on it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::terms::Terms;
use crate::{
    FieldError,
    error::Errors,
    referral::Referral,
    text::{AgencyCode, Name, Pseudonym, Subject, Summary},
    text_enum::text_enum,
};

text_enum!(
    /// The seed's examples of key events, and "any event … deemed to have a significant effect".
    EventCategory, "category" {
        ContactOrReferral => "contact_or_referral",
        Assessment => "assessment",
        StrategyDiscussion => "strategy_discussion",
        ChildProtectionConferenceOrMeeting => "child_protection_conference_or_meeting",
        Section47Enquiry => "section47_enquiry",
        InjuryOrNeglect => "injury_or_neglect",
        HospitalAttendanceOrAdmission => "hospital_attendance_or_admission",
        BirthDeathOrSeriousIllness => "birth_death_or_serious_illness",
        HouseMove => "house_move",
        ChangeInHousehold => "change_in_household",
        CriminalProceedings => "criminal_proceedings",
        CivilOrCourtProceedingsAndLegalStatus => "civil_or_court_proceedings_and_legal_status",
        SchoolChangeOrExclusion => "school_change_or_exclusion",
        ChangeOfGp => "change_of_gp",
        SelfReferral => "self_referral",
        PoliceIncident => "police_incident",
        MissingEpisode => "missing_episode",
        SuicideAttemptOrOverdose => "suicide_attempt_or_overdose",
        SupportOffered => "support_offered",
        EngagementWithProfessionals => "engagement_with_professionals",
        UnknownAdultsPresent => "unknown_adults_present",
        OtherSignificantEvent => "other_significant_event",
    }
);

text_enum!(
    /// How exactly an entry's date is known: records are often dated only to the month, or roughly.
    DatePrecision, "precision" {
        Day => "day",
        Month => "month",
        Approximate => "approximate",
    }
);

/// The most entries one request may carry.
pub const MAX_BATCH: usize = 1_000;

/// An entry as an agency's system sends it, before any check.
#[derive(Debug, Clone, Default)]
pub struct EntryDraft {
    pub occurred_on: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    pub precision: Option<DatePrecision>,
    pub subjects: Vec<String>,
    pub category: Option<EventCategory>,
    pub description: String,
    pub source_ref: String,
    pub key_event: bool,
}

/// An entry that passed: dated, about known people, in a category, succinct, with the agency's own
/// record reference (which identifies it: the same reference again corrects it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChronologyEntry {
    pub occurred_on: NaiveDate,
    pub time: Option<NaiveTime>,
    pub precision: DatePrecision,
    pub subjects: Vec<Pseudonym>,
    pub category: EventCategory,
    /// Bounded as a referral's summary is: succinct, not pasted case notes.
    pub description: Summary,
    /// The agency's own record reference.
    pub source_ref: Name,
    pub key_event: bool,
}

/// Checks a batch whole: every entry's every error is named by its index (`entries[3].occurred_on`),
/// and one bad entry refuses the batch. `people` are the pseudonyms the case knows.
pub fn check_batch(
    drafts: Vec<EntryDraft>,
    today: NaiveDate,
    people: &[Pseudonym],
) -> Result<Vec<ChronologyEntry>, Vec<FieldError>> {
    if drafts.is_empty() || drafts.len() > MAX_BATCH {
        return Err(vec![FieldError::new(
            "entries",
            format!("must hold 1 to {MAX_BATCH} entries"),
        )]);
    }
    let mut errors = vec![];
    let mut entries = vec![];
    let mut seen: Vec<String> = vec![];
    for (i, draft) in drafts.into_iter().enumerate() {
        let at = |e: FieldError| e.under(&format!("entries[{i}]"));
        let reference = draft.source_ref.trim().to_owned();
        if !reference.is_empty() && seen.contains(&reference) {
            errors.push(at(FieldError::new(
                "source_ref",
                "appears twice in the batch",
            )));
        }
        seen.push(reference);
        match check_entry(draft, today, people) {
            Ok(entry) => entries.push(entry),
            Err(es) => errors.extend(es.into_iter().map(at)),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn check_entry(
    d: EntryDraft,
    today: NaiveDate,
    people: &[Pseudonym],
) -> Result<ChronologyEntry, Vec<FieldError>> {
    let mut errors = Errors::new();
    let named = |field: &'static str| move |e: FieldError| e.under(field);
    let occurred_on = errors.take(
        match d.occurred_on {
            None => Err(FieldError::new("", "is required")),
            Some(on) if on > today => Err(FieldError::new("", "must not be in the future")),
            Some(on) => Ok(on),
        }
        .map_err(named("occurred_on")),
    );
    let precision = d.precision.unwrap_or(DatePrecision::Day);
    if d.time.is_some() && precision != DatePrecision::Day {
        errors.push(FieldError::new(
            "time",
            "a time needs a date known to the day",
        ));
    }
    let category = errors.take(
        d.category
            .ok_or_else(|| FieldError::new("category", "is required")),
    );
    let description = errors.take(Summary::parse(&d.description).map_err(named("description")));
    let source_ref = errors.take(Name::parse(&d.source_ref).map_err(named("source_ref")));
    let subjects = errors.take(subjects(&d.subjects, people).map_err(named("subjects")));
    match (occurred_on, category, description, source_ref, subjects) {
        (
            Some(occurred_on),
            Some(category),
            Some(description),
            Some(source_ref),
            Some(subjects),
        ) if errors.is_empty() => Ok(ChronologyEntry {
            occurred_on,
            time: d.time,
            precision,
            subjects,
            category,
            description,
            source_ref,
            key_event: d.key_event,
        }),
        _ => Err(errors.into_vec()),
    }
}

/// One or more of the case's people, each by the pseudonym the case gave them.
fn subjects(given: &[String], people: &[Pseudonym]) -> Result<Vec<Pseudonym>, FieldError> {
    if given.is_empty() {
        return Err(FieldError::new(
            "",
            "name at least one person, by pseudonym",
        ));
    }
    given
        .iter()
        .map(|s| {
            Pseudonym::parse(s)
                .ok()
                .filter(|p| people.contains(p))
                .ok_or_else(|| FieldError::new("", "must be a pseudonym this case knows"))
        })
        .collect()
}

/// An entry as recorded: whose, which version (the same `source_ref` again adds one), by whom, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEntry {
    pub entry: ChronologyEntry,
    pub agency: AgencyCode,
    pub version: u32,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// Whether an agency contributes to the chronology of a review of this referral: the agencies in
/// scope of the review's terms of reference; until there are terms, the agency that referred and those
/// the referral involved.
pub fn contributes(referral: &Referral, terms: Option<&Terms>, agency: &AgencyCode) -> bool {
    match terms {
        Some(t) => t.in_scope(agency),
        None => {
            referral.referring_agency == *agency
                || referral.details.involved_agencies.contains(agency)
        }
    }
}

/// The referral's children by the pseudonyms it gave them (the review's family members join them).
pub fn people(referral: &Referral) -> Vec<Pseudonym> {
    referral
        .details
        .children
        .iter()
        .map(|c| c.pseudonym.clone())
        .collect()
}

/// A stretch with no entry from any agency: between two dated entries, `days` apart (the seed: gaps in
/// contact are often the finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: i64,
}

/// The gaps of at least `min_days` between consecutive entry dates (given in any order).
pub fn gaps(dates: &[NaiveDate], min_days: i64) -> Vec<Gap> {
    let mut sorted = dates.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
        .windows(2)
        .filter_map(|w| {
            let days = (w[1] - w[0]).num_days();
            (days >= min_days).then_some(Gap {
                from: w[0],
                to: w[1],
                days,
            })
        })
        .collect()
}

impl ChronologyEntry {
    /// Whether the entry falls outside the period under review: accepted, but flagged.
    pub fn outside(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.occurred_on < from || self.occurred_on > to
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn people() -> Vec<Pseudonym> {
        vec![Pseudonym::parse("Child A").unwrap()]
    }

    fn good(reference: &str) -> EntryDraft {
        EntryDraft {
            occurred_on: Some(day("2026-03-02")),
            time: None,
            precision: None,
            subjects: vec!["Child A".into()],
            category: Some(EventCategory::HospitalAttendanceOrAdmission),
            description: "Attended A&E with a bruise to the cheek; explanation accepted.".into(),
            source_ref: reference.into(),
            key_event: true,
        }
    }

    fn fields(e: Vec<FieldError>) -> Vec<String> {
        e.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_good_batch_passes_whole_dated_to_the_day_unless_said_otherwise() {
        let entries =
            check_batch(vec![good("A-1"), good("A-2")], day("2026-11-27"), &people()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].precision, DatePrecision::Day);
        assert_eq!(entries[1].source_ref.as_str(), "A-2");
    }

    #[test]
    fn one_bad_entry_refuses_the_batch_naming_every_error_by_its_index() {
        let mut future = good("A-2");
        future.occurred_on = Some(day("2027-01-01"));
        let mut stranger = good("A-3");
        stranger.subjects = vec!["Child Q".into()];
        stranger.category = None;
        let e = check_batch(
            vec![good("A-1"), future, stranger, good("A-1")],
            day("2026-11-27"),
            &people(),
        )
        .unwrap_err();
        assert_eq!(
            fields(e),
            [
                "entries[1].occurred_on",
                "entries[2].category",
                "entries[2].subjects",
                "entries[3].source_ref",
            ]
        );
    }

    #[test]
    fn a_time_needs_a_day_and_a_batch_holds_one_to_a_thousand() {
        let mut rough = good("A-1");
        rough.precision = Some(DatePrecision::Month);
        rough.time = NaiveTime::from_hms_opt(10, 30, 0);
        let e = check_batch(vec![rough], day("2026-11-27"), &people()).unwrap_err();
        assert_eq!(fields(e), ["entries[0].time"]);
        assert!(check_batch(vec![], day("2026-11-27"), &people()).is_err());
        let many: Vec<_> = (0..=MAX_BATCH).map(|i| good(&format!("R-{i}"))).collect();
        assert_eq!(
            fields(check_batch(many, day("2026-11-27"), &people()).unwrap_err()),
            ["entries"]
        );
        let most: Vec<_> = (0..MAX_BATCH).map(|i| good(&format!("R-{i}"))).collect();
        assert_eq!(
            check_batch(most, day("2026-11-27"), &people())
                .unwrap()
                .len(),
            MAX_BATCH
        );
    }

    #[test]
    fn gaps_between_entries_of_at_least_the_chosen_length_are_listed() {
        let dates = [
            day("2026-05-01"),
            day("2026-01-01"),
            day("2026-01-20"),
            day("2026-05-01"),
        ];
        assert_eq!(
            gaps(&dates, 90),
            [Gap {
                from: day("2026-01-20"),
                to: day("2026-05-01"),
                days: 101
            }]
        );
        assert_eq!(gaps(&dates, 19).len(), 2);
        assert!(gaps(&[day("2026-01-01")], 1).is_empty());
    }

    #[test]
    fn an_entry_outside_the_period_under_review_is_flagged() {
        let e = &check_batch(vec![good("A-1")], day("2026-11-27"), &people()).unwrap()[0];
        assert!(!e.outside(day("2026-01-01"), day("2026-06-30")));
        assert!(e.outside(day("2026-04-01"), day("2026-06-30")));
    }
}
