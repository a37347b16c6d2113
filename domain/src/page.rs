//! Bounded pages, so no list request reads a whole table.

use crate::FieldError;

/// How many items one page holds: 1 to 100, 25 when the caller does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u16);

impl PageSize {
    pub const DEFAULT: PageSize = PageSize(25);
    pub const MAX: u16 = 100;

    pub fn parse(n: Option<i64>) -> Result<Self, FieldError> {
        match n {
            None => Ok(Self::DEFAULT),
            Some(n) if (1..=i64::from(Self::MAX)).contains(&n) => {
                Ok(Self(u16::try_from(n).unwrap_or(Self::MAX)))
            }
            Some(_) => Err(FieldError::new("limit", "must be between 1 and 100")),
        }
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// One page of a list, and the position to continue from when there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T, C> {
    pub items: Vec<T>,
    pub next: Option<C>,
}

impl<T, C> Page<T, C> {
    /// Builds a page from `size + 1` fetched rows: the extra row only says that another page exists.
    pub fn from_overfetch(mut rows: Vec<T>, size: PageSize, cursor_of: impl Fn(&T) -> C) -> Self {
        let more = rows.len() > usize::from(size.get());
        rows.truncate(usize::from(size.get()));
        let next = if more {
            rows.last().map(cursor_of)
        } else {
            None
        };
        Page { items: rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_size_defaults_to_25_and_is_bounded() {
        assert_eq!(PageSize::parse(None), Ok(PageSize::DEFAULT));
        assert_eq!(PageSize::parse(Some(100)).map(PageSize::get), Ok(100));
        assert!(PageSize::parse(Some(0)).is_err());
        assert!(PageSize::parse(Some(101)).is_err());
    }

    #[test]
    fn an_overfetched_row_means_there_is_a_next_page() {
        let size = PageSize::parse(Some(2)).unwrap();
        let page = Page::from_overfetch(vec![1, 2, 3], size, |n| *n);
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next, Some(2));
        let last = Page::from_overfetch(vec![1, 2], size, |n| *n);
        assert_eq!(last.next, None);
    }
}
