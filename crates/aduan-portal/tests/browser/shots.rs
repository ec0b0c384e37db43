//! Screenshots: each step of a test saved as a full-page PNG in its artifacts folder.

use crate::driver::{self, Cdp};
use crate::harness::Browser;
use base64::Engine;
use serde_json::json;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

impl Browser {
    /// Waits for two animation frames, so that the page has been painted (a screenshot
    /// taken before that can hang). Pages without scripts get a moment instead.
    pub(crate) async fn painted(&self) {
        if !self.js {
            return tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let frames = "const done = arguments[arguments.length - 1]; \
            requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        let wait = self.client.execute_async(frames, vec![]);
        let _ = tokio::time::timeout(Duration::from_secs(5), wait).await;
    }

    /// Saves a full-page screenshot as `NN-<step>.png` in the artifacts folder.
    pub async fn screenshot(&self, step: &str) -> PathBuf {
        match self.screenshot_named(step).await {
            Ok(path) => path,
            Err(e) => panic!("screenshot `{step}`: {e}"),
        }
    }

    pub(crate) async fn screenshot_named(&self, step: &str) -> Result<PathBuf, String> {
        let n = self.steps.fetch_add(1, Ordering::SeqCst) + 1;
        let name: String = step
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = self.artifacts.join(format!("{n:02}-{name}.png"));
        // Right after a navigation Chromium sometimes never answers the first capture; the
        // next one succeeds.
        for _ in 0..4 {
            let shot = self.capture_page();
            if let Ok(png) = tokio::time::timeout(Duration::from_secs(10), shot).await {
                std::fs::write(&path, png?).map_err(|e| e.to_string())?;
                return Ok(path);
            }
        }
        Err("no answer from the browser".to_owned())
    }

    /// A PNG of the whole page.
    async fn capture_page(&self) -> Result<Vec<u8>, String> {
        let metrics = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.getLayoutMetrics",
                params: json!({}),
            })
            .await
            .map_err(|e| e.to_string())?;
        let size = &metrics["cssContentSize"];
        let (w, h) = (
            size["width"].as_f64().unwrap_or(f64::from(driver::PHONE.0)),
            size["height"]
                .as_f64()
                .unwrap_or(f64::from(driver::PHONE.1)),
        );
        let shot = self
            .client
            .issue_cmd(Cdp {
                cmd: "Page.captureScreenshot",
                params: json!({
                    "format": "png",
                    "captureBeyondViewport": true,
                    "clip": { "x": 0, "y": 0, "width": w, "height": h.min(8000.0), "scale": 1 },
                }),
            })
            .await
            .map_err(|e| e.to_string())?;
        let data = shot["data"].as_str().ok_or("no screenshot data")?;
        base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| e.to_string())
    }
}
