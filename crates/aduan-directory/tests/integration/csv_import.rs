//! The directory CSV format: derived ids, mixed files, and errors that name their line.

use aduan_directory::parse_directory_csv;
use aduan_domain::directory::AgencyKind;
use aduan_domain::workdays::Zone;

fn errors(text: &str) -> Vec<String> {
    parse_directory_csv(text, "mine.csv")
        .unwrap_err()
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_mixed_file_derives_ids_from_names_and_keeps_line_numbers() {
    let text = "\
record,id,name,kind,zone,parent,agency,inspectorate,region_code,connected
agency,,RSUD Haji Provinsi Jawa Timur,other,wib,provinsi-jawa-timur,,,,yes
unit,,Instalasi Gawat Darurat,,,,rsud-haji-provinsi-jawa-timur,,,
unit,,Satuan Pengawas Internal,,,,rsud-haji-provinsi-jawa-timur,true,,
agency,kota-batu,Kota Batu,kota,Asia/Jakarta,provinsi-jawa-timur,,,3579,
";
    let parsed = parse_directory_csv(text, "mine.csv").unwrap();
    let rsud = &parsed.agencies[0];
    assert_eq!(rsud.line, 2);
    assert_eq!(rsud.value.id.as_str(), "rsud-haji-provinsi-jawa-timur");
    assert_eq!(rsud.value.kind, AgencyKind::Other);
    assert_eq!(rsud.value.zone, Zone::Wib);
    assert!(rsud.value.connected);
    let batu = &parsed.agencies[1];
    assert_eq!(
        (batu.line, batu.value.region_code.as_deref()),
        (5, Some("35.79"))
    );
    let igd = &parsed.units[0];
    assert_eq!(igd.line, 3);
    assert_eq!(
        igd.value.id.as_str(),
        "rsud-haji-provinsi-jawa-timur/instalasi-gawat-darurat"
    );
    assert!(parsed.units[1].value.inspectorate);
}

#[test]
fn a_units_file_needs_no_record_column() {
    let text = "agency,parent,name\n\
        kota-surabaya,kota-surabaya/kecamatan-genteng,Kelurahan Embong Kaliasin\n";
    let parsed = parse_directory_csv(text, "units.csv").unwrap();
    assert!(parsed.agencies.is_empty());
    assert_eq!(
        parsed.units[0].value.id.as_str(),
        "kota-surabaya/kecamatan-genteng/kelurahan-embong-kaliasin"
    );
}

#[test]
fn import_errors_name_the_line_and_what_is_wrong() {
    let text = "\
id,name,kind,zone
kota-batu,Kota Batu,kota,WIB
kota-blitar,Kota Blitar,kota,WIBB
Kota Kediri,Kota Kediri,kota,WIB
,Dinas Pendidikan,dinas,WIB
kota-batu,Kota Batu Lagi,kota,WIB
,,kota,WIB
";
    assert_eq!(
        errors(text),
        [
            "line 3: unknown zone \"WIBB\" (expected WIB, WITA or WIT)",
            "line 4: id \"Kota Kediri\" is not a slug (a-z, 0-9 and single hyphens)",
            "line 5: unknown kind \"dinas\" (expected kementerian, lembaga, provinsi, kabupaten, kota or other)",
            "line 6: id \"kota-batu\" is already on line 2",
            "line 7: the name is empty",
        ]
    );
}

#[test]
fn header_problems_are_on_line_1_and_field_count_errors_on_their_line() {
    let unknown = errors("id,nama,kind,zone\nx,Kota X,kota,WIB\n");
    assert_eq!(
        unknown[0].split(" (known").next().unwrap(),
        "line 1: unknown column \"nama\""
    );
    assert!(unknown.contains(&"line 1: missing column \"name\"".to_string()));
    let neither = errors("id,name\nx,X\n");
    assert!(neither[0].starts_with("line 1: the header needs a \"kind\" column"));
    let short = errors("name,kind,zone\n\"Kota\nBatu\",kota,WIB\nKota Malang,kota\n");
    assert_eq!(short, ["line 4: 2 fields, but the header has 3"]);
}

#[test]
fn unit_rows_must_stay_inside_their_agency() {
    let text = "\
record,id,name,agency,parent,zone
unit,kota-malang/dinas-x,Dinas X,kota-surabaya,,
unit,,Bidang Y,kota-surabaya,kota-malang/dinas-x,
unit,,Dinas Z,kota-surabaya,,WIT
";
    assert_eq!(
        errors(text),
        [
            "line 2: id \"kota-malang/dinas-x\" must be kota-surabaya/ followed by slugs joined by /",
            "line 3: parent \"kota-malang/dinas-x\" is not a unit id of kota-surabaya",
            "line 4: column \"zone\" is only for agencies",
        ]
    );
}

#[test]
fn the_shipped_files_parse_without_a_problem() {
    let agencies = parse_directory_csv(aduan_directory::AGENCIES_CSV, "data/agencies.csv").unwrap();
    assert_eq!(agencies.agencies.len(), 74);
    let units = parse_directory_csv(aduan_directory::UNITS_CSV, "data/units.csv").unwrap();
    assert_eq!(units.units.len(), 113);
}
