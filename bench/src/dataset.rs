//! The national-scale data set: partnerships × agencies × referrals × audit events, written through the
//! persistence layer (the code the server itself writes with), in large transactions.

use std::time::Instant;

use chrono::{Duration, Utc};
use cspr_domain::{
    agency::{AgencyKind, NewAgency, StatutoryRole},
    audit::{AuditAction, AuditEvent, ResourceKind},
    calendar::england_date,
    ids::{AuditEventId, ReferralId},
    partnership::Partnership,
    referral::{ReferralDetails, ReferralDraft},
    text::{AgencyCode, Name, PartnershipSlug, Subject},
};
use cspr_openapi::referral::ReferralCreate;
use cspr_persistence::{
    Database, PersistenceError, ReadShape, agencies, audit, partnerships,
    referrals::{self, NewReferral},
};
use serde_json::{Value, json};

use crate::{Failure, fail};

/// How much data to load.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub partnerships: usize,
    pub referrals: usize,
    pub audit_events: usize,
}

/// What the load runs against: the first partnership and its referrals.
pub struct Seeded {
    pub partnership: Partnership,
    /// The first partnership's referrals made by the hospital, which its token may read.
    pub hospital_referrals: Vec<ReferralId>,
    /// All of the first partnership's referrals, which its admin may read.
    pub referrals: Vec<ReferralId>,
}

/// The agencies every partnership registers: the three statutory partners and two that refer.
pub const AGENCIES: [(&str, AgencyKind, StatutoryRole); 5] = [
    (
        "LA",
        AgencyKind::LocalAuthority,
        StatutoryRole::LocalAuthority,
    ),
    ("POLICE", AgencyKind::Police, StatutoryRole::Police),
    ("ICB", AgencyKind::Health, StatutoryRole::Health),
    ("SCHOOL", AgencyKind::Education, StatutoryRole::None),
    ("HOSPITAL", AgencyKind::Health, StatutoryRole::None),
];

/// The slug of the `n`th partnership (from 0).
pub fn slug(n: usize) -> String {
    format!("bench{n:03}")
}

/// A referral as a hospital's system would send it, dated a few days before today.
pub fn referral_body() -> Value {
    let today = england_date(Utc::now());
    let day = |back: i64| (today - Duration::days(back)).to_string();
    let no = json!({"applies": false});
    json!({
        "incident_date": day(6), "aware_date": day(5), "received_on": day(5),
        "harm": "serious_harm", "abuse_or_neglect": "suspected",
        "children": [{"pseudonym": "Child A", "age_years": 2, "sex": "female", "looked_after": false,
                      "child_protection_plan": false, "local_authority": "Benchshire County Council"}],
        "involved_agencies": ["LA", "ICB", "SCHOOL"],
        "criteria": {"improvements_needed": {"applies": true}, "recurrent_themes": no,
            "multi_agency_working": {"applies": true, "note": "Three agencies knew the family."},
            "panel_suggested_local_review": no, "single_agency_concern": no,
            "no_agency_involvement": no, "cross_boundary": no, "institutional_setting": no},
        "summary": "An infant was admitted with injuries that do not match the account given."
    })
}

fn draft() -> Result<ReferralDraft, Failure> {
    let input: ReferralCreate = serde_json::from_value(referral_body()).map_err(fail)?;
    Ok(ReferralDraft::from(input))
}

fn checked(draft: ReferralDraft, registered: &[AgencyCode]) -> Result<ReferralDetails, Failure> {
    draft
        .check(england_date(Utc::now()), registered)
        .map_err(fail)
}

/// The referral `referral_body` describes, checked as the server checks it, for inserts that bypass
/// the API (the ceiling's).
pub fn details(db: &Database, partnership: &Partnership) -> Result<ReferralDetails, Failure> {
    let codes: Vec<AgencyCode> = db
        .read(ReadShape::SingleStatement, |c| {
            agencies::list(c, partnership.id)
        })?
        .into_iter()
        .map(|a| a.code)
        .collect();
    checked(draft()?, &codes)
}

/// Loads the data set into a freshly migrated database and says what it loaded.
pub fn load(db: &Database, sizes: Sizes) -> Result<Seeded, Failure> {
    let started = Instant::now();
    let draft = draft()?;
    let receiver = Subject::parse("bench-business-team").map_err(fail)?;
    let reader = Subject::parse("bench-reader").map_err(fail)?;
    let mut first = None;
    let per_partnership = sizes.referrals.div_ceil(sizes.partnerships.max(1));
    let events_per_partnership = sizes.audit_events.div_ceil(sizes.partnerships.max(1));
    for n in 0..sizes.partnerships {
        let slug = PartnershipSlug::parse(&slug(n)).map_err(fail)?;
        let name = Name::parse(&format!("Bench partnership {n}")).map_err(fail)?;
        let (partnership, _) = db.transaction(|c| partnerships::ensure(c, &slug, &name))?;
        let codes: Vec<AgencyCode> = db.transaction(|c| {
            AGENCIES
                .iter()
                .map(|(code, kind, role)| {
                    let new = NewAgency::parse(code, code, *kind, *role)
                        .map_err(|e| PersistenceError::Corrupt(format!("{e:?}")))?;
                    agencies::insert(c, partnership.id, &new).map(|a| a.code)
                })
                .collect::<Result<_, PersistenceError>>()
        })?;
        let details = checked(draft.clone(), &codes)?;
        let (school, hospital) = (&codes[3], &codes[4]);
        let mut ids = vec![];
        let mut hospital_ids = vec![];
        let mut made = 0;
        while made < per_partnership {
            let batch = (per_partnership - made).min(500);
            let written = db.transaction(|c| {
                (0..batch)
                    .map(|i| {
                        let by = if (made + i) % 2 == 0 {
                            hospital
                        } else {
                            school
                        };
                        referrals::insert(
                            c,
                            &partnership,
                            NewReferral {
                                id: ReferralId::generate(),
                                referring_agency: by,
                                received_by: &receiver,
                                details: details.clone(),
                                births: vec![],
                                now: Utc::now(),
                            },
                        )
                        .map(|r| (r.id, by == hospital))
                    })
                    .collect::<Result<Vec<_>, PersistenceError>>()
            })?;
            for (id, by_hospital) in written {
                ids.push(id);
                if by_hospital {
                    hospital_ids.push(id);
                }
            }
            made += batch;
        }
        let now = Utc::now();
        let mut logged = 0;
        while logged < events_per_partnership && !ids.is_empty() {
            let batch = (events_per_partnership - logged).min(10_000);
            let events: Vec<AuditEvent> = (0..batch)
                .map(|i| AuditEvent {
                    id: AuditEventId::generate(),
                    partnership_id: partnership.id,
                    occurred_at: now,
                    subject: reader.clone(),
                    agency: None,
                    action: AuditAction::Read,
                    resource_type: ResourceKind::Referral,
                    resource_id: Some(ids[(logged + i) % ids.len()].to_string()),
                    request_id: "bench-seed".into(),
                })
                .collect();
            db.transaction(|c| audit::append(c, &events))?;
            logged += batch;
        }
        if first.is_none() {
            first = Some(Seeded {
                partnership,
                hospital_referrals: hospital_ids,
                referrals: ids,
            });
        }
    }
    eprintln!(
        "loaded {} partnerships, {} referrals, {} audit events in {:.0} s",
        sizes.partnerships,
        per_partnership * sizes.partnerships,
        events_per_partnership * sizes.partnerships,
        started.elapsed().as_secs_f64()
    );
    first.ok_or_else(|| fail("--partnerships must be at least 1"))
}
