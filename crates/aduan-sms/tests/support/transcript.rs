//! A conversation with the channel written down for a snapshot: each SMS and its answer, with
//! the tracking ids and access codes it learned replaced by numbered placeholders.

use super::*;

/// A conversation with the channel, written down as it happened, with the random values
/// it learned replaced by placeholders.
pub struct Transcript<'a> {
    app: &'a TestApp,
    /// The lines so far; a test may add a note of what happened between messages.
    pub lines: Vec<String>,
    secrets: Vec<(String, String)>,
    /// Messages sent so far (their gateway ids are numbered by it).
    pub sent: usize,
}

impl<'a> Transcript<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            lines: Vec::new(),
            secrets: Vec::new(),
            sent: 0,
        }
    }

    fn who(from: &str) -> &'static str {
        match from {
            SITI => "reporter",
            BUDI => "another",
            _ => "flooder",
        }
    }

    /// Sends `text` from `from` and notes it and the answer; returns the answer.
    pub async fn say(&mut self, from: &str, text: &str) -> String {
        self.say_as(from, text, text).await
    }

    /// [`Self::say`], noting the message as `shown`.
    pub async fn say_as(&mut self, from: &str, text: &str, shown: &str) -> String {
        self.sent += 1;
        let a = sms(self.app, from, text, &format!("m-{}", self.sent)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert!(!a.ucs2, "every answer fits GSM-7: {}", a.text);
        let who = Self::who(from);
        let shown = if shown.is_empty() {
            "(an empty SMS)"
        } else {
            shown
        };
        let answer = if a.text.is_empty() {
            "(no answer)"
        } else {
            &a.text
        };
        self.lines.push(format!("{who} > {shown}"));
        self.lines.push(format!("{who} < {answer}"));
        a.text
    }

    /// Replaces `value` with `[name]` in the record.
    pub fn learn(&mut self, value: String, name: String) {
        self.secrets.push((value, format!("[{name}]")));
    }

    /// The report filed by `answer`: learns its tracking id and access code as the `n`th.
    pub fn filed(&mut self, answer: &str, n: usize) -> String {
        let id = tracking_id_in(answer);
        let code = access_code_in(answer);
        self.learn(id.clone(), format!("tracking_id {n}"));
        self.learn(code, format!("access_code {n}"));
        id
    }

    pub fn finish(self) -> String {
        let mut record = self.lines.join("\n");
        for (value, placeholder) in &self.secrets {
            record = record.replace(value.as_str(), placeholder);
        }
        record
    }
}

/// The access code (`XXXX-XXXX-XXXX-XXXX`) in an answer.
pub fn access_code_in(text: &str) -> String {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|w| {
            w.len() == 19
                && w.char_indices()
                    .all(|(i, c)| (c == '-') == matches!(i, 4 | 9 | 14))
        })
        .unwrap_or_else(|| panic!("no access code in {text:?}"))
        .to_owned()
}
