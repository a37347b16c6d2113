//! A child's or family member's export: their part of the referral, the case's free text that concerns
//! them (all of it for the child the case is about; what names them for anyone else), corrections of
//! it, their family-engagement record, and every version of every chronology entry about them or naming
//! them.

use cspr_domain::{
    FieldError,
    access::ReferralScope,
    audit::{AuditAction, ResourceKind},
    rapid_review::RapidReview,
    referral::{ChildAge, ChildRole},
    review::{Review, family::FamilyMember},
    subject_access::{concerns, others_named},
    text::Pseudonym,
};
use cspr_openapi::subject_access::{PersonParams, SubjectAccessExport, SubjectAccessItem};
use cspr_persistence::{
    DbConnection, information_requests, rapid_reviews, rectifications,
    referrals::births,
    reviews::{self, chronology, family, identifying},
};

use super::{Origin, as_field};
use crate::{app::referral_id, context::Ctx, error::ApiError};

/// The person's items, each marked with the other people of the case it names.
struct Items<'a> {
    person: &'a Pseudonym,
    people: &'a [Pseudonym],
    subject_child: bool,
    out: Vec<SubjectAccessItem>,
}

impl Items<'_> {
    /// Part of the person's own record, about `also` too.
    fn own(&mut self, from: &Origin, field: &str, value: String, also: &[Pseudonym]) {
        let mut others: Vec<String> = also
            .iter()
            .filter(|p| *p != self.person)
            .map(|p| p.as_str().to_owned())
            .collect();
        for p in others_named(&value, self.person, self.people) {
            if !others.iter().any(|o| o == p.as_str()) {
                others.push(p.as_str().to_owned());
            }
        }
        self.out.push(from.item(field, value, others));
    }

    /// The case's free text: in the export if it concerns the person.
    fn text(&mut self, from: &Origin, field: &str, text: &str) {
        if concerns(text, self.person, self.subject_child) {
            self.own(from, field, text.to_owned(), &[]);
        }
    }
}

/// The child's part of the referral and the Rapid Review's free text.
fn case_items(items: &mut Items, case: &RapidReview) {
    let r = &case.referral;
    let received = Origin::new("referral", r.id).by(&r.received_by, r.received_at);
    if let Some(c) = r
        .details
        .children
        .iter()
        .find(|c| c.pseudonym == *items.person)
    {
        let child = Origin::new("referral child", r.id).by(&r.received_by, r.received_at);
        for (field, value) in [
            ("role", c.role.to_string()),
            (
                "age_at_incident",
                c.age_at(r.details.incident_date).to_string(),
            ),
            ("sex", c.sex.to_string()),
            ("looked_after", c.looked_after.to_string()),
            ("child_protection_plan", c.child_protection_plan.to_string()),
            ("local_authority", c.local_authority.to_string()),
        ] {
            items.own(&child, field, value, &[]);
        }
    }
    items.text(&received, "summary", r.details.summary.as_str());
    if let Some(t) = &case.triage {
        let from = Origin::new("triage", r.id).by(&t.decided_by, t.decided_at);
        items.text(&from, "reasons", t.reasons.as_str());
    }
    if let Some(d) = &case.decision {
        let from = Origin::new("decision", r.id).by(&d.decided_by, d.decided_at);
        items.text(&from, "rationale", d.rationale.as_str());
        for a in &d.immediate_safety_actions {
            items.text(&from, "immediate_safety_actions", a.as_str());
        }
        for l in &d.immediate_learning {
            items.text(&from, "immediate_learning", l.as_str());
        }
    }
    if let Some(n) = &case.delay {
        let from = Origin::new("delay notice", r.id).by(&n.recorded_by, n.recorded_at);
        items.text(&from, "reasons", n.reasons.as_str());
    }
}

/// The corrections of the referral's facts about the person, each with its original and why.
fn rectification_items(
    conn: &mut DbConnection,
    items: &mut Items,
    case: &RapidReview,
) -> Result<(), ApiError> {
    for r in rectifications::of_referral(conn, case.referral.id)? {
        let about_them = match &r.pseudonym {
            Some(p) => p == items.person,
            None => [&r.original, &r.corrected]
                .iter()
                .any(|t| concerns(t, items.person, items.subject_child)),
        };
        if about_them {
            let from = Origin::new("rectification", r.id).by(&r.made_by, r.made_at);
            let value = format!(
                "was \"{}\", now \"{}\": {}",
                r.original, r.corrected, r.reasons
            );
            items.own(&from, r.field.as_str(), value, &[]);
        }
    }
    Ok(())
}

/// Every version of every agency's return to the case's information requests.
fn return_items(
    conn: &mut DbConnection,
    items: &mut Items,
    case: &RapidReview,
) -> Result<(), ApiError> {
    let ids: Vec<String> = case.requests.iter().map(|r| r.id.to_string()).collect();
    for (request, versions) in information_requests::returns_of(conn, &ids)? {
        for v in versions {
            let from = Origin::new(
                "information return",
                format!("{request}/returns/{}", v.version),
            )
            .by(&v.submitted_by, v.submitted_at);
            let c = &v.content;
            items.text(
                &from,
                "summary_of_involvement",
                c.summary_of_involvement.as_str(),
            );
            items.text(
                &from,
                "analysis_of_involvement",
                c.analysis_of_involvement.as_str(),
            );
        }
    }
    Ok(())
}

/// The person's family-engagement record.
fn family_items(items: &mut Items, review: &Review, m: &FamilyMember) {
    let from = Origin::new("family member", review.id).by(&m.recorded_by, m.recorded_at);
    items.own(&from, "relationship", m.relationship.to_string(), &[]);
    if let Some(i) = &m.invitation {
        items.own(&from, "invited_on", i.on.to_string(), &[]);
        items.own(&from, "invitation_method", i.method.to_string(), &[]);
        items.own(&from, "response", i.response.to_string(), &[]);
    }
    if let Some(c) = &m.contribution {
        items.own(&from, "contribution", c.to_string(), &[]);
    }
    if let Some(n) = &m.non_involvement_reason {
        items.own(&from, "non_involvement_reason", n.to_string(), &[]);
    }
}

/// Every version of every chronology entry with the person among its subjects or naming them (every
/// entry, for the child the case is about), the entry's other subjects marked.
fn chronology_items(
    conn: &mut DbConnection,
    items: &mut Items,
    review: &Review,
) -> Result<(), ApiError> {
    for e in chronology::every_version(conn, review.id)? {
        let description = e.entry.description.as_str();
        if !(e.entry.subjects.contains(items.person)
            || concerns(description, items.person, items.subject_child))
        {
            continue;
        }
        let from = Origin::new(
            format!("chronology entry ({}, version {})", e.agency, e.version),
            format!("{}/{}", review.id, e.entry.source_ref),
        )
        .by(&e.recorded_by, e.recorded_at);
        let value = format!("{}: {description}", e.entry.occurred_on);
        items.own(&from, "description", value, &e.entry.subjects);
    }
    Ok(())
}

/// Everything held that concerns the child or family member `pseudonym` of a referral's case.
pub async fn person(ctx: &Ctx, params: PersonParams) -> Result<SubjectAccessExport, ApiError> {
    ctx.caller.actor.may_manage_records()?;
    let referral = referral_id(&params.referral_id)?;
    let person = as_field(Pseudonym::parse(&params.pseudonym), "pseudonym")?;
    ctx.read(move |conn, caller, log| {
        let pid = caller.partnership.id;
        let case = rapid_reviews::load(conn, pid, &ReferralScope::Partnership, referral)?
            .ok_or(ApiError::NotFound)?;
        let review = reviews::for_referral(conn, pid, referral)?;
        let members = match &review {
            Some(r) => family::of_review(conn, r.id)?,
            None => vec![],
        };
        let children = &case.referral.details.children;
        let people: Vec<Pseudonym> = children
            .iter()
            .map(|c| c.pseudonym.clone())
            .chain(members.iter().map(|m| m.pseudonym.clone()))
            .collect();
        if !people.contains(&person) {
            return Err(FieldError::new("pseudonym", "names no one of this case").into());
        }
        let child = children.iter().find(|c| c.pseudonym == person);
        let mut items = Items {
            person: &person,
            people: &people,
            subject_child: child.is_some_and(|c| c.role == ChildRole::Subject),
            out: vec![],
        };
        case_items(&mut items, &case);
        rectification_items(conn, &mut items, &case)?;
        return_items(conn, &mut items, &case)?;
        let mut notes = vec![];
        let born_sealed = births::sealed_of(conn, pid, Some(referral))?
            .iter()
            .any(|(_, b)| b.pseudonym == person);
        if born_sealed || child.is_some_and(|c| matches!(c.age, ChildAge::DateOfBirth(_))) {
            notes.push(
                "The child's date of birth is held sealed; it is not in this export (the age at \
                 the incident is)."
                    .to_owned(),
            );
        }
        let mut events = vec![
            log.event(
                AuditAction::Read,
                ResourceKind::SubjectAccess,
                Some(format!("{referral}/{}", person.as_str())),
            ),
            log.event(AuditAction::Read, ResourceKind::Referral, Some(referral.to_string())),
        ];
        if let Some(r) = &review {
            if let Some(m) = members.iter().find(|m| m.pseudonym == person) {
                family_items(&mut items, r, m);
            }
            chronology_items(conn, &mut items, r)?;
            let sealed = identifying::pseudonym_map(conn, r.id)?
                .iter()
                .any(|p| p.pseudonym == person && p.details_held);
            if sealed {
                notes.push(format!(
                    "Identifying details (real name, other names, date of birth, address) are held \
                     sealed for {}. They are not in this export: the review's lead reviewer releases \
                     them for a stated purpose (POST /v1/reviews/{}/identifying-details/release).",
                    person.as_str(),
                    r.id
                ));
            }
            events.push(log.event(AuditAction::Read, ResourceKind::Review, Some(r.id.to_string())));
        }
        log.record(events);
        Ok(SubjectAccessExport {
            partnership_id: pid.to_string(),
            referral_id: Some(referral.to_string()),
            review_id: review.map(|r| r.id.to_string()),
            pseudonym: Some(person.as_str().to_owned()),
            subject: None,
            generated_at: log.now(),
            generated_by: caller.actor.subject.to_string(),
            items: items.out,
            notes,
        })
    })
    .await
}
