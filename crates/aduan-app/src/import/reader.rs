//! Reading an import file: a blocking thread reads lines from where the last run stopped,
//! parses and checks each into a history, and hands them over in batches.

use super::build::{Built, Context, build};
use super::format::Line;
use super::run::Rejected;
use super::snapshot::Snapshot;
use crate::error::{AppError, AppResult};
use rand::SeedableRng;
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::PathBuf;

/// Lines read and checked, ready to write.
pub(super) struct Batch {
    pub(super) built: Vec<(u64, Built)>,
    pub(super) rejected: Vec<Rejected>,
    pub(super) last_line: u64,
    pub(super) end_offset: u64,
}

/// Reads the input from where the last run stopped and checks its lines, in batches.
pub(super) struct Reader {
    pub(super) input: PathBuf,
    pub(super) base: PathBuf,
    pub(super) from: u64,
    pub(super) first_line: u64,
    pub(super) batch: usize,
    pub(super) max_lines: Option<u64>,
    pub(super) snapshot: Snapshot,
    pub(super) calendar: std::sync::Arc<aduan_domain::workdays::WorkCalendar>,
    pub(super) limits: aduan_domain::sla::SlaLimits,
    pub(super) now: chrono::DateTime<chrono::Utc>,
}

impl Reader {
    pub(super) fn run(
        self,
        rt: &tokio::runtime::Handle,
        tx: &tokio::sync::mpsc::Sender<AppResult<Batch>>,
    ) {
        if let Err(e) = self.read(rt, tx) {
            let _ = tx.blocking_send(Err(e));
        }
    }

    fn read(
        &self,
        rt: &tokio::runtime::Handle,
        tx: &tokio::sync::mpsc::Sender<AppResult<Batch>>,
    ) -> AppResult<()> {
        let io = |e: std::io::Error| AppError::Internal(Box::new(e));
        let mut file = std::fs::File::open(&self.input).map_err(io)?;
        file.seek(SeekFrom::Start(self.from)).map_err(io)?;
        let mut input = BufReader::with_capacity(1 << 20, file);
        let ctx = Context {
            directory: &self.snapshot,
            calendar: &self.calendar,
            limits: &self.limits,
            now: self.now,
            base: &self.base,
        };
        let mut rng = rand::rngs::StdRng::from_os_rng();
        let (mut line_no, mut offset) = (self.first_line, self.from);
        let mut raw: Vec<u8> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut batch = Batch::starting(line_no, offset);
        let mut batch_start = line_no;
        loop {
            if self
                .max_lines
                .is_some_and(|m| line_no - self.first_line >= m)
            {
                break;
            }
            raw.clear();
            let n = input.read_until(b'\n', &mut raw).map_err(io)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            offset += n as u64;
            // A byte-order mark before the first line is no part of it.
            let bytes = match raw.strip_prefix("\u{feff}".as_bytes()) {
                Some(rest) if line_no == 1 => rest,
                _ => &raw[..],
            };
            let body = match std::str::from_utf8(bytes) {
                Ok(text) => text.trim(),
                Err(e) => {
                    batch.rejected.push(Rejected {
                        line: line_no,
                        legacy_id: None,
                        reason: format!("not UTF-8 text: {e}"),
                    });
                    ""
                }
            };
            if !body.is_empty() {
                match rt.block_on(check(body, &ctx, &mut rng)) {
                    Ok(built) if !seen.insert(built.legacy_id.clone()) => {
                        batch.rejected.push(Rejected {
                            line: line_no,
                            reason: "legacy_id: appears on an earlier line of this batch".into(),
                            legacy_id: Some(built.legacy_id),
                        });
                    }
                    Ok(built) => batch.built.push((line_no, built)),
                    Err(r) => batch.rejected.push(Rejected { line: line_no, ..r }),
                }
            }
            batch.last_line = line_no;
            batch.end_offset = offset;
            if batch.built.len() + batch.rejected.len() >= self.batch {
                let full = std::mem::replace(&mut batch, Batch::starting(line_no, offset));
                batch_start = line_no;
                seen.clear();
                if tx.blocking_send(Ok(full)).is_err() {
                    return Ok(());
                }
            }
        }
        // Blank lines at the end still move the mark, so a resumed run does not read them again.
        if batch.last_line > batch_start {
            let _ = tx.blocking_send(Ok(batch));
        }
        Ok(())
    }
}

impl Batch {
    fn starting(line: u64, offset: u64) -> Batch {
        Batch {
            built: Vec::new(),
            rejected: Vec::new(),
            last_line: line,
            end_offset: offset,
        }
    }
}

/// One line parsed and built, or why not.
async fn check(
    body: &str,
    ctx: &Context<'_>,
    rng: &mut rand::rngs::StdRng,
) -> Result<Built, Rejected> {
    let line: Line = match serde_json::from_str(body) {
        Ok(l) => l,
        Err(e) => {
            let legacy_id = serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("legacy_id")?.as_str().map(str::to_owned));
            return Err(Rejected {
                line: 0,
                legacy_id,
                reason: format!("not a valid line: {e}"),
            });
        }
    };
    let legacy_id = Some(line.legacy_id.clone());
    build(line, ctx, rng).await.map_err(|reason| Rejected {
        line: 0,
        legacy_id,
        reason,
    })
}
