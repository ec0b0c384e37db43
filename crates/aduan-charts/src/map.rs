//! The tile-grid map of the provinces.

use std::collections::BTreeMap;

use crate::svg::{INK, MUTED, escape, num, open, safe_colour, text_on};
use crate::tiles::{GRID, PROVINCE_TILES};

/// One grid cell and the square drawn in it.
const CELL: f64 = 56.0;
const TILE: f64 = 52.0;
/// Margin around the grid.
const PAD: f64 = 8.0;
/// The fill of a province without a value (dark text on it: 12:1).
const NO_DATA: &str = "#d9d9d9";
/// The legend sits in the empty sea south-east of Nusa Tenggara, from this cell on.
const LEGEND_CELL: (u8, u8) = (10, 4);
/// One legend line.
const LEGEND_ROW: f64 = 22.0;

/// A tile-grid map of Indonesia's 38 provinces: one square tile per province at a fixed grid position
/// roughly where it lies (west to east, north to south), labelled with its short abbreviation; each tile
/// filled by its value's class (`classes` = ordered thresholds with a fill colour and legend text, e.g.
/// `[(80.0, "#1b7837", "Baik ≥ 80%"), (60.0, "#e0a800", "Sedang 60–80%"), (0.0, "#c0392b", "Kurang < 60%")]`:
/// a value gets the first class whose threshold it reaches); provinces without a value are drawn grey
/// with `no_data` as legend text. `values` maps the two-digit Kemendagri province code ("35") to a value
/// and an optional text for the tile's `<title>` tooltip.
///
/// A value that reaches no class's threshold (or is not a number) is drawn as no data, and so
/// is a class whose colour is not `#rgb`/`#rrggbb`. A tile's label is white or dark, whichever
/// contrasts more with its fill. An empty tooltip text becomes "ABBREVIATION: legend text".
/// Codes that are not one of [`PROVINCE_TILES`] are ignored; when no province has a value, the
/// `<desc>` says there is nothing to draw (the grey map is still drawn).
pub fn tile_map(
    id: &str,
    title: &str,
    desc: &str,
    values: &BTreeMap<String, (f64, String)>,
    classes: &[(f64, &str, &str)],
    no_data: &str,
) -> String {
    let empty = !PROVINCE_TILES
        .iter()
        .any(|(code, ..)| values.contains_key(*code));
    let legend_x = PAD + CELL * f64::from(LEGEND_CELL.0) + 4.0;
    let legend_y = PAD + CELL * f64::from(LEGEND_CELL.1) + 4.0;
    let legend_lines = classes.len() + 1;
    let width = PAD * 2.0 + CELL * f64::from(GRID.0);
    let height = (PAD * 2.0 + CELL * f64::from(GRID.1))
        .max(legend_y + LEGEND_ROW * legend_lines as f64 + PAD);
    let mut out = open(id, title, desc, (width, height), empty);

    for (code, abbr, col, row) in PROVINCE_TILES {
        let class = values
            .get(code)
            .and_then(|(v, text)| class_of(*v, classes).map(|c| (c, text)));
        let (fill, tooltip) = match class {
            Some(((_, colour, legend), text)) => {
                let tooltip = if text.trim().is_empty() {
                    format!("{abbr}: {legend}")
                } else {
                    text.clone()
                };
                (safe_colour(colour).unwrap_or(NO_DATA), tooltip)
            }
            None => (NO_DATA, format!("{abbr}: {no_data}")),
        };
        let x = PAD + CELL * f64::from(col) + (CELL - TILE) / 2.0;
        let y = PAD + CELL * f64::from(row) + (CELL - TILE) / 2.0;
        let stroke = if fill == NO_DATA {
            format!(" stroke=\"{MUTED}\" stroke-width=\"1\"")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<g data-code=\"{code}\">\n<title>{tooltip}</title>\n\
             <rect x=\"{x}\" y=\"{y}\" width=\"{TILE}\" height=\"{TILE}\" rx=\"4\" fill=\"{fill}\"{stroke}/>\n\
             <text x=\"{cx}\" y=\"{cy}\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"700\" fill=\"{ink}\">{abbr}</text>\n</g>\n",
            tooltip = escape(&tooltip),
            x = num(x),
            y = num(y),
            fill = escape(fill),
            cx = num(x + TILE / 2.0),
            cy = num(y + TILE / 2.0 + 3.5),
            ink = text_on(fill),
        ));
    }

    let no_data_line = (NO_DATA, no_data);
    let lines = classes
        .iter()
        .map(|(_, colour, legend)| (safe_colour(colour).unwrap_or(NO_DATA), *legend))
        .chain(std::iter::once(no_data_line));
    for (i, (fill, legend)) in lines.enumerate() {
        let y = legend_y + LEGEND_ROW * i as f64;
        out.push_str(&format!(
            "<g>\n<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"{MUTED}\" stroke-width=\"1\"/>\n\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"13\" fill=\"{INK}\">{legend}</text>\n</g>\n",
            x = num(legend_x),
            y = num(y),
            fill = escape(fill),
            tx = num(legend_x + 22.0),
            ty = num(y + 12.0),
            legend = escape(legend),
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// The first class whose threshold `value` reaches.
fn class_of<'c, 'a>(
    value: f64,
    classes: &'c [(f64, &'a str, &'a str)],
) -> Option<&'c (f64, &'a str, &'a str)> {
    classes.iter().find(|(threshold, ..)| value >= *threshold)
}
