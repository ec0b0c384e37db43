//! Triage models for tests: small labelled histories of three kinds of report (roads in
//! Surabaya, flooded drains in Makassar, medicines at health centres) and a model of either
//! target trained on them, stored and made active through the application layer.

use crate::TestApp;
use aduan_app::triage::train::{self, Activation, Examples};
use aduan_store::{TriageModelInfo, TriageTarget};

/// A road report, as the history's roads are worded.
pub const ROAD: &str = "Jalan berlubang dan aspal rusak parah, pengendara motor jatuh";
/// A drain report.
pub const DRAIN: &str = "Saluran air tersumbat sampah, banjir setiap hujan deras";
/// A health report.
pub const HEALTH: &str = "Obat di puskesmas habis dan antrean vaksin sangat panjang";

/// The three kinds: text, region, agency, category (the health one's category is no longer
/// in use in the test directory).
pub const KINDS: [(&str, Option<&str>, &str, &str); 3] = [
    (ROAD, Some("35.78"), "kota-surabaya", "infrastruktur/jalan"),
    (DRAIN, Some("73.71"), "kota-makassar", "infrastruktur"),
    (HEALTH, None, "kementerian-kesehatan", "corona-virus"),
];

const STREETS: [&str; 10] = [
    "Ahmad Yani",
    "Diponegoro",
    "Sudirman",
    "Gajah Mada",
    "Pemuda",
    "Merdeka",
    "Kartini",
    "Veteran",
    "Pahlawan",
    "Sisingamangaraja",
];

/// `per_kind` examples of each kind, labelled for `target`.
pub fn examples(target: TriageTarget, per_kind: usize) -> Examples {
    let mut out = Examples::default();
    for (text, region, agency, category) in KINDS {
        for i in 0..per_kind {
            out.texts.push(format!(
                "{text} di Jl. {} nomor {i}",
                STREETS[i % STREETS.len()]
            ));
            out.regions.push(region.map(str::to_owned));
            out.channels.push("web".into());
            out.identities.push(Vec::new());
            out.labels.push(match target {
                TriageTarget::Agency => agency.to_owned(),
                TriageTarget::Category => category.to_owned(),
            });
        }
    }
    out
}

/// A model of `target` trained on [`examples`] (20 of each kind), stored by the CLI's name and
/// made the active one.
pub async fn active_model(app: &TestApp, target: TriageTarget) -> TriageModelInfo {
    let fitted = train::fit(
        examples(target, 20),
        target,
        "test".into(),
        Default::default(),
    )
    .await
    .unwrap();
    train::store(&app.state, fitted, Activation::Always, "cli")
        .await
        .unwrap()
}

/// A model of `target` trained on the deployment's verified history with [`examples`] (20 of
/// each kind) beside it, so that even a short history has enough to learn from; stored and
/// made the active one. The anonymity tests read every path it feeds.
pub async fn model_from_history(app: &TestApp, target: TriageTarget) -> TriageModelInfo {
    let mut all = train::history(&app.state, target).await.unwrap();
    let extra = examples(target, 20);
    all.texts.extend(extra.texts);
    all.regions.extend(extra.regions);
    all.channels.extend(extra.channels);
    all.identities.extend(extra.identities);
    all.labels.extend(extra.labels);
    let fitted = train::fit(all, target, "history".into(), Default::default())
        .await
        .unwrap();
    train::store(&app.state, fitted, Activation::Always, "cli")
        .await
        .unwrap()
}
