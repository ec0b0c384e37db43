//! Attachments checked with real files built in the tests: photos with GPS and camera
//! serials, PDFs with an author, videos with a location, and the blob store on disk.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod blob;
mod fixtures;
mod inspect;
mod jpeg;
mod mp4;
mod pdf;
mod png;
mod sealed;
mod webp;
