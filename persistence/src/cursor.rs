//! The position a list continues from: the last id of the previous page. Ids are UUIDv7, so their text
//! order is creation order, and every list is newest first.

use std::fmt;

/// An opaque position in a list, as the client sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(String);

impl Cursor {
    pub(crate) fn after(id: &str) -> Self {
        Self(id.to_owned())
    }

    /// A cursor must be the id form this crate hands out; anything else is refused.
    pub fn parse(s: &str) -> Option<Self> {
        let ok = s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        ok.then(|| Self(s.to_ascii_lowercase()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
