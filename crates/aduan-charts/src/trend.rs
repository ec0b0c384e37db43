//! The month trend.

use crate::svg::{INK, MARK, MUTED, escape, nothing_to_draw, num, number_id, open};

/// The chart's size in user units.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 240.0;
/// Room for the value labels on the left, the month labels below.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 32.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// A month trend: points in order (label like "2026-03", value), drawn as a line with dots and the
/// first/last labels on the axis; values >= 0.
///
/// The vertical scale runs from 0 to the largest value, both written on the left the
/// Indonesian way (`1.204`, `87,5`); negative or non-finite values are drawn as 0. Each dot
/// has a `<title>` tooltip "label: value". Empty `points` give a chart whose `<desc>` and
/// visible text say there is nothing to draw.
pub fn trend_chart(id: &str, title: &str, desc: &str, points: &[(String, f64)]) -> String {
    if points.is_empty() {
        let mut out = open(id, title, desc, (WIDTH, 40.0), true);
        out.push_str(&nothing_to_draw(8.0, 26.0));
        out.push_str("</svg>\n");
        return out;
    }
    let value = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
    let largest = points.iter().map(|p| value(p.1)).fold(0.0_f64, f64::max);
    let top = if largest > 0.0 { largest } else { 1.0 };
    let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    let n = points.len();
    let x = |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - value(v) / top);
    let base = TOP + plot_h;

    let mut out = open(id, title, desc, (WIDTH, HEIGHT), false);
    // The top grid line, the baseline, and their values.
    out.push_str(&format!(
        "<line x1=\"{l}\" y1=\"{t}\" x2=\"{r}\" y2=\"{t}\" stroke=\"{MUTED}\" stroke-width=\"1\" stroke-dasharray=\"4 4\"/>\n\
         <line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"{MUTED}\" stroke-width=\"1\"/>\n\
         <text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"13\" fill=\"{INK}\">{top_label}</text>\n\
         <text x=\"{lx}\" y=\"{by}\" text-anchor=\"end\" font-size=\"13\" fill=\"{INK}\">0</text>\n",
        l = num(LEFT),
        r = num(WIDTH - RIGHT),
        t = num(TOP),
        b = num(base),
        lx = num(LEFT - 8.0),
        ty = num(TOP + 4.5),
        by = num(base + 4.5),
        top_label = escape(&number_id(largest)),
    ));
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", num(x(i)), num(y(p.1))))
        .collect();
    if n > 1 {
        out.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{MARK}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n",
            line.join(" ")
        ));
    }
    for (i, (label, v)) in points.iter().enumerate() {
        out.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{MARK}\"><title>{}: {}</title></circle>\n",
            num(x(i)),
            num(y(*v)),
            escape(label),
            escape(&number_id(value(*v))),
        ));
    }
    // The first and last months under the axis.
    let label_y = num(base + 24.0);
    let month = |i: usize, anchor: &str| {
        format!(
            "<text x=\"{}\" y=\"{label_y}\" text-anchor=\"{anchor}\" font-size=\"13\" fill=\"{INK}\">{}</text>\n",
            num(x(i)),
            escape(&points[i].0),
        )
    };
    if n == 1 {
        out.push_str(&month(0, "middle"));
    } else {
        out.push_str(&month(0, "start"));
        out.push_str(&month(n - 1, "end"));
    }
    out.push_str("</svg>\n");
    out
}
