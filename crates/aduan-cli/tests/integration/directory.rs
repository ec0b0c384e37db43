//! `aduan directory …` and `aduan category …`, run as an operator would.

use super::aduan;
use aduan_store::AuditStore;
use aduan_store_sqlite::SqliteStore;
use std::process::Output;

fn run(db: &str, args: &[&str]) -> (Output, String, String) {
    let out = aduan(db).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn fresh_db(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("aduan.db").display())
}

const RSUD_CSV: &str = "\
record,id,name,kind,zone,parent,agency,inspectorate,abbreviation
agency,rsud-haji-jatim,RSUD Haji Provinsi Jawa Timur,other,WIB,provinsi-jawa-timur,,,RSUD Haji
unit,,Satuan Pengawas Internal,,,,rsud-haji-jatim,true,
unit,,Instalasi Gawat Darurat,,,,rsud-haji-jatim,,
unit,,Kelurahan Embong Kaliasin,,,kota-surabaya/kecamatan-genteng,kota-surabaya,,
";

#[test]
fn directory_import_prints_what_changed_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&dir);
    let file = dir.path().join("rsud.csv");
    std::fs::write(&file, RSUD_CSV).unwrap();
    let file = file.to_str().unwrap();
    let (out, first, err) = run(&db, &["directory", "import", file]);
    assert!(out.status.success(), "{first}{err}");
    assert!(
        first.contains("agencies:   1 new, 0 updated, 0 unchanged"),
        "{first}"
    );
    assert!(
        first.contains("units:      3 new, 0 updated, 0 unchanged"),
        "{first}"
    );
    let (_, second, _) = run(&db, &["directory", "import", file]);
    assert!(
        second.contains("agencies:   0 new, 0 updated, 1 unchanged"),
        "{second}"
    );
    assert!(
        second.contains("units:      0 new, 0 updated, 3 unchanged"),
        "{second}"
    );
    let (_, units, _) = run(&db, &["directory", "units", "rsud-haji-jatim"]);
    assert!(
        units.contains(
            "Satuan Pengawas Internal  (rsud-haji-jatim/satuan-pengawas-internal)  [inspektorat]"
        ),
        "{units}"
    );
}

#[test]
fn a_bad_import_names_each_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&dir);
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "id,name,kind,zone,parent\nkota-contoh,Kota Contoh,kota,WIBB,provinsi-jawa-timur\nkota-x,Kota X,kota,WIB,provinsi-jatim\n",
    )
    .unwrap();
    let (out, _, err) = run(&db, &["directory", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2: unknown zone \"WIBB\" (expected WIB, WITA or WIT)"),
        "{err}"
    );
    assert!(
        err.contains("line 3: unknown parent agency provinsi-jatim"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    let (_, listed, _) = run(&db, &["directory", "list", "--search", "contoh"]);
    assert!(listed.ends_with("0 of 0 agencies\n"), "{listed}");
}

#[test]
fn directory_list_filters_by_kind_and_type_ahead_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&dir);
    let (out, provinces, err) = run(&db, &["directory", "list", "--kind", "provinsi"]);
    assert!(out.status.success(), "{err}");
    assert!(provinces.ends_with("38 of 38 agencies\n"), "{provinces}");
    assert!(provinces.contains("provinsi-dki-jakarta"), "{provinces}");
    let (_, found, _) = run(&db, &["directory", "list", "--search", "sura"]);
    assert!(found.starts_with("kota-surabaya "), "{found}");
    assert!(found.contains("WIB  Kota Surabaya"), "{found}");
    let (_, all, _) = run(&db, &["directory", "list", "--limit", "3"]);
    assert!(all.ends_with("3 of 626 agencies\n"), "{all}");
    let (bad, _, err) = run(&db, &["directory", "list", "--kind", "dinas"]);
    assert!(!bad.status.success());
    assert!(err.contains("unknown AgencyKind `dinas`"), "{err}");
}

#[tokio::test]
async fn category_set_is_stored_audited_as_cli_and_shown_by_category_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_db(&dir);
    let (out, set, err) = run(
        &db,
        &[
            "category",
            "set",
            "peniadaan-mudik",
            "--sensitive",
            "true",
            "--active-until",
            "none",
        ],
    );
    assert!(out.status.success(), "{err}");
    assert!(
        set.contains("peniadaan-mudik  PENIADAAN MUDIK  sensitive=true active=2020-04-24..…"),
        "{set}"
    );
    let (_, listed, _) = run(&db, &["category", "list", "--sensitive"]);
    assert!(
        listed.contains("peniadaan-mudik  PENIADAAN MUDIK  [sensitive, 2020-04-24..…]"),
        "{listed}"
    );
    assert!(listed.contains("kesetaraan-gender-dan-sosial-inklusif/pelecehan-seksual  PELECEHAN SEKSUAL  [sensitive]"), "{listed}");
    let (_, all, _) = run(&db, &["category", "list"]);
    assert!(
        all.contains("corona-virus  CORONA VIRUS  [2020-03-02..2023-06-21, inactive]"),
        "{all}"
    );
    assert!(all.ends_with("958 of 958 categories\n"), "{all}");
    let (refused, _, err) = run(
        &db,
        &[
            "category",
            "set",
            "corona-virus",
            "--active-from",
            "2024-01-01",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        err.contains("ends (2023-06-21) before it starts (2024-01-01)"),
        "{err}"
    );

    let store = SqliteStore::connect(&db, aduan_store::Keyring::for_tests())
        .await
        .unwrap();
    let (audit, _, _) = store.list_audit().await.unwrap();
    let edits: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "category.update")
        .collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].actor, "cli");
    assert_eq!(edits[0].subject, "category:peniadaan-mudik");
    let (verify, out, _) = run(&db, &["audit", "verify"]);
    assert!(
        verify.status.success() && out.contains("history intact"),
        "{out}"
    );
}
