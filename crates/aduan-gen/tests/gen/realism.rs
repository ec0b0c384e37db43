//! Generated reports look like real traffic and read as citizens write.

use crate::fixture::ten_thousand;
use aduan_domain::report::{Channel, Kind, title_from_body};
use aduan_domain::workdays::Zone;
use chrono::{Datelike, Timelike};
use std::collections::{BTreeMap, BTreeSet};

fn share(n: usize, of: usize) -> f64 {
    n as f64 / of as f64
}

#[test]
fn nine_in_ten_titles_are_distinct_and_every_topic_and_province_is_used() {
    let (g, histories) = ten_thousand();
    let mut titles: BTreeMap<String, usize> = BTreeMap::new();
    for h in histories {
        let state = &h.steps.last().unwrap().state;
        let title = state
            .title
            .clone()
            .unwrap_or_else(|| title_from_body(&h.report.body));
        *titles.entry(title).or_default() += 1;
    }
    let mut repeated: Vec<(&String, &usize)> = titles.iter().filter(|(_, n)| **n > 1).collect();
    repeated.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
    assert!(
        share(titles.len(), histories.len()) >= 0.9,
        "{} distinct titles; most repeated: {:#?}",
        titles.len(),
        &repeated[..repeated.len().min(25)]
    );

    let topics_used: BTreeSet<&str> = histories
        .iter()
        .filter_map(|h| h.steps.last().unwrap().state.category.as_ref())
        .map(|c| c.as_str().split('/').next().unwrap())
        .collect();
    let all_topics: BTreeSet<&str> = g
        .world
        .categories
        .values()
        .filter(|c| c.parent.is_none())
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(all_topics.len(), 38);
    let missing: Vec<_> = all_topics.difference(&topics_used).collect();
    assert!(missing.is_empty(), "topics never used: {missing:?}");

    let provinces_used: BTreeSet<&str> = histories
        .iter()
        .filter_map(|h| h.report.location.as_ref()?.region_code.as_deref())
        .map(|c| &c[..2])
        .collect();
    let all: BTreeSet<&str> = g.world.provinces.keys().map(String::as_str).collect();
    assert_eq!(all.len(), 38);
    assert_eq!(provinces_used, all);
}

#[test]
fn traffic_is_skewed_as_real_traffic_is() {
    let (g, histories) = ten_thousand();
    let n = histories.len();
    let count =
        |f: &dyn Fn(&aduan_store::History) -> bool| histories.iter().filter(|h| f(h)).count();

    let java = count(&|h| {
        g.world.regions.iter().any(|r| {
            r.code.starts_with('3')
                && h.report
                    .location
                    .as_ref()
                    .and_then(|l| l.region_code.as_ref())
                    == Some(&r.code)
        })
    });
    let located = count(&|h| h.report.location.is_some());
    assert!(share(java, located) > 0.5, "Java {java} of {located}");

    let mut channels: BTreeMap<String, usize> = BTreeMap::new();
    for h in histories {
        *channels.entry(h.report.channel.as_string()).or_default() += 1;
    }
    let top = channels.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(top.0, "web");
    assert!(channels.get("mobile") > channels.get("sms"));
    assert!(channels.keys().any(|c| c.starts_with("api:")));
    assert!(channels["walk_in"] + channels["phone"] + channels["paper"] < n / 10);

    let complaints = count(&|h| h.steps.last().unwrap().state.kind == Kind::Complaint);
    assert!(share(complaints, n) > 0.7, "{complaints} complaints");
    let anonymous = share(count(&|h| h.report.anonymous), n);
    assert!((0.12..0.18).contains(&anonymous), "anonymous {anonymous}");
    let confidential = share(count(&|h| h.report.state.confidential), n);
    assert!(
        (0.05..0.12).contains(&confidential),
        "confidential {confidential}"
    );
    let sensitive_public = count(&|h| {
        let c = h.steps.last().unwrap().state.category.as_ref();
        let sensitive = c
            .and_then(|c| g.world.categories.get(c))
            .is_some_and(|c| c.sensitive);
        sensitive && !h.report.state.confidential
    });
    assert_eq!(sensitive_public, 0, "a sensitive report is public");

    let wib = |h: &aduan_store::History| h.report.submitted_at.with_timezone(&Zone::Wib.tz());
    let weekdays = count(&|h| wib(h).weekday().num_days_from_monday() < 5);
    assert!(share(weekdays, n) > 0.8, "{weekdays} on weekdays");
    let office = count(&|h| (8..17).contains(&wib(h).hour()));
    assert!(share(office, n) > 0.5, "{office} in office hours");

    let dominant = [
        "pekerjaan-umum",
        "sosial-dan",
        "kesehatan",
        "pendidikan-dan",
        "kependudukan",
    ];
    let big = count(&|h| {
        let c = h.steps.last().unwrap().state.category.clone();
        c.is_some_and(|c| dominant.iter().any(|d| c.as_str().starts_with(d)))
    });
    assert!(share(big, n) > 0.4, "{big} in the five dominant topics");
}

/// The longest run of digits in `s`.
fn longest_digits(s: &str) -> usize {
    s.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

#[test]
fn texts_read_as_citizens_write_and_leave_no_template_syntax_behind() {
    let (_, histories) = ten_thousand();
    let mut greeted = 0;
    let mut pleas = 0;
    for h in histories {
        let r = &h.report;
        let mut texts = vec![r.body.as_str()];
        texts.extend(h.steps.iter().filter_map(|s| s.event.body.as_deref()));
        texts.extend(h.steps.iter().filter_map(|s| s.event.reason.as_deref()));
        texts.extend(r.state.title.as_deref());
        for t in texts {
            assert!(
                !t.contains(['{', '}', '[', ']', '|']),
                "template syntax left in {t:?}"
            );
            assert!(longest_digits(t) < 12, "a long number in {t:?}");
            assert!(!t.trim().is_empty());
        }
        let body = r.body.to_lowercase();
        if [
            "selamat",
            "assalamualaikum",
            "permisi",
            "halo",
            "yth",
            "dengan hormat",
            "min,",
            "salam",
        ]
        .iter()
        .any(|g| body.starts_with(g))
        {
            greeted += 1;
        }
        if body.contains("mohon")
            || body.contains("mhn")
            || body.contains("tolong")
            || body.contains("tlg")
        {
            pleas += 1;
        }
        match &r.channel {
            Channel::Sms => {
                assert!(r.body.chars().count() <= 330, "{}", r.body);
                assert!(r.state.title.is_none());
            }
            Channel::Social => assert!(r.body.starts_with("@LAPOR1708 ")),
            Channel::Web | Channel::Mobile => assert!(r.state.title.is_some()),
            _ => {}
        }
    }
    assert!(share(greeted, histories.len()) > 0.3, "{greeted} greet");
    assert!(
        share(pleas, histories.len()) > 0.5,
        "{pleas} ask for action"
    );
}

#[test]
fn reporter_identities_are_synthetic_and_never_look_like_real_peoples() {
    let (_, histories) = ten_thousand();
    let identities: Vec<_> = histories
        .iter()
        .filter_map(|h| h.identity.as_ref())
        .collect();
    assert!(identities.len() > 9_000);
    for who in identities {
        assert!(who.name.as_ref().is_some_and(|n| n.len() > 2));
        if let Some(nik) = &who.nik {
            assert!(
                nik.len() == 16 && nik.starts_with("99") && nik.bytes().all(|b| b.is_ascii_digit()),
                "{nik}"
            );
        }
        if let Some(phone) = &who.phone {
            assert!(phone.starts_with("+62800") && phone.len() == 14, "{phone}");
        }
        if let Some(email) = &who.email {
            assert!(
                ["@example.com", "@example.net", "@example.org"]
                    .iter()
                    .any(|d| email.ends_with(d)),
                "{email}"
            );
        }
        assert!(who.email.is_some() || who.phone.is_some());
    }
}
