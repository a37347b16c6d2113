//! The overview report's use cases: versions uploaded by whoever runs the review, read by those the
//! review concerns (its team, the business team and partners, the board, the agencies in scope),
//! checked by the panel, answered on by each agency, approved by the board.

use aws_lc_rs::digest::{SHA256, digest};
use cspr_domain::{
    access::{ReviewScope, Role},
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::ReviewId,
    review::{
        Review, ReviewStage,
        report::{
            self, Approval, ApprovalState, Checklist, FactualAccuracy, ReportFormat, ReportVersion,
            Resolution,
        },
    },
    text::{AgencyCode, Narrative, Note},
};
use cspr_openapi::report::{
    ApprovalCreate, ApprovalView, ChecklistCreate, FactualAccuracyCreate, OverviewReport,
    ReportVersionView, ResolutionCreate,
};
use cspr_persistence::{DbConnection, audit, reviews};

use crate::{
    app::{case_material, conducted_review, field, review_id},
    context::{Audit, Caller, Ctx},
    error::ApiError,
};

/// The review whose report the caller may read: the board and those who see the review, once
/// declared; an agency in scope of its current terms of reference.
pub(crate) fn readable(
    conn: &mut DbConnection,
    caller: &Caller,
    id: ReviewId,
) -> Result<Review, ApiError> {
    let actor = &caller.actor;
    let pid = caller.partnership.id;
    if actor.has(Role::Board) {
        return reviews::find(conn, pid, &ReviewScope::Partnership, id)?.ok_or(ApiError::NotFound);
    }
    if let Ok(scope) = actor.review_scope() {
        return case_material(conn, caller, &scope, id);
    }
    let agency = actor.acting_agency()?;
    let review =
        reviews::find(conn, pid, &ReviewScope::Partnership, id)?.ok_or(ApiError::NotFound)?;
    in_scope(conn, id)?
        .contains(agency)
        .then_some(review)
        .ok_or(ApiError::NotFound)
}

/// The agencies in scope of the review's current terms of reference.
fn in_scope(conn: &mut DbConnection, id: ReviewId) -> Result<Vec<AgencyCode>, ApiError> {
    Ok(reviews::terms::current(conn, id)?
        .map(|t| t.terms.agencies.into_iter().map(|a| a.agency).collect())
        .unwrap_or_default())
}

fn family_member_not_involved(conn: &mut DbConnection, id: ReviewId) -> Result<bool, ApiError> {
    Ok(reviews::family::of_review(conn, id)?
        .iter()
        .any(|m| m.non_involvement_reason.is_some()))
}

/// The report as it stands.
fn assemble(conn: &mut DbConnection, id: ReviewId) -> Result<OverviewReport, ApiError> {
    let versions = reviews::report::versions_of(conn, id)?;
    let checklists = reviews::report::checklists_of(conn, id)?;
    let answers = reviews::report::answers_of(conn, id)?;
    let approval = reviews::report::approval(conn, id)?;
    let family = family_member_not_involved(conn, id)?;
    let scope = in_scope(conn, id)?;
    let latest = versions.last().map(|v| v.number);
    let awaiting = scope
        .iter()
        .filter(|a| {
            latest.is_some_and(|n| !answers.iter().any(|x| x.version == n && x.agency == **a))
        })
        .map(ToString::to_string)
        .collect();
    Ok(OverviewReport {
        review_id: id.to_string(),
        versions: versions
            .iter()
            .map(|v| {
                let checklist = checklists.iter().find(|c| c.version == v.number);
                ReportVersionView::view(v, checklist, &answers, family)
            })
            .collect(),
        awaiting_answers_from: awaiting,
        approval: approval.as_ref().map(ApprovalView::from),
    })
}

fn audited(conn: &mut DbConnection, log: &Audit, id: ReviewId) -> Result<(), ApiError> {
    audit::append(
        conn,
        &[log.event(
            AuditAction::Create,
            ResourceKind::OverviewReport,
            Some(id.to_string()),
        )],
    )?;
    Ok(())
}

/// A new version, from its document: PDF or Word by its content, and what its declared type says
/// (`application/octet-stream` declares nothing).
pub async fn upload(
    ctx: &Ctx,
    id: &str,
    declared: Option<String>,
    document: Vec<u8>,
    comments_due_on: Option<chrono::NaiveDate>,
) -> Result<OverviewReport, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let declared = declared.unwrap_or_default();
    let claimed = ReportFormat::ALL
        .iter()
        .copied()
        .find(|f| declared.starts_with(f.content_type()));
    // `application/octet-stream` leaves the format to the content alone.
    if claimed.is_none() && !declared.starts_with("application/octet-stream") {
        return Err(ApiError::UnsupportedMediaType);
    }
    let format = match (claimed, ReportFormat::sniff(&document)) {
        (Some(c), Some(s)) if c == s => s,
        (None, Some(s)) => s,
        (Some(c), _) => {
            let why = format!("is not a {} document", c.as_str().to_uppercase());
            return Err(cspr_domain::FieldError::new("document", why).into());
        }
        (None, None) => {
            let why = "is neither a PDF nor a Word document";
            return Err(cspr_domain::FieldError::new("document", why).into());
        }
    };
    let sha256: String = digest(&SHA256, &document)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        report::check_upload(&review, comments_due_on, england_date(log.now()))?;
        let existing = reviews::report::versions_of(conn, id)?;
        let version = ReportVersion {
            number: u32::try_from(existing.len()).unwrap_or(u32::MAX) + 1,
            format,
            sha256,
            size_bytes: u64::try_from(document.len()).unwrap_or(u64::MAX),
            comments_due_on,
            uploaded_by: caller.actor.subject.clone(),
            uploaded_at: log.now(),
        };
        reviews::report::insert_version(conn, id, &version, &document)?;
        audited(conn, log, id)?;
        assemble(conn, id)
    })
    .await
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<OverviewReport, ApiError> {
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        readable(conn, caller, id)?;
        let report = assemble(conn, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::OverviewReport,
            Some(id.to_string()),
        )]);
        Ok(report)
    })
    .await
}

/// A version's document as uploaded, with its format.
pub async fn document(
    ctx: &Ctx,
    id: &str,
    version: u32,
) -> Result<(ReportFormat, Vec<u8>), ApiError> {
    let id = review_id(id)?;
    ctx.read(move |conn, caller, log| {
        readable(conn, caller, id)?;
        let found = reviews::report::document(conn, id, version)?.ok_or(ApiError::NotFound)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::OverviewReport,
            Some(format!("{id}/versions/{version}")),
        )]);
        Ok(found)
    })
    .await
}

/// The panel's check of a version, recorded by whoever runs the review; once per version.
pub async fn check(
    ctx: &Ctx,
    id: &str,
    version: u32,
    input: ChecklistCreate,
) -> Result<OverviewReport, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let mut contains: Vec<report::ContentItem> = vec![];
    for (i, item) in input.contains.iter().enumerate() {
        let item = (*item).into();
        if contains.contains(&item) {
            return Err(
                cspr_domain::FieldError::new(format!("contains[{i}]"), "is named twice").into(),
            );
        }
        contains.push(item);
    }
    ctx.command(move |conn, caller, log| {
        let (review, _) = conducted_review(conn, caller, &scope, id)?;
        let versions = reviews::report::versions_of(conn, id)?;
        report::check_version(&versions, version)?;
        if reviews::report::checklists_of(conn, id)?
            .iter()
            .any(|c| c.version == version)
        {
            return Err(cspr_domain::error::IllegalTransition::new(
                review.stage,
                &[],
                format!("Version {version} is checked already: check the next version."),
            )
            .into());
        }
        let checklist = Checklist {
            version,
            contains,
            meets_terms_of_reference: input.meets_terms_of_reference,
            recorded_by: caller.actor.subject.clone(),
            recorded_at: log.now(),
        };
        reviews::report::record_checklist(conn, id, &checklist)?;
        audited(conn, log, id)?;
        assemble(conn, id)
    })
    .await
}

/// An agency in scope confirms the accuracy of its part of a version, or disputes it.
pub async fn answer(
    ctx: &Ctx,
    id: &str,
    version: u32,
    input: FactualAccuracyCreate,
) -> Result<OverviewReport, ApiError> {
    let agency = ctx.caller.actor.acting_agency()?.clone();
    let id = review_id(id)?;
    let comments = input
        .comments
        .as_deref()
        .map(|c| field(Narrative::parse(c), "comments"))
        .transpose()?;
    ctx.command(move |conn, caller, log| {
        let review = reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
            .ok_or(ApiError::NotFound)?;
        let scope = in_scope(conn, id)?;
        if !scope.contains(&agency) {
            return Err(ApiError::NotFound);
        }
        if review.stage != ReviewStage::Finalise {
            return Err(cspr_domain::error::IllegalTransition::new(
                review.stage,
                &[],
                "Agencies answer on the report's accuracy while the review is in finalise.",
            )
            .into());
        }
        report::check_version(&reviews::report::versions_of(conn, id)?, version)?;
        let given = FactualAccuracy {
            version,
            agency,
            answer: input.answer.into(),
            comments,
            answered_by: caller.actor.subject.clone(),
            answered_at: log.now(),
            resolution: None,
        };
        report::check_answer(&scope, &reviews::report::answers_of(conn, id)?, &given)?;
        reviews::report::record_answer(conn, id, &given)?;
        audited(conn, log, id)?;
        assemble(conn, id)
    })
    .await
}

/// Whoever runs the review records how an agency's dispute was settled.
pub async fn resolve(
    ctx: &Ctx,
    id: &str,
    version: u32,
    agency: &str,
    input: ResolutionCreate,
) -> Result<OverviewReport, ApiError> {
    let scope = ctx.caller.actor.review_scope()?;
    let id = review_id(id)?;
    let agency = AgencyCode::parse(agency).map_err(|_| ApiError::NotFound)?;
    let note = field(Narrative::parse(&input.note), "note")?;
    ctx.command(move |conn, caller, log| {
        conducted_review(conn, caller, &scope, id)?;
        let answers = reviews::report::answers_of(conn, id)?;
        let disputed = answers
            .iter()
            .find(|a| a.version == version && a.agency == agency)
            .ok_or(ApiError::NotFound)?;
        report::check_resolution(disputed)?;
        let resolution = Resolution {
            note,
            by: caller.actor.subject.clone(),
            at: log.now(),
        };
        reviews::report::resolve(conn, id, version, &agency, &resolution)?;
        audited(conn, log, id)?;
        assemble(conn, id)
    })
    .await
}

/// The board approves the latest version: the review's report is approved.
pub async fn approve(
    ctx: &Ctx,
    id: &str,
    input: ApprovalCreate,
) -> Result<OverviewReport, ApiError> {
    ctx.caller.actor.may_approve_report()?;
    let id = review_id(id)?;
    let mut errors = cspr_domain::error::Errors::new();
    if !input.recommendations_confirmed {
        errors.push(cspr_domain::FieldError::new(
            "recommendations_confirmed",
            "the board confirms the recommendations with its approval",
        ));
    }
    if !input.action_plans_confirmed {
        errors.push(cspr_domain::FieldError::new(
            "action_plans_confirmed",
            "the board confirms the action plans with its approval",
        ));
    }
    if input.recipients.is_empty() {
        errors.push(cspr_domain::FieldError::new(
            "recipients",
            "must name at least one",
        ));
    }
    let recipients: Vec<Note> = input
        .recipients
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            errors.take(Note::parse(r).map_err(|e| e.under(&format!("recipients[{i}]"))))
        })
        .collect();
    let dissemination =
        errors.take(Narrative::parse(&input.dissemination).map_err(|e| e.under("dissemination")));
    let monitoring =
        errors.take(Narrative::parse(&input.monitoring).map_err(|e| e.under("monitoring")));
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors.into_vec()));
    }
    let (Some(dissemination), Some(monitoring)) = (dissemination, monitoring) else {
        return Err(ApiError::internal(std::io::Error::other("checked above")));
    };
    ctx.command(move |conn, caller, log| {
        let review = reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
            .ok_or(ApiError::NotFound)?;
        let versions = reviews::report::versions_of(conn, id)?;
        let checklists = reviews::report::checklists_of(conn, id)?;
        let answers = reviews::report::answers_of(conn, id)?;
        let scope = in_scope(conn, id)?;
        let state = ApprovalState {
            versions: &versions,
            checklist: checklists.iter().find(|c| c.version == input.version),
            answers: &answers,
            in_scope: &scope,
            family_member_not_involved: family_member_not_involved(conn, id)?,
        };
        report::check_approval(&review, input.version, &state)?;
        let approval = Approval {
            version: input.version,
            recipients,
            dissemination,
            monitoring,
            approved_by: caller.actor.subject.clone(),
            approved_at: log.now(),
        };
        reviews::report::approve(conn, id, &approval)?;
        if !reviews::move_stage(conn, id, ReviewStage::Finalise, ReviewStage::ReportApproved)? {
            return Err(ApiError::Conflict {
                field: None,
                detail: "The review moved on meanwhile.".into(),
            });
        }
        audited(conn, log, id)?;
        assemble(conn, id)
    })
    .await
}
