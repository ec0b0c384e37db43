use super::export::round2;
use super::{COLUMNS, Format, OpenReport, encode};

fn row(title: &str, lat: Option<f64>) -> OpenReport {
    OpenReport {
        tracking_id: "8K2M4P6R9T".into(),
        submitted_at: "2026-03-02T02:00:00Z".into(),
        month: "2026-03".into(),
        kind: "complaint".into(),
        status: "completed".into(),
        completion_kind: Some("reporter_confirmed".into()),
        category: Some("infrastruktur/jalan".into()),
        topic: Some("infrastruktur".into()),
        agency: Some("kota-surabaya".into()),
        agency_name: Some("Pemerintah Kota Surabaya".into()),
        region_code: Some("35.78".into()),
        province: Some("35".into()),
        channel: "web".into(),
        title: title.into(),
        body: "Baris satu,\n\"baris\" dua".into(),
        lat,
        lon: None,
        follow_ups: 2,
    }
}

fn text(bytes: bytes::Bytes) -> String {
    String::from_utf8(bytes.to_vec()).unwrap_or_default()
}

#[test]
fn coordinates_round_to_two_decimals_and_never_to_minus_zero() {
    assert_eq!(round2(-7.312_345), -7.31);
    assert_eq!(round2(112.736_789), 112.74);
    assert_eq!(round2(-0.001).to_string(), "0");
}

#[test]
fn a_csv_page_has_the_header_only_when_asked_and_quotes_what_needs_quoting() {
    let rows = [row("Jalan rusak", Some(-7.31))];
    let first = text(encode(&rows, Format::Csv, true).unwrap_or_default());
    let mut reader = csv::Reader::from_reader(first.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    assert_eq!(header, COLUMNS);
    let records: Vec<csv::StringRecord> = reader.records().flatten().collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][14], "Baris satu,\n\"baris\" dua");
    assert_eq!((&records[0][15], &records[0][16]), ("-7.31", ""));
    let next = text(encode(&rows, Format::Csv, false).unwrap_or_default());
    assert!(next.starts_with("8K2M4P6R9T,"), "{next}");
}

#[test]
fn a_text_a_spreadsheet_would_run_as_a_formula_is_defused_in_csv_only() {
    let rows = [row("=HYPERLINK(\"http://x\")", None)];
    let csv = text(encode(&rows, Format::Csv, false).unwrap_or_default());
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
    let lines = text(encode(&rows, Format::JsonLines, true).unwrap_or_default());
    let back: serde_json::Value = serde_json::from_str(lines.trim_end()).unwrap_or_default();
    assert_eq!(back["title"], "=HYPERLINK(\"http://x\")");
    assert_eq!(back["lon"], serde_json::Value::Null);
}

#[test]
fn json_lines_are_one_object_per_line() {
    let rows = [row("a", None), row("b", Some(1.5))];
    let lines = text(encode(&rows, Format::JsonLines, true).unwrap_or_default());
    assert_eq!(lines.lines().count(), 2);
    assert!(lines.ends_with('\n'));
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        assert_eq!(v.as_object().map(|o| o.len()), Some(COLUMNS.len()));
    }
}
