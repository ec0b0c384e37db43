//! The report's first blocks: title and subtitle, the figures, the trend chart; and the
//! heading every section starts with.

use crate::Figure;
use crate::canvas::{CONTENT_WIDTH, Canvas, Ink, MARGIN};
use crate::text::{self, Face};

/// Size of the title.
const TITLE_SIZE: f32 = 16.0;
/// Size of the subtitle.
const SUBTITLE_SIZE: f32 = 9.0;
/// Size of a section heading.
const HEADING_SIZE: f32 = 12.0;
/// Size of the figures' text.
const FIGURE_SIZE: f32 = 10.0;
/// Height of one figure's row.
const FIGURE_ROW: f32 = 16.0;
/// Size of the chart's labels.
const LABEL_SIZE: f32 = 7.0;
/// Height of the tallest bar.
const BAR_MAX: f32 = 110.0;
/// Room above the bars for their values.
const VALUE_ROOM: f32 = 12.0;
/// Room under the bars for the month labels.
const LABEL_ROOM: f32 = 14.0;
/// At most this many bars: the last ones of the trend.
const MAX_BARS: usize = 12;
/// Space after each section.
pub(crate) const SECTION_GAP: f32 = 16.0;

/// Height of one line of text at `size`, leading included.
fn line_height(size: f32) -> f32 {
    size * 1.3
}

/// Writes `lines` one under the other from the cursor, starting a new page when a line does
/// not fit.
fn lines(canvas: &mut Canvas, lines: &[String], style: (Face, f32, Ink)) {
    for line in lines {
        canvas.keep(line_height(style.1));
        canvas.text(MARGIN, canvas.y() - style.1, style, line);
        canvas.down(line_height(style.1));
    }
}

/// Title (bold, up to three lines) and subtitle (grey, up to three lines).
pub(crate) fn header(canvas: &mut Canvas, title: &str, subtitle: &str) {
    let title = text::wrap(title, Face::Bold, TITLE_SIZE, CONTENT_WIDTH, 3);
    lines(canvas, &title, (Face::Bold, TITLE_SIZE, Ink::Text));
    let subtitle = text::wrap(subtitle, Face::Regular, SUBTITLE_SIZE, CONTENT_WIDTH, 3);
    if !title.is_empty() && !subtitle.is_empty() {
        canvas.down(2.0);
    }
    lines(
        canvas,
        &subtitle,
        (Face::Regular, SUBTITLE_SIZE, Ink::Muted),
    );
    if !title.is_empty() || !subtitle.is_empty() {
        canvas.down(SECTION_GAP - 4.0);
    }
}

/// The lines of a section heading (bold, up to two lines) and their height.
pub(crate) fn heading_lines(heading: &str) -> (Vec<String>, f32) {
    let wrapped = text::wrap(heading, Face::Bold, HEADING_SIZE, CONTENT_WIDTH, 2);
    let height = wrapped.len() as f32 * line_height(HEADING_SIZE);
    let height = if wrapped.is_empty() {
        0.0
    } else {
        height + 4.0
    };
    (wrapped, height)
}

/// Writes a heading made by [`heading_lines`].
pub(crate) fn heading(canvas: &mut Canvas, wrapped: &[String]) {
    lines(canvas, wrapped, (Face::Bold, HEADING_SIZE, Ink::Text));
    if !wrapped.is_empty() {
        canvas.down(4.0);
    }
}

/// The figures as a two-column list: the label in the left two thirds, the value in bold in
/// the right third, a thin rule under each.
pub(crate) fn figures(canvas: &mut Canvas, figures: &[Figure]) {
    if figures.is_empty() {
        return;
    }
    let value_x = MARGIN + CONTENT_WIDTH * 2.0 / 3.0;
    for figure in figures {
        canvas.keep(FIGURE_ROW);
        let baseline = canvas.y() - FIGURE_ROW + 5.0;
        let label = (Face::Regular, FIGURE_SIZE, Ink::Text);
        canvas.text_in(
            MARGIN,
            baseline,
            label,
            &figure.label,
            value_x - MARGIN - 8.0,
        );
        let value = (Face::Bold, FIGURE_SIZE, Ink::Text);
        let room = MARGIN + CONTENT_WIDTH - value_x;
        canvas.text_in(value_x, baseline, value, &figure.value, room);
        canvas.down(FIGURE_ROW);
        canvas.rule(MARGIN, canvas.y(), CONTENT_WIDTH, 0.3, Ink::Rule);
    }
    canvas.down(SECTION_GAP);
}

/// A value as a bar's label: whole numbers without decimals, others with one; not a finite
/// number: "-".
fn value_label(value: f64) -> String {
    if !value.is_finite() {
        "-".to_owned()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value:.1}")
    }
}

/// The trend as vertical bars over a baseline, the value above each bar and its label under
/// it (cut with "..." when wider than its slot). Only the last [`MAX_BARS`] points are drawn;
/// bars scale to the largest value, and a negative or non-finite value draws no bar.
pub(crate) fn trend(canvas: &mut Canvas, heading_text: &str, trend: &[(String, f64)]) {
    let (wrapped, heading_height) = heading_lines(heading_text);
    if trend.is_empty() && wrapped.is_empty() {
        return;
    }
    let chart_height = if trend.is_empty() {
        0.0
    } else {
        VALUE_ROOM + BAR_MAX + LABEL_ROOM
    };
    canvas.keep(heading_height + chart_height);
    heading(canvas, &wrapped);
    if trend.is_empty() {
        canvas.down(SECTION_GAP);
        return;
    }
    canvas.keep(chart_height);
    let shown = &trend[trend.len().saturating_sub(MAX_BARS)..];
    let heights: Vec<f64> = shown
        .iter()
        .map(|(_, v)| if v.is_finite() { v.max(0.0) } else { 0.0 })
        .collect();
    let max = heights.iter().copied().fold(0.0, f64::max);
    let slot = CONTENT_WIDTH / shown.len() as f32;
    let bar_width = (slot * 0.6).min(28.0);
    let base = canvas.y() - VALUE_ROOM - BAR_MAX;
    let label = (Face::Regular, LABEL_SIZE, Ink::Muted);
    for (i, ((month, value), height)) in shown.iter().zip(&heights).enumerate() {
        let centre = MARGIN + slot * (i as f32 + 0.5);
        let bar = if max > 0.0 {
            (height / max) as f32 * BAR_MAX
        } else {
            0.0
        };
        canvas.fill(centre - bar_width / 2.0, base, bar_width, bar, Ink::Bar);
        let max_label = slot - 2.0;
        let value = value_label(*value);
        canvas.text_centred(centre, base + bar + 3.0, label, &value, max_label);
        let below = base - LABEL_SIZE - 3.0;
        canvas.text_centred(centre, below, label, month, max_label);
    }
    canvas.rule(MARGIN, base, CONTENT_WIDTH, 0.5, Ink::Strong);
    canvas.down(chart_height + SECTION_GAP);
}

#[cfg(test)]
mod tests {
    use super::value_label;

    #[test]
    fn bar_values_are_whole_numbers_when_whole_and_one_decimal_otherwise() {
        assert_eq!(value_label(120.0), "120");
        assert_eq!(value_label(-0.0), "0");
        assert_eq!(value_label(1.26), "1.3");
        assert_eq!(value_label(f64::NAN), "-");
        assert_eq!(value_label(f64::INFINITY), "-");
    }
}
