//! The LAPOR! categories: ids, merges and flags.

use aduan_directory::builtin;
use aduan_domain::directory::Category;
use chrono::{NaiveDate, Utc};
use std::collections::HashMap;

fn categories() -> HashMap<String, Category> {
    builtin()
        .unwrap()
        .categories
        .into_iter()
        .map(|c| (c.id.to_string(), c))
        .collect()
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

#[test]
fn topics_and_sub_topics_get_slug_ids_under_their_topic() {
    let all = builtin().unwrap().categories;
    assert_eq!(all.iter().filter(|c| c.parent.is_none()).count(), 38);
    assert_eq!(
        all.len(),
        38 + 920,
        "929 published sub-topics, 9 listed twice"
    );
    let by_id = categories();
    let topic = &by_id["pendidikan-dan-kebudayaan"];
    assert_eq!(topic.name, "PENDIDIKAN DAN KEBUDAYAAN");
    assert_eq!(topic.parent, None);
    let sub = &by_id["perhubungan/jadwal-keberangkatan"];
    assert_eq!(sub.name, "JADWAL KEBERANGKATAN");
    assert_eq!(sub.parent.as_ref().unwrap().as_str(), "perhubungan");
    assert!(by_id.contains_key("agama/haji-dan-umroh"));
    assert!(
        by_id.contains_key("ketenteraman-ketertiban-umum-dan-pelindungan-masyarakat/kepolisian")
    );
    // Each topic comes before its sub-topics.
    let pos: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for c in &all {
        if let Some(p) = &c.parent {
            assert!(pos[p.as_str()] < pos[c.id.as_str()], "{}", c.id);
        }
    }
}

#[test]
fn topics_without_sub_topics_keep_a_bare_id() {
    let all = builtin().unwrap().categories;
    for bare in [
        "evakuasi-hewan-liar",
        "topik-lainnya",
        "pelindungan-wni",
        "srgi",
    ] {
        assert!(
            all.iter()
                .any(|c| c.id.as_str() == bare && c.parent.is_none()),
            "{bare}"
        );
        assert!(
            !all.iter()
                .any(|c| c.parent.as_ref().is_some_and(|p| p.as_str() == bare))
        );
    }
}

#[test]
fn a_sub_topic_listed_twice_under_a_topic_is_one_category() {
    let all = builtin().unwrap().categories;
    for merged in [
        "ekonomi-dan-keuangan/perbankan",
        "perhubungan/jadwal-keberangkatan",
        "teknologi-informasi-dan-komunikasi/jaringan-internet",
        "corona-virus/lainnya",
        "lingkungan-hidup-dan-kehutanan/redd",
    ] {
        assert_eq!(
            all.iter().filter(|c| c.id.as_str() == merged).count(),
            1,
            "{merged}"
        );
    }
}

#[test]
fn sexual_violence_harassment_and_school_violence_are_sensitive() {
    let by_id = categories();
    for id in [
        "kesetaraan-gender-dan-sosial-inklusif/pelecehan-seksual",
        "kesehatan/kekerasan-dan-pelecehan-di-lingkungan-kerja",
        "kekerasan-di-satuan-pendidikan-sekolah-kampus-lembaga-kursus",
        "kekerasan-di-satuan-pendidikan-sekolah-kampus-lembaga-kursus/kekerasan-seksual",
        "kekerasan-di-satuan-pendidikan-sekolah-kampus-lembaga-kursus/perundungan-bullying",
        "kekerasan-di-satuan-pendidikan-sekolah-kampus-lembaga-kursus/intoleransi",
    ] {
        assert!(by_id[id].sensitive, "{id}");
    }
    for id in [
        "pendidikan-dan-kebudayaan",
        "kesetaraan-gender-dan-sosial-inklusif",
        "kependudukan/akta-kelahiran",
    ] {
        assert!(!by_id[id].sensitive, "{id}");
    }
    // Every published name mentioning sexual violence or harassment is covered.
    for c in by_id.values() {
        if c.name.contains("SEKSUAL") || c.name.contains("PELECEHAN") {
            assert!(c.sensitive, "{}", c.id);
        }
    }
}

#[test]
fn campaign_topics_that_ended_are_inactive_today_and_others_are_active() {
    let by_id = categories();
    for id in [
        "corona-virus",
        "corona-virus/apd",
        "peniadaan-mudik",
        "pemulihan-ekonomi-nasional",
    ] {
        assert!(!by_id[id].is_active(today()), "{id} ended");
    }
    let corona = &by_id["corona-virus"];
    assert!(corona.is_active(NaiveDate::from_ymd_opt(2021, 7, 1).unwrap()));
    assert_eq!(corona.active_until, NaiveDate::from_ymd_opt(2023, 6, 21));
    assert!(by_id["peniadaan-mudik"].is_active(NaiveDate::from_ymd_opt(2021, 5, 10).unwrap()));
    let mbg = &by_id["program-makan-bergizi-gratis-mbg"];
    assert!(mbg.is_active(today()));
    assert!(!mbg.is_active(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()));
    assert!(by_id["pendidikan-dan-kebudayaan"].is_active(today()));
}
