//! The template files and their small language.

use crate::fixture::ten_thousand;
use aduan_gen::text::{Ctx, Place, Slot, Template, Texts};
use chrono::NaiveDate;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::collections::BTreeMap;

#[test]
fn every_topic_of_the_directory_has_at_least_five_text_patterns() {
    let (g, _) = ten_thousand();
    let mut per_topic: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &g.texts.patterns {
        *per_topic.entry(p.topic.as_str()).or_default() += 1;
    }
    let topics: Vec<&str> = g
        .world
        .categories
        .values()
        .filter(|c| c.parent.is_none())
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(topics.len(), 38);
    for t in topics {
        let n = per_topic.get(t).copied().unwrap_or(0);
        assert!(n >= 5, "{t} has {n} patterns");
    }
}

#[test]
fn an_unknown_slot_or_an_unclosed_bracket_is_refused_naming_the_template() {
    let err = Template::compile("Jalan rusak di {jalanan}").unwrap_err();
    assert!(err.to_string().contains("{jalanan}"), "{err}");
    assert!(err.to_string().contains("Jalan rusak di"), "{err}");
    assert!(Template::compile("[rusak|berlubang").is_err());
    assert!(Template::compile("rusak]").is_err());
    assert!(Template::compile("{jalan").is_err());
}

#[test]
fn a_detail_keeps_its_value_for_the_whole_report_and_choices_vary() {
    let texts = Texts::shipped().unwrap();
    let place = Place {
        region_name: "Kota Surabaya".into(),
        short_name: "Surabaya".into(),
        province_name: "Jawa Timur".into(),
        is_kota: true,
        kecamatan: vec!["Tegalsari".into()],
    };
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let title = Template::compile("Jalan rusak di {jalan}, Kec. {kecamatan}").unwrap();
    let body = Template::compile("Di {jalan} [berlubang|retak|amblas] sejak {lama}.").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..40 {
        let mut ctx = Ctx::new(SmallRng::seed_from_u64(seed), &texts.words, &place, today);
        let t = title.to_text(&mut ctx);
        let b = body.to_text(&mut ctx);
        let street = ctx.get(Slot::Jalan).to_owned();
        assert!(t.contains(&street) && b.contains(&street), "{t} / {b}");
        assert!(
            t.ends_with("Kec. Tegalsari"),
            "real district names are used: {t}"
        );
        seen.insert(b.split(' ').nth(3).unwrap_or_default().to_owned());
    }
    assert!(seen.len() > 1, "choices never varied");
}
