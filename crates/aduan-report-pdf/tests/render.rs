//! The rendered report, read back with lopdf: a PDF file, its pages, its text.

use aduan_report_pdf::{Figure, MonthlyReport, Row, Table, render};
use lopdf::Document;

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn oldest_open(rows: usize) -> Table {
    Table {
        heading: "Laporan terbuka paling lama".to_owned(),
        columns: strings(&["Nomor", "Judul", "Umur", "Status"]),
        rows: (0..rows)
            .map(|i| Row {
                cells: vec![
                    format!("ADU-2026-{i:05}"),
                    format!("Jalan berlubang di depan pasar nomor {i}, belum ditambal"),
                    format!("{} hari", 90 - i % 90),
                    "Diproses".to_owned(),
                ],
            })
            .collect(),
    }
}

fn report(rows: usize) -> MonthlyReport {
    MonthlyReport {
        title: "Laporan bulanan Kota Surabaya — Maret 2026".to_owned(),
        subtitle: "Dibuat 2026-04-01 08:00 WIB dari data Aduan".to_owned(),
        figures: vec![
            Figure {
                label: "Laporan diterima".to_owned(),
                value: "1.204".to_owned(),
            },
            Figure {
                label: "Selesai ≥ 30 hari".to_owned(),
                value: "87 %".to_owned(),
            },
        ],
        trend_heading: "Laporan per bulan".to_owned(),
        trend: (1..=12)
            .map(|m| (format!("2025-{m:02}"), f64::from(m * 10)))
            .collect(),
        tables: vec![
            Table {
                heading: "Tahapan".to_owned(),
                columns: strings(&["Tahap", "Jumlah"]),
                rows: vec![Row {
                    cells: strings(&["Verifikasi", "120"]),
                }],
            },
            oldest_open(rows),
        ],
        footer: "Data Aduan, lisensi CC BY 4.0".to_owned(),
    }
}

fn load(bytes: &[u8]) -> Document {
    match Document::load_mem(bytes) {
        Ok(document) => document,
        Err(e) => panic!("the output is not a PDF lopdf can read: {e}"),
    }
}

fn page_text(document: &Document, page: u32) -> String {
    document.extract_text(&[page]).unwrap_or_default()
}

#[test]
fn the_output_is_a_pdf_file_from_header_to_end_marker() {
    let bytes = render(&report(5));
    assert!(bytes.starts_with(b"%PDF-"));
    let end = bytes.trim_ascii_end();
    assert!(
        end.ends_with(b"%%EOF"),
        "ends with {:?}",
        &end[end.len().saturating_sub(20)..]
    );
    assert_eq!(load(&bytes).get_pages().len(), 1);
}

#[test]
fn the_title_and_a_figure_appear_in_the_text_of_page_one() {
    let document = load(&render(&report(5)));
    let text = page_text(&document, 1);
    assert!(text.contains("Laporan bulanan Kota Surabaya"), "{text}");
    assert!(text.contains("Maret 2026"), "{text}");
    assert!(text.contains("Laporan diterima"), "{text}");
    assert!(text.contains("1.204"), "{text}");
    assert!(text.contains("Selesai >= 30 hari"), "{text}");
    assert!(text.contains("ADU-2026-00004"), "{text}");
    assert!(text.contains("1 / 1"), "{text}");
}

#[test]
fn a_report_with_five_hundred_rows_runs_over_several_pages_each_numbered_with_the_header_row() {
    let document = load(&render(&report(500)));
    let pages = document.get_pages().len();
    assert!(pages > 1, "{pages} page(s)");
    let last = u32::try_from(pages).unwrap_or(u32::MAX);
    let text = page_text(&document, last);
    assert!(text.contains(&format!("{last} / {last}")), "{text}");
    assert!(text.contains("Nomor") && text.contains("Status"), "{text}");
    assert!(text.contains("ADU-2026-00499"), "{text}");
    assert!(text.contains("Data Aduan, lisensi CC BY 4.0"), "{text}");
}

#[test]
fn an_empty_report_renders_one_page() {
    let document = load(&render(&MonthlyReport::default()));
    assert_eq!(document.get_pages().len(), 1);
    assert!(page_text(&document, 1).contains("1 / 1"));
}

#[test]
fn very_long_words_control_characters_and_odd_numbers_do_not_break_rendering() {
    let long = "x".repeat(20_000);
    let odd = "baris\nbaru\ttab\u{0}\u{7}\u{1b}[31m \u{202E}kiri 日本語 😀 e\u{301} ≤≥→ …–é";
    let mut report = report(3);
    report.title = format!("{long} {odd}");
    report.subtitle = odd.repeat(50);
    report.footer = long.clone();
    report.trend_heading = long.clone();
    report.figures.push(Figure {
        label: long.clone(),
        value: odd.to_owned(),
    });
    report.trend = vec![
        (long.clone(), f64::NAN),
        (odd.to_owned(), -5.0),
        (String::new(), f64::INFINITY),
        ("x".to_owned(), 1e300),
        ("y".to_owned(), f64::MAX),
    ];
    report.tables.push(Table {
        heading: odd.to_owned(),
        columns: vec![long.clone(), String::new()],
        rows: vec![
            Row { cells: Vec::new() },
            Row {
                cells: vec![odd.to_owned(); 40],
            },
        ],
    });
    report.tables.push(Table::default());
    let document = load(&render(&report));
    assert!(!document.get_pages().is_empty());
}

#[test]
fn more_than_twelve_points_and_a_trend_of_zeros_render() {
    let mut long = report(0);
    long.trend = (0..40).map(|i| (format!("M{i}"), f64::from(i))).collect();
    let text = page_text(&load(&render(&long)), 1);
    assert!(text.contains("M39") && !text.contains("M27"), "{text}");
    let mut zeros = report(0);
    zeros.trend = vec![("2026-01".to_owned(), 0.0); 12];
    assert_eq!(load(&render(&zeros)).get_pages().len(), 1);
}
