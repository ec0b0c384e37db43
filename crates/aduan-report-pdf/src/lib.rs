//! Aduan's monthly report, for one agency or the nation, as a PDF.
//!
//! [`render`] lays a [`MonthlyReport`] out on A4 portrait pages with 18 mm margins: the title
//! (bold, 16 pt) and a grey subtitle (9 pt); the month's key figures as a two-column list
//! (label, value in bold); the trend as vertical bars with each value above its bar and its
//! month under it; then each table with a bold header row over a strong rule and thin rules
//! between rows. A table that does not fit on a page goes on over the next ones, its header
//! row repeated; a heading is kept on the page of what follows it. Every page ends with the
//! footer line and "n / m", its number and the page count.
//!
//! Every text is already in the reader's language: this crate adds no words of its own. Text
//! is set in the PDF standard fonts Helvetica and Helvetica-Bold, which every PDF reader has,
//! so no font file is read or embedded. Those fonts show the WinAnsi (Windows-1252) characters
//! only: Latin letters with their accents, `–`, `—`, `…`, `€`, typographic quotes; a few signs
//! are spelled out (`≥` as `>=`, `≤` as `<=`, `→` as `->`, `−` as `-`), whitespace such as line
//! breaks becomes a space, invisible format characters and combining marks are dropped, and
//! any other character (other scripts, emoji, control codes) is shown as `?`.
//!
//! Texts never overflow their room, measured with the fonts' metrics: the title and subtitle
//! wrap onto at most three lines and headings onto two, the last line ending with "..." when
//! text is left over; figures, chart labels, cells and the footer stay on one line, cut with
//! "...". Table columns share the width by need rather than equally: a column whose widest
//! text (header or cell) needs no more than an equal share gets just that, and the other
//! columns share the rest in proportion to what they still need, so tracking ids, ages and
//! statuses stay whole while titles take the remaining width.
//!
//! The trend shows its last 12 points at most; bars scale to the largest value, a value is
//! written whole when it is a whole number and with one decimal otherwise (`.` as separator),
//! and a negative or non-finite value draws no bar ("-" for a non-finite one).
//!
//! [`render`] never panics, whatever the input: empty lists, very long texts, control
//! characters, hundreds of rows. The output is not byte-for-byte stable: the PDF carries its
//! creation date.
//!
//! Why printpdf: it writes PDFs from plain drawing operations (text, rectangles, lines) with
//! the standard fonts named, not embedded, and without its default features it has no HTML
//! layout, font loading or system font lookup. It writes the standard fonts' text in WinAnsi,
//! which the cleaning above matches.

mod canvas;
mod metrics;
mod sections;
mod table;
mod text;

use printpdf::{OffsetDateTime, PdfDocument, PdfSaveOptions};

use crate::canvas::Canvas;

/// One labelled figure, e.g. ("Laporan diterima", "1.204").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figure {
    /// What the figure counts, e.g. "Laporan diterima".
    pub label: String,
    /// The figure as the reader writes numbers, e.g. "1.204".
    pub value: String,
}

/// One row of a table: cells as text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// The cells, one per column; missing cells are blank, extra ones get a column of their
    /// own.
    pub cells: Vec<String>,
}

/// A table with a heading, column headers and rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// The table's heading, drawn in bold above it.
    pub heading: String,
    /// The column headers, drawn as the bold header row (repeated on each page the table
    /// runs over); none means no header row.
    pub columns: Vec<String>,
    /// The rows, in order.
    pub rows: Vec<Row>,
}

/// The monthly report, every text already in the reader's language.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthlyReport {
    /// The title, e.g. "Laporan bulanan Kota Surabaya — Maret 2026".
    pub title: String,
    /// The line under the title, e.g. "Dibuat 2026-04-01 08:00 WIB dari data Aduan".
    pub subtitle: String,
    /// The month's key figures, drawn as a two-column list.
    pub figures: Vec<Figure>,
    /// The heading above the trend chart.
    pub trend_heading: String,
    /// The last 12 months, oldest first, e.g. `("2026-03", 120.0)`, drawn as a bar chart with
    /// value labels (only the last 12 points when there are more).
    pub trend: Vec<(String, f64)>,
    /// Tables after the chart, e.g. the phases' figures and the oldest open reports.
    pub tables: Vec<Table>,
    /// The licence or source line at the foot of every page, beside "n / m".
    pub footer: String,
}

/// The PDF bytes.
///
/// Never panics: any text is cleaned to what the standard fonts can show and cut or wrapped
/// to fit, and any number of figures, points and rows is laid out over as many pages as it
/// takes.
pub fn render(report: &MonthlyReport) -> Vec<u8> {
    let mut canvas = Canvas::new();
    sections::header(&mut canvas, &report.title, &report.subtitle);
    sections::figures(&mut canvas, &report.figures);
    sections::trend(&mut canvas, &report.trend_heading, &report.trend);
    for table in &report.tables {
        table::table(&mut canvas, table);
    }
    let pages = canvas.finish(&report.footer);
    let title: String = text::clean(&report.title).chars().take(300).collect();
    let mut document = PdfDocument::new(title.trim());
    let info = &mut document.metadata.info;
    let now = OffsetDateTime::now_utc();
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;
    info.creator = "Aduan".to_owned();
    info.producer = "aduan-report-pdf (printpdf)".to_owned();
    document
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}
