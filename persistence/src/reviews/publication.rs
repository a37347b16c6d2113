//! A review's publication as kept, and the public register read from it.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{PartnershipId, ReviewId},
    review::publication::{Copy, Decision, Deposit, Plan, Publication, Published, PublishedKind},
    text::{Name, Narrative, Note, Subject},
};
use diesel::prelude::*;

use crate::{
    DbConnection, PersistenceError,
    error::corrupt,
    schema::{
        publication_copies as copies, publication_decisions as decisions,
        publication_deposits as deposits, publication_plans as plans, publications,
    },
};

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    DateTime::from_naive_utc_and_offset(t, Utc)
}

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

fn subject(s: &str, column: &'static str) -> Result<Subject, PersistenceError> {
    Subject::parse(s).map_err(bad(column))
}

fn names_json(names: &[Name]) -> Result<String, PersistenceError> {
    let names: Vec<&str> = names.iter().map(Name::as_str).collect();
    serde_json::to_string(&names).map_err(|e| corrupt("reviewer_names", e))
}

fn names(json: &str, column: &'static str) -> Result<Vec<Name>, PersistenceError> {
    let names: Vec<String> = serde_json::from_str(json).map_err(|e| corrupt(column, e))?;
    names
        .iter()
        .map(|n| Name::parse(n).map_err(bad(column)))
        .collect()
}

/// Everything recorded about the review's publication.
pub fn load(conn: &mut DbConnection, review: ReviewId) -> Result<Publication, PersistenceError> {
    let id = review.to_string();
    let decision = decisions::table
        .filter(decisions::review_id.eq(&id))
        .select((
            decisions::decision,
            decisions::reasons,
            decisions::improvements,
            decisions::decided_by,
            decisions::decided_at,
        ))
        .first::<(
            String,
            Option<String>,
            Option<String>,
            String,
            NaiveDateTime,
        )>(conn)
        .optional()?
        .map(|(d, reasons, improvements, by, at)| {
            let narrative = |t: Option<String>, c: &'static str| {
                t.map(|x| Narrative::parse(&x)).transpose().map_err(bad(c))
            };
            Ok::<_, PersistenceError>(Decision {
                decision: d.parse().map_err(bad("publication_decisions.decision"))?,
                reasons: narrative(reasons, "publication_decisions.reasons")?,
                improvements: narrative(improvements, "publication_decisions.improvements")?,
                decided_by: subject(&by, "publication_decisions.decided_by")?,
                decided_at: utc(at),
            })
        })
        .transpose()?;
    type PlanColumns = (
        String,
        NaiveDate,
        String,
        NaiveDate,
        NaiveDate,
        String,
        String,
        String,
        NaiveDateTime,
    );
    let plan = plans::table
        .filter(plans::review_id.eq(&id))
        .select((
            plans::title,
            plans::planned_on,
            plans::family_wishes,
            plans::family_discussed_on,
            plans::practitioners_told_on,
            plans::media_contact,
            plans::reviewer_names,
            plans::planned_by,
            plans::planned_at,
        ))
        .first::<PlanColumns>(conn)
        .optional()?
        .map(
            |(title, on, wishes, discussed, told, media, reviewers, by, at)| {
                Ok::<_, PersistenceError>(Plan {
                    title: Name::parse(&title).map_err(bad("publication_plans.title"))?,
                    planned_on: on,
                    family_wishes: Narrative::parse(&wishes)
                        .map_err(bad("publication_plans.family_wishes"))?,
                    family_discussed_on: discussed,
                    practitioners_told_on: told,
                    media_contact: Name::parse(&media)
                        .map_err(bad("publication_plans.media_contact"))?,
                    reviewer_names: names(&reviewers, "publication_plans.reviewer_names")?,
                    planned_by: subject(&by, "publication_plans.planned_by")?,
                    planned_at: utc(at),
                })
            },
        )
        .transpose()?;
    let copies = copies::table
        .filter(copies::review_id.eq(&id))
        .order(copies::recipient)
        .select((
            copies::recipient,
            copies::sent_on,
            copies::recorded_by,
            copies::recorded_at,
        ))
        .load::<(String, NaiveDate, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(r, on, by, at)| {
            Ok(Copy {
                recipient: r.parse().map_err(bad("publication_copies.recipient"))?,
                sent_on: on,
                recorded_by: subject(&by, "publication_copies.recorded_by")?,
                recorded_at: utc(at),
            })
        })
        .collect::<Result<_, PersistenceError>>()?;
    let published = published(
        conn,
        publications::table
            .filter(publications::review_id.eq(&id))
            .into_boxed(),
    )?
    .into_iter()
    .next();
    let deposit = deposits::table
        .filter(deposits::review_id.eq(&id))
        .select((
            deposits::deposited_on,
            deposits::acknowledgement,
            deposits::recorded_by,
            deposits::recorded_at,
        ))
        .first::<(NaiveDate, Option<String>, String, NaiveDateTime)>(conn)
        .optional()?
        .map(|(on, ack, by, at)| {
            Ok::<_, PersistenceError>(Deposit {
                deposited_on: on,
                acknowledgement: ack
                    .map(|a| Note::parse(&a))
                    .transpose()
                    .map_err(bad("publication_deposits.acknowledgement"))?,
                recorded_by: subject(&by, "publication_deposits.recorded_by")?,
                recorded_at: utc(at),
            })
        })
        .transpose()?;
    Ok(Publication {
        decision,
        plan,
        copies,
        published,
        deposit,
    })
}

type PublishedColumns = (
    String,
    String,
    NaiveDate,
    String,
    NaiveDate,
    String,
    String,
    NaiveDateTime,
);

fn published<'a>(
    conn: &mut DbConnection,
    q: publications::BoxedQuery<'a, crate::connection::MultiBackend>,
) -> Result<Vec<Published>, PersistenceError> {
    q.select((
        publications::kind,
        publications::title,
        publications::published_on,
        publications::web_address,
        publications::available_until,
        publications::reviewer_names,
        publications::recorded_by,
        publications::recorded_at,
    ))
    .load::<PublishedColumns>(conn)?
    .into_iter()
    .map(|(kind, title, on, web, until, reviewers, by, at)| {
        Ok(Published {
            kind: kind.parse().map_err(bad("publications.kind"))?,
            title: Name::parse(&title).map_err(bad("publications.title"))?,
            published_on: on,
            web_address: web,
            available_until: until,
            reviewer_names: names(&reviewers, "publications.reviewer_names")?,
            recorded_by: subject(&by, "publications.recorded_by")?,
            recorded_at: utc(at),
        })
    })
    .collect()
}

/// The partnership's published reports available on `today`, newest first: the public register.
pub fn register(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    today: NaiveDate,
) -> Result<Vec<Published>, PersistenceError> {
    let q = publications::table
        .filter(publications::partnership_id.eq(partnership.to_string()))
        .filter(publications::kind.eq(PublishedKind::Report.as_str()))
        .filter(publications::published_on.le(today))
        .filter(publications::available_until.ge(today))
        .order((
            publications::published_on.desc(),
            publications::review_id.desc(),
        ))
        .into_boxed();
    published(conn, q)
}

pub fn record_decision(
    conn: &mut DbConnection,
    review: ReviewId,
    d: &Decision,
) -> Result<(), PersistenceError> {
    let id = review.to_string();
    diesel::delete(decisions::table.filter(decisions::review_id.eq(&id))).execute(conn)?;
    diesel::insert_into(decisions::table)
        .values((
            decisions::review_id.eq(&id),
            decisions::decision.eq(d.decision.as_str()),
            decisions::reasons.eq(d.reasons.as_ref().map(Narrative::as_str)),
            decisions::improvements.eq(d.improvements.as_ref().map(Narrative::as_str)),
            decisions::decided_by.eq(d.decided_by.as_str()),
            decisions::decided_at.eq(d.decided_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Keeps the plan, replacing any before (the copies recorded stay).
pub fn record_plan(
    conn: &mut DbConnection,
    review: ReviewId,
    p: &Plan,
) -> Result<(), PersistenceError> {
    let id = review.to_string();
    let values = (
        plans::title.eq(p.title.as_str()),
        plans::planned_on.eq(p.planned_on),
        plans::family_wishes.eq(p.family_wishes.as_str()),
        plans::family_discussed_on.eq(p.family_discussed_on),
        plans::practitioners_told_on.eq(p.practitioners_told_on),
        plans::media_contact.eq(p.media_contact.as_str()),
        plans::reviewer_names.eq(names_json(&p.reviewer_names)?),
        plans::planned_by.eq(p.planned_by.as_str()),
        plans::planned_at.eq(p.planned_at.naive_utc()),
    );
    let replaced = diesel::update(plans::table.filter(plans::review_id.eq(&id)))
        .set(values.clone())
        .execute(conn)?;
    if replaced == 0 {
        diesel::insert_into(plans::table)
            .values((plans::review_id.eq(&id), values))
            .execute(conn)?;
    }
    Ok(())
}

pub fn record_copy(
    conn: &mut DbConnection,
    review: ReviewId,
    c: &Copy,
) -> Result<(), PersistenceError> {
    diesel::insert_into(copies::table)
        .values((
            copies::review_id.eq(review.to_string()),
            copies::recipient.eq(c.recipient.as_str()),
            copies::sent_on.eq(c.sent_on),
            copies::recorded_by.eq(c.recorded_by.as_str()),
            copies::recorded_at.eq(c.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_published(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    review: ReviewId,
    p: &Published,
) -> Result<(), PersistenceError> {
    diesel::insert_into(publications::table)
        .values((
            publications::review_id.eq(review.to_string()),
            publications::partnership_id.eq(partnership.to_string()),
            publications::kind.eq(p.kind.as_str()),
            publications::title.eq(p.title.as_str()),
            publications::published_on.eq(p.published_on),
            publications::web_address.eq(&p.web_address),
            publications::available_until.eq(p.available_until),
            publications::reviewer_names.eq(names_json(&p.reviewer_names)?),
            publications::recorded_by.eq(p.recorded_by.as_str()),
            publications::recorded_at.eq(p.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn record_deposit(
    conn: &mut DbConnection,
    review: ReviewId,
    d: &Deposit,
) -> Result<(), PersistenceError> {
    diesel::insert_into(deposits::table)
        .values((
            deposits::review_id.eq(review.to_string()),
            deposits::deposited_on.eq(d.deposited_on),
            deposits::acknowledgement.eq(d.acknowledgement.as_ref().map(Note::as_str)),
            deposits::recorded_by.eq(d.recorded_by.as_str()),
            deposits::recorded_at.eq(d.recorded_at.naive_utc()),
        ))
        .execute(conn)?;
    Ok(())
}
