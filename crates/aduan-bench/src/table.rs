//! The run's result as one markdown table, ready to paste into BENCHMARKS.md, with a header
//! (machine, backend, data size, clients, duration) and notes (first errors, abandoned
//! requests, the server's peak memory).

use crate::baseline::Baselines;
use crate::load::Outcome;
use crate::scenarios::{Baseline, Scenario};
use std::fmt::Write;

/// One scenario's figures.
#[derive(Debug, Clone)]
pub struct Row {
    /// The scenario.
    pub scenario: &'static Scenario,
    /// What the load generator saw.
    pub outcome: Outcome,
    /// The server's VmRSS after the scenario, in MiB.
    pub server_rss_mib: f64,
    /// The server's CPU over the scenario, in % of one core.
    pub server_cpu: f64,
    /// The load generator's CPU over the scenario, in % of one core.
    pub loadgen_cpu: f64,
}

/// Everything a run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// Header lines (markdown list items).
    pub header: String,
    /// One per scenario.
    pub rows: Vec<Row>,
    /// The bare database loops.
    pub baselines: Baselines,
    /// The server's peak resident memory (VmHWM) over the run, in MiB.
    pub server_peak_mib: f64,
}

fn cells(out: &Outcome) -> String {
    format!(
        "{} | {:.1} | {:.2} | {:.2} | {:.2} | {}",
        out.requests,
        out.throughput(),
        out.ms(0.50),
        out.ms(0.95),
        out.ms(0.99),
        out.errors
    )
}

impl Report {
    /// The baseline a scenario is compared with.
    pub fn baseline_of(&self, row: &Row) -> &Outcome {
        match row.scenario.baseline {
            Baseline::Write => &self.baselines.write,
            Baseline::Read => &self.baselines.read,
        }
    }

    /// The header, the table and the notes.
    pub fn markdown(&self) -> String {
        let mut out = self.header.clone();
        out.push_str(
            "\n| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | errors | server RSS MB | \
             CPU server % / loadgen % | baseline req/s | ratio |\n\
             |---|---|---|---|---|---|---|---|---|---|---|\n",
        );
        for row in &self.rows {
            let base = self.baseline_of(row).throughput();
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {:.0} / {:.0} | {:.1} | {:.3} |",
                row.scenario.name,
                cells(&row.outcome),
                row.server_rss_mib,
                row.server_cpu,
                row.loadgen_cpu,
                base,
                row.outcome.throughput() / base.max(1e-9)
            );
        }
        for (name, b) in [
            ("baseline: write (bare sqlx)", &self.baselines.write),
            ("baseline: read (bare sqlx)", &self.baselines.read),
        ] {
            let _ = writeln!(out, "| {name} | {} | | | | |", cells(b));
        }
        let _ = writeln!(
            out,
            "\nServer peak memory (VmHWM): {:.0} MB. CPU is in % of one core.",
            self.server_peak_mib
        );
        let all = self
            .rows
            .iter()
            .map(|r| (r.scenario.name, &r.outcome))
            .chain([
                ("baseline: write", &self.baselines.write),
                ("baseline: read", &self.baselines.read),
            ]);
        for (name, o) in all {
            if o.unfinished > 0 {
                let _ = writeln!(
                    out,
                    "- {name}: {} requests still running after the grace period were abandoned",
                    o.unfinished
                );
            }
            if let Some(e) = &o.first_error {
                let _ = writeln!(out, "- {name}: first error: {e}");
            }
        }
        out
    }
}
