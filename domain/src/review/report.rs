//! The overview report (seed, "Stage 3 - Finalise" and "The Overview Report"). The lead reviewer
//! uploads its versions (a draft shared with the panel for comments by a date); the panel records, per
//! version, what it contains against what the seed says a report must and should include, and whether
//! it meets the terms of reference; each agency in scope confirms the accuracy of its part or disputes
//! it; and the board approves a version — only the latest, once every agency has answered, no dispute
//! is unresolved and the checklist is complete — confirming the recommendations and action plans, who
//! receives the report, and the dissemination and monitoring arrangements.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Review, ReviewStage};
use crate::{
    FieldError,
    error::{DomainError, IllegalTransition},
    text::{AgencyCode, Narrative, Note, Subject},
    text_enum::text_enum,
};

/// The largest document accepted: a long report with its appendices.
pub const MAX_REPORT_BYTES: usize = 20 * 1024 * 1024;

text_enum!(
    /// What a version's document is, by its content.
    ReportFormat, "format" {
        Pdf => "pdf",
        Docx => "docx",
    }
);

impl ReportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// The format of `bytes` by what they hold, not by what they claim: a PDF begins `%PDF-`; a Word
    /// document is a ZIP archive holding `word/document.xml`.
    pub fn sniff(bytes: &[u8]) -> Option<ReportFormat> {
        if bytes.starts_with(b"%PDF-") {
            return Some(ReportFormat::Pdf);
        }
        let zip = bytes.starts_with(b"PK\x03\x04");
        let word = bytes.windows(17).any(|w| w == b"word/document.xml");
        (zip && word).then_some(ReportFormat::Docx)
    }
}

/// A version of the report as kept (its document apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportVersion {
    pub number: u32,
    pub format: ReportFormat,
    /// Hex SHA-256 of the document.
    pub sha256: String,
    pub size_bytes: u64,
    /// When the panel's comments on this draft are due, if it was shared for comments.
    pub comments_due_on: Option<NaiveDate>,
    pub uploaded_by: Subject,
    pub uploaded_at: DateTime<Utc>,
}

text_enum!(
    /// What a report contains (seed: it "must include" the first two and "should also include" the
    /// rest; the reasons for family members' non-involvement "will be documented in the final report").
    ContentItem, "item" {
        SummaryOfImprovements => "summary_of_improvements",
        SystemicAnalysis => "systemic_analysis",
        OverviewOfWhatHappened => "overview_of_what_happened",
        WhyDecisionsWereTaken => "why_decisions_were_taken",
        HowAgenciesWorkedTogether => "how_agencies_worked_together",
        WhatShouldBeDoneDifferently => "what_should_be_done_differently",
        GoodPractice => "good_practice",
        HowAgenciesWillLearn => "how_agencies_will_learn",
        FamilyNonInvolvementReasons => "family_non_involvement_reasons",
    }
);

/// The panel's check of one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub version: u32,
    pub contains: Vec<ContentItem>,
    /// The panel is satisfied the report meets the agreed terms of reference.
    pub meets_terms_of_reference: bool,
    pub recorded_by: Subject,
    pub recorded_at: DateTime<Utc>,
}

impl Checklist {
    /// What the version lacks before it may be approved: the two items a report must include, the
    /// reasons for non-involvement when a family member was not involved, the panel's check against the
    /// terms of reference.
    pub fn missing(&self, family_member_not_involved: bool) -> Vec<&'static str> {
        let mut needed = vec![
            ContentItem::SummaryOfImprovements,
            ContentItem::SystemicAnalysis,
        ];
        if family_member_not_involved {
            needed.push(ContentItem::FamilyNonInvolvementReasons);
        }
        let mut missing: Vec<&'static str> = needed
            .into_iter()
            .filter(|i| !self.contains.contains(i))
            .map(ContentItem::as_str)
            .collect();
        if !self.meets_terms_of_reference {
            missing.push("meets_terms_of_reference");
        }
        missing
    }
}

text_enum!(
    /// An agency's answer on the accuracy of its part of a version.
    AccuracyAnswer, "answer" {
        Confirmed => "confirmed",
        Disputed => "disputed",
    }
);

/// An agency's answer on one version, and a dispute's resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactualAccuracy {
    pub version: u32,
    pub agency: AgencyCode,
    pub answer: AccuracyAnswer,
    pub comments: Option<Narrative>,
    pub answered_by: Subject,
    pub answered_at: DateTime<Utc>,
    pub resolution: Option<Resolution>,
}

/// How a dispute was settled, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub note: Narrative,
    pub by: Subject,
    pub at: DateTime<Utc>,
}

/// The board's approval of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub version: u32,
    /// To whom the report or parts of it are made available.
    pub recipients: Vec<Note>,
    pub dissemination: Narrative,
    pub monitoring: Narrative,
    pub approved_by: Subject,
    pub approved_at: DateTime<Utc>,
}

fn not_now(review: &Review, allowed: &[&'static str], why: impl Into<String>) -> DomainError {
    IllegalTransition::new(review.stage, allowed, why).into()
}

/// A new version may be uploaded while the review is in finalise (drafts may also be written earlier:
/// from establish on).
pub fn check_upload(
    review: &Review,
    comments_due_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if !matches!(
        review.stage,
        ReviewStage::Establish | ReviewStage::Monitor | ReviewStage::Finalise
    ) {
        return Err(not_now(
            review,
            &[],
            format!(
                "The review is {}: its report is not drafted now.",
                review.stage
            ),
        ));
    }
    if comments_due_on.is_some_and(|d| d < today) {
        return Err(FieldError::new("comments_due_on", "must not be in the past").into());
    }
    Ok(())
}

/// The version a check or an answer is about: one that exists.
pub fn check_version(versions: &[ReportVersion], version: u32) -> Result<(), DomainError> {
    if versions.iter().any(|v| v.number == version) {
        Ok(())
    } else {
        Err(FieldError::new("version", "is not a version of this report").into())
    }
}

/// An agency's answer: from an agency in scope of the review, once per version; a dispute says why.
pub fn check_answer(
    in_scope: &[AgencyCode],
    answers: &[FactualAccuracy],
    answer: &FactualAccuracy,
) -> Result<(), DomainError> {
    if !in_scope.contains(&answer.agency) {
        return Err(crate::Refusal::RoleNotPermitted.into());
    }
    if answers
        .iter()
        .any(|a| a.version == answer.version && a.agency == answer.agency)
    {
        return Err(IllegalTransition::new(
            answer.answer,
            &[],
            format!(
                "{} has answered on version {} already.",
                answer.agency, answer.version
            ),
        )
        .into());
    }
    match (answer.answer, &answer.comments) {
        (AccuracyAnswer::Disputed, None) => {
            Err(FieldError::new("comments", "are required with a dispute").into())
        }
        _ => Ok(()),
    }
}

/// A dispute is resolved once, by whoever runs the review.
pub fn check_resolution(answer: &FactualAccuracy) -> Result<(), DomainError> {
    if answer.answer != AccuracyAnswer::Disputed {
        return Err(
            IllegalTransition::new(answer.answer, &[], "Only a dispute is resolved.").into(),
        );
    }
    if answer.resolution.is_some() {
        return Err(
            IllegalTransition::new("resolved", &[], "The dispute is resolved already.").into(),
        );
    }
    Ok(())
}

/// What the board's approval needs to hold, as recorded.
pub struct ApprovalState<'a> {
    pub versions: &'a [ReportVersion],
    pub checklist: Option<&'a Checklist>,
    pub answers: &'a [FactualAccuracy],
    pub in_scope: &'a [AgencyCode],
    pub family_member_not_involved: bool,
}

/// The board approves the latest version of a review in finalise, once the checklist is complete and
/// every agency in scope has answered on that version with no dispute left unresolved.
pub fn check_approval(
    review: &Review,
    version: u32,
    s: &ApprovalState<'_>,
) -> Result<(), DomainError> {
    if review.stage != ReviewStage::Finalise {
        return Err(not_now(
            review,
            &[],
            format!(
                "The review is {}: a report is approved in finalise.",
                review.stage
            ),
        ));
    }
    let latest = s.versions.iter().map(|v| v.number).max();
    if latest != Some(version) {
        return Err(FieldError::new("version", "must be the latest version of the report").into());
    }
    let mut blocking = vec![];
    match s.checklist {
        None => blocking.push("the panel's checklist of this version".to_owned()),
        Some(c) => {
            let missing = c.missing(s.family_member_not_involved);
            if !missing.is_empty() {
                blocking.push(format!("the checklist lacks {}", missing.join(", ")));
            }
        }
    }
    let on_version = |a: &&FactualAccuracy| a.version == version;
    let unanswered: Vec<String> = s
        .in_scope
        .iter()
        .filter(|agency| {
            !s.answers
                .iter()
                .filter(on_version)
                .any(|a| a.agency == **agency)
        })
        .map(ToString::to_string)
        .collect();
    if !unanswered.is_empty() {
        blocking.push(format!(
            "no factual accuracy answer from {}",
            unanswered.join(", ")
        ));
    }
    let disputed: Vec<String> = s
        .answers
        .iter()
        .filter(on_version)
        .filter(|a| a.answer == AccuracyAnswer::Disputed && a.resolution.is_none())
        .map(|a| a.agency.to_string())
        .collect();
    if !disputed.is_empty() {
        blocking.push(format!(
            "an unresolved dispute from {}",
            disputed.join(", ")
        ));
    }
    if blocking.is_empty() {
        Ok(())
    } else {
        Err(not_now(
            review,
            &[],
            format!(
                "Version {version} cannot be approved yet: {}.",
                blocking.join("; ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReviewKind, decided_review};

    fn who() -> Subject {
        Subject::parse("someone").unwrap()
    }

    fn version(n: u32) -> ReportVersion {
        ReportVersion {
            number: n,
            format: ReportFormat::Pdf,
            sha256: "00".into(),
            size_bytes: 10,
            comments_due_on: None,
            uploaded_by: who(),
            uploaded_at: Utc::now(),
        }
    }

    fn code(s: &str) -> AgencyCode {
        AgencyCode::parse(s).unwrap()
    }

    fn answer(version: u32, agency: &str, a: AccuracyAnswer) -> FactualAccuracy {
        FactualAccuracy {
            version,
            agency: code(agency),
            answer: a,
            comments: (a == AccuracyAnswer::Disputed)
                .then(|| Narrative::parse("Our contact on 3 May is missing.").unwrap()),
            answered_by: who(),
            answered_at: Utc::now(),
            resolution: None,
        }
    }

    fn complete(version: u32) -> Checklist {
        Checklist {
            version,
            contains: ContentItem::ALL.to_vec(),
            meets_terms_of_reference: true,
            recorded_by: who(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn a_document_is_known_by_its_content_not_its_name() {
        assert_eq!(
            ReportFormat::sniff(b"%PDF-1.7\n..."),
            Some(ReportFormat::Pdf)
        );
        let docx = [b"PK\x03\x04".as_slice(), b"....word/document.xml...."].concat();
        assert_eq!(ReportFormat::sniff(&docx), Some(ReportFormat::Docx));
        assert_eq!(ReportFormat::sniff(b"PK\x03\x04 a zip of photos"), None);
        assert_eq!(ReportFormat::sniff(b"<html>%PDF-</html>"), None);
        assert_eq!(ReportFormat::sniff(b""), None);
    }

    #[test]
    fn a_checklist_needs_the_two_musts_the_family_reasons_when_due_and_the_terms_check() {
        let mut c = complete(1);
        assert!(c.missing(true).is_empty());
        c.contains = vec![
            ContentItem::SummaryOfImprovements,
            ContentItem::GoodPractice,
        ];
        c.meets_terms_of_reference = false;
        assert_eq!(
            c.missing(false),
            ["systemic_analysis", "meets_terms_of_reference"]
        );
        assert_eq!(
            c.missing(true),
            [
                "systemic_analysis",
                "family_non_involvement_reasons",
                "meets_terms_of_reference"
            ]
        );
    }

    #[test]
    fn an_agency_answers_once_per_version_for_itself_and_a_dispute_says_why() {
        let scope = [code("LA"), code("POLICE")];
        let given = [answer(1, "LA", AccuracyAnswer::Confirmed)];
        assert!(
            check_answer(
                &scope,
                &given,
                &answer(1, "POLICE", AccuracyAnswer::Disputed)
            )
            .is_ok()
        );
        assert!(check_answer(&scope, &given, &answer(1, "LA", AccuracyAnswer::Confirmed)).is_err());
        assert!(check_answer(&scope, &given, &answer(2, "LA", AccuracyAnswer::Confirmed)).is_ok());
        assert!(
            check_answer(&scope, &given, &answer(1, "ICB", AccuracyAnswer::Confirmed)).is_err()
        );
        let mut bare = answer(1, "POLICE", AccuracyAnswer::Disputed);
        bare.comments = None;
        assert!(matches!(
            check_answer(&scope, &given, &bare),
            Err(DomainError::Invalid(f)) if f[0].field == "comments"
        ));
    }

    #[test]
    fn only_an_open_dispute_is_resolved() {
        assert!(check_resolution(&answer(1, "LA", AccuracyAnswer::Confirmed)).is_err());
        let mut d = answer(1, "LA", AccuracyAnswer::Disputed);
        assert!(check_resolution(&d).is_ok());
        d.resolution = Some(Resolution {
            note: Narrative::parse("Added.").unwrap(),
            by: who(),
            at: Utc::now(),
        });
        assert!(check_resolution(&d).is_err());
    }

    #[test]
    fn the_board_approves_the_latest_version_once_every_agency_answered_and_the_checklist_is_whole()
    {
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Finalise);
        let versions = [version(1), version(2)];
        let scope = [code("LA"), code("POLICE")];
        let checklist = complete(2);
        let mut answers = vec![
            answer(2, "LA", AccuracyAnswer::Confirmed),
            answer(2, "POLICE", AccuracyAnswer::Disputed),
        ];
        fn state<'a>(
            versions: &'a [ReportVersion],
            checklist: &'a Checklist,
            answers: &'a [FactualAccuracy],
            scope: &'a [AgencyCode],
        ) -> ApprovalState<'a> {
            ApprovalState {
                versions,
                checklist: Some(checklist),
                answers,
                in_scope: scope,
                family_member_not_involved: true,
            }
        }
        let refused = check_approval(&review, 2, &state(&versions, &checklist, &answers, &scope))
            .unwrap_err();
        assert!(format!("{refused:?}").contains("unresolved dispute from POLICE"));
        assert!(
            check_approval(&review, 1, &state(&versions, &checklist, &answers, &scope)).is_err(),
            "not the latest"
        );
        answers[1].resolution = Some(Resolution {
            note: Narrative::parse("Corrected in the text.").unwrap(),
            by: who(),
            at: Utc::now(),
        });
        assert!(
            check_approval(&review, 2, &state(&versions, &checklist, &answers, &scope)).is_ok()
        );
        let unanswered = check_approval(
            &review,
            2,
            &state(&versions, &checklist, &answers[..1], &scope),
        )
        .unwrap_err();
        assert!(format!("{unanswered:?}").contains("no factual accuracy answer from POLICE"));
        let monitoring = decided_review(ReviewKind::Cspr, ReviewStage::Monitor);
        assert!(
            check_approval(
                &monitoring,
                2,
                &state(&versions, &checklist, &answers, &scope)
            )
            .is_err()
        );
        let no_checklist = ApprovalState {
            checklist: None,
            ..state(&versions, &checklist, &answers, &scope)
        };
        assert!(check_approval(&review, 2, &no_checklist).is_err());
    }

    #[test]
    fn a_draft_is_uploaded_while_the_review_runs_with_its_comments_due_ahead() {
        let today: NaiveDate = "2026-11-27".parse().unwrap();
        let review = decided_review(ReviewKind::Cspr, ReviewStage::Finalise);
        assert!(check_upload(&review, Some("2026-12-04".parse().unwrap()), today).is_ok());
        assert!(check_upload(&review, Some("2026-11-26".parse().unwrap()), today).is_err());
        let approved = decided_review(ReviewKind::Cspr, ReviewStage::ReportApproved);
        assert!(check_upload(&approved, None, today).is_err());
        assert!(check_version(&[version(1)], 1).is_ok());
        assert!(check_version(&[version(1)], 2).is_err());
    }
}
