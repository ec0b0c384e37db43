//! Contract cases for reading the directory a page at a time and for the versions that tell a
//! running service its cached reference data is stale.

use super::fixtures::{date, sample_batch};
use crate::contract::{Harness, t0};
use crate::{HolidayKind, NewHoliday, ReferenceVersions};
use aduan_domain::directory::CategoryChanges;
use aduan_domain::{CategoryId, UnitId};

/// Many unit paths read at once are each the path `unit_path` gives; an unknown unit is left
/// out, and an empty question reads nothing.
pub async fn many_unit_paths_read_at_once_match_each_read_alone(h: &dyn Harness) {
    let store = h.store();
    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let ids: Vec<UnitId> = [
        "kota-surabaya/dinas-sdabm/bidang-jalan/seksi-pemeliharaan",
        "kota-surabaya/inspektorat",
        "kota-surabaya/dinas-sdabm",
        "kota-surabaya/dinas-lain",
    ]
    .into_iter()
    .map(UnitId::new)
    .collect();
    let paths = store.unit_paths(&ids).await.unwrap();
    assert_eq!(paths.len(), 3, "{paths:?}");
    for id in &ids[..3] {
        assert_eq!(paths.get(id), Some(&store.unit_path(id).await.unwrap()));
    }
    assert!(!paths.contains_key(&ids[3]));
    assert!(store.unit_paths(&[]).await.unwrap().is_empty());
}

/// Every kind of edit moves its own version and no other, in the edit's transaction; an
/// import that changes nothing and a refused edit move nothing.
pub async fn every_reference_edit_moves_its_version_and_only_its_own(h: &dyn Harness) {
    let store = h.store();
    let start = store.reference_versions().await.unwrap();

    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let imported = store.reference_versions().await.unwrap();
    assert!(imported.directory > start.directory);
    assert!(
        imported.categories > start.categories,
        "the batch has categories"
    );
    assert_eq!(imported.calendar, start.calendar);

    store
        .import_directory(&sample_batch(), "again", "cli", t0())
        .await
        .unwrap();
    assert_eq!(store.reference_versions().await.unwrap(), imported);

    let rename = CategoryChanges {
        name: Some("Wabah".into()),
        ..Default::default()
    };
    let corona = CategoryId::new("corona-virus");
    store
        .update_category(&corona, &rename, "1", t0())
        .await
        .unwrap();
    let renamed = store.reference_versions().await.unwrap();
    assert_eq!(
        renamed,
        ReferenceVersions {
            categories: renamed.categories,
            ..imported
        }
    );
    assert!(renamed.categories > imported.categories);
    let refused = CategoryChanges {
        active_from: Some(Some(date(2030, 1, 1))),
        ..Default::default()
    };
    assert!(
        store
            .update_category(&corona, &refused, "1", t0())
            .await
            .is_err()
    );
    assert_eq!(store.reference_versions().await.unwrap(), renamed);

    let holiday = NewHoliday {
        date: date(2026, 3, 24),
        name: "Idulfitri 1447 H".into(),
        kind: HolidayKind::CutiBersama,
        source: None,
    };
    store.add_holiday(&holiday, "1", t0()).await.unwrap();
    let added = store.reference_versions().await.unwrap();
    assert!(added.calendar > renamed.calendar);
    assert_eq!(
        (added.directory, added.categories),
        (renamed.directory, renamed.categories)
    );
    assert!(store.add_holiday(&holiday, "1", t0()).await.is_err());
    assert_eq!(store.reference_versions().await.unwrap(), added);
    store.remove_holiday(holiday.date, "1", t0()).await.unwrap();
    let removed = store.reference_versions().await.unwrap();
    assert!(removed.calendar > added.calendar);

    let other = h.reopen().await;
    assert_eq!(
        other.reference_versions().await.unwrap(),
        removed,
        "another instance sees the same versions"
    );
}
