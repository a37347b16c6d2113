//! Legal holds: placed on a referral (and so on everything of its case) or on a review, with the
//! reasons and who placed it; released with reasons and who released it; never deleted. A record under
//! any hold not yet released is not disposed of.

use chrono::{DateTime, Utc};

use crate::{
    DomainError,
    error::IllegalTransition,
    ids::{LegalHoldId, ReferralId, ReviewId},
    text::{Narrative, Subject},
    text_enum::text_enum,
};

text_enum!(
    /// Why records are held.
    HoldKind, "kind" {
        Inquest => "inquest",
        Litigation => "litigation",
        Inquiry => "inquiry",
        PoliceRequest => "police_request",
        Other => "other",
    }
);

/// What a hold is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldTarget {
    Referral(ReferralId),
    Review(ReviewId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub reasons: Narrative,
    pub by: Subject,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub id: LegalHoldId,
    pub target: HoldTarget,
    pub kind: HoldKind,
    pub reasons: Narrative,
    pub placed_by: Subject,
    pub placed_at: DateTime<Utc>,
    pub released: Option<Release>,
}

impl LegalHold {
    pub fn active(&self) -> bool {
        self.released.is_none()
    }

    /// Releases the hold, once.
    pub fn release(
        &self,
        reasons: Narrative,
        by: Subject,
        at: DateTime<Utc>,
    ) -> Result<Release, DomainError> {
        if let Some(r) = &self.released {
            return Err(IllegalTransition::new(
                "released",
                &[],
                format!(
                    "The hold was released on {} by {}.",
                    r.at.date_naive(),
                    r.by
                ),
            )
            .into());
        }
        Ok(Release { reasons, by, at })
    }
}

/// Whether the holds on a record keep it from disposal: any not yet released does.
pub fn blocks_disposal(holds: &[LegalHold]) -> bool {
    holds.iter().any(LegalHold::active)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold() -> LegalHold {
        LegalHold {
            id: LegalHoldId::generate(),
            target: HoldTarget::Referral(ReferralId::generate()),
            kind: HoldKind::Inquest,
            reasons: Narrative::parse("The coroner has opened an inquest.").unwrap(),
            placed_by: Subject::parse("admin").unwrap(),
            placed_at: Utc::now(),
            released: None,
        }
    }

    #[test]
    fn a_hold_blocks_disposal_until_it_is_released_and_is_released_once() {
        let mut h = hold();
        assert!(blocks_disposal(std::slice::from_ref(&h)));
        let release = h
            .release(
                Narrative::parse("The inquest concluded.").unwrap(),
                Subject::parse("admin").unwrap(),
                Utc::now(),
            )
            .unwrap();
        h.released = Some(release);
        assert!(!blocks_disposal(std::slice::from_ref(&h)));
        assert!(matches!(
            h.release(
                Narrative::parse("Again.").unwrap(),
                Subject::parse("admin").unwrap(),
                Utc::now()
            ),
            Err(DomainError::Transition(_))
        ));
        assert!(!blocks_disposal(&[]));
    }
}
