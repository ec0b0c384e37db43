//! The portal's words all come from the catalogue, read from the source: every message key the
//! templates and the Rust code name exists in Bahasa Indonesia and in English (keys built at
//! run time, like `status-{…}`, are checked for every value of the domain's enum), and no
//! template holds user-facing text of its own.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use aduan_domain::directory::AgencyKind;
use aduan_domain::report::HandlingClass;
use aduan_domain::sla::Phase;
use aduan_domain::status::ArchiveReasonCode;
use aduan_domain::workdays::Zone;
use aduan_domain::{ActionKind, Channel, CompletionKind, EscalationLevel, Kind, Role, Status};
use aduan_i18n::{Lang, catalogue};
use std::collections::BTreeSet;
use std::path::Path;

#[path = "catalogue/markup.rs"]
mod markup;
#[path = "catalogue/scan.rs"]
mod scan;

use scan::{key_literals, keys_in_calls, sources};

/// The values a key built at run time from `pattern` (one `{…}`) can take.
fn expansions(pattern: &str) -> Option<Vec<String>> {
    let open = pattern.find('{')?;
    let close = open + pattern[open..].find('}')?;
    let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
    let codes = |all: &[&str]| all.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
    let values: Vec<String> = match prefix {
        "status-" => codes(&Status::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        "kind-" => codes(&Kind::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        "channel-" => channels(),
        "completion-" => codes(
            &CompletionKind::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>(),
        ),
        "escalation-" => codes(
            &EscalationLevel::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>(),
        ),
        "event-" => codes(
            &ActionKind::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>(),
        ),
        "clock-" => codes(&Phase::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        "public-agency-kind-" => codes(
            &AgencyKind::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>(),
        ),
        "public-grade-" => codes(&["baik", "sedang", "kurang"]),
        "public-stats-by-" => codes(&["topic", "province", "channel", "kind", "month"]),
        "public-zone-" => [Zone::Wib, Zone::Wita, Zone::Wit]
            .iter()
            .map(|z| z.code().to_lowercase())
            .collect(),
        "public-phase-" => Phase::ALL
            .iter()
            .filter(|p| p.is_limit())
            .map(|p| p.as_str().to_owned())
            .collect(),
        "account-role-" => Role::ALL
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Role::NationalAdmin | Role::AgencyAdmin | Role::UnitOfficer | Role::Supervisor
                )
            })
            .map(|r| r.as_str().to_owned())
            .collect(),
        "month-" => (1..=12).map(|m| m.to_string()).collect(),
        // aduan_triage::junk::JunkSign, '_' written as '-'.
        "office-queue-mark-junk-" => {
            codes(&["no-words", "test-or-greeting", "one-word", "repeated"])
        }
        "review-class-" => codes(
            &HandlingClass::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>(),
        ),
        "review-reason-" => codes(
            &ArchiveReasonCode::ALL
                .iter()
                .map(|v| v.as_str())
                .collect::<Vec<_>>(),
        ),
        "review-phase-" => codes(&Phase::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        // The back office's staff actions and attachment publishing, '_' written as '-'.
        "review-done-" => [
            "verify_dispatch",
            "postpone",
            "archive",
            "delete",
            "dispatch_unit",
            "reroute",
            "follow_up",
            "complete",
            "answer_information",
            "note",
            "ombudsman_acknowledge",
            "request_information",
            "record_finding",
            "reveal_identity",
            "publish",
            "unpublish",
        ]
        .iter()
        .map(|a| a.replace('_', "-"))
        .collect(),
        "overview-sla-" => Phase::ALL
            .iter()
            .filter(|p| p.is_limit())
            .map(|p| p.as_str().to_owned())
            .collect(),
        "overview-phase-" => codes(&[
            "verification",
            "awaiting_reporter",
            "first_follow_up",
            "completion",
        ]),
        "staff-role-" => codes(&Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>())
            .into_iter()
            .filter(|r| !matches!(r.as_str(), "reporter" | "public" | "system"))
            .collect(),
        "staff-body-" => codes(
            &aduan_domain::actor::SupervisorBody::ALL
                .iter()
                .map(|b| b.as_str())
                .collect::<Vec<_>>(),
        ),
        "office-queue-tab-" | "office-queue-lead-" => codes(&[
            "verifikasi",
            "ditunda",
            "eskalasi",
            "dipegang",
            "terlambat",
            "terbuka",
            "semua",
        ]),
        "office-queue-phase-" => Phase::ALL
            .iter()
            .filter(|p| p.is_limit())
            .map(|p| p.as_str().to_owned())
            .collect(),
        "office-bulk-done-" => codes(&["spam", "duplicate", "dispatch"]),
        "ref-calendar-kind-" => aduan_store::HolidayKind::ALL
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
        _ => return None,
    };
    Some(
        values
            .into_iter()
            .map(|v| format!("{prefix}{v}{suffix}"))
            .collect(),
    )
}

/// Every channel's key suffix; partner systems share `api`. The match stops compiling when a
/// channel is added, as a reminder to list it.
fn channels() -> Vec<String> {
    use Channel::*;
    let all = [
        Web,
        Mobile,
        Sms,
        Email,
        Social,
        Chat,
        WalkIn,
        Phone,
        Paper,
        Api("x".into()),
    ];
    all.iter()
        .map(|c| match c {
            Web | Mobile | Sms | Email | Social | Chat | WalkIn | Phone | Paper => c.as_string(),
            Api(_) => "api".to_owned(),
        })
        .collect()
}

fn missing_in_either_language(key: &str) -> Vec<&'static str> {
    Lang::ALL
        .into_iter()
        .filter(|lang| !catalogue().has(*lang, key))
        .map(|lang| lang.native_name())
        .collect()
}

#[test]
fn every_message_key_the_portal_names_exists_in_both_languages() {
    let families: BTreeSet<String> = catalogue()
        .keys(Lang::Id)
        .iter()
        .map(|k| k.split('-').next().unwrap_or_default().to_owned())
        .collect();
    let mut uses = Vec::new();
    for (file, text) in sources("templates", ".html") {
        uses.extend(keys_in_calls(&file, &text));
    }
    for (file, text) in sources("src", ".rs") {
        uses.extend(keys_in_calls(&file, &text));
        uses.extend(key_literals(&file, &text, &families));
    }
    assert!(
        uses.len() > 50,
        "found only {} keys: is the scan broken?",
        uses.len()
    );
    let mut problems = Vec::new();
    for u in &uses {
        let keys = if u.key.contains('{') {
            match expansions(&u.key) {
                Some(keys) => keys,
                None => {
                    problems.push(format!(
                        "{}: the key pattern {:?} is built at run time from values this test \
                         cannot list: add them to `expansions` in tests/catalogue.rs",
                        u.place, u.key
                    ));
                    continue;
                }
            }
        } else {
            vec![u.key.clone()]
        };
        for key in keys {
            let missing = missing_in_either_language(&key);
            if !missing.is_empty() {
                problems.push(format!(
                    "{}: `{key}` is missing in {}",
                    u.place,
                    missing.join(" and ")
                ));
            }
        }
    }
    problems.dedup();
    assert!(
        problems.is_empty(),
        "catalogue keys missing:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_value_of_the_shared_vocabulary_has_its_label() {
    for pattern in [
        "status-{}",
        "kind-{}",
        "channel-{}",
        "completion-{}",
        "escalation-{}",
        "event-{}",
        "month-{}",
    ] {
        for key in expansions(pattern).unwrap() {
            let missing = missing_in_either_language(&key);
            assert!(
                missing.is_empty(),
                "`{key}` is missing in {}",
                missing.join(" and ")
            );
        }
    }
}

#[test]
fn no_template_holds_text_of_its_own() {
    let mut problems = Vec::new();
    for (file, text) in sources("templates", ".html") {
        problems.extend(
            markup::literal_text(&text)
                .into_iter()
                .map(|(line, what)| format!("{}:{line}: {what}", file.display())),
        );
    }
    assert!(
        problems.is_empty(),
        "templates must take every user-facing word from the catalogue (c.t(\"key\")):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_text_check_catches_words_in_markup_and_in_labelling_attributes() {
    let page = "<p>{{ c.t(\"a\") }} · 3</p>\n<p>Halo</p>\n<input placeholder=\"Nama\" value=\"x\">\n\
                <input type=\"submit\" value=\"Kirim\"><img alt=\"{{ c.t(\"b\") }}\">";
    let found = markup::literal_text(page);
    let lines: Vec<usize> = found.iter().map(|f| f.0).collect();
    assert_eq!(lines, [2, 3, 4], "{found:?}");
}

#[test]
fn the_key_scan_reads_calls_across_lines_and_skips_comments_and_char_literals() {
    let src = "let a = c.n(\n    \"public-working-days\", \"days\", 3);\n\
               // c.t(\"commented-out\")\n\
               let q = '\"'; let e = \"error-not-found\"; let k = format!(\"event-{}\", x);";
    let file = Path::new("x.rs");
    let calls: Vec<String> = keys_in_calls(file, src)
        .into_iter()
        .map(|u| u.key)
        .collect();
    assert_eq!(calls, ["public-working-days"]);
    let families = ["error", "event", "public"].map(String::from).into();
    let literals: Vec<String> = key_literals(file, src, &families)
        .into_iter()
        .map(|u| u.key)
        .collect();
    assert_eq!(
        literals,
        ["public-working-days", "error-not-found", "event-{}"]
    );
}
