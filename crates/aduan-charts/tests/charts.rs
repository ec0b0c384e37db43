//! What every chart promises: well-formed, accessible, escaped, self-contained, deterministic.

mod xml;

use std::collections::BTreeMap;

use aduan_charts::{Bar, bar_chart, tile_map, trend_chart};

const CLASSES: [(f64, &str, &str); 3] = [
    (80.0, "#1b7837", "Baik ≥ 80%"),
    (60.0, "#e0a800", "Sedang 60–80%"),
    (0.0, "#c0392b", "Kurang < 60%"),
];

fn bar(label: &str, value: f64, shown: &str) -> Bar {
    Bar {
        label: label.to_owned(),
        value,
        shown: shown.to_owned(),
    }
}

fn bars() -> Vec<Bar> {
    vec![
        bar("Web", 1204.0, "1.204"),
        bar("SMS", 602.0, "602"),
        bar("WhatsApp", 87.5, "87,5"),
    ]
}

fn points() -> Vec<(String, f64)> {
    (1..=6)
        .map(|m| (format!("2026-{m:02}"), f64::from(m * 10 % 35)))
        .collect()
}

fn values() -> BTreeMap<String, (f64, String)> {
    BTreeMap::from([
        ("35".to_owned(), (85.0, "Jawa Timur: 85%".to_owned())),
        ("11".to_owned(), (59.0, String::new())),
        ("31".to_owned(), (70.0, "DKI Jakarta: 70%".to_owned())),
    ])
}

/// The three charts, drawn with typical input or with nothing to draw.
fn every_chart(empty: bool) -> Vec<String> {
    let (b, p, v) = if empty {
        (Vec::new(), Vec::new(), BTreeMap::new())
    } else {
        (bars(), points(), values())
    };
    vec![
        bar_chart("kanal", "Laporan per kanal", "Web terbanyak.", &b, None),
        trend_chart("tren", "Laporan per bulan", "Naik sejak Januari.", &p),
        tile_map(
            "peta",
            "Ketepatan waktu",
            "Per provinsi.",
            &v,
            &CLASSES,
            "Tidak ada data",
        ),
    ]
}

#[test]
fn bar_chart_escapes_a_label_containing_script_ampersand_and_quote() {
    let nasty = "<script>&\"'";
    let svg = bar_chart("x", nasty, nasty, &[bar(nasty, 1.0, nasty)], None);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains("&lt;script&gt;&amp;&quot;&apos;"), "{svg}");
    let root = xml::parse(&svg).unwrap();
    let texts: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(texts, [nasty, nasty]);
}

#[test]
fn every_chart_parses_as_xml_with_typical_input() {
    for svg in every_chart(false) {
        let root = xml::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        assert_eq!(root.name, "svg");
        assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    }
}

#[test]
fn every_chart_with_empty_input_parses_and_its_desc_says_there_is_nothing_to_draw() {
    for svg in every_chart(true) {
        let root = xml::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
        let desc = root.child("desc").unwrap();
        assert!(
            desc.text.ends_with("Tidak ada data untuk digambar."),
            "{svg}"
        );
    }
    let svg = bar_chart("x", "Judul", "", &[], None);
    let root = xml::parse(&svg).unwrap();
    assert_eq!(
        root.child("desc").unwrap().text,
        "Tidak ada data untuk digambar."
    );
}

#[test]
fn the_svg_root_has_role_img_and_aria_labelledby_naming_its_title_and_desc() {
    for svg in every_chart(false).into_iter().chain(every_chart(true)) {
        let root = xml::parse(&svg).unwrap();
        assert_eq!(root.attr("role"), Some("img"));
        assert!(root.attr("viewBox").is_some());
        assert_eq!(root.attr("width"), Some("100%"));
        assert_eq!(root.attr("height"), None);
        let ids: Vec<&str> = root.attr("aria-labelledby").unwrap().split(' ').collect();
        assert_eq!(ids.len(), 2);
        let title = root.child("title").unwrap();
        let desc = root.child("desc").unwrap();
        assert_eq!(title.attr("id"), Some(ids[0]));
        assert_eq!(desc.attr("id"), Some(ids[1]));
        assert!(!title.text.is_empty() && !desc.text.is_empty());
    }
}

#[test]
fn an_id_with_spaces_still_gives_two_valid_idrefs_and_two_charts_differ() {
    let a = bar_chart("per kanal <1>", "T", "D", &bars(), None);
    let root = xml::parse(&a).unwrap();
    assert_eq!(
        root.attr("aria-labelledby"),
        Some("per-kanal--1--title per-kanal--1--desc")
    );
    let b = bar_chart("lain", "T", "D", &bars(), None);
    assert_ne!(
        xml::parse(&b).unwrap().attr("aria-labelledby"),
        root.attr("aria-labelledby")
    );
}

#[test]
fn no_chart_has_a_script_an_external_reference_or_a_style_import() {
    for svg in every_chart(false) {
        let root = xml::parse(&svg).unwrap();
        assert_eq!(root.attr("font-family"), Some("system-ui, sans-serif"));
        for e in root.all() {
            assert!(
                !["script", "style", "image", "use", "a", "foreignObject"]
                    .contains(&e.name.as_str()),
                "<{}> in {svg}",
                e.name
            );
            for (k, v) in &e.attrs {
                assert!(!k.contains("href") && !k.starts_with("on"), "{k} in {svg}");
                assert!(!v.contains("url(") && (k == "xmlns" || !v.contains("http")));
            }
        }
        assert!(!svg.contains("@import"));
    }
}

#[test]
fn the_same_input_gives_the_same_svg() {
    assert_eq!(every_chart(false), every_chart(false));
    assert_eq!(every_chart(true), every_chart(true));
}

/// The widths of a bar chart's bars.
fn bar_widths(svg: &str) -> Result<Vec<f64>, String> {
    let root = xml::parse(svg)?;
    root.all()
        .into_iter()
        .filter(|e| e.name == "rect")
        .map(|e| {
            e.attr("width")
                .and_then(|w| w.parse().ok())
                .ok_or_else(|| "a rect without width".to_owned())
        })
        .collect()
}

#[test]
fn bars_are_scaled_to_max_or_else_to_the_largest_value() {
    let b = [
        bar("a", 100.0, "100"),
        bar("b", 50.0, "50"),
        bar("c", -3.0, "-3"),
    ];
    let to_200 = bar_widths(&bar_chart("x", "T", "D", &b, Some(200.0))).unwrap();
    let to_largest = bar_widths(&bar_chart("x", "T", "D", &b, None)).unwrap();
    assert_eq!(to_200[0] * 2.0, to_largest[0]);
    assert_eq!(to_largest[1] * 2.0, to_largest[0]);
    assert_eq!(to_largest[2], 0.0);
    let zero = bar_widths(&bar_chart("x", "T", "D", &[bar("a", 0.0, "0")], None)).unwrap();
    assert_eq!(zero, [0.0]);
}

#[test]
fn trend_chart_labels_the_first_and_last_month_and_puts_a_dot_on_every_point() {
    let svg = trend_chart("t", "T", "D", &points());
    let root = xml::parse(&svg).unwrap();
    let texts: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.as_str())
        .collect();
    assert!(
        texts.contains(&"2026-01") && texts.contains(&"2026-06"),
        "{texts:?}"
    );
    assert!(!texts.contains(&"2026-03"));
    let dots: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| e.name == "circle")
        .map(|e| e.child("title").map_or("", |t| t.text.as_str()))
        .collect();
    assert_eq!(dots.len(), 6);
    assert_eq!(dots[2], "2026-03: 30");
    let one = trend_chart("t", "T", "D", &[("2026-03".to_owned(), 5.0)]);
    assert!(xml::parse(&one).is_ok());
}
