//! Open311 GeoReport v2 through the whole service's router (and one real client on a real
//! port), on SQLite and on PostgreSQL: every JSON answer is checked against the vendored
//! GeoReport v2 schemas (`tests/schemas`), every XML answer parsed for the spec's elements,
//! and the Python client `georeport` reads the service on a loopback port.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step must stop the test

mod common;
mod filing;
mod georeport;
mod requests;
mod services;
