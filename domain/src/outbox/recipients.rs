//! Which destination each notification the process requires goes to, and the message that carries it.

use chrono::{DateTime, Utc};

use super::{Concerns, Event, EventType, NewMessage, Recipient};
use crate::{
    ids::{PartnershipId, ReferralId, ReviewId},
    rapid_review::NotificationKind,
    review::notifications::ReviewNotificationKind,
};

impl NotificationKind {
    /// The destination a Rapid Review's notification goes to.
    pub fn recipient(self) -> Recipient {
        use NotificationKind as K;
        match self {
            K::NationalPanelSeriousIncident => Recipient::NationalPanel,
            K::OfstedLookedAfterDeath | K::DecisionOfsted => Recipient::Ofsted,
            K::SecretaryOfStateLookedAfterDeath => Recipient::SecretaryOfState,
            K::DecisionDepartmentForEducation => Recipient::DepartmentForEducation,
            K::DecisionInvolvedAgencies => Recipient::InvolvedAgencies,
            K::DecisionLeadsAndChair => Recipient::LeadsAndChair,
        }
    }
}

impl ReviewNotificationKind {
    /// The destination a review's notification goes to.
    pub fn destination(self) -> Recipient {
        use ReviewNotificationKind as K;
        match self {
            K::CommissioningNationalPanel
            | K::ReviewerNamedNationalPanel
            | K::DelayNationalPanel => Recipient::NationalPanel,
            K::CommissioningOfsted | K::ReviewerNamedOfsted => Recipient::Ofsted,
            K::CommissioningDepartmentForEducation | K::ReviewerNamedDepartmentForEducation => {
                Recipient::DepartmentForEducation
            }
            K::DelaySecretaryOfState => Recipient::SecretaryOfState,
        }
    }
}

/// The key that keeps one message per notification a referral owes.
pub fn rapid_review_notification_key(referral: ReferralId, kind: NotificationKind) -> String {
    format!("referral/{referral}/{kind}")
}

/// The key that keeps one message per notification a review owes.
pub fn review_notification_key(review: ReviewId, kind: ReviewNotificationKind) -> String {
    format!("review/{review}/{kind}")
}

/// A Rapid Review's notification, to its recipient's destination.
pub fn rapid_review_notification(
    partnership: PartnershipId,
    referral: ReferralId,
    reference: &str,
    kind: NotificationKind,
    at: DateTime<Utc>,
) -> NewMessage {
    let event = Event {
        event_type: EventType::RapidReviewNotification,
        partnership_id: partnership,
        concerns: Concerns::Partnership,
        data: vec![
            ("kind", kind.to_string()),
            ("referral_id", referral.to_string()),
            ("reference", reference.to_owned()),
        ],
        occurred_at: at,
    };
    NewMessage::to_destination(
        event,
        kind.recipient(),
        rapid_review_notification_key(referral, kind),
    )
}

/// A review's notification, to its recipient's destination.
pub fn review_notification(
    partnership: PartnershipId,
    review: ReviewId,
    referral: ReferralId,
    kind: ReviewNotificationKind,
    at: DateTime<Utc>,
) -> NewMessage {
    let event = Event {
        event_type: EventType::ReviewNotification,
        partnership_id: partnership,
        concerns: Concerns::Partnership,
        data: vec![
            ("kind", kind.to_string()),
            ("review_id", review.to_string()),
            ("referral_id", referral.to_string()),
        ],
        occurred_at: at,
    };
    NewMessage::to_destination(
        event,
        kind.destination(),
        review_notification_key(review, kind),
    )
}

/// The notification a message carries: its delivery records it as sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carried {
    RapidReview(ReferralId, NotificationKind),
    Review(ReviewId, ReviewNotificationKind),
}

/// What notification, if any, a message of `event_type` with `payload` (as written here) carries.
pub fn carried(event_type: EventType, payload: &str) -> Option<Carried> {
    let payload: serde_json::Value = serde_json::from_str(payload).ok()?;
    let data = |k: &str| payload["data"][k].as_str().map(str::to_owned);
    match event_type {
        EventType::RapidReviewNotification => Some(Carried::RapidReview(
            ReferralId::parse(&data("referral_id")?).ok()?,
            data("kind")?.parse().ok()?,
        )),
        EventType::ReviewNotification => Some(Carried::Review(
            ReviewId::parse(&data("review_id")?).ok()?,
            data("kind")?.parse().ok()?,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notification_goes_to_the_body_the_seed_names() {
        use NotificationKind as K;
        assert_eq!(
            K::NationalPanelSeriousIncident.recipient(),
            Recipient::NationalPanel
        );
        assert_eq!(K::DecisionOfsted.recipient(), Recipient::Ofsted);
        assert_eq!(
            ReviewNotificationKind::DelaySecretaryOfState.destination(),
            Recipient::SecretaryOfState
        );
        assert_eq!(
            ReviewNotificationKind::ReviewerNamedOfsted.destination(),
            Recipient::Ofsted
        );
    }

    #[test]
    fn a_notification_found_due_twice_is_one_message() {
        let (p, r) = (PartnershipId::generate(), ReferralId::generate());
        let at = Utc::now();
        let kind = NotificationKind::DecisionOfsted;
        let first = rapid_review_notification(p, r, "REF-1", kind, at);
        let again = rapid_review_notification(p, r, "REF-1", kind, at);
        assert_ne!(first.id, again.id);
        assert_eq!(first.dedupe_key, again.dedupe_key);
    }

    #[test]
    fn a_notification_message_names_the_notification_its_delivery_records() {
        let (p, r) = (PartnershipId::generate(), ReferralId::generate());
        let kind = NotificationKind::NationalPanelSeriousIncident;
        let m = rapid_review_notification(p, r, "REF-1", kind, Utc::now());
        let payload = m.event.payload().to_string();
        assert_eq!(
            carried(m.event.event_type, &payload),
            Some(Carried::RapidReview(r, kind))
        );
        let review = ReviewId::generate();
        let k = ReviewNotificationKind::DelayNationalPanel;
        let m = review_notification(p, review, r, k, Utc::now());
        let payload = m.event.payload().to_string();
        assert_eq!(
            carried(m.event.event_type, &payload),
            Some(Carried::Review(review, k))
        );
        assert_eq!(carried(EventType::RapidReviewSubmitted, &payload), None);
    }
}
