//! Reviews as stored: opened with the decision that commissions them, read in the caller's scope.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use cspr_domain::{
    access::ReviewScope,
    ids::{PartnershipId, ReferralId, ReviewId},
    page::{Page, PageSize},
    review::{Review, ReviewStage},
    text::Subject,
};
use diesel::prelude::*;

use crate::{
    Cursor, DbConnection, PersistenceError,
    error::corrupt,
    schema::{review_team, reviews},
};

pub mod actions;
pub mod chronology;
pub mod commissioning;
pub mod declarations;
pub mod delays;
pub mod family;
pub mod identifying;
pub mod learning;
pub mod meetings;
pub mod notifications;
pub mod parallel;
pub mod practitioners;
pub mod publication;
pub mod report;
mod team;
pub mod terms;
pub mod themes;

pub use team::{appoint, team};

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = reviews)]
struct ReviewRow {
    id: String,
    partnership_id: String,
    referral_id: String,
    kind: String,
    stage: String,
    decided_on: NaiveDate,
    due_on: NaiveDate,
    opened_by: String,
    opened_at: NaiveDateTime,
}

impl ReviewRow {
    fn into_review(self) -> Result<Review, PersistenceError> {
        Ok(Review {
            id: ReviewId::parse(&self.id).map_err(|e| corrupt("reviews.id", e))?,
            partnership_id: PartnershipId::parse(&self.partnership_id)
                .map_err(|e| corrupt("reviews.partnership_id", e))?,
            referral_id: ReferralId::parse(&self.referral_id)
                .map_err(|e| corrupt("reviews.referral_id", e))?,
            kind: self.kind.parse().map_err(|e| corrupt("reviews.kind", e))?,
            stage: self
                .stage
                .parse()
                .map_err(|e| corrupt("reviews.stage", e))?,
            decided_on: self.decided_on,
            due_on: self.due_on,
            opened_by: Subject::parse(&self.opened_by)
                .map_err(|e| corrupt("reviews.opened_by", e))?,
            opened_at: DateTime::from_naive_utc_and_offset(self.opened_at, Utc),
        })
    }
}

pub fn insert(conn: &mut DbConnection, r: &Review) -> Result<(), PersistenceError> {
    diesel::insert_into(reviews::table)
        .values(ReviewRow {
            id: r.id.to_string(),
            partnership_id: r.partnership_id.to_string(),
            referral_id: r.referral_id.to_string(),
            kind: r.kind.to_string(),
            stage: r.stage.to_string(),
            decided_on: r.decided_on,
            due_on: r.due_on,
            opened_by: r.opened_by.to_string(),
            opened_at: r.opened_at.naive_utc(),
        })
        .execute(conn)?;
    Ok(())
}

/// What filters a list of reviews.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub referral_id: Option<ReferralId>,
}

type Scoped = reviews::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend>;

/// The partnership's reviews the scope covers, none disposed of: all of them, or those the subject is on
/// the team of.
fn scoped(partnership_id: PartnershipId, scope: &ReviewScope) -> Scoped {
    let q = reviews::table
        .filter(reviews::partnership_id.eq(partnership_id.to_string()))
        .filter(reviews::disposed_on.is_null())
        .into_boxed();
    match scope {
        ReviewScope::Partnership => q,
        ReviewScope::Member(subject) => q.filter(diesel::dsl::exists(
            review_team::table
                .filter(review_team::review_id.eq(reviews::id))
                .filter(review_team::subject.eq(subject.to_string())),
        )),
    }
}

/// One review, if the caller's scope covers it.
pub fn find(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReviewScope,
    id: ReviewId,
) -> Result<Option<Review>, PersistenceError> {
    scoped(partnership_id, scope)
        .filter(reviews::id.eq(id.to_string()))
        .select(ReviewRow::as_select())
        .first::<ReviewRow>(conn)
        .optional()?
        .map(ReviewRow::into_review)
        .transpose()
}

/// A page of the reviews the caller may see, newest first, in one statement.
/// Moves the review from `from` to `to`; false when it was no longer at `from` (another request moved it).
pub fn move_stage(
    conn: &mut DbConnection,
    review: ReviewId,
    from: ReviewStage,
    to: ReviewStage,
) -> Result<bool, PersistenceError> {
    Ok(diesel::update(
        reviews::table
            .filter(reviews::id.eq(review.to_string()))
            .filter(reviews::stage.eq(from.as_str())),
    )
    .set(reviews::stage.eq(to.as_str()))
    .execute(conn)?
        == 1)
}

/// The review a referral's decision opened, if any (a referral opens at most one).
pub fn for_referral(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    referral: ReferralId,
) -> Result<Option<Review>, PersistenceError> {
    scoped(partnership_id, &ReviewScope::Partnership)
        .filter(reviews::referral_id.eq(referral.to_string()))
        .select(ReviewRow::as_select())
        .first::<ReviewRow>(conn)
        .optional()?
        .map(ReviewRow::into_review)
        .transpose()
}

pub fn list(
    conn: &mut DbConnection,
    partnership_id: PartnershipId,
    scope: &ReviewScope,
    filter: &ReviewFilter,
    after: Option<&Cursor>,
    size: PageSize,
) -> Result<Page<Review, Cursor>, PersistenceError> {
    let mut q = scoped(partnership_id, scope);
    if let Some(referral) = filter.referral_id {
        q = q.filter(reviews::referral_id.eq(referral.to_string()));
    }
    if let Some(c) = after {
        q = q.filter(reviews::id.lt(c.as_str().to_owned()));
    }
    let rows = q
        .order(reviews::id.desc())
        .limit(i64::from(size.get()) + 1)
        .select(ReviewRow::as_select())
        .load::<ReviewRow>(conn)?;
    let items = rows
        .into_iter()
        .map(ReviewRow::into_review)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(items, size, |r| {
        Cursor::after(&r.id.to_string())
    }))
}

/// A list of text values as a JSON array, as the review tables keep lists read whole.
pub(crate) fn to_json<T: ToString>(items: &[T]) -> String {
    serde_json::Value::from(items.iter().map(ToString::to_string).collect::<Vec<_>>()).to_string()
}

/// A JSON array of text read back, each item parsed; one that does not parse is corruption.
pub(crate) fn from_json<T>(
    column: &'static str,
    text: &str,
    parse: fn(&str) -> Result<T, cspr_domain::FieldError>,
) -> Result<Vec<T>, PersistenceError> {
    let items: Vec<String> = serde_json::from_str(text).map_err(|e| corrupt(column, e))?;
    items
        .iter()
        .map(|s| parse(s).map_err(|e| corrupt(column, e)))
        .collect()
}
