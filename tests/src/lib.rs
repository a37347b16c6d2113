//! End-to-end tests live in `tests/api/`; see README.md.
