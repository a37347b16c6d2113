//! `cspr audit verify`: walks each partnership's audit chain and names the first broken link.

use cspr_domain::text::PartnershipSlug;
use cspr_persistence::{
    audit::{ChainCheck, verify as verify_chain},
    partnerships,
};

use super::{CliResult, invalid};
use crate::{config::Settings, startup::open_database};

/// Checks every partnership's chain (or `only`'s); fails, after reporting each, when any is broken.
pub fn verify(settings: &Settings, only: Option<&str>) -> CliResult {
    let db = open_database(settings)?;
    let mut chains = db.read(cspr_persistence::ReadShape::Statements, partnerships::all)?;
    if let Some(slug) = only {
        let slug = PartnershipSlug::parse(slug).map_err(|e| invalid(e.reason))?;
        chains.retain(|p| p.slug == slug);
        if chains.is_empty() {
            return Err(invalid(format!("no partnership `{}`", slug.as_str())));
        }
    }
    if chains.is_empty() {
        println!("no partnerships, so no audit chains yet");
    }
    let mut broken = 0;
    for p in &chains {
        let id = p.id;
        match db.read(cspr_persistence::ReadShape::Statements, |c| {
            verify_chain(c, id)
        })? {
            ChainCheck::Intact { events, head } => {
                println!("{}: intact, {events} events, head {head}", p.slug.as_str());
            }
            ChainCheck::Broken { sequence, why } => {
                broken += 1;
                println!("{}: BROKEN at event {sequence}: {why}", p.slug.as_str());
            }
        }
    }
    if broken > 0 {
        return Err(invalid(format!(
            "{broken} of {} audit chains broken",
            chains.len()
        )));
    }
    Ok(())
}
