//! What sign-in needs from the database (the partnership by its slug; a statutory partner's agency),
//! kept in memory for a short while so that most requests make no extra trip for it. Partnerships and
//! agencies are only ever added, never changed or removed, so a minute's staleness can only delay a new
//! one's first sign-in by a cache miss, never admit what should be refused.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::RwLock,
    time::{Duration, Instant},
};

use cspr_domain::{agency::Agency, ids::PartnershipId, partnership::Partnership, text::AgencyCode};

/// How long an entry is trusted.
const TTL: Duration = Duration::from_secs(60);
/// Entries kept at most; past it the map is cleared (a flood of made-up slugs cannot grow it).
const MAX_ENTRIES: usize = 10_000;

struct Cache<K, V> {
    entries: RwLock<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    fn new() -> Self {
        Cache {
            entries: RwLock::new(HashMap::new()),
        }
    }

    fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.read().ok()?;
        entries
            .get(key)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(v, _)| v.clone())
    }

    fn put(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, (value, Instant::now()));
        }
    }
}

/// Found partnerships and agencies; only what exists is kept.
pub struct Directory {
    partnerships: Cache<String, Partnership>,
    agencies: Cache<(PartnershipId, AgencyCode), Agency>,
}

impl Directory {
    pub fn new() -> Self {
        Directory {
            partnerships: Cache::new(),
            agencies: Cache::new(),
        }
    }

    pub fn partnership(&self, slug: &str) -> Option<Partnership> {
        self.partnerships.get(&slug.to_owned())
    }

    pub fn remember_partnership(&self, p: &Partnership) {
        self.partnerships.put(p.slug.to_string(), p.clone());
    }

    pub fn agency(&self, partnership: PartnershipId, code: &AgencyCode) -> Option<Agency> {
        self.agencies.get(&(partnership, code.clone()))
    }

    pub fn remember_agency(&self, a: &Agency) {
        self.agencies
            .put((a.partnership_id, a.code.clone()), a.clone());
    }
}

impl Default for Directory {
    fn default() -> Self {
        Self::new()
    }
}
