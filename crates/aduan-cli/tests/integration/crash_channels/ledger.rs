//! What the clients sent and learnt, and the checks against the database once the kills are
//! over: every acknowledged report and note is there once with its events and its receipt, no
//! repeat filed anything twice, and the hash chains verify.

use super::drivers::Outcome;
use aduan_domain::TrackingId;
use aduan_store::Store;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// One report or note a client sent, with every attempt it took.
#[derive(Debug, Clone)]
pub struct Item {
    pub channel: &'static str,
    pub marker: String,
    pub attempts: u32,
    pub outcome: Outcome,
    /// The report a note was written on.
    pub on: Option<String>,
}

/// Every item, shared by the clients.
#[derive(Default)]
pub struct Ledger(Mutex<Vec<Item>>);

impl Ledger {
    pub fn push(&self, item: Item) {
        self.0.lock().unwrap().push(item);
    }

    pub fn items(&self) -> Vec<Item> {
        self.0.lock().unwrap().clone()
    }

    /// The tracking ids of reports acknowledged through the API, oldest first.
    pub fn api_reports(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|i| i.channel == "api")
            .filter_map(|i| match &i.outcome {
                Outcome::Acked { tracking_id, .. } => tracking_id.clone(),
                _ => None,
            })
            .collect()
    }
}

/// The words of `text` that are markers.
fn markers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.starts_with("uji") && w.ends_with('k'))
}

/// Per channel: sent, acknowledged, repeated (more than one attempt), acknowledged as a replay
/// of an earlier attempt, deferred (busy), never acknowledged.
pub fn summary(items: &[Item], kills: usize) -> String {
    let mut rows: BTreeMap<&str, [usize; 6]> = BTreeMap::new();
    for i in items {
        let row = rows.entry(i.channel).or_default();
        row[0] += 1;
        row[2] += usize::from(i.attempts > 1);
        match &i.outcome {
            Outcome::Acked { replayed, .. } => {
                row[1] += 1;
                row[3] += usize::from(*replayed);
            }
            Outcome::Busy => row[4] += 1,
            Outcome::Lost => row[5] += 1,
        }
    }
    let mut out = format!(
        "{kills} kills survived\nchannel   sent  acked  repeated  replayed  deferred  unacked\n"
    );
    for (channel, r) in rows {
        out.push_str(&format!(
            "{channel:<8}{:>6}{:>7}{:>10}{:>10}{:>10}{:>9}\n",
            r[0], r[1], r[2], r[3], r[4], r[5]
        ));
    }
    out
}

/// Checks the database against what the clients were told.
pub async fn check(store: &dyn Store, items: &[Item]) {
    let history = aduan_store::verify_history(store, |_| {}).await.unwrap();
    assert!(
        history.is_intact(),
        "the hash chains do not verify: {:?}",
        history.problems
    );
    // Every report by the markers in its words.
    let mut filed: HashMap<String, Vec<TrackingId>> = HashMap::new();
    let mut notes: HashMap<String, Vec<TrackingId>> = HashMap::new();
    for head in store.list_report_heads(None, 1_000_000).await.unwrap() {
        let report = store.get_report(&head.tracking_id).await.unwrap().unwrap();
        let words = format!("{} {}", report.state.title.unwrap_or_default(), report.body);
        let mut own: Vec<&str> = markers(&words).collect();
        own.sort_unstable();
        own.dedup();
        for m in own {
            filed
                .entry(m.to_owned())
                .or_default()
                .push(head.tracking_id);
        }
        let events = store.list_events(&head.tracking_id).await.unwrap();
        assert_eq!(
            events.len() as i64,
            head.event_count,
            "{}",
            head.tracking_id
        );
        for body in events.iter().filter_map(|e| e.body.as_deref()) {
            for m in markers(body) {
                notes
                    .entry(m.to_owned())
                    .or_default()
                    .push(head.tracking_id);
            }
        }
    }
    let outbox = store.list_outbox(None, 1_000_000).await.unwrap();
    for item in items {
        let acked = matches!(item.outcome, Outcome::Acked { .. });
        if item.channel == "note" {
            let on = notes.get(&item.marker).cloned().unwrap_or_default();
            assert!(
                on.len() <= 1,
                "note {} written {} times",
                item.marker,
                on.len()
            );
            assert!(
                !acked || on.len() == 1,
                "acknowledged note {} lost",
                item.marker
            );
            if let (Some(on), Some(report)) = (on.first(), &item.on) {
                assert_eq!(
                    on.as_str(),
                    report,
                    "note {} on another report",
                    item.marker
                );
            }
            continue;
        }
        let ids = filed.get(&item.marker).cloned().unwrap_or_default();
        assert!(
            ids.len() <= 1,
            "{} {} filed {} times after {} attempts: {ids:?}",
            item.channel,
            item.marker,
            ids.len(),
            item.attempts
        );
        if !acked {
            continue;
        }
        let Some(id) = ids.first() else {
            panic!("acknowledged {} report {} lost", item.channel, item.marker);
        };
        if let Outcome::Acked {
            tracking_id: Some(told),
            ..
        } = &item.outcome
        {
            assert_eq!(told, id.as_str(), "{} told another id", item.marker);
        }
        let receipt = match item.channel {
            // The SMS receipt is the gateway's answer itself.
            "sms" => true,
            "x" => outbox.iter().any(|m| {
                m.template == "chat_public_reply" && m.payload.to_string().contains(id.as_str())
            }),
            _ => outbox
                .iter()
                .any(|m| m.dedup_key.starts_with(&format!("{id}:received"))),
        };
        assert!(
            receipt,
            "the receipt of acknowledged {} report {id} is lost",
            item.channel
        );
    }
}
