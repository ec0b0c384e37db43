//! The crates keep their layers: each depends only on crates of the layers below it, the
//! rules, stores, jobs, use cases and channels use no HTTP framework, and the pages of the
//! portal and the back office stand side by side on the page kit. README's layout section
//! draws the same graph.

use std::collections::BTreeMap;
use std::path::Path;

/// Bottom first. A crate may use crates of lower layers only.
const LAYERS: &[&[&str]] = &[
    &[
        "aduan-domain",
        "aduan-i18n",
        "aduan-attachments",
        "aduan-lapor-xml",
        "aduan-chat-core",
        "aduan-charts",
        "aduan-text",
        "aduan-report-pdf",
    ],
    &["aduan-store", "aduan-blobs-s3", "aduan-triage"],
    &["aduan-store-sql"],
    &["aduan-store-sqlite", "aduan-store-pg", "aduan-backup"],
    &["aduan-directory", "aduan-jobs"],
    &["aduan-webhooks"],
    &["aduan-gen", "aduan-app"],
    &[
        "aduan-web",
        "aduan-open311",
        "aduan-pagekit",
        "aduan-sms",
        "aduan-mail",
        "aduan-metrics",
        "aduan-chat",
        "aduan-telegram",
        "aduan-whatsapp",
        "aduan-x",
    ],
    &["aduan-portal", "aduan-office", "aduan-fuzz"],
    &["aduan-server", "aduan-bench"],
    &["aduan-cli", "aduan-testkit"],
];

/// Each crate's dependencies by section (`dependencies`, `dev-dependencies`, …).
fn manifests() -> BTreeMap<String, toml::Table> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_dir(crates)
        .unwrap()
        .map(|e| e.unwrap().path().join("Cargo.toml"))
        .filter(|p| p.exists())
        .map(|p| {
            let table: toml::Table = std::fs::read_to_string(&p).unwrap().parse().unwrap();
            let name = table["package"]["name"].as_str().unwrap().to_owned();
            (name, table)
        })
        .collect()
}

fn deps<'a>(manifest: &'a toml::Table, section: &str) -> Vec<&'a str> {
    manifest
        .get(section)
        .and_then(|s| s.as_table())
        .map(|t| t.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn layer_of(name: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&name))
        .unwrap_or_else(|| panic!("{name} is in no layer of this test"))
}

#[test]
fn every_crate_depends_only_on_crates_of_the_layers_below_it() {
    let all = manifests();
    assert_eq!(
        all.len(),
        LAYERS.iter().map(|l| l.len()).sum::<usize>(),
        "every crate is in one layer"
    );
    for (name, manifest) in &all {
        let own = layer_of(name);
        for dep in deps(manifest, "dependencies") {
            if dep.starts_with("aduan-") {
                assert!(
                    layer_of(dep) < own,
                    "{name} (layer {own}) depends on {dep} (layer {})",
                    layer_of(dep)
                );
            }
        }
    }
}

#[test]
fn rules_stores_jobs_use_cases_and_channels_use_no_http_framework() {
    let all = manifests();
    for name in [
        "aduan-domain",
        "aduan-i18n",
        "aduan-attachments",
        "aduan-lapor-xml",
        "aduan-blobs-s3",
        "aduan-store",
        "aduan-store-sql",
        "aduan-store-sqlite",
        "aduan-store-pg",
        "aduan-directory",
        "aduan-jobs",
        "aduan-webhooks",
        "aduan-gen",
        "aduan-app",
        "aduan-sms",
        "aduan-mail",
        "aduan-chat-core",
        "aduan-chat",
    ] {
        let found = deps(&all[name], "dependencies");
        // An HTTP client (the SMS gateway's, through hyper) is no server framework.
        for framework in ["axum", "axum-extra", "axum-core", "tower-http"] {
            assert!(!found.contains(&framework), "{name} depends on {framework}");
        }
    }
}

#[test]
fn no_edge_depends_on_another_edge() {
    let all = manifests();
    for (edge, other) in [
        ("aduan-sms", "aduan-web"),
        ("aduan-mail", "aduan-web"),
        ("aduan-office", "aduan-portal"),
        ("aduan-portal", "aduan-office"),
        ("aduan-portal", "aduan-web"),
        ("aduan-office", "aduan-web"),
        ("aduan-pagekit", "aduan-web"),
        ("aduan-open311", "aduan-web"),
        ("aduan-web", "aduan-open311"),
        ("aduan-open311", "aduan-pagekit"),
        ("aduan-open311", "aduan-portal"),
        ("aduan-open311", "aduan-office"),
        ("aduan-open311", "aduan-sms"),
        ("aduan-open311", "aduan-mail"),
        // The conversation knows no network's wire format, and no network knows reports.
        ("aduan-chat", "aduan-web"),
        ("aduan-chat", "aduan-sms"),
        ("aduan-chat", "aduan-telegram"),
        ("aduan-chat", "aduan-whatsapp"),
        ("aduan-chat", "aduan-x"),
        ("aduan-telegram", "aduan-chat"),
        ("aduan-whatsapp", "aduan-chat"),
        ("aduan-x", "aduan-chat"),
        ("aduan-telegram", "aduan-app"),
        ("aduan-whatsapp", "aduan-app"),
        ("aduan-x", "aduan-app"),
    ] {
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            assert!(
                !deps(&all[edge], section).contains(&other),
                "{edge} names {other} in its {section}"
            );
        }
    }
}
