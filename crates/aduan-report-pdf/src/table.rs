//! Tables: a heading, a bold header row over a strong rule, then one line per row with a thin
//! rule under it, every cell cut with "..." to its column. A table that does not fit goes on
//! over the next pages, its header row repeated at the top of each.

use crate::Table;
use crate::canvas::{CONTENT_WIDTH, Canvas, Ink, MARGIN};
use crate::sections::{SECTION_GAP, heading, heading_lines};
use crate::text::{self, Face};

/// Size of the tables' text.
const SIZE: f32 = 8.5;
/// Height of one row.
const ROW: f32 = 15.0;
/// Space on each side of a cell's text.
const PAD: f32 = 3.0;

/// The widths of `count` columns sharing the content width. A column whose widest text (its
/// header or any cell) needs no more than an equal share gets just that; the width left over
/// goes to the other columns in proportion to what they still need, so short columns (ids,
/// ages, statuses) keep their text whole and long ones (titles) take the rest. Width nobody
/// needs is shared equally.
fn column_widths(table: &Table, count: usize) -> Vec<f32> {
    if count == 0 {
        return Vec::new();
    }
    let mut needed = vec![0.0f32; count];
    for (i, header) in table.columns.iter().enumerate() {
        needed[i] = needed[i].max(text::width(header, Face::Bold, SIZE));
    }
    for row in &table.rows {
        for (i, cell) in row.cells.iter().enumerate() {
            needed[i] = needed[i].max(text::width(cell, Face::Regular, SIZE));
        }
    }
    let needed: Vec<f32> = needed
        .into_iter()
        .map(|w| (w + 2.0 * PAD).min(CONTENT_WIDTH))
        .collect();
    let share = CONTENT_WIDTH / count as f32;
    let base: Vec<f32> = needed.iter().map(|w| w.min(share)).collect();
    let left = CONTENT_WIDTH - base.iter().sum::<f32>();
    let wants: Vec<f32> = needed.iter().zip(&base).map(|(n, b)| n - b).collect();
    let wanted: f32 = wants.iter().sum();
    if wanted <= left {
        let spare = (left - wanted) / count as f32;
        return needed.iter().map(|w| w + spare).collect();
    }
    base.iter()
        .zip(&wants)
        .map(|(b, w)| b + left * w / wanted)
        .collect()
}

/// Writes one line of cells from the cursor and moves it down a row.
fn cells(canvas: &mut Canvas, cells: &[String], widths: &[f32], face: Face) {
    let baseline = canvas.y() - ROW + 4.5;
    let mut x = MARGIN;
    for (cell, width) in cells.iter().zip(widths) {
        let room = width - 2.0 * PAD;
        canvas.text_in(x + PAD, baseline, (face, SIZE, Ink::Text), cell, room);
        x += width;
    }
    canvas.down(ROW);
}

/// The header row, if the table has column headers.
fn header_row(canvas: &mut Canvas, table: &Table, widths: &[f32]) {
    if table.columns.is_empty() {
        return;
    }
    cells(canvas, &table.columns, widths, Face::Bold);
    canvas.rule(MARGIN, canvas.y(), CONTENT_WIDTH, 0.8, Ink::Strong);
}

/// Draws `table` from the cursor (see the module's documentation). Its heading, header row
/// and first row are kept together on one page.
pub(crate) fn table(canvas: &mut Canvas, table: &Table) {
    let widest_row = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let count = table.columns.len().max(widest_row);
    let (wrapped, heading_height) = heading_lines(&table.heading);
    if count == 0 && wrapped.is_empty() {
        return;
    }
    let widths = column_widths(table, count);
    let header_height = if table.columns.is_empty() { 0.0 } else { ROW };
    let first_row = if table.rows.is_empty() { 0.0 } else { ROW };
    canvas.keep(heading_height + header_height + first_row);
    heading(canvas, &wrapped);
    if count > 0 {
        header_row(canvas, table, &widths);
        for row in &table.rows {
            if canvas.keep(ROW) {
                header_row(canvas, table, &widths);
            }
            cells(canvas, &row.cells, &widths, Face::Regular);
            canvas.rule(MARGIN, canvas.y(), CONTENT_WIDTH, 0.3, Ink::Rule);
        }
    }
    canvas.down(SECTION_GAP);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Row;

    #[test]
    fn short_columns_keep_their_width_and_a_long_one_takes_the_rest() {
        let table = Table {
            heading: String::new(),
            columns: ["Nomor", "Judul", "Umur", "Status"]
                .map(String::from)
                .to_vec(),
            rows: vec![Row {
                cells: [
                    "ADU-2026-0001",
                    &"Jalan berlubang ".repeat(20),
                    "45 hari",
                    "Diproses",
                ]
                .map(String::from)
                .to_vec(),
            }],
        };
        let widths = column_widths(&table, 4);
        assert!((widths.iter().sum::<f32>() - CONTENT_WIDTH).abs() < 0.01);
        let id = text::width("ADU-2026-0001", Face::Regular, SIZE) + 2.0 * PAD;
        assert!(widths[0] >= id - 0.01, "{widths:?}");
        assert!(widths[1] > widths[0] + widths[2] + widths[3], "{widths:?}");
    }
}
