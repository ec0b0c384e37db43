//! Contract cases for the agency directory: imports, unit trees, inspectorates, type-ahead.

mod batch;
mod categories;
mod fixtures;

pub use batch::*;
pub use categories::*;

use super::{Harness, t0};
use crate::{AgencyFilter, DirectoryBatch, Store, StoreError};
use aduan_domain::directory::{Agency, AgencyKind};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, UnitId};
use fixtures::{agency, counts, sample_batch, unit};

async fn audit_actions(store: &dyn Store) -> Vec<String> {
    let (entries, _, _) = store.list_audit().await.unwrap();
    entries.into_iter().map(|e| e.action).collect()
}

/// An import inserts, a second identical import changes nothing, an edit updates one row; each
/// import leaves one audit entry with its counts.
pub async fn directory_imports_upsert_by_id_and_count_what_changed(h: &dyn Harness) {
    let store = h.store();
    let batch = sample_batch();
    let first = store
        .import_directory(&batch, "sample", "cli", t0())
        .await
        .unwrap();
    assert_eq!(first.agencies, counts(6, 0, 0));
    assert_eq!(first.units, counts(5, 0, 0));
    assert_eq!(first.categories, counts(3, 0, 0));
    let again = store
        .import_directory(&batch, "sample", "cli", t0())
        .await
        .unwrap();
    assert_eq!(again.agencies, counts(0, 0, 6));
    assert_eq!(again.units, counts(0, 0, 5));
    assert_eq!(again.categories, counts(0, 0, 3));

    let mut renamed = batch.agencies[0].clone();
    renamed.connected = true;
    let updated = store
        .upsert_agencies(&[renamed.clone()], "cli", t0())
        .await
        .unwrap();
    assert_eq!(updated, counts(0, 1, 0));
    let stored = store.get_agency(&renamed.id).await.unwrap().unwrap();
    assert_eq!(stored, renamed, "every field survives a round trip");
    assert_eq!(
        store
            .count_agencies(&AgencyFilter::default())
            .await
            .unwrap(),
        6
    );

    let (audit, _, _) = store.list_audit().await.unwrap();
    assert_eq!(audit.len(), 3);
    assert!(
        audit
            .iter()
            .all(|e| e.action == "directory.import" && e.subject == "directory")
    );
    assert_eq!(audit[1].payload["counts"]["agencies"]["unchanged"], 6);
    assert_eq!(audit[2].payload["counts"]["agencies"]["updated"], 1);
    assert_eq!(audit[0].payload["label"], "sample");
}

/// The path of a sub-unit runs from the agency's top unit down to the unit itself.
pub async fn a_unit_path_runs_from_the_top_unit_down_to_the_unit(h: &dyn Harness) {
    let store = h.store();
    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let path = store
        .unit_path(&UnitId::new(
            "kota-surabaya/dinas-sdabm/bidang-jalan/seksi-pemeliharaan",
        ))
        .await
        .unwrap();
    let path: Vec<&str> = path.iter().map(UnitId::as_str).collect();
    assert_eq!(
        path,
        [
            "kota-surabaya/dinas-sdabm",
            "kota-surabaya/dinas-sdabm/bidang-jalan",
            "kota-surabaya/dinas-sdabm/bidang-jalan/seksi-pemeliharaan"
        ]
    );
    let top = store
        .unit_path(&UnitId::new("kota-surabaya/inspektorat"))
        .await
        .unwrap();
    assert_eq!(top, [UnitId::new("kota-surabaya/inspektorat")]);
    let missing = store
        .unit_path(&UnitId::new("kota-surabaya/dinas-lain"))
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    let units = store
        .list_units(&AgencyId::new("kota-surabaya"))
        .await
        .unwrap();
    assert_eq!(units.len(), 4);
    assert_eq!(
        units[0].id.as_str(),
        "kota-surabaya/dinas-sdabm",
        "each unit follows its parent"
    );
    let bidang = store
        .get_unit(&UnitId::new("kota-surabaya/dinas-sdabm/bidang-jalan"))
        .await;
    assert_eq!(bidang.unwrap().unwrap().name, "Bidang Jalan dan Jembatan");
}

/// The inspectorate is found by agency; a second one in the same agency is refused whole.
pub async fn an_agency_has_at_most_one_inspectorate(h: &dyn Harness) {
    let store = h.store();
    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let found = store
        .inspectorate_of(&AgencyId::new("kota-surabaya"))
        .await
        .unwrap();
    assert_eq!(found.unwrap().id.as_str(), "kota-surabaya/inspektorat");
    let none = store
        .inspectorate_of(&AgencyId::new("kabupaten-tangerang"))
        .await
        .unwrap();
    assert_eq!(none, None);
    let second = unit(
        "kota-surabaya/inspektorat-pembantu",
        None,
        "Inspektorat Pembantu",
        true,
    );
    let refused = store
        .upsert_units(std::slice::from_ref(&second), "cli", t0())
        .await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(store.get_unit(&second.id).await.unwrap(), None);
    // Moving the flag in one import is allowed.
    let old = unit("kota-surabaya/inspektorat", None, "Inspektorat", false);
    store
        .upsert_units(&[old, second.clone()], "cli", t0())
        .await
        .unwrap();
    let found = store
        .inspectorate_of(&AgencyId::new("kota-surabaya"))
        .await
        .unwrap();
    assert_eq!(found, Some(second));
}

/// References to unknown agencies, units in another agency and parent cycles are refused, and
/// the refused import writes nothing, not even its audit entry.
pub async fn an_import_with_a_broken_reference_writes_nothing(h: &dyn Harness) {
    let store = h.store();
    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let orphan = unit(
        "kota-bandung/dinas-pendidikan",
        None,
        "Dinas Pendidikan",
        false,
    );
    let foreign_parent = unit(
        "kabupaten-tangerang/bidang-jalan",
        Some("kota-surabaya/dinas-sdabm"),
        "Bidang Jalan",
        false,
    );
    let cycle = unit(
        "kota-surabaya/dinas-sdabm",
        Some("kota-surabaya/dinas-sdabm/bidang-jalan"),
        "Dinas Sumber Daya Air dan Bina Marga",
        false,
    );
    let lost = agency(
        "kota-batu",
        AgencyKind::Kota,
        "Kota Batu",
        Some("provinsi-jatim"),
        Zone::Wib,
    );
    let bad_batches = [
        DirectoryBatch {
            units: vec![orphan],
            ..Default::default()
        },
        DirectoryBatch {
            units: vec![foreign_parent],
            ..Default::default()
        },
        DirectoryBatch {
            units: vec![cycle],
            ..Default::default()
        },
        DirectoryBatch {
            agencies: vec![lost.clone()],
            ..Default::default()
        },
    ];
    for batch in &bad_batches {
        let r = store.import_directory(batch, "bad", "cli", t0()).await;
        assert!(
            matches!(r, Err(StoreError::Conflict { .. })),
            "{batch:?} gave {r:?}"
        );
    }
    assert_eq!(audit_actions(store.as_ref()).await, ["directory.import"]);
    assert_eq!(store.get_agency(&lost.id).await.unwrap(), None);
    let path = store
        .unit_path(&UnitId::new("kota-surabaya/dinas-sdabm/bidang-jalan"))
        .await
        .unwrap();
    assert_eq!(path.len(), 2, "the cycle was not written");
}

/// Type-ahead: every word of the query begins a word of the name or abbreviation; filters by
/// kind and parent narrow the list, which is ordered by name.
pub async fn the_type_ahead_finds_agencies_by_word_prefixes(h: &dyn Harness) {
    let store = h.store();
    store
        .import_directory(&sample_batch(), "sample", "cli", t0())
        .await
        .unwrap();
    let ids = |agencies: Vec<Agency>| -> Vec<String> {
        agencies.into_iter().map(|a| a.id.to_string()).collect()
    };
    let search = |text: &str| AgencyFilter {
        search: Some(text.into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_agencies(&search("sura")).await.unwrap()),
        ["kota-surabaya"]
    );
    assert_eq!(
        ids(store.list_agencies(&search("Kab. TANG")).await.unwrap()),
        ["kabupaten-tangerang"]
    );
    assert_eq!(
        ids(store.list_agencies(&search("kemenkes")).await.unwrap()),
        ["kementerian-kesehatan"]
    );
    assert!(
        store
            .list_agencies(&search("urabaya"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ids(store.list_agencies(&search("kota")).await.unwrap()),
        ["kota-makassar", "kota-surabaya"]
    );
    let provinces = AgencyFilter {
        kind: Some(AgencyKind::Provinsi),
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_agencies(&provinces).await.unwrap()),
        ["provinsi-banten", "provinsi-jawa-timur"]
    );
    let in_banten = AgencyFilter {
        parent: Some(AgencyId::new("provinsi-banten")),
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_agencies(&in_banten).await.unwrap()),
        ["kabupaten-tangerang"]
    );
    let first_two = AgencyFilter {
        limit: Some(2),
        ..Default::default()
    };
    assert_eq!(
        ids(store.list_agencies(&first_two).await.unwrap()),
        ["kabupaten-tangerang", "kementerian-kesehatan"]
    );
    assert_eq!(store.count_agencies(&first_two).await.unwrap(), 6);
    // Paging on from the last agency of a page walks the whole list once, in order.
    let everyone = ids(store.list_agencies(&AgencyFilter::default()).await.unwrap());
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_agencies(&AgencyFilter {
                limit: Some(2),
                after: after.take(),
                ..Default::default()
            })
            .await
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some((last.name.clone(), last.id.clone()));
        walked.extend(ids(page));
    }
    assert_eq!(walked, everyone);
    assert_eq!(walked.len(), 6);
    assert_eq!(store.count_agencies(&search("kota")).await.unwrap(), 2);
}
