//! Records listed for disposal and the decisions on them, and the disposal itself: what a disposed
//! case or publication record keeps and what it loses (docs/DATA-PROTECTION.md, "Disposal").

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    FieldError,
    ids::{DisposalId, PartnershipId, ReferralId, ReviewId},
    outbox::DeliveryStatus,
    referral::ReferralReference,
    retention::{
        disposal::{DISPOSED, Decision, Disposal, DisposalStatus},
        schedule::RecordKind,
    },
    text::{Narrative, Subject},
};
use diesel::prelude::*;

use crate::{DbConnection, PersistenceError, error::corrupt, schema::disposals};

fn bad(column: &'static str) -> impl Fn(FieldError) -> PersistenceError {
    move |e| corrupt(column, e)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = disposals)]
struct Row {
    id: String,
    referral_id: Option<String>,
    review_id: Option<String>,
    reference: Option<String>,
    record: String,
    class: String,
    event: String,
    event_on: NaiveDate,
    due_on: NaiveDate,
    listed_on: NaiveDate,
    outcome: Option<String>,
    reasons: Option<String>,
    decided_by: Option<String>,
    decided_at: Option<NaiveDateTime>,
}

impl Row {
    fn into_disposal(self) -> Result<Disposal, PersistenceError> {
        let decision = match (self.outcome, self.decided_by, self.decided_at) {
            (Some(outcome), Some(by), Some(at)) => Some(Decision {
                disposed: outcome == DisposalStatus::Disposed.as_str(),
                reasons: self
                    .reasons
                    .as_deref()
                    .map(Narrative::parse)
                    .transpose()
                    .map_err(bad("disposals.reasons"))?,
                by: Subject::parse(&by).map_err(bad("disposals.decided_by"))?,
                at: DateTime::from_naive_utc_and_offset(at, Utc),
            }),
            _ => None,
        };
        Ok(Disposal {
            id: DisposalId::parse(&self.id).map_err(bad("disposals.id"))?,
            referral: self
                .referral_id
                .as_deref()
                .map(ReferralId::parse)
                .transpose()
                .map_err(bad("disposals.referral_id"))?,
            reference: self.reference.map(ReferralReference::from_stored),
            review: self
                .review_id
                .as_deref()
                .map(ReviewId::parse)
                .transpose()
                .map_err(bad("disposals.review_id"))?,
            record: self.record.parse().map_err(bad("disposals.record"))?,
            class: self.class.parse().map_err(bad("disposals.class"))?,
            event: self.event,
            event_on: self.event_on,
            due_on: self.due_on,
            listed_on: self.listed_on,
            decision,
        })
    }
}

/// The partnership's listings, newest first; only those in `status` if given.
pub fn list(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    status: Option<DisposalStatus>,
) -> Result<Vec<Disposal>, PersistenceError> {
    let mut q = disposals::table
        .filter(disposals::partnership_id.eq(partnership.to_string()))
        .into_boxed();
    q = match status {
        None => q,
        Some(DisposalStatus::Listed) => q.filter(disposals::outcome.is_null()),
        Some(s) => q.filter(disposals::outcome.eq(s.as_str())),
    };
    q.order(disposals::id.desc())
        .select(Row::as_select())
        .load::<Row>(conn)?
        .into_iter()
        .map(Row::into_disposal)
        .collect()
}

pub fn find(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    id: DisposalId,
) -> Result<Option<Disposal>, PersistenceError> {
    disposals::table
        .filter(disposals::partnership_id.eq(partnership.to_string()))
        .filter(disposals::id.eq(id.to_string()))
        .select(Row::as_select())
        .first::<Row>(conn)
        .optional()?
        .map(Row::into_disposal)
        .transpose()
}

pub fn insert(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    d: &Disposal,
) -> Result<(), PersistenceError> {
    diesel::insert_into(disposals::table)
        .values((
            disposals::id.eq(d.id.to_string()),
            disposals::partnership_id.eq(partnership.to_string()),
            disposals::referral_id.eq(d.referral.map(|r| r.to_string())),
            disposals::review_id.eq(d.review.map(|r| r.to_string())),
            disposals::reference.eq(d.reference.as_ref().map(ReferralReference::as_str)),
            disposals::record.eq(d.record.as_str()),
            disposals::class.eq(d.class.as_str()),
            disposals::event.eq(&d.event),
            disposals::event_on.eq(d.event_on),
            disposals::due_on.eq(d.due_on),
            disposals::listed_on.eq(d.listed_on),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records the decision on a listing still undecided; false if another request decided it first.
pub fn decide(
    conn: &mut DbConnection,
    id: DisposalId,
    d: &Decision,
) -> Result<bool, PersistenceError> {
    let outcome = if d.disposed {
        DisposalStatus::Disposed
    } else {
        DisposalStatus::Refused
    };
    Ok(diesel::update(
        disposals::table
            .filter(disposals::id.eq(id.to_string()))
            .filter(disposals::outcome.is_null()),
    )
    .set((
        disposals::outcome.eq(outcome.as_str()),
        disposals::reasons.eq(d.reasons.as_ref().map(Narrative::as_str)),
        disposals::decided_by.eq(d.by.as_str()),
        disposals::decided_at.eq(d.at.naive_utc()),
    ))
    .execute(conn)?
        == 1)
}

/// Deletes every row of `$table` whose `$column` is `$id`.
macro_rules! delete_where {
    ($conn:expr, $id:expr, $($table:ident . $column:ident),+ $(,)?) => {
        $(
            diesel::delete(
                crate::schema::$table::table.filter(crate::schema::$table::$column.eq($id)),
            )
            .execute($conn)?;
        )+
    };
}

/// Disposes of a case: deletes every record of it the figures do not count — children,
/// rectifications, agencies' returns, meetings, votes, the review's team, chronology, family,
/// practitioners, themes, report documents, identifying details — and, in the rows the figures count
/// (the referral, its triage, decision, delay notice and submission; the review, its delays,
/// recommendations, actions and their progress, its sign-off), writes `[disposed]` over the free text
/// and over who recorded it, keeping dates, outcomes, kinds and agency codes. The publication record is
/// its own class and stays.
pub fn dispose_case(
    conn: &mut DbConnection,
    referral: ReferralId,
    review: Option<ReviewId>,
    on: NaiveDate,
) -> Result<(), PersistenceError> {
    use crate::schema::{
        action_plan_sign_offs as sign_offs, action_updates, actions, delay_notices,
        information_requests as requests, rapid_review_decisions as decisions,
        rapid_review_submissions as submissions, recommendations, referral_triage as triage,
        referrals, review_delays, reviews,
    };
    if let Some(review) = review {
        let v = review.to_string();
        delete_where!(
            conn,
            &v,
            review_theme_entries.review_id,
            review_themes.review_id,
            chronology_entries.review_id,
            review_team.review_id,
            review_declarations.review_id,
            review_commissioning.review_id,
            review_notifications.review_id,
            review_panel_meetings.review_id,
            review_parallel_processes.review_id,
            review_agencies_in_scope.review_id,
            review_terms_of_reference.review_id,
            review_family_members.review_id,
            review_practitioner_events.review_id,
            report_checklist_items.review_id,
            report_checklists.review_id,
            report_accuracy_answers.review_id,
            report_approvals.review_id,
            report_versions.review_id,
            action_plan_monitoring.review_id,
            disseminations.review_id,
            identifying_details.review_id,
            identifying_detail_releases.review_id,
        );
        diesel::update(review_delays::table.filter(review_delays::review_id.eq(&v)))
            .set((
                review_delays::reason.eq(DISPOSED),
                review_delays::recorded_by.eq(DISPOSED),
            ))
            .execute(conn)?;
        diesel::update(recommendations::table.filter(recommendations::review_id.eq(&v)))
            .set((
                recommendations::text.eq(DISPOSED),
                recommendations::recorded_by.eq(DISPOSED),
            ))
            .execute(conn)?;
        let action_ids: Vec<String> = actions::table
            .filter(actions::review_id.eq(&v))
            .select(actions::id)
            .load(conn)?;
        diesel::update(action_updates::table.filter(action_updates::action_id.eq_any(&action_ids)))
            .set((
                action_updates::note.eq(DISPOSED),
                action_updates::evidence.eq(None::<String>),
                action_updates::updated_by.eq(DISPOSED),
            ))
            .execute(conn)?;
        diesel::update(actions::table.filter(actions::review_id.eq(&v)))
            .set((
                actions::description.eq(DISPOSED),
                actions::recorded_by.eq(DISPOSED),
            ))
            .execute(conn)?;
        diesel::update(sign_offs::table.filter(sign_offs::review_id.eq(&v)))
            .set(sign_offs::signed_off_by.eq(DISPOSED))
            .execute(conn)?;
        diesel::update(reviews::table.filter(reviews::id.eq(&v)))
            .set((
                reviews::opened_by.eq(DISPOSED),
                reviews::disposed_on.eq(Some(on)),
            ))
            .execute(conn)?;
    }
    let r = referral.to_string();
    let request_ids: Vec<String> = requests::table
        .filter(requests::referral_id.eq(&r))
        .select(requests::id)
        .load(conn)?;
    for request in &request_ids {
        delete_where!(
            conn,
            request,
            return_reviews.request_id,
            request_escalations.request_id,
            information_returns.request_id,
        );
    }
    delete_where!(
        conn,
        &r,
        information_requests.referral_id,
        meeting_attendees.referral_id,
        rapid_review_meetings.referral_id,
        subgroup_views.referral_id,
        votes.referral_id,
        rapid_review_composites.referral_id,
        referral_notifications.referral_id,
        referral_children.referral_id,
        referral_agencies.referral_id,
        rectifications.referral_id,
    );
    diesel::update(triage::table.filter(triage::referral_id.eq(&r)))
        .set((
            triage::reasons.eq(DISPOSED),
            triage::decided_by.eq(DISPOSED),
        ))
        .execute(conn)?;
    // Lists are kept as JSON arrays: still one, so the row reads back as it did.
    let disposed_list = serde_json::json!([DISPOSED]).to_string();
    diesel::update(decisions::table.filter(decisions::referral_id.eq(&r)))
        .set((
            decisions::rationale.eq(DISPOSED),
            decisions::immediate_safety_actions.eq(&disposed_list),
            decisions::immediate_learning.eq(&disposed_list),
            decisions::decided_by.eq(DISPOSED),
        ))
        .execute(conn)?;
    diesel::update(delay_notices::table.filter(delay_notices::referral_id.eq(&r)))
        .set((
            delay_notices::reasons.eq(DISPOSED),
            delay_notices::recorded_by.eq(DISPOSED),
        ))
        .execute(conn)?;
    diesel::update(submissions::table.filter(submissions::referral_id.eq(&r)))
        .set((
            submissions::document.eq(DISPOSED),
            submissions::recorded_by.eq(DISPOSED),
        ))
        .execute(conn)?;
    diesel::update(
        submissions::table
            .filter(submissions::referral_id.eq(&r))
            .filter(submissions::acknowledged_by.is_not_null()),
    )
    .set(submissions::acknowledged_by.eq(DISPOSED))
    .execute(conn)?;
    diesel::update(referrals::table.filter(referrals::id.eq(&r)))
        .set((
            referrals::summary.eq(DISPOSED),
            referrals::received_by.eq(DISPOSED),
            referrals::disposed_on.eq(Some(on)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Disposes of a review's publication record: writes `[disposed]` over the reasons for withholding, the
/// family's wishes, the media contact, the reviewers' names, the Panel's acknowledgement and who
/// recorded each, keeping the title, dates, kinds, web address and recipients (the figures count the
/// dates; the report itself is public).
pub fn dispose_publication(
    conn: &mut DbConnection,
    review: ReviewId,
) -> Result<(), PersistenceError> {
    use crate::schema::{
        publication_copies as copies, publication_decisions as decisions,
        publication_deposits as deposits, publication_plans as plans, publications,
    };
    let v = review.to_string();
    // Reviewers' names are kept as a JSON array: still one, so the record reads back as it did.
    let names = serde_json::json!([DISPOSED]).to_string();
    diesel::update(decisions::table.filter(decisions::review_id.eq(&v)))
        .set(decisions::decided_by.eq(DISPOSED))
        .execute(conn)?;
    diesel::update(
        decisions::table
            .filter(decisions::review_id.eq(&v))
            .filter(decisions::reasons.is_not_null()),
    )
    .set(decisions::reasons.eq(DISPOSED))
    .execute(conn)?;
    diesel::update(plans::table.filter(plans::review_id.eq(&v)))
        .set((
            plans::family_wishes.eq(DISPOSED),
            plans::media_contact.eq(DISPOSED),
            plans::reviewer_names.eq(&names),
            plans::planned_by.eq(DISPOSED),
        ))
        .execute(conn)?;
    diesel::update(copies::table.filter(copies::review_id.eq(&v)))
        .set(copies::recorded_by.eq(DISPOSED))
        .execute(conn)?;
    diesel::update(publications::table.filter(publications::review_id.eq(&v)))
        .set((
            publications::reviewer_names.eq(&names),
            publications::recorded_by.eq(DISPOSED),
        ))
        .execute(conn)?;
    diesel::update(deposits::table.filter(deposits::review_id.eq(&v)))
        .set(deposits::recorded_by.eq(DISPOSED))
        .execute(conn)?;
    diesel::update(
        deposits::table
            .filter(deposits::review_id.eq(&v))
            .filter(deposits::acknowledgement.is_not_null()),
    )
    .set(deposits::acknowledgement.eq(DISPOSED))
    .execute(conn)?;
    Ok(())
}

/// Disposes of the partnership's audit events that occurred before `before`: every event up to the
/// last one before the first that did not (the chain is cut at one place), and the chain anchored
/// there — its place and hash kept, with the disposal that cut it — so what remains still verifies.
/// Returns how many were disposed of.
pub fn dispose_audit_trail(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    before: NaiveDateTime,
    disposal: DisposalId,
) -> Result<usize, PersistenceError> {
    use crate::schema::{audit_chain_anchors as anchors, audit_events as events};
    let p = partnership.to_string();
    let first_kept: Option<i64> = events::table
        .filter(events::partnership_id.eq(&p))
        .filter(events::occurred_at.ge(before))
        .select(diesel::dsl::min(events::sequence))
        .first::<Option<i64>>(conn)?;
    let last_disposed: Option<i64> = match first_kept {
        Some(kept) => Some(kept - 1),
        None => events::table
            .filter(events::partnership_id.eq(&p))
            .select(diesel::dsl::max(events::sequence))
            .first::<Option<i64>>(conn)?,
    };
    let Some(last) = last_disposed.filter(|s| *s > 0) else {
        return Ok(0);
    };
    let hash: Option<String> = events::table
        .filter(events::partnership_id.eq(&p))
        .filter(events::sequence.eq(last))
        .select(events::hash)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten();
    let Some(hash) = hash else {
        // Cut already (an earlier disposal): nothing before the anchor is left.
        return Ok(0);
    };
    let gone = diesel::delete(
        events::table
            .filter(events::partnership_id.eq(&p))
            .filter(events::sequence.le(last)),
    )
    .execute(conn)?;
    diesel::delete(anchors::table.filter(anchors::partnership_id.eq(&p))).execute(conn)?;
    diesel::insert_into(anchors::table)
        .values((
            anchors::partnership_id.eq(&p),
            anchors::sequence.eq(last),
            anchors::hash.eq(&hash),
            anchors::disposal_id.eq(disposal.to_string()),
        ))
        .execute(conn)?;
    Ok(gone)
}

type Messages = crate::schema::outbox_messages::BoxedQuery<
    'static,
    <DbConnection as diesel::Connection>::Backend,
>;

/// The partnership's messages settled before `before`: delivered (or recorded as sent another way)
/// before then, or given up on and created before then.
fn settled_before(partnership: PartnershipId, before: NaiveDateTime) -> Messages {
    use crate::schema::outbox_messages as messages;
    messages::table
        .filter(messages::partnership_id.eq(partnership.to_string()))
        .filter(
            messages::delivered_at.lt(before).or(messages::status
                .eq(DeliveryStatus::Dead.as_str())
                .and(messages::created_at.lt(before))),
        )
        .into_boxed()
}

/// Disposes of the partnership's delivery log before `before`: messages delivered (or recorded as sent
/// another way) before then, and those given up on created before then, with their attempts. Returns
/// how many messages.
pub fn dispose_delivery_log(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    before: NaiveDateTime,
) -> Result<usize, PersistenceError> {
    use crate::schema::{delivery_attempts as attempts, outbox_messages as messages};
    let ids: Vec<String> = settled_before(partnership, before)
        .select(messages::id)
        .load(conn)?;
    for chunk in ids.chunks(500) {
        diesel::delete(attempts::table.filter(attempts::message_id.eq_any(chunk))).execute(conn)?;
        diesel::delete(messages::table.filter(messages::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(ids.len())
}

/// Whether the partnership has audit events before `before`, or deliveries settled before it: whether
/// a trail of `record` has anything due.
pub fn trail_has_any_before(
    conn: &mut DbConnection,
    partnership: PartnershipId,
    record: RecordKind,
    before: NaiveDateTime,
) -> Result<bool, PersistenceError> {
    use crate::schema::{audit_events as events, outbox_messages as messages};
    let p = partnership.to_string();
    Ok(match record {
        RecordKind::AuditTrail => diesel::select(diesel::dsl::exists(
            events::table
                .filter(events::partnership_id.eq(&p))
                .filter(events::occurred_at.lt(before)),
        ))
        .get_result(conn)?,
        RecordKind::DeliveryLog => settled_before(partnership, before)
            .select(messages::id)
            .first::<String>(conn)
            .optional()?
            .is_some(),
        RecordKind::Case | RecordKind::Publication => false,
    })
}
