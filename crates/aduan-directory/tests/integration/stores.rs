//! Loading and importing on both backends: the same cases on SQLite and on PostgreSQL.

use aduan_directory::{LoadError, builtin, ensure_loaded, import_csv, load_into};
use aduan_domain::directory::CategoryChanges;
use aduan_domain::{AgencyId, CategoryId, UnitId};
use aduan_store::{AgencyFilter, Store, UpsertCounts};
use chrono::{DateTime, TimeZone, Utc};
use std::sync::Arc;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap()
}

fn fresh_counts(n: usize) -> UpsertCounts {
    UpsertCounts {
        inserted: n as u64,
        updated: 0,
        unchanged: 0,
    }
}

fn same_counts(n: usize) -> UpsertCounts {
    UpsertCounts {
        inserted: 0,
        updated: 0,
        unchanged: n as u64,
    }
}

async fn loading_the_directory_twice_changes_nothing_the_second_time(store: Arc<dyn Store>) {
    let all = builtin().unwrap();
    let first = load_into(store.as_ref(), "cli", at()).await.unwrap();
    assert_eq!(first.agencies, fresh_counts(all.agencies.len()));
    assert_eq!(first.units, fresh_counts(all.units.len()));
    assert_eq!(first.categories, fresh_counts(all.categories.len()));
    let second = load_into(store.as_ref(), "cli", at()).await.unwrap();
    assert_eq!(second.agencies, same_counts(all.agencies.len()));
    assert_eq!(second.units, same_counts(all.units.len()));
    assert_eq!(second.categories, same_counts(all.categories.len()));
    assert_eq!(
        store
            .count_agencies(&AgencyFilter::default())
            .await
            .unwrap(),
        626
    );
    let (audit, _, _) = store.list_audit().await.unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1].payload["counts"]["agencies"]["unchanged"], 626);
    let back = store
        .get_agency(&AgencyId::new("kota-jayapura"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(Some(&back), all.agencies.iter().find(|a| a.id == back.id));
}

async fn the_first_start_loads_once_and_keeps_later_edits(store: Arc<dyn Store>) {
    let loaded = ensure_loaded(store.as_ref(), at()).await.unwrap().unwrap();
    assert_eq!(loaded.agencies.inserted, 626);
    let id = CategoryId::new("peniadaan-mudik");
    let reopen = CategoryChanges {
        active_until: Some(None),
        ..Default::default()
    };
    store
        .update_category(&id, &reopen, "1", at())
        .await
        .unwrap();
    assert_eq!(ensure_loaded(store.as_ref(), at()).await.unwrap(), None);
    assert_eq!(
        store.get_category(&id).await.unwrap().unwrap().active_until,
        None
    );
    let actions: Vec<String> = store
        .list_audit()
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["directory.import", "category.update"]);
}

async fn the_real_unit_tree_gives_paths_inspectorates_and_type_ahead(store: Arc<dyn Store>) {
    load_into(store.as_ref(), "cli", at()).await.unwrap();
    let kelurahan = UnitId::new("kota-surabaya/kecamatan-tegalsari/kelurahan-kedungdoro");
    let path = store.unit_path(&kelurahan).await.unwrap();
    assert_eq!(
        path,
        [UnitId::new("kota-surabaya/kecamatan-tegalsari"), kelurahan]
    );
    let insp = store
        .inspectorate_of(&AgencyId::new("kota-jayapura"))
        .await
        .unwrap();
    assert_eq!(insp.unwrap().id.as_str(), "kota-jayapura/inspektorat");
    let find = |text: &str| AgencyFilter {
        search: Some(text.into()),
        ..Default::default()
    };
    let first = |v: Vec<aduan_domain::directory::Agency>| v[0].id.to_string();
    assert_eq!(
        first(store.list_agencies(&find("sura")).await.unwrap()),
        "kota-surabaya"
    );
    assert_eq!(
        first(store.list_agencies(&find("kab tangerang")).await.unwrap()),
        "kabupaten-tangerang"
    );
    assert_eq!(
        first(store.list_agencies(&find("BPOM")).await.unwrap()),
        "badan-pengawas-obat-dan-makanan"
    );
    assert_eq!(
        first(store.list_agencies(&find("dki")).await.unwrap()),
        "provinsi-dki-jakarta"
    );
    let in_papua = AgencyFilter {
        parent: Some(AgencyId::new("provinsi-papua")),
        ..Default::default()
    };
    assert_eq!(store.count_agencies(&in_papua).await.unwrap(), 9);
}

const DEPLOYMENT_CSV: &str = "\
record,id,name,kind,zone,parent,agency,inspectorate
agency,rsud-haji-jatim,RSUD Haji Provinsi Jawa Timur,other,WIB,provinsi-jawa-timur,,
unit,,Instalasi Gawat Darurat,,,,rsud-haji-jatim,
unit,,Kelurahan Embong Kaliasin,,,kota-surabaya/kecamatan-genteng,kota-surabaya,
";

async fn a_deployment_csv_is_upserted_and_reimporting_it_changes_nothing(store: Arc<dyn Store>) {
    load_into(store.as_ref(), "cli", at()).await.unwrap();
    let first = import_csv(store.as_ref(), DEPLOYMENT_CSV, "rs.csv", "cli", at())
        .await
        .unwrap();
    assert_eq!((first.agencies.inserted, first.units.inserted), (1, 2));
    let again = import_csv(store.as_ref(), DEPLOYMENT_CSV, "rs.csv", "cli", at())
        .await
        .unwrap();
    assert_eq!(
        (again.agencies, again.units),
        (same_counts(1), same_counts(2))
    );
    let renamed = DEPLOYMENT_CSV.replace("RSUD Haji Provinsi Jawa Timur", "RSUD Haji Surabaya");
    let third = import_csv(store.as_ref(), &renamed, "rs.csv", "cli", at())
        .await
        .unwrap();
    assert_eq!((third.agencies.updated, third.units.unchanged), (1, 2));
    let rsud = store
        .get_agency(&AgencyId::new("rsud-haji-jatim"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rsud.name, "RSUD Haji Surabaya");
    let path = store
        .unit_path(&UnitId::new(
            "kota-surabaya/kecamatan-genteng/kelurahan-embong-kaliasin",
        ))
        .await
        .unwrap();
    assert_eq!(path.len(), 2);
    assert_eq!(
        store
            .count_agencies(&AgencyFilter::default())
            .await
            .unwrap(),
        627
    );
    let audit = store.list_audit().await.unwrap().0;
    assert_eq!(audit.last().unwrap().payload["label"], "file rs.csv");
}

async fn an_import_naming_unknown_agencies_reports_their_lines_and_writes_nothing(
    store: Arc<dyn Store>,
) {
    load_into(store.as_ref(), "cli", at()).await.unwrap();
    let text = "\
record,name,kind,zone,parent,agency
agency,RSUD Kota Batu,other,WIB,kota-batoe,
unit,Dinas Pendidikan,,,,kota-bandoeng
unit,Bidang SD,,,kota-surabaya/dinas-pendidikan-lama,kota-surabaya
";
    let err = import_csv(store.as_ref(), text, "bad.csv", "cli", at())
        .await
        .unwrap_err();
    let LoadError::File(f) = err else {
        panic!("{err:?}")
    };
    let lines: Vec<String> = f.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "line 2: unknown parent agency kota-batoe",
            "line 3: unknown agency kota-bandoeng",
            "line 4: unknown parent unit kota-surabaya/dinas-pendidikan-lama",
        ]
    );
    assert_eq!(
        store.list_audit().await.unwrap().0.len(),
        1,
        "only the load"
    );
}

macro_rules! on_both_backends {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let dir = tempfile::tempdir().unwrap();
                    let url = format!("sqlite://{}", dir.path().join("aduan.db").display());
                    let store = aduan_store_sqlite::SqliteStore::connect(&url, aduan_store::Keyring::for_tests()).await.unwrap();
                    super::$case(std::sync::Arc::new(store)).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL: run with --include-ignored and ADUAN_TEST_PG_URL"]
                async fn $case() {
                    let db = crate::pg::FreshDatabase::create().await;
                    let store = aduan_store_pg::PgStore::connect(&db.url, aduan_store::Keyring::for_tests()).await.unwrap();
                    super::$case(std::sync::Arc::new(store.clone())).await;
                    store.close().await;
                }
            )+
        }
    };
}

on_both_backends!(
    loading_the_directory_twice_changes_nothing_the_second_time,
    the_first_start_loads_once_and_keeps_later_edits,
    the_real_unit_tree_gives_paths_inspectorates_and_type_ahead,
    a_deployment_csv_is_upserted_and_reimporting_it_changes_nothing,
    an_import_naming_unknown_agencies_reports_their_lines_and_writes_nothing,
);
