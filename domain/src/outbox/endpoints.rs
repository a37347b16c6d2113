//! Where messages go: a partnership's destination for each recipient of notifications, and the webhook
//! subscriptions agencies and the partnership make for their own systems.

use std::fmt;

use chrono::{DateTime, Utc};

use super::{EventType, Recipient};
use crate::{
    FieldError,
    access::{Actor, ReferralScope},
    error::Refusal,
    ids::{PartnershipId, WebhookSubscriptionId},
    text::{AgencyCode, Subject},
};

/// A secret kept to send with: never printed, never read back over the API.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// How a destination is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Channel {
    /// An HTTPS endpoint; each message is signed with the destination's secret as a webhook is.
    Https { url: String, signing_secret: Secret },
    /// E-mail through GOV.UK Notify, with the partnership's Notify API key and template.
    Notify {
        email_address: String,
        template_id: String,
        api_key: Secret,
    },
}

impl Channel {
    pub fn name(&self) -> &'static str {
        match self {
            Channel::Https { .. } => "https",
            Channel::Notify { .. } => "notify",
        }
    }
}

/// A partnership's destination for one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub recipient: Recipient,
    pub channel: Channel,
    pub updated_by: Subject,
    pub updated_at: DateTime<Utc>,
}

impl EventType {
    /// Whether an agency's subscription may take it: events about one agency. The others (the
    /// partnership's notifications, its submission to the Panel) reach the partnership's subscriptions.
    pub fn reaches_agencies(self) -> bool {
        matches!(
            self,
            EventType::InformationRequestIssued
                | EventType::InformationRequestReturnedForRework
                | EventType::ActionAssigned
        )
    }
}

/// A webhook subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSubscription {
    pub id: WebhookSubscriptionId,
    pub partnership_id: PartnershipId,
    /// The agency whose events it takes; none for the partnership's.
    pub agency: Option<AgencyCode>,
    pub url: String,
    pub event_types: Vec<EventType>,
    /// The current secret, then a rotated-out one while its grace lasts: messages carry a signature
    /// by each, so a receiver may move to the new secret in its own time.
    pub secrets: Vec<Secret>,
    pub created_by: Subject,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl WebhookSubscription {
    /// A subscription made by `actor`: an agency's for events about itself, the business team's for the
    /// partnership's. Each event type once; an agency's only those that reach agencies.
    pub fn made_by(
        actor: &Actor,
        url: String,
        event_types: Vec<EventType>,
        secret: Secret,
        at: DateTime<Utc>,
    ) -> Result<Result<WebhookSubscription, FieldError>, Refusal> {
        let agency = match actor.referral_scope()? {
            ReferralScope::Partnership => {
                actor.may_manage_agencies()?;
                None
            }
            ReferralScope::Agency(code) => Some(code),
        };
        if event_types.is_empty() {
            return Ok(Err(FieldError::new(
                "event_types",
                "must name at least one",
            )));
        }
        for (i, t) in event_types.iter().enumerate() {
            if event_types[..i].contains(t) {
                return Ok(Err(FieldError::new(
                    format!("event_types[{i}]"),
                    format!("`{t}` is named twice"),
                )));
            }
            if agency.is_some() && !t.reaches_agencies() {
                return Ok(Err(FieldError::new(
                    format!("event_types[{i}]"),
                    format!(
                        "`{t}` is the partnership's: an agency subscribes to events about itself"
                    ),
                )));
            }
        }
        Ok(Ok(WebhookSubscription {
            id: WebhookSubscriptionId::generate(),
            partnership_id: actor.partnership_id,
            agency,
            url,
            event_types,
            secrets: vec![secret],
            created_by: actor.subject.clone(),
            created_at: at,
            revoked_at: None,
        }))
    }

    /// Whether `actor` may see, rotate or revoke it: its own agency, or the business team for the
    /// partnership's. To anyone else it does not exist.
    pub fn owned_by(&self, actor: &Actor) -> bool {
        match (actor.referral_scope(), &self.agency) {
            (Ok(ReferralScope::Agency(mine)), Some(theirs)) => mine == *theirs,
            (Ok(ReferralScope::Partnership), None) => actor.may_manage_agencies().is_ok(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;

    fn actor(roles: Vec<Role>, agency: Option<&str>) -> Actor {
        Actor {
            subject: Subject::parse("someone").unwrap(),
            partnership_id: PartnershipId::generate(),
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            roles,
        }
    }

    fn make(
        a: &Actor,
        types: Vec<EventType>,
    ) -> Result<Result<WebhookSubscription, FieldError>, Refusal> {
        WebhookSubscription::made_by(
            a,
            "https://x.example/".into(),
            types,
            Secret::new("s"),
            Utc::now(),
        )
    }

    #[test]
    fn an_agency_subscribes_to_events_about_itself_only() {
        let police = actor(vec![Role::Agency], Some("POLICE"));
        let made = make(&police, vec![EventType::InformationRequestIssued])
            .unwrap()
            .unwrap();
        assert_eq!(made.agency.as_ref().map(AgencyCode::as_str), Some("POLICE"));
        let refused = make(&police, vec![EventType::RapidReviewSubmitted]).unwrap();
        assert_eq!(refused.unwrap_err().field, "event_types[0]");
    }

    #[test]
    fn the_business_team_subscribes_for_the_partnership_and_no_one_else_does() {
        let admin = actor(vec![Role::PartnershipAdmin], None);
        let made = make(&admin, vec![EventType::RapidReviewSubmitted])
            .unwrap()
            .unwrap();
        assert!(made.agency.is_none());
        let board = actor(vec![Role::Board], None);
        assert!(make(&board, vec![EventType::RapidReviewSubmitted]).is_err());
    }

    #[test]
    fn a_subscription_names_each_event_once_and_at_least_one() {
        let admin = actor(vec![Role::PartnershipAdmin], None);
        assert!(make(&admin, vec![]).unwrap().is_err());
        let t = EventType::RapidReviewSubmitted;
        assert_eq!(
            make(&admin, vec![t, t]).unwrap().unwrap_err().field,
            "event_types[1]"
        );
    }

    #[test]
    fn only_its_own_agency_or_the_business_team_sees_a_subscription() {
        let police = actor(vec![Role::Agency], Some("POLICE"));
        let made = make(&police, vec![EventType::InformationRequestIssued])
            .unwrap()
            .unwrap();
        assert!(made.owned_by(&police));
        assert!(!made.owned_by(&actor(vec![Role::Agency], Some("HEALTH"))));
        assert!(!made.owned_by(&actor(vec![Role::PartnershipAdmin], None)));
    }

    #[test]
    fn a_secret_is_not_printed() {
        assert_eq!(format!("{:?}", Secret::new("whsec_abc")), "Secret(…)");
    }
}
