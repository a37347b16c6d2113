//! Wire enums: snake_case text in JSON, upper-case enum values in GraphQL. Each mirrors a domain enum
//! variant for variant, so a change to one that forgets the other does not compile.

use cspr_domain::{
    access, agency, audit, rapid_review, referral,
    referral::rectification,
    retention::{disposal, holds, schedule},
    review,
};
use rapid_review::{escalations, requests, timeline, votes};
use review::{
    actions, chronology, commissioning, delays, family, learning, notifications, parallel,
    practitioners, publication, report, team, terms, themes,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident mirrors $module:ident::$domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl From<$name> for $module::$domain {
            fn from(v: $name) -> Self {
                match v { $($name::$variant => $module::$domain::$variant),+ }
            }
        }

        impl From<$module::$domain> for $name {
            fn from(v: $module::$domain) -> Self {
                match v { $($module::$domain::$variant => $name::$variant),+ }
            }
        }
    };
}

wire_enum!(
    /// What sort of organisation an agency is.
    AgencyKind mirrors agency::AgencyKind { LocalAuthority, Police, Health, Education, Probation, Other }
);
wire_enum!(
    /// Which statutory safeguarding partner an agency speaks for: `health` is the Integrated Care Board
    /// (ICB, formerly the CCG). Several agencies may hold one role (a partnership with two councils);
    /// quorum needs a representative of each role, and each role has one vote per question.
    StatutoryRole mirrors agency::StatutoryRole { LocalAuthority, Police, Health, None }
);
wire_enum!(
    /// A role a token grants.
    Role mirrors access::Role { PartnershipAdmin, StatutoryPartner, Agency, LeadReviewer, PanelMember, Board, Reporting, PanelIntegration }
);
wire_enum!(
    /// Death or serious harm: the second limb of a serious child safeguarding case.
    /// `no_serious_harm` is only for a near miss or a good-practice case.
    Harm mirrors referral::Harm { Death, SeriousHarm, NoSeriousHarm }
);
wire_enum!(
    /// Only a `serious_incident` starts the Rapid Review and is notified to the National Panel; a
    /// `near_miss` or `good_practice` case is closed or routed to an alternative learning review at triage.
    ReferralKind mirrors referral::ReferralKind { SeriousIncident, NearMiss, GoodPractice }
);
wire_enum!(
    /// A child's part in the case; at least one child is the `subject` or a `child_perpetrator`.
    ChildRole mirrors referral::ChildRole { Subject, Sibling, OtherChildInHousehold, ChildPerpetrator }
);
wire_enum!(
    /// Whether abuse or neglect is known or suspected: the first limb of a serious child safeguarding case.
    AbuseOrNeglect mirrors referral::AbuseOrNeglect { Known, Suspected, NotSuspected }
);
wire_enum!(Sex mirrors referral::Sex { Female, Male, Indeterminate, NotKnown });
wire_enum!(
    /// Where a referral stands.
    ReferralStatus mirrors referral::ReferralStatus {
        Received, Closed, AlternativeLearningReview, RapidReview, Decided, Submitted,
    }
);
wire_enum!(
    /// The institutional settings the regulations name.
    InstitutionalSetting mirrors referral::InstitutionalSetting {
        ChildrensHome, SecureChildrensHome, OtherResidential, PoliceCustody, YoungOffenderInstitution,
        SecureTrainingCentre, MentalHealthDetention, Other,
    }
);
wire_enum!(
    /// A process running beside the review.
    ParallelProcessKind mirrors referral::ParallelProcessKind {
        CriminalInvestigation, CoronerInquest, DomesticHomicideReview, SafeguardingAdultReview,
        MappaReview, HealthSeriousIncident, DisciplinaryProcess, Other,
    }
);
wire_enum!(AuditAction mirrors audit::AuditAction { Create, Read, List, Delete });
wire_enum!(
    /// The kind of record an audit event is about.
    ResourceKind mirrors audit::ResourceKind {
        Agency, Referral, AuditEvent, RapidReview, InformationRequest, InformationReturn, Vote, Submission,
        Composite, Escalation, Review, ReviewTeam, Chronology, Declaration,
        Commissioning, ReviewNotification, PanelMeeting, ParallelProcess, TermsOfReference, ReviewDelay,
        FamilyEngagement, PractitionerEvent, ReviewTheme, IdempotencyKey, CalendarFeed, OutboxMessage,
        DeliveryDestination, WebhookSubscription, OverviewReport, Publication,
        ActionPlan, Learning, Figures, IdentifyingDetails, LegalHold, Retention, Disposal,
        SubjectAccess, Rectification,
    }
);
wire_enum!(
    /// Which review the partners decided on: a local Child Safeguarding Practice Review, or an
    /// alternative learning review.
    ReviewKind mirrors review::ReviewKind { Cspr, AlternativeLearningReview }
);
wire_enum!(
    /// The seed's key events ("How to Complete a Chronology"), and any other significant event.
    EventCategory mirrors chronology::EventCategory {
        ContactOrReferral, Assessment, StrategyDiscussion, ChildProtectionConferenceOrMeeting,
        Section47Enquiry, InjuryOrNeglect, HospitalAttendanceOrAdmission, BirthDeathOrSeriousIllness,
        HouseMove, ChangeInHousehold, CriminalProceedings, CivilOrCourtProceedingsAndLegalStatus,
        SchoolChangeOrExclusion, ChangeOfGp, SelfReferral, PoliceIncident, MissingEpisode,
        SuicideAttemptOrOverdose, SupportOffered, EngagementWithProfessionals, UnknownAdultsPresent,
        OtherSignificantEvent,
    }
);
wire_enum!(
    /// How exactly an entry's date is known.
    DatePrecision mirrors chronology::DatePrecision { Day, Month, Approximate }
);
wire_enum!(
    /// The model of review (seed, Appendix 3), adapted to the case; `other` names its own.
    Methodology mirrors commissioning::Methodology {
        SystemsLearningTogether, TraditionalWithImrs, MultiAgencyChronology, ReflectiveLearningWorkshop,
        PeerReview, RootCauseAnalysis, SignificantEventAnalysis, Other,
    }
);
wire_enum!(
    /// A notification a review owes: its commissioning (a CSPR), or its lead reviewer's name, to the
    /// National Panel, the Department for Education or Ofsted; or the reasons for a delay past six
    /// months, to the National Panel and the Secretary of State.
    ReviewNotificationKind mirrors notifications::ReviewNotificationKind {
        CommissioningNationalPanel, CommissioningDepartmentForEducation, CommissioningOfsted,
        ReviewerNamedNationalPanel, ReviewerNamedOfsted, ReviewerNamedDepartmentForEducation,
        DelayNationalPanel, DelaySecretaryOfState,
    }
);
wire_enum!(
    /// What runs beside a review.
    ParallelKind mirrors parallel::ParallelKind {
        CriminalInvestigation, CoronersInquest, DomesticHomicideReview, SafeguardingAdultReview,
        MappaReview, NhsSeriousIncident, Disciplinary, Other,
    }
);
wire_enum!(
    /// What a member of a review's team does.
    TeamRole mirrors team::TeamRole { LeadReviewer, Chair, Facilitator, Author, PanelMember }
);
wire_enum!(
    /// Where a review stands; it opens in `commissioning`.
    ReviewStage mirrors review::ReviewStage {
        Commissioning, Establish, Monitor, Finalise, ReportApproved, Published, Closed,
    }
);
wire_enum!(
    /// Where triage sends a referral.
    TriageOutcome mirrors rapid_review::TriageOutcome { RapidReview, Close, AlternativeLearningReview }
);
wire_enum!(
    /// A notification sent, recorded here: the serious incident notification, Ofsted's and the Secretary of
    /// State's for a looked-after child's death, and the decision's (`decision_*`: to the Department for
    /// Education, Ofsted and the involved agencies for a CSPR; to the nominated leads and the chair always).
    NotificationKind mirrors rapid_review::NotificationKind {
        NationalPanelSeriousIncident, OfstedLookedAfterDeath, SecretaryOfStateLookedAfterDeath,
        DecisionDepartmentForEducation, DecisionOfsted, DecisionInvolvedAgencies, DecisionLeadsAndChair,
    }
);
wire_enum!(
    /// What is asked: the Rapid Review's `initial_scoping` and `rapid_review_return`; a review's
    /// `chronology`, `imr`, `information_report` and `organisational_change_chronology`.
    RequestKind mirrors requests::RequestKind {
        InitialScoping, RapidReviewReturn, Chronology, Imr, InformationReport, OrganisationalChangeChronology,
    }
);
wire_enum!(RequestStatus mirrors requests::RequestStatus { Issued, Submitted, ReturnedForRework, Accepted });
wire_enum!(
    /// Why a return is sent back to be redone.
    ReworkReason mirrors requests::ReworkReason { NoAnalysis, PastedCaseNotes, RecordsNotSecured, Incomplete, Other }
);
wire_enum!(
    /// Who an overdue or disputed request is escalated to: the Case Review Subgroup first, then the
    /// Safeguarding Partners.
    EscalationLevel mirrors escalations::EscalationLevel { CaseReviewSubgroup, SafeguardingPartners }
);
wire_enum!(
    /// Question 1 is `hold_cspr`; question 2, `hold_alternative_review`, is put only if a majority said no to 1.
    Question mirrors votes::Question { HoldCspr, HoldAlternativeReview }
);
wire_enum!(Choice mirrors votes::Choice { Yes, No });
wire_enum!(DecisionOutcome mirrors votes::DecisionOutcome { Cspr, AlternativeLearningReview, NoFurtherReview });
wire_enum!(
    /// `another_authority`: the step is another local authority's duty (named in the step's rule).
    StepStatus mirrors timeline::StepStatus { DoneOnTime, DoneLate, Due, Overdue, AnotherAuthority }
);

impl Default for ReferralKind {
    /// A form that does not say is the Referral Form's own case: a serious incident.
    fn default() -> Self {
        ReferralKind::SeriousIncident
    }
}

impl Default for ChildRole {
    /// A child a form does not say more of is the child the referral is about.
    fn default() -> Self {
        ChildRole::Subject
    }
}
wire_enum!(
    /// What a review's timetable plans.
    TimetableKind mirrors terms::TimetableKind {
        PanelMeeting, LearningEvent, FamilyEngagement, FeedbackEvent, DraftReport,
    }
);
wire_enum!(
    /// What delays a review.
    DelayCause mirrors delays::DelayCause {
        PoliceRequest, CriminalTrial, Inquest, ParallelReview, AgencyInformation, FamilyEngagement, Other,
    }
);
wire_enum!(
    /// How a family member is related to the child the review is about.
    FamilyRelationship mirrors family::Relationship {
        Mother, Father, StepParent, ParentsPartner, Sibling, SurvivingChild, Grandparent, OtherRelative,
        Carer, Other,
    }
);
wire_enum!(
    /// How a family member was invited to contribute.
    InvitationMethod mirrors family::InvitationMethod {
        Letter, Telephone, InPerson, ThroughPractitioner, Email, Other,
    }
);
wire_enum!(
    /// A family member's answer to the invitation.
    FamilyResponse mirrors family::FamilyResponse { Awaited, Accepted, Declined, NoResponse }
);
wire_enum!(
    /// Which practitioner event.
    PractitionerEventKind mirrors practitioners::PractitionerEventKind {
        ReflectiveLearningWorkshop, FeedbackEvent,
    }
);
wire_enum!(
    /// A question the review pursues, or a theme it has found.
    ThemeKind mirrors themes::ThemeKind { KeyLineOfEnquiry, Theme }
);
wire_enum!(
    /// A report version's document, known by its content: PDF or Word (`.docx`).
    ReportFormat mirrors report::ReportFormat { Pdf, Docx }
);
wire_enum!(
    /// What a report contains: it must include `summary_of_improvements` and `systemic_analysis`, and
    /// `family_non_involvement_reasons` when a family member was not involved; it should include the
    /// rest.
    ContentItem mirrors report::ContentItem {
        SummaryOfImprovements, SystemicAnalysis, OverviewOfWhatHappened, WhyDecisionsWereTaken,
        HowAgenciesWorkedTogether, WhatShouldBeDoneDifferently, GoodPractice, HowAgenciesWillLearn,
        FamilyNonInvolvementReasons,
    }
);
wire_enum!(
    /// An agency's answer on the accuracy of its part of a report version.
    AccuracyAnswer mirrors report::AccuracyAnswer { Confirmed, Disputed }
);
wire_enum!(
    /// Whether the report is published, or withheld as inappropriate to publish (then the information
    /// about improvements is published instead).
    PublicationDecision mirrors publication::PublicationDecision { Publish, Withhold }
);
wire_enum!(
    /// Who receives the full report seven working days before publication.
    CopyRecipient mirrors publication::CopyRecipient { NationalPanel, Ofsted, SecretaryOfState }
);
wire_enum!(
    /// What went public: the report, or a withheld report's information about improvements.
    PublishedKind mirrors publication::PublishedKind { Report, Improvements }
);
wire_enum!(
    /// Where an action stands.
    ActionStatus mirrors actions::ActionStatus { Open, InProgress, Complete }
);
wire_enum!(
    /// How learning from a review was shared.
    DisseminationKind mirrors learning::DisseminationKind {
        Briefing, LearningEvent, TeamMeeting, Supervision, Newsletter, Other,
    }
);
wire_enum!(
    /// Why records are held from disposal.
    HoldKind mirrors holds::HoldKind { Inquest, Litigation, Inquiry, PoliceRequest, Other }
);
wire_enum!(
    /// What kind of record, for how long it is kept (docs/DATA-PROTECTION.md).
    RetentionClass mirrors schedule::RetentionClass {
        TriageClosed, RapidReview, AlternativeReview, Cspr, PublishedReport, AuditTrail, DeliveryLog,
    }
);
wire_enum!(
    /// Which record: a case, its review's publication record, or the partnership's audit trail or
    /// delivery log.
    RetentionRecord mirrors schedule::RecordKind { Case, Publication, AuditTrail, DeliveryLog }
);
wire_enum!(
    /// Where a case listed for disposal stands: listed for a decision, disposed of, or kept (refused).
    DisposalStatus mirrors disposal::DisposalStatus { Listed, Disposed, Refused }
);
wire_enum!(
    /// What a rectification corrects: the referral's summary, or a child's field.
    RectifiedField mirrors rectification::RectifiedField {
        Summary, ChildSex, ChildLookedAfter, ChildProtectionPlan, ChildLocalAuthority,
    }
);
