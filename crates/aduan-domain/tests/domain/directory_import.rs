//! Planning a directory import against what is stored, with no database: what is new, what
//! changed, what is already as given, and the rules that refuse a batch whole.

use aduan_domain::directory::import::{DirectoryBatch, Stored, plan_import};
use aduan_domain::directory::{Agency, AgencyKind, Unit};
use aduan_domain::workdays::Zone;
use aduan_domain::{AgencyId, UnitId};

fn agency(id: &str, name: &str) -> Agency {
    Agency {
        id: AgencyId::new(id),
        name: name.into(),
        abbreviation: None,
        kind: AgencyKind::Kota,
        region_code: None,
        parent: None,
        zone: Zone::Wib,
        connected: true,
        integrated: false,
        source: None,
    }
}

fn unit(id: &str, agency: &str, parent: Option<&str>, inspectorate: bool) -> Unit {
    Unit {
        id: UnitId::new(id),
        agency: AgencyId::new(agency),
        parent: parent.map(UnitId::new),
        name: format!("Unit {id}"),
        inspectorate,
    }
}

#[test]
fn a_new_entry_is_inserted_a_changed_one_updated_and_an_identical_one_counted_unchanged() {
    let stored = Stored {
        agencies: vec![agency("kota-a", "Kota A"), agency("kota-b", "Kota B")],
        ..Stored::default()
    };
    let batch = DirectoryBatch {
        agencies: vec![
            agency("kota-a", "Kota A"),
            agency("kota-b", "Kota B Baru"),
            agency("kota-c", "Kota C"),
        ],
        ..DirectoryBatch::default()
    };
    let plan = plan_import(stored, &batch).unwrap();
    let counts = plan.counts().agencies;
    assert_eq!(
        (counts.inserted, counts.updated, counts.unchanged),
        (1, 1, 1)
    );
    assert_eq!(plan.agencies.insert[0].id.as_str(), "kota-c");
    assert_eq!(plan.agencies.update[0].name, "Kota B Baru");
}

#[test]
fn a_unit_of_an_unknown_agency_is_refused_with_the_rule_it_breaks() {
    let batch = DirectoryBatch {
        units: vec![unit("kota-x/dinas", "kota-x", None, false)],
        ..DirectoryBatch::default()
    };
    let refused = plan_import(Stored::default(), &batch).unwrap_err();
    assert!(
        refused.rule.contains("unknown agency `kota-x`"),
        "{refused}"
    );
}

#[test]
fn a_second_inspectorate_for_one_agency_is_refused() {
    let stored = Stored {
        agencies: vec![agency("kota-a", "Kota A")],
        units: vec![unit("kota-a/inspektorat", "kota-a", None, true)],
        ..Stored::default()
    };
    let batch = DirectoryBatch {
        units: vec![unit("kota-a/pengawas", "kota-a", None, true)],
        ..DirectoryBatch::default()
    };
    let refused = plan_import(stored, &batch).unwrap_err();
    assert!(refused.rule.contains("two inspectorates"), "{refused}");
}

#[test]
fn a_unit_under_a_parent_of_another_agency_is_refused() {
    let stored = Stored {
        agencies: vec![agency("kota-a", "Kota A"), agency("kota-b", "Kota B")],
        units: vec![unit("kota-b/dinas", "kota-b", None, false)],
        ..Stored::default()
    };
    let batch = DirectoryBatch {
        units: vec![unit("kota-a/bidang", "kota-a", Some("kota-b/dinas"), false)],
        ..DirectoryBatch::default()
    };
    let refused = plan_import(stored, &batch).unwrap_err();
    assert!(
        refused.rule.contains("is not a unit of `kota-a`"),
        "{refused}"
    );
}
