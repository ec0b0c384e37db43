//! What the browser measures on a page: axe-core's accessibility violations, the bytes a first
//! visit transfers, and the text a person meets.

use crate::harness::Browser;
use serde::Deserialize;
use serde_json::{Value, json};
use std::path::PathBuf;

/// The most a page may transfer on a first visit, with its CSS, scripts, fonts and images.
pub const PAGE_BUDGET: u64 = 100_000;

/// Where `npm ci` puts axe-core.
fn axe_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/axe-core/axe.min.js")
}

/// One axe-core rule the page breaks.
#[derive(Debug, Deserialize)]
pub struct Violation {
    /// The rule.
    pub id: String,
    /// minor, moderate, serious or critical.
    pub impact: Option<String>,
    /// What the rule asks for.
    pub help: String,
    /// The elements that break it.
    pub nodes: Vec<ViolationNode>,
}

/// An element that breaks a rule.
#[derive(Debug, Deserialize)]
pub struct ViolationNode {
    /// CSS selectors that reach it.
    pub target: Value,
    /// Its markup.
    pub html: String,
    /// How to fix it.
    pub summary: Option<String>,
}

impl Violation {
    /// Whether axe calls it serious or critical.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

/// Collects what a person meets on the page: visible text nodes, the title, and the texts
/// that speak for elements (placeholder, alt, title, aria-label, button values), each with
/// the language of its closest `lang` attribute below `<html>`.
const TEXTS_JS: &str = r#"
const out = [];
const langOf = el => {
  const l = el.closest('[lang]');
  return l && l !== document.documentElement ? l.getAttribute('lang') : '';
};
const shown = el => el.checkVisibility({ visibilityProperty: true });
const add = (text, el) => {
  const t = (text || '').replace(/\s+/g, ' ').trim();
  if (t) out.push({ text: t, lang: langOf(el) });
};
add(document.title, document.documentElement);
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (el && shown(el)) add(n.nodeValue, el);
}
for (const el of document.body.querySelectorAll('[placeholder],[alt],[title],[aria-label],input[type=submit],input[type=button],input[type=reset]')) {
  for (const a of ['placeholder', 'alt', 'title', 'aria-label']) add(el.getAttribute(a), el);
  if (el.matches('input[type=submit],input[type=button],input[type=reset]')) add(el.value, el);
}
return out;
"#;

/// A text on the page and the language an element inside the page declares for it (`""`:
/// none, so the page's).
#[derive(Debug, Clone, Deserialize)]
pub struct Shown {
    /// The text, whitespace collapsed.
    pub text: String,
    /// The closest `lang` attribute.
    pub lang: String,
}

/// Prints a measurement where a test run shows it even when the test passes (libtest keeps
/// the `println!` of passing tests to itself).
fn report_line(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

impl Browser {
    /// Every text a person meets on the page (see [`Shown`]).
    pub async fn shown_texts(&self) -> Vec<Shown> {
        let value = self.run(TEXTS_JS, vec![]).await;
        serde_json::from_value(value).unwrap_or_else(|e| panic!("page texts: {e}"))
    }

    /// The page's visible text, one text node a line.
    pub async fn visible_text(&self) -> String {
        let texts: Vec<String> = self
            .shown_texts()
            .await
            .into_iter()
            .map(|s| s.text)
            .collect();
        texts.join("\n")
    }

    /// Runs axe-core on the page, saves its findings as `axe-<page_name>.json`, prints every
    /// violation, and fails the test if any is serious or critical.
    pub async fn axe(&self, page_name: &str) -> Vec<Violation> {
        let path = axe_path();
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is missing ({path:?}: {e}): run npm ci in {}",
                path.ancestors()
                    .nth(3)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            )
        });
        self.run(&source, vec![]).await;
        let script = r#"
const done = arguments[arguments.length - 1];
axe.run(document).then(r => done(r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => ({ target: n.target, html: n.html, summary: n.failureSummary })),
})))).catch(e => done({ error: String(e) }));
"#;
        let r = self.client().execute_async(script, vec![]).await;
        let value = match r {
            Ok(v) => v,
            Err(e) => self.fail("running axe-core", e).await,
        };
        if let Some(error) = value.get("error") {
            self.fail("running axe-core", error).await;
        }
        let report = self.artifacts().join(format!("axe-{page_name}.json"));
        let _ = std::fs::write(&report, value.to_string());
        let violations: Vec<Violation> =
            serde_json::from_value(value).unwrap_or_else(|e| panic!("axe's answer: {e}"));
        report_line(&format!(
            "axe on {page_name} ({}): {} violation(s), {} serious or critical",
            self.path().await,
            violations.len(),
            violations.iter().filter(|v| v.is_serious()).count()
        ));
        for v in &violations {
            println!(
                "  [{}] {}: {}",
                v.impact.as_deref().unwrap_or("?"),
                v.id,
                v.help
            );
            for n in &v.nodes {
                println!("      {} {}", n.target, n.html);
                if let Some(s) = &n.summary {
                    println!("        {}", s.replace('\n', "\n        "));
                }
            }
        }
        if violations.iter().any(Violation::is_serious) {
            self.fail(
                &format!("axe-core on {page_name}"),
                "serious or critical accessibility violations (listed above)",
            )
            .await;
        }
        violations
    }

    /// Loads the current page again as a first visit (HTTP cache and service worker
    /// bypassed), sums what it transferred (the document and every resource: CSS, scripts,
    /// fonts, images), prints the figure and each part, and fails the test above
    /// [`PAGE_BUDGET`]. Use it on pages reached by GET.
    pub async fn transfer_bytes(&self) -> u64 {
        self.cdp("Network.enable", json!({})).await;
        self.cdp("Network.setCacheDisabled", json!({"cacheDisabled": true}))
            .await;
        self.cdp("Network.setBypassServiceWorker", json!({"bypass": true}))
            .await;
        let path = self.path().await;
        self.goto(&path).await;
        self.settle().await;
        // Let late images and fonts finish.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let sizes = self
            .run(
                r#"
const size = e => e.transferSize || e.encodedBodySize || 0;
const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return all.map(e => [e.name, size(e)]);
"#,
                vec![],
            )
            .await;
        self.cdp("Network.setCacheDisabled", json!({"cacheDisabled": false}))
            .await;
        self.cdp("Network.setBypassServiceWorker", json!({"bypass": false}))
            .await;
        let parts: Vec<(String, u64)> =
            serde_json::from_value(sizes).unwrap_or_else(|e| panic!("transfer sizes: {e}"));
        let total: u64 = parts.iter().map(|p| p.1).sum();
        report_line(&format!(
            "transfer size of {path}: {total} bytes (budget {PAGE_BUDGET})"
        ));
        for (name, bytes) in &parts {
            println!("  {bytes:>7}  {name}");
        }
        assert!(
            parts.first().is_some_and(|p| p.1 > 0),
            "the browser measured no transfer for {path}: {parts:?}"
        );
        if total >= PAGE_BUDGET {
            self.fail(
                &format!("first load of {path}"),
                format!("{total} bytes, over the {PAGE_BUDGET}-byte budget"),
            )
            .await;
        }
        total
    }
}
