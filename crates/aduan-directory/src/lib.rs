//! Aduan's directory data: Indonesia's 552 regional governments, the national ministries and
//! agencies, units for the demo regions, and the LAPOR! categories with their flags — all
//! embedded from the project's `data/` so the binary works from any directory — plus the CSV
//! format a deployment uses for its own agencies and units, and loading all of it into a
//! store.
//!
//! Parsing is pure; only [`load_into`], [`ensure_loaded`] and [`import_csv`] touch a store.

mod categories;
mod csv_format;
mod error;
mod load;
mod regions;

pub use categories::{apply_flags, parse_categories};
pub use csv_format::{COLUMNS, DirectoryFile, Row, parse_directory_csv};
pub use error::{FileErrors, LineError, LoadError};
pub use load::{ensure_loaded, import_csv, load_into};
pub use regions::{REGIONS_SOURCE, parse_regions};

use aduan_store::DirectoryBatch;

/// data/regions.csv: provinces, kabupaten and kota with Kemendagri codes and time zones.
pub const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");
/// data/agencies.csv: the national agencies.
pub const AGENCIES_CSV: &str = include_str!("../../../data/agencies.csv");
/// data/units.csv: units of the demo regions and of some national agencies.
pub const UNITS_CSV: &str = include_str!("../../../data/units.csv");
/// data/categories.json: the published LAPOR! topics and sub-topics.
pub const CATEGORIES_JSON: &str = include_str!("../../../data/categories.json");
/// data/categories-flags.csv: sensitive and time-boxed categories.
pub const CATEGORY_FLAGS_CSV: &str = include_str!("../../../data/categories-flags.csv");
/// data/holidays.csv: national holidays and cuti bersama, 2024–2027, for the work calendar.
pub const HOLIDAYS_CSV: &str = include_str!("../../../data/holidays.csv");

/// The built-in directory: regional governments (provinces first), then national agencies,
/// units (each after its parent) and categories (each topic before its sub-topics).
pub fn builtin() -> Result<DirectoryBatch, FileErrors> {
    let mut agencies = parse_regions(REGIONS_CSV, "data/regions.csv")?;
    let national = parse_directory_csv(AGENCIES_CSV, "data/agencies.csv")?;
    agencies.extend(national.agencies.into_iter().map(|r| r.value));
    let units = parse_directory_csv(UNITS_CSV, "data/units.csv")?
        .units
        .into_iter()
        .map(|r| r.value)
        .collect();
    let mut categories = parse_categories(CATEGORIES_JSON, "data/categories.json")?;
    apply_flags(
        &mut categories,
        CATEGORY_FLAGS_CSV,
        "data/categories-flags.csv",
    )?;
    Ok(DirectoryBatch {
        agencies,
        units,
        categories,
    })
}
