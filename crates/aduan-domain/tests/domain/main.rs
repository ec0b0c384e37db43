//! The domain's integration tests: the action table and the visibility policy checked
//! against fixtures transcribed by hand from DOMAIN.md §3 and §4.

mod directory;
mod transitions;
mod visibility;
