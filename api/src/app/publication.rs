//! A review's publication: recorded by the business team on the partners' behalf, read by those who
//! see the review and the board; the public register read by anyone. The copies before publication
//! and the NSPCC deposit are written to the outbox for their recipients.

use chrono::{DateTime, NaiveDate, Utc};
use cspr_domain::{
    access::ReviewScope,
    audit::{AuditAction, ResourceKind},
    calendar::england_date,
    ids::ReviewId,
    outbox::{Concerns, Event, EventType, Recipient},
    review::{
        Review, ReviewStage,
        parallel::Conclusion,
        publication::{
            Copy, CopyRecipient, Decision, Deposit, Plan, Publication, Published, PublishedKind,
            latest_copy_date,
        },
    },
    text::{Name, Narrative, Note, PartnershipSlug},
};
use cspr_openapi::{
    publication::{
        NspccDepositCreate, PublicationCopyCreate, PublicationDecisionCreate,
        PublicationPlanCreate, PublicationPublishedCreate, PublicationRegister, PublicationView,
        RegisterEntry,
    },
    review::ConclusionCreate,
};
use cspr_persistence::{DbConnection, PersistenceError, audit, partnerships, reviews};

use crate::{
    app::{field, outbox::publish, review_id},
    context::{Audit, Caller, Ctx},
    error::ApiError,
};

/// The review the business team records publication on.
fn recorded_on(conn: &mut DbConnection, caller: &Caller, id: ReviewId) -> Result<Review, ApiError> {
    caller.actor.may_commission_review()?;
    reviews::find(conn, caller.partnership.id, &ReviewScope::Partnership, id)?
        .ok_or(ApiError::NotFound)
}

fn view(
    conn: &mut DbConnection,
    ctx_calendar: &cspr_domain::calendar::Calendar,
    id: ReviewId,
) -> Result<PublicationView, ApiError> {
    let p = reviews::publication::load(conn, id)?;
    let due = p
        .plan
        .as_ref()
        .map(|pl| latest_copy_date(ctx_calendar, pl.planned_on));
    Ok(PublicationView::view(id.to_string(), &p, due))
}

fn audited(conn: &mut DbConnection, log: &Audit, id: ReviewId) -> Result<(), ApiError> {
    audit::append(
        conn,
        &[log.event(
            AuditAction::Create,
            ResourceKind::Publication,
            Some(id.to_string()),
        )],
    )?;
    Ok(())
}

/// Runs one publication step on the review, then answers with the publication as it stands.
async fn step(
    ctx: &Ctx,
    id: &str,
    f: impl FnOnce(
        &mut DbConnection,
        &Review,
        &Publication,
        &Caller,
        &Audit,
        NaiveDate,
    ) -> Result<(), ApiError>
    + Send
    + 'static,
) -> Result<PublicationView, ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let id = review_id(id)?;
    let calendar = ctx.calendar.clone();
    ctx.command(move |conn, caller, log| {
        let review = recorded_on(conn, caller, id)?;
        let publication = reviews::publication::load(conn, id)?;
        f(
            conn,
            &review,
            &publication,
            caller,
            log,
            england_date(log.now()),
        )?;
        audited(conn, log, id)?;
        view(conn, &calendar, id)
    })
    .await
}

pub async fn get(ctx: &Ctx, id: &str) -> Result<PublicationView, ApiError> {
    let id = review_id(id)?;
    let scope = ctx.caller.actor.outcome_scope()?;
    let calendar = ctx.calendar.clone();
    ctx.read(move |conn, caller, log| {
        reviews::find(conn, caller.partnership.id, &scope, id)?.ok_or(ApiError::NotFound)?;
        let shown = view(conn, &calendar, id)?;
        log.record(vec![log.event(
            AuditAction::Read,
            ResourceKind::Publication,
            Some(id.to_string()),
        )]);
        Ok(shown)
    })
    .await
}

pub async fn decide(
    ctx: &Ctx,
    id: &str,
    input: PublicationDecisionCreate,
) -> Result<PublicationView, ApiError> {
    let narrative = |v: &Option<String>, name: &str| {
        v.as_deref()
            .map(|s| field(Narrative::parse(s), name))
            .transpose()
    };
    let reasons = narrative(&input.reasons, "reasons")?;
    let improvements = narrative(&input.improvements, "improvements")?;
    step(ctx, id, move |conn, review, publication, caller, log, _| {
        publication.check_decision(review)?;
        let d = Decision::new(
            input.decision.into(),
            reasons,
            improvements,
            caller.actor.subject.clone(),
            log.now(),
        )?;
        Ok(reviews::publication::record_decision(conn, review.id, &d)?)
    })
    .await
}

pub async fn plan(
    ctx: &Ctx,
    id: &str,
    input: PublicationPlanCreate,
) -> Result<PublicationView, ApiError> {
    let mut errors = cspr_domain::error::Errors::new();
    let title = errors.take(Name::parse(&input.title).map_err(|e| e.under("title")));
    let wishes =
        errors.take(Narrative::parse(&input.family_wishes).map_err(|e| e.under("family_wishes")));
    let media =
        errors.take(Name::parse(&input.media_contact).map_err(|e| e.under("media_contact")));
    let reviewers: Vec<Name> = input
        .reviewer_names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            errors.take(Name::parse(n).map_err(|e| e.under(&format!("reviewer_names[{i}]"))))
        })
        .collect();
    let (Some(title), Some(family_wishes), Some(media_contact)) = (title, wishes, media) else {
        return Err(ApiError::Invalid(errors.into_vec()));
    };
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors.into_vec()));
    }
    let calendar = ctx.calendar.clone();
    step(
        ctx,
        id,
        move |conn, review, publication, caller, log, today| {
            let plan = Plan {
                title,
                planned_on: input.planned_on,
                family_wishes,
                family_discussed_on: input.family_discussed_on,
                practitioners_told_on: input.practitioners_told_on,
                media_contact,
                reviewer_names: reviewers,
                planned_by: caller.actor.subject.clone(),
                planned_at: log.now(),
            };
            publication.check_plan(review, &plan, &calendar, today)?;
            reviews::publication::record_plan(conn, review.id, &plan)?;
            let due = latest_copy_date(&calendar, plan.planned_on);
            Ok(copies_owed(
                conn,
                review,
                publication,
                plan.planned_on,
                due,
                log.now(),
            )?)
        },
    )
    .await
}

fn copy_recipient(r: CopyRecipient) -> Recipient {
    match r {
        CopyRecipient::NationalPanel => Recipient::NationalPanel,
        CopyRecipient::Ofsted => Recipient::Ofsted,
        CopyRecipient::SecretaryOfState => Recipient::SecretaryOfState,
    }
}

fn copy_key(review: ReviewId, r: CopyRecipient) -> String {
    format!("review/{review}/publication_copy/{r}")
}

/// The copies not yet sent, each told to its recipient's destination once.
fn copies_owed(
    conn: &mut DbConnection,
    review: &Review,
    publication: &Publication,
    planned_on: NaiveDate,
    due: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), PersistenceError> {
    for r in CopyRecipient::ALL {
        if publication.copies.iter().any(|c| c.recipient == *r) {
            continue;
        }
        let event = Event {
            event_type: EventType::ReviewPublicationCopy,
            partnership_id: review.partnership_id,
            concerns: Concerns::Partnership,
            data: vec![
                ("review_id", review.id.to_string()),
                ("recipient", r.to_string()),
                ("planned_on", planned_on.to_string()),
                ("copy_due_by", due.to_string()),
            ],
            occurred_at: at,
        };
        publish(
            conn,
            event,
            Some((copy_recipient(*r), copy_key(review.id, *r))),
        )?;
    }
    Ok(())
}

pub async fn copy(
    ctx: &Ctx,
    id: &str,
    input: PublicationCopyCreate,
) -> Result<PublicationView, ApiError> {
    let calendar = ctx.calendar.clone();
    step(
        ctx,
        id,
        move |conn, review, publication, caller, log, today| {
            let recipient: CopyRecipient = input.recipient.into();
            publication.check_copy(review, recipient, input.sent_on, &calendar, today)?;
            let c = Copy {
                recipient,
                sent_on: input.sent_on,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            reviews::publication::record_copy(conn, review.id, &c)?;
            let key = copy_key(review.id, recipient);
            Ok(crate::app::outbox::recorded_by_hand(
                conn,
                caller,
                &key,
                log.now(),
            )?)
        },
    )
    .await
}

fn web_address(s: &str) -> Result<String, ApiError> {
    let parsed = reqwest::Url::parse(s)
        .ok()
        .filter(|u| u.scheme() == "https" && u.host_str().is_some());
    parsed.map(|u| u.to_string()).ok_or_else(|| {
        cspr_domain::FieldError::new("web_address", "must be an https address").into()
    })
}

/// The report published: the review's stage becomes `published`; the NSPCC is told a report awaits
/// its deposit, and the partnership's subscriptions that a report is out.
pub async fn publish_report(
    ctx: &Ctx,
    id: &str,
    input: PublicationPublishedCreate,
) -> Result<PublicationView, ApiError> {
    went_public(ctx, id, input, PublishedKind::Report).await
}

/// A withheld report's information about improvements published.
pub async fn publish_improvements(
    ctx: &Ctx,
    id: &str,
    input: PublicationPublishedCreate,
) -> Result<PublicationView, ApiError> {
    went_public(ctx, id, input, PublishedKind::Improvements).await
}

async fn went_public(
    ctx: &Ctx,
    id: &str,
    input: PublicationPublishedCreate,
    kind: PublishedKind,
) -> Result<PublicationView, ApiError> {
    let address = web_address(&input.web_address)?;
    let calendar = ctx.calendar.clone();
    step(
        ctx,
        id,
        move |conn, review, publication, caller, log, today| {
            let (on, until) = (input.published_on, input.available_until);
            let (title, reviewer_names) = match kind {
                PublishedKind::Report => {
                    let parallel = reviews::parallel::of_review(conn, review.id)?;
                    publication.check_publish(review, &parallel, on, until, &calendar, today)?;
                    let plan = publication.plan.as_ref().ok_or(ApiError::NotFound)?;
                    (plan.title.clone(), plan.reviewer_names.clone())
                }
                PublishedKind::Improvements => {
                    publication.check_improvements(review, on, until, today)?;
                    let title = Name::parse("Information about improvements")
                        .map_err(|e| ApiError::internal(std::io::Error::other(e.reason)))?;
                    (title, vec![])
                }
            };
            let p = Published {
                kind,
                title,
                published_on: on,
                web_address: address,
                available_until: until,
                reviewer_names,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            reviews::publication::record_published(conn, caller.partnership.id, review.id, &p)?;
            if !reviews::move_stage(
                conn,
                review.id,
                ReviewStage::ReportApproved,
                ReviewStage::Published,
            )? {
                return Err(ApiError::Conflict {
                    field: None,
                    detail: "The review moved on meanwhile.".into(),
                });
            }
            let event = Event {
                event_type: EventType::ReviewPublished,
                partnership_id: review.partnership_id,
                concerns: Concerns::Partnership,
                data: vec![
                    ("review_id", review.id.to_string()),
                    ("kind", kind.to_string()),
                    ("published_on", on.to_string()),
                ],
                occurred_at: log.now(),
            };
            let nspcc = (kind == PublishedKind::Report).then(|| {
                (
                    Recipient::Nspcc,
                    format!("review/{}/nspcc_deposit", review.id),
                )
            });
            Ok(publish(conn, event, nspcc)?)
        },
    )
    .await
}

pub async fn deposit(
    ctx: &Ctx,
    id: &str,
    input: NspccDepositCreate,
) -> Result<PublicationView, ApiError> {
    let acknowledgement = input
        .acknowledgement
        .as_deref()
        .map(|a| field(Note::parse(a), "acknowledgement"))
        .transpose()?;
    step(
        ctx,
        id,
        move |conn, review, publication, caller, log, today| {
            publication.check_deposit(review, input.deposited_on, today)?;
            let d = Deposit {
                deposited_on: input.deposited_on,
                acknowledgement,
                recorded_by: caller.actor.subject.clone(),
                recorded_at: log.now(),
            };
            reviews::publication::record_deposit(conn, review.id, &d)?;
            let key = format!("review/{}/nspcc_deposit", review.id);
            Ok(crate::app::outbox::recorded_by_hand(
                conn,
                caller,
                &key,
                log.now(),
            )?)
        },
    )
    .await
}

/// A parallel process concluded: publication no longer waits for it.
pub async fn conclude(
    ctx: &Ctx,
    id: &str,
    number: u32,
    input: ConclusionCreate,
) -> Result<(), ApiError> {
    ctx.caller.actor.may_commission_review()?;
    let id = review_id(id)?;
    let outcome = field(Note::parse(&input.outcome), "outcome")?;
    ctx.command(move |conn, caller, log| {
        recorded_on(conn, caller, id)?;
        let processes = reviews::parallel::of_review(conn, id)?;
        let process = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| processes.get(i))
            .ok_or(ApiError::NotFound)?;
        process.check_conclusion(input.concluded_on, england_date(log.now()))?;
        let c = Conclusion {
            concluded_on: input.concluded_on,
            outcome,
        };
        reviews::parallel::conclude(conn, id, number, &c)?;
        audit::append(
            conn,
            &[log.event(
                AuditAction::Create,
                ResourceKind::ParallelProcess,
                Some(id.to_string()),
            )],
        )?;
        Ok(())
    })
    .await
}

/// The public register: a partnership's published reports within their availability, read without
/// signing in. Only what the register lists is read; no case data, so no audit event.
pub async fn register(
    state: &crate::context::AppState,
    slug: &str,
) -> Result<PublicationRegister, ApiError> {
    let slug = PartnershipSlug::parse(slug).map_err(|_| ApiError::NotFound)?;
    let today = england_date(state.clock.now());
    let db = state.db.clone();
    crate::app::blocking(move || {
        db.read(cspr_persistence::ReadShape::Statements, |conn| {
            let partnership = partnerships::find_by_slug(conn, &slug)?.ok_or(ApiError::NotFound)?;
            let items = reviews::publication::register(conn, partnership.id, today)?;
            Ok(PublicationRegister {
                partnership: partnership.name.to_string(),
                items: items.iter().map(RegisterEntry::from).collect(),
            })
        })
    })
    .await
}
