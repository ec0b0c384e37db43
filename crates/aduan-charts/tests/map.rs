//! The tile grid and the map drawn on it.

mod xml;

use std::collections::{BTreeMap, BTreeSet};

use aduan_charts::{PROVINCE_TILES, tile_map};

const REGIONS: &str = include_str!("../../../data/regions.csv");

const CLASSES: [(f64, &str, &str); 3] = [
    (80.0, "#1b7837", "Baik ≥ 80%"),
    (60.0, "#e0a800", "Sedang 60–80%"),
    (0.0, "#c0392b", "Kurang < 60%"),
];

/// The two-digit codes of regions.csv: the provinces.
fn province_codes() -> BTreeSet<&'static str> {
    REGIONS
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .filter(|code| code.len() == 2 && code.bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

fn map(values: &[(&str, f64, &str)]) -> String {
    let values: BTreeMap<String, (f64, String)> = values
        .iter()
        .map(|(code, v, text)| ((*code).to_owned(), (*v, (*text).to_owned())))
        .collect();
    tile_map(
        "peta",
        "Ketepatan waktu",
        "Per provinsi.",
        &values,
        &CLASSES,
        "Tidak ada data",
    )
}

/// The tile of province `code`: (its fill, its label's colour, its label, its tooltip).
fn tile(root: &xml::Element, code: &str) -> Option<(String, String, String, String)> {
    let g = root
        .all()
        .into_iter()
        .find(|e| e.name == "g" && e.attr("data-code") == Some(code))?;
    let rect = g.child("rect")?;
    let text = g.child("text")?;
    Some((
        rect.attr("fill")?.to_owned(),
        text.attr("fill")?.to_owned(),
        text.text.clone(),
        g.child("title")?.text.clone(),
    ))
}

#[test]
fn every_province_of_regions_csv_has_exactly_one_tile() {
    let codes = province_codes();
    assert_eq!(codes.len(), 38);
    let tiles: Vec<&str> = PROVINCE_TILES.iter().map(|t| t.0).collect();
    let unique: BTreeSet<&str> = tiles.iter().copied().collect();
    assert_eq!(unique.len(), tiles.len(), "a province has two tiles");
    assert_eq!(unique, codes);
}

#[test]
fn no_two_tiles_share_a_cell_and_every_tile_lies_on_the_16_by_6_grid() {
    let mut cells = BTreeSet::new();
    for (code, _, col, row) in PROVINCE_TILES {
        assert!(col < 16 && row < 6, "{code} is off the grid");
        assert!(cells.insert((col, row)), "{code} shares ({col}, {row})");
    }
}

#[test]
fn every_abbreviation_is_unique_and_short() {
    let abbrs: BTreeSet<&str> = PROVINCE_TILES.iter().map(|t| t.1).collect();
    assert_eq!(abbrs.len(), 38);
    assert!(
        abbrs
            .iter()
            .all(|a| a.len() <= 7 && a.chars().all(|c| c.is_ascii_uppercase()))
    );
}

#[test]
fn a_province_of_85_gets_the_first_class_colour_and_one_of_59_the_last() {
    let svg = map(&[
        ("35", 85.0, "Jawa Timur: 85%"),
        ("11", 59.0, ""),
        ("31", 60.0, ""),
    ]);
    let root = xml::parse(&svg).unwrap();
    let (fill, ink, label, tooltip) = tile(&root, "35").unwrap();
    assert_eq!((fill.as_str(), ink.as_str()), ("#1b7837", "#ffffff"));
    assert_eq!(
        (label.as_str(), tooltip.as_str()),
        ("JATIM", "Jawa Timur: 85%")
    );
    let (fill, ink, _, tooltip) = tile(&root, "11").unwrap();
    assert_eq!((fill.as_str(), ink.as_str()), ("#c0392b", "#ffffff"));
    assert_eq!(tooltip, "ACEH: Kurang < 60%");
    let (fill, ink, _, _) = tile(&root, "31").unwrap();
    assert_eq!((fill.as_str(), ink.as_str()), ("#e0a800", "#1a1a1a"));
}

#[test]
fn a_province_without_a_value_is_grey_with_dark_text_and_says_no_data() {
    let svg = map(&[("35", 85.0, ""), ("12", f64::NAN, "")]);
    let root = xml::parse(&svg).unwrap();
    for code in ["91", "12"] {
        let (fill, ink, _, tooltip) = tile(&root, code).unwrap();
        assert_eq!((fill.as_str(), ink.as_str()), ("#d9d9d9", "#1a1a1a"));
        assert!(tooltip.ends_with(": Tidak ada data"), "{tooltip}");
    }
}

#[test]
fn the_map_draws_all_38_tiles_and_a_legend_line_per_class_and_for_no_data() {
    let svg = map(&[("35", 85.0, "<b>&</b>")]);
    let root = xml::parse(&svg).unwrap();
    let tiles = PROVINCE_TILES.iter().filter(|t| tile(&root, t.0).is_some());
    assert_eq!(tiles.count(), 38);
    assert_eq!(tile(&root, "35").unwrap().3, "<b>&</b>");
    let texts: Vec<&str> = root
        .all()
        .into_iter()
        .filter(|e| e.name == "text")
        .map(|e| e.text.as_str())
        .collect();
    for legend in [
        "Baik ≥ 80%",
        "Sedang 60–80%",
        "Kurang < 60%",
        "Tidak ada data",
    ] {
        assert!(texts.contains(&legend), "{legend} missing");
    }
}

#[test]
fn a_colour_that_is_not_hex_is_drawn_as_no_data() {
    let classes = [(0.0, "url(https://x.test/p.svg#a)", "Semua")];
    let values = BTreeMap::from([("35".to_owned(), (85.0, String::new()))]);
    let svg = tile_map("p", "T", "D", &values, &classes, "Tidak ada data");
    assert!(!svg.contains("url("), "{svg}");
    let root = xml::parse(&svg).unwrap();
    assert_eq!(tile(&root, "35").unwrap().0, "#d9d9d9");
}
