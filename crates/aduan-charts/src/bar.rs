//! The horizontal bar chart.

use crate::svg::{INK, MARK, MUTED, escape, nothing_to_draw, num, open};

/// One bar: a label, a value, and the text shown at the bar's end (e.g. "87%" or "1.204").
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar stands for, written above it (e.g. a channel or an agency).
    pub label: String,
    /// The bar's value; its length is `value / max` of the full width (negative or non-finite
    /// values draw no bar, values above `max` a full one).
    pub value: f64,
    /// The value as the reader should see it, written at the bar's end (the caller formats it).
    pub shown: String,
}

/// The chart's width in user units.
const WIDTH: f64 = 640.0;
/// Margin around the drawing.
const PAD: f64 = 8.0;
/// The longest bar; the rest of the width holds the shown text after it.
const BAR_MAX: f64 = 520.0;
/// One row: the label line, the bar, a gap.
const ROW: f64 = 44.0;
/// The bar's thickness.
const THICK: f64 = 18.0;

/// Horizontal bar chart, one bar per row, bars scaled to `max` (or the largest value when None).
/// `id` makes the title/desc ids unique on a page; `title` and `desc` become `<title>`/`<desc>`.
///
/// Each row has its label above the bar and `shown` just after the bar's end, so no text has
/// to be measured. A `max` that is not a positive number counts as `None`; when no value is
/// positive, every bar has zero length. Empty `bars` give a small chart whose `<desc>` and
/// visible text say there is nothing to draw.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar], max: Option<f64>) -> String {
    if bars.is_empty() {
        let mut out = open(id, title, desc, (WIDTH, 40.0), true);
        out.push_str(&nothing_to_draw(PAD, 26.0));
        out.push_str("</svg>\n");
        return out;
    }
    let largest = bars
        .iter()
        .map(|b| b.value)
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let scale = max.filter(|m| m.is_finite() && *m > 0.0).unwrap_or(largest);
    let height = PAD * 2.0 + ROW * bars.len() as f64;
    let mut out = open(id, title, desc, (WIDTH, height), false);
    out.push_str(&format!(
        "<line x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\" stroke=\"{MUTED}\" stroke-width=\"1\"/>\n",
        x = num(PAD - 0.5),
        y1 = num(PAD + 18.0),
        y2 = num(height - PAD - 4.0),
    ));
    for (i, bar) in bars.iter().enumerate() {
        let top = PAD + ROW * i as f64;
        let length = fraction(bar.value, scale) * BAR_MAX;
        out.push_str(&format!(
            "<g>\n<text x=\"{x}\" y=\"{ly}\" font-size=\"14\" fill=\"{INK}\">{label}</text>\n\
             <rect x=\"{x}\" y=\"{by}\" width=\"{w}\" height=\"{THICK}\" fill=\"{MARK}\"/>\n\
             <text x=\"{sx}\" y=\"{sy}\" font-size=\"14\" font-weight=\"600\" fill=\"{INK}\">{shown}</text>\n</g>\n",
            x = num(PAD),
            ly = num(top + 14.0),
            label = escape(&bar.label),
            by = num(top + 20.0),
            w = num(length),
            sx = num(PAD + length + 6.0),
            sy = num(top + 20.0 + THICK - 4.0),
            shown = escape(&bar.shown),
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// `value / scale` within 0..=1 (0 for anything not a positive number).
fn fraction(value: f64, scale: f64) -> f64 {
    if !(value.is_finite() && scale.is_finite() && scale > 0.0 && value > 0.0) {
        return 0.0;
    }
    (value / scale).min(1.0)
}
