//! What Linux says about a process: resident memory (`/proc/<pid>/status` VmRSS and VmHWM)
//! and CPU time (`/proc/<pid>/stat` utime + stime), read before and after each scenario.

use std::time::Duration;

/// One reading of a process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcSample {
    /// User plus system CPU time, in clock ticks.
    pub cpu_ticks: u64,
    /// Resident set size now, in KiB.
    pub rss_kib: u64,
    /// Peak resident set size so far, in KiB.
    pub hwm_kib: u64,
}

/// Reads process `pid` (`"self"` for this one); `None` when it is gone or not on Linux.
pub fn sample(pid: &str) -> Option<ProcSample> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    Some(ProcSample {
        cpu_ticks: cpu_ticks(&stat)?,
        rss_kib: status_kib(&status, "VmRSS:").unwrap_or(0),
        hwm_kib: status_kib(&status, "VmHWM:").unwrap_or(0),
    })
}

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line; the command name in
/// parentheses may hold spaces, so fields are counted after its closing parenthesis.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `rest` starts at field 3 (state): utime is field 14, stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

fn status_kib(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Clock ticks per second (`getconf CLK_TCK`, 100 on every common Linux when that fails).
pub fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|&t| t > 0)
        .unwrap_or(100)
}

/// CPU used between two samples as a percentage of one core over `wall`.
pub fn cpu_percent(before: ProcSample, after: ProcSample, wall: Duration, tps: u64) -> f64 {
    let ticks = after.cpu_ticks.saturating_sub(before.cpu_ticks) as f64;
    let secs = wall.as_secs_f64().max(1e-9);
    100.0 * ticks / (tps as f64 * secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_read_after_a_command_name_with_spaces() {
        let line = "4242 (aduan serve) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 9 0";
        assert_eq!(cpu_ticks(line), Some(300));
    }

    #[test]
    fn this_process_can_be_sampled() {
        let s = sample("self").unwrap();
        assert!(s.rss_kib > 0 && s.hwm_kib >= s.rss_kib);
    }
}
