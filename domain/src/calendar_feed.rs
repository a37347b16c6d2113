//! Calendar feeds (issue 11, "Deadlines in the business team's calendar"): a partnership's or an
//! agency's due steps for Outlook and similar, which cannot send bearer tokens. A feed is addressed by a
//! long random token its owner creates, lists and revokes; the token reads only the feed, and the feed
//! shows what its owner's scope saw when it was made: the whole partnership's steps, or an agency's.

use chrono::{DateTime, Utc};

use crate::{
    access::{Actor, ReferralScope, Role},
    error::Refusal,
    ids::{CalendarFeedId, PartnershipId},
    text::{AgencyCode, Name, Subject},
};

/// A feed as kept (never its token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    pub id: CalendarFeedId,
    pub partnership_id: PartnershipId,
    pub name: Name,
    pub owner: Subject,
    /// The agency whose steps it shows; none for the whole partnership's.
    pub agency: Option<AgencyCode>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl CalendarFeed {
    /// A feed made by `actor`: for the business team and the statutory partners, the partnership's
    /// steps; for an agency, its own.
    pub fn made_by(actor: &Actor, name: Name, at: DateTime<Utc>) -> Result<CalendarFeed, Refusal> {
        let agency = match actor.referral_scope()? {
            ReferralScope::Partnership => None,
            ReferralScope::Agency(code) => Some(code),
        };
        Ok(CalendarFeed {
            id: CalendarFeedId::generate(),
            partnership_id: actor.partnership_id,
            name,
            owner: actor.subject.clone(),
            agency,
            created_at: at,
            revoked_at: None,
        })
    }

    /// Who reads the feed: its owner as the feed's scope has them, and nothing more (the steps).
    pub fn reader(&self) -> Actor {
        let roles = match self.agency {
            Some(_) => vec![Role::Agency],
            None => vec![Role::PartnershipAdmin],
        };
        Actor {
            subject: self.owner.clone(),
            partnership_id: self.partnership_id,
            agency: self.agency.clone(),
            roles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(roles: &[Role], agency: Option<&str>) -> Actor {
        Actor {
            subject: Subject::parse("owner").unwrap(),
            partnership_id: PartnershipId::generate(),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn a_feed_shows_what_its_maker_sees_and_no_more() {
        let name = || Name::parse("Business team").unwrap();
        let admin =
            CalendarFeed::made_by(&actor(&[Role::PartnershipAdmin], None), name(), Utc::now())
                .unwrap();
        assert_eq!(admin.agency, None);
        assert_eq!(
            admin.reader().referral_scope(),
            Ok(ReferralScope::Partnership)
        );
        let school =
            CalendarFeed::made_by(&actor(&[Role::Agency], Some("SCHOOL")), name(), Utc::now())
                .unwrap();
        let scope = school.reader().referral_scope().unwrap();
        assert_eq!(
            scope,
            ReferralScope::Agency(AgencyCode::parse("SCHOOL").unwrap())
        );
        assert!(
            CalendarFeed::made_by(&actor(&[Role::LeadReviewer], None), name(), Utc::now()).is_err()
        );
    }
}
