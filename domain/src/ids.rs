//! Identifiers. UUIDv7, so that the text form sorts in creation order: the cursor order of every list.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;

macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new identifier, ordered after every one made before it.
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// Parses the canonical hyphenated form; anything else is refused.
            pub fn parse(s: &str) -> Result<Self, FieldError> {
                Uuid::try_parse(s)
                    .ok()
                    .filter(|u| u.hyphenated().to_string() == s.to_ascii_lowercase())
                    .map(Self)
                    .ok_or_else(|| FieldError::new("id", "must be a UUID in its hyphenated form"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

uuid_id!(
    /// A partnership: the tenant every row belongs to.
    PartnershipId
);
uuid_id!(
    /// An agency registered in a partnership.
    AgencyId
);
uuid_id!(
    /// A referral: the root of a case.
    ReferralId
);
uuid_id!(
    /// One audit event.
    AuditEventId
);
uuid_id!(
    /// A request for information sent to one agency.
    InformationRequestId
);
uuid_id!(
    /// A review (CSPR or alternative learning review) a Rapid Review's decision commissioned.
    ReviewId
);
uuid_id!(
    /// A calendar feed.
    CalendarFeedId
);
uuid_id!(
    /// A message in the outbox; also the `webhook-id` its receiver drops a duplicate by.
    MessageId
);
uuid_id!(
    /// An agency's or a partnership's webhook subscription.
    WebhookSubscriptionId
);
uuid_id!(
    /// An action of a review's action plan.
    ActionId
);
uuid_id!(
    /// A legal hold on a referral or a review.
    LegalHoldId
);
uuid_id!(
    /// A correction of a referral's fact, kept beside the original.
    RectificationId
);
uuid_id!(
    /// A closed case listed for disposal, and the decision on it (a disposed case's tombstone).
    DisposalId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_round_trips_through_its_text_form() {
        let id = ReferralId::generate();
        assert_eq!(ReferralId::parse(&id.to_string()), Ok(id));
    }

    #[test]
    fn later_ids_sort_after_earlier_ones_as_text() {
        let a = ReferralId::generate();
        let b = ReferralId::generate();
        assert!(a.to_string() < b.to_string());
    }

    #[test]
    fn non_canonical_forms_are_refused() {
        assert!(ReferralId::parse("not-a-uuid").is_err());
        assert!(ReferralId::parse("0190f0f0f0f07000800000000000000a").is_err());
        assert!(ReferralId::parse("").is_err());
    }
}
