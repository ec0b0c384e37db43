//! The pieces every chart shares: escaping, numbers, the root element, colours.

/// Text colour on white and light fills (contrast 17:1 on white).
pub(crate) const INK: &str = "#1a1a1a";
/// Secondary text and axis lines (4.5:1 on white).
pub(crate) const MUTED: &str = "#595959";
/// Bars and the trend line (a dark blue, 8:1 on white).
pub(crate) const MARK: &str = "#1f4e79";
/// What the `<desc>` of a chart with nothing to draw ends with.
pub(crate) const NOTHING_TO_DRAW: &str = "Tidak ada data untuk digambar.";

/// `text` XML-escaped for element content and attribute values; characters XML 1.0 does not
/// allow (most C0 controls) are dropped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal (never `-0.0`).
pub(crate) fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_owned() } else { s }
}

/// `v` the Indonesian way, rounded to one decimal: `1.204`, `87,5`, `0`.
pub(crate) fn number_id(v: f64) -> String {
    let v = if v.is_finite() {
        v.clamp(-1e15, 1e15)
    } else {
        0.0
    };
    let tenths = (v.abs() * 10.0).round() as u64;
    let (whole, frac) = (tenths / 10, tenths % 10);
    let digits = whole.to_string();
    let mut out = String::new();
    if v < 0.0 && tenths > 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(d);
    }
    if frac > 0 {
        out.push(',');
        out.push_str(&frac.to_string());
    }
    out
}

/// The caller's id made safe for an XML id and an IDREF list: ASCII letters, digits, `-` and
/// `_` are kept, anything else becomes `-`; an empty id becomes `chart`; an id not starting
/// with a letter gets a `c-` prefix.
pub(crate) fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match s.chars().next() {
        None => "chart".to_owned(),
        Some(c) if c.is_ascii_alphabetic() => s,
        Some(_) => format!("c-{s}"),
    }
}

/// The root `<svg>` start tag with its `<title>` and `<desc>`; `empty` appends the
/// nothing-to-draw sentence to the description. Close it with `</svg>`.
pub(crate) fn open(id: &str, title: &str, desc: &str, size: (f64, f64), empty: bool) -> String {
    let id = safe_id(id);
    let desc = match (desc.trim().is_empty(), empty) {
        (_, false) => desc.to_owned(),
        (true, true) => NOTHING_TO_DRAW.to_owned(),
        (false, true) => format!("{} {NOTHING_TO_DRAW}", desc.trim_end()),
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         font-family=\"system-ui, sans-serif\">\n\
         <title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n",
        w = num(size.0),
        h = num(size.1),
        title = escape(title),
        desc = escape(&desc),
    )
}

/// A visible line of text saying there is nothing to draw, for an empty chart.
pub(crate) fn nothing_to_draw(x: f64, y: f64) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"14\" fill=\"{MUTED}\">{NOTHING_TO_DRAW}</text>\n",
        num(x),
        num(y)
    )
}

/// `colour` if it is `#rgb` or `#rrggbb` (the only colours a caller may give, so no caller
/// text can reach a `url(…)` or anything else outside the SVG).
pub(crate) fn safe_colour(colour: &str) -> Option<&str> {
    let hex = colour.strip_prefix('#')?;
    let ok = matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
    ok.then_some(colour)
}

/// The text colour with the higher contrast on `fill` (a `#rgb`/`#rrggbb` colour): white or
/// [`INK`].
pub(crate) fn text_on(fill: &str) -> &'static str {
    let Some(l) = luminance(fill) else {
        return INK;
    };
    // WCAG contrast ratios against white (1.0) and INK (#1a1a1a, luminance ≈ 0.0103).
    let with_white = 1.05 / (l + 0.05);
    let with_ink = (l + 0.05) / (0.0103 + 0.05);
    if with_white > with_ink {
        "#ffffff"
    } else {
        INK
    }
}

/// The WCAG relative luminance of a `#rgb`/`#rrggbb` colour.
fn luminance(colour: &str) -> Option<f64> {
    let hex = safe_colour(colour)?.strip_prefix('#')?;
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    let (r, g, b) = if hex.len() == 3 {
        let d = |i: usize| channel(&hex[i..i + 1]).map(|v| v * 17);
        (d(0)?, d(1)?, d(2)?)
    } else {
        (
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )
    };
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_indonesian_way() {
        assert_eq!(number_id(1204.0), "1.204");
        assert_eq!(number_id(87.5), "87,5");
        assert_eq!(number_id(0.0), "0");
        assert_eq!(number_id(1_234_567.04), "1.234.567");
    }

    #[test]
    fn dark_fills_get_white_text_and_light_fills_dark_text() {
        assert_eq!(text_on("#1b7837"), "#ffffff");
        assert_eq!(text_on("#c0392b"), "#ffffff");
        assert_eq!(text_on("#e0a800"), INK);
        assert_eq!(text_on("#ddd"), INK);
    }

    #[test]
    fn only_hex_colours_are_accepted() {
        assert_eq!(safe_colour("#1b7837"), Some("#1b7837"));
        assert_eq!(safe_colour("url(https://x.test/#a)"), None);
        assert_eq!(safe_colour("#12345g"), None);
    }

    #[test]
    fn ids_are_made_safe_for_idrefs() {
        assert_eq!(safe_id("per kanal"), "per-kanal");
        assert_eq!(safe_id(""), "chart");
        assert_eq!(safe_id("2026"), "c-2026");
    }
}
