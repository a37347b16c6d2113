//! Terms of reference (seed: "Terms of Reference", "Timetable", "Agency Action and Expectations"): the
//! questions the review answers, the period it looks at, the agencies in scope with each one's single
//! point of contact, the timetable, the links to the CPS and the coroner, and the communications plan.
//! They change as the review learns, so each change is a new version and the last one governs: who
//! contributes to the chronology and the period its entries are flagged against.

use chrono::{DateTime, NaiveDate, Utc};

use super::Review;
use crate::{
    FieldError,
    error::Errors,
    text::{AgencyCode, Name, Narrative, Note, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// What the timetable plans (seed: "the timing of Panel meetings, Learning Events and engagement
    /// with families"), and the drafts and the feedback event that close the review.
    TimetableKind, "kind" {
        PanelMeeting => "panel_meeting",
        LearningEvent => "learning_event",
        FamilyEngagement => "family_engagement",
        FeedbackEvent => "feedback_event",
        DraftReport => "draft_report",
    }
);

/// An agency "formally requested to participate", and its Safeguarding Lead, the single point of
/// contact for the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyInScope {
    pub agency: AgencyCode,
    pub single_point_of_contact: Name,
}

/// One planned date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimetableItem {
    pub kind: TimetableKind,
    pub on: NaiveDate,
    pub note: Option<Note>,
}

/// The terms, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub questions: Vec<Note>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub agencies: Vec<AgencyInScope>,
    pub timetable: Vec<TimetableItem>,
    pub cps_liaison: Option<Note>,
    pub coroner_liaison: Option<Note>,
    pub communications_plan: Option<Narrative>,
}

/// A version of the terms as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermsOfReference {
    pub version: u32,
    pub terms: Terms,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

/// The terms as asked to be recorded, before any check.
#[derive(Debug, Clone, Default)]
pub struct TermsDraft {
    pub questions: Vec<String>,
    pub period_from: Option<NaiveDate>,
    pub period_to: Option<NaiveDate>,
    /// (agency code, single point of contact)
    pub agencies: Vec<(String, String)>,
    /// (kind, date, note)
    pub timetable: Vec<(TimetableKind, NaiveDate, Option<String>)>,
    pub cps_liaison: Option<String>,
    pub coroner_liaison: Option<String>,
    pub communications_plan: Option<String>,
}

/// The most questions, agencies and timetable items one version holds.
pub const MAX_QUESTIONS: usize = 30;
pub const MAX_AGENCIES: usize = 50;
pub const MAX_TIMETABLE: usize = 100;

impl TermsDraft {
    /// Terms the review can work to: at least one question; a period under review that has ended
    /// (from not after to, to not after today); at least one agency in scope, each registered in the
    /// partnership and named once, with its contact; a timetable dated from the decision on. Every error
    /// is named by its field and index.
    pub fn check(
        self,
        review: &Review,
        registered: &[AgencyCode],
        today: NaiveDate,
    ) -> Result<Terms, Vec<FieldError>> {
        let mut e = Errors::new();
        let questions = e.take_all(bounded(&self.questions, MAX_QUESTIONS, "questions", |q| {
            Note::parse(q)
        }));
        let period = match (self.period_from, self.period_to) {
            (Some(from), Some(to)) if from > to => {
                e.push(FieldError::new(
                    "period_to",
                    "must not be before period_from",
                ));
                None
            }
            (Some(_), Some(to)) if to > today => {
                e.push(FieldError::new(
                    "period_to",
                    "the period under review must have ended: not after today",
                ));
                None
            }
            (Some(from), Some(to)) => Some((from, to)),
            (from, to) => {
                for (name, v) in [("period_from", from), ("period_to", to)] {
                    if v.is_none() {
                        e.push(FieldError::new(name, "is required"));
                    }
                }
                None
            }
        };
        let mut seen: Vec<AgencyCode> = vec![];
        let agencies = e.take_all(bounded(
            &self.agencies,
            MAX_AGENCIES,
            "agencies_in_scope",
            |(code, contact)| {
                let agency = AgencyCode::parse(code)
                    .ok()
                    .filter(|a| registered.contains(a))
                    .ok_or_else(|| {
                        FieldError::new("agency_code", "must be an agency of the partnership")
                    })?;
                if seen.contains(&agency) {
                    return Err(FieldError::new("agency_code", "appears twice"));
                }
                seen.push(agency.clone());
                Ok(AgencyInScope {
                    agency,
                    single_point_of_contact: Name::parse(contact)
                        .map_err(|x| x.under("single_point_of_contact"))?,
                })
            },
        ));
        let timetable = e.take_all(within(
            &self.timetable,
            MAX_TIMETABLE,
            "timetable",
            |(kind, on, note)| {
                if *on < review.decided_on {
                    return Err(FieldError::new(
                        "on",
                        format!("must not be before the decision ({})", review.decided_on),
                    ));
                }
                Ok(TimetableItem {
                    kind: *kind,
                    on: *on,
                    note: optional(note, Note::parse).map_err(|x| x.under("note"))?,
                })
            },
        ));
        let cps_liaison =
            e.take(optional(&self.cps_liaison, Note::parse).map_err(|x| x.under("cps_liaison")));
        let coroner_liaison = e.take(
            optional(&self.coroner_liaison, Note::parse).map_err(|x| x.under("coroner_liaison")),
        );
        let communications_plan = e.take(
            optional(&self.communications_plan, Narrative::parse)
                .map_err(|x| x.under("communications_plan")),
        );
        match (
            questions,
            period,
            agencies,
            timetable,
            cps_liaison,
            coroner_liaison,
            communications_plan,
        ) {
            (
                Some(questions),
                Some((period_from, period_to)),
                Some(agencies),
                Some(timetable),
                Some(cps_liaison),
                Some(coroner_liaison),
                Some(communications_plan),
            ) if e.is_empty() => Ok(Terms {
                questions,
                period_from,
                period_to,
                agencies,
                timetable,
                cps_liaison,
                coroner_liaison,
                communications_plan,
            }),
            _ => Err(e.into_vec()),
        }
    }
}

fn optional<T>(
    v: &Option<String>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    v.as_deref().map(parse).transpose()
}

/// One to `max` items, each parsed, each error named `name[i]…`.
fn bounded<I, T>(
    items: &[I],
    max: usize,
    name: &str,
    parse: impl FnMut(&I) -> Result<T, FieldError>,
) -> Result<Vec<T>, Vec<FieldError>> {
    if items.is_empty() {
        return Err(vec![FieldError::new(name, "name at least one")]);
    }
    within(items, max, name, parse)
}

/// At most `max` items, each parsed, each error named `name[i]…`.
fn within<I, T>(
    items: &[I],
    max: usize,
    name: &str,
    mut parse: impl FnMut(&I) -> Result<T, FieldError>,
) -> Result<Vec<T>, Vec<FieldError>> {
    if items.len() > max {
        return Err(vec![FieldError::new(name, format!("at most {max}"))]);
    }
    let mut errors = vec![];
    let mut parsed = vec![];
    for (i, item) in items.iter().enumerate() {
        match parse(item) {
            Ok(v) => parsed.push(v),
            Err(x) => errors.push(x.under(&format!("{name}[{i}]"))),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

impl Terms {
    /// Whether the terms name the agency: then it contributes to the review.
    pub fn in_scope(&self, agency: &AgencyCode) -> bool {
        self.agencies.iter().any(|a| a.agency == *agency)
    }
}

/// The version recorded after `latest` (the first is 1).
pub fn next_version(latest: Option<u32>) -> u32 {
    latest.map_or(1, |v| v + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, ReviewStage, decided_review};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn codes() -> Vec<AgencyCode> {
        ["LA", "POL", "ICB"]
            .iter()
            .map(|c| AgencyCode::parse(c).unwrap())
            .collect()
    }

    fn draft() -> TermsDraft {
        TermsDraft {
            questions: vec![
                "How well did agencies share what they knew about the bruising?".into(),
            ],
            period_from: Some(day("2025-09-01")),
            period_to: Some(day("2026-08-20")),
            agencies: vec![
                ("LA".into(), "Sam Patel, Head of Safeguarding".into()),
                ("POL".into(), "DI Rowe".into()),
            ],
            timetable: vec![(TimetableKind::PanelMeeting, day("2026-10-01"), None)],
            ..TermsDraft::default()
        }
    }

    fn fields(e: Vec<FieldError>) -> Vec<String> {
        e.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn terms_with_a_question_an_ended_period_and_registered_agencies_pass() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Establish);
        let terms = draft().check(&review, &codes(), day("2026-09-10")).unwrap();
        assert!(terms.in_scope(&AgencyCode::parse("POL").unwrap()));
        assert!(!terms.in_scope(&AgencyCode::parse("ICB").unwrap()));
    }

    #[test]
    fn every_error_in_the_terms_is_named_by_its_field_and_index() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Establish);
        let mut d = draft();
        d.questions.clear();
        d.period_from = Some(day("2026-09-01"));
        d.period_to = Some(day("2026-08-01"));
        d.agencies.push(("XYZ".into(), "Nobody".into()));
        d.agencies.push(("LA".into(), "Again".into()));
        d.timetable
            .push((TimetableKind::LearningEvent, day("2026-08-01"), None));
        assert_eq!(
            fields(d.check(&review, &codes(), day("2026-09-10")).unwrap_err()),
            [
                "questions",
                "period_to",
                "agencies_in_scope[2].agency_code",
                "agencies_in_scope[3].agency_code",
                "timetable[1].on",
            ]
        );
    }

    #[test]
    fn the_period_under_review_has_ended_and_both_its_ends_are_given() {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Establish);
        let mut d = draft();
        d.period_to = Some(day("2026-12-01"));
        assert_eq!(
            fields(d.check(&review, &codes(), day("2026-09-10")).unwrap_err()),
            ["period_to"]
        );
        let mut d = draft();
        d.period_from = None;
        assert_eq!(
            fields(d.check(&review, &codes(), day("2026-09-10")).unwrap_err()),
            ["period_from"]
        );
    }

    #[test]
    fn each_version_follows_the_last() {
        assert_eq!(next_version(None), 1);
        assert_eq!(next_version(Some(3)), 4);
    }
}
