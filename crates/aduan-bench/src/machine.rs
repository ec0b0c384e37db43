//! The header of a run: which machine, how loaded, which revision.

use std::fmt::Write;

/// What the table's header says about the machine.
#[derive(Debug, Clone)]
pub struct Machine {
    /// CPU model from `/proc/cpuinfo`.
    pub cpu: String,
    /// Cores this process may use.
    pub cores: usize,
    /// Total memory in GiB.
    pub memory_gib: f64,
    /// `/proc/loadavg`'s 1, 5 and 15 minute averages when the run started.
    pub load: String,
    /// `git rev-parse --short HEAD` in the working directory, when it answers.
    pub revision: Option<String>,
}

impl Machine {
    /// Reads it now.
    pub fn read() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|v| v.trim_start_matches([' ', '\t', ':']).trim().to_owned())
            .unwrap_or_else(|| "unknown".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        let load = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let revision = std::process::Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib: kib / 1024.0 / 1024.0,
            load,
            revision,
        }
    }

    /// Markdown lines for the header.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "- machine: {}, {} cores, {:.1} GiB memory",
            self.cpu, self.cores, self.memory_gib
        );
        let _ = writeln!(out, "- load average at start (1/5/15 min): {}", self.load);
        if let Some(rev) = &self.revision {
            let _ = writeln!(out, "- revision: {rev}");
        }
        out
    }
}
