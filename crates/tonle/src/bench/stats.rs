//! Latency percentiles, resident memory, and the report's table.

use std::time::Duration;

/// Latencies of one kind of request.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub times: Vec<Duration>,
    pub errors: u64,
}

impl Sample {
    pub fn push(&mut self, time: Duration, ok: bool) {
        self.times.push(time);
        if !ok {
            self.errors += 1;
        }
    }

    pub fn extend(&mut self, other: Sample) {
        self.times.extend(other.times);
        self.errors += other.errors;
    }

    /// The `p`-th percentile in milliseconds (nearest rank).
    pub fn percentile(&self, p: f64) -> f64 {
        if self.times.is_empty() {
            return 0.0;
        }
        let mut sorted = self.times.clone();
        sorted.sort_unstable();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
    }

    pub fn mean_ms(&self) -> f64 {
        if self.times.is_empty() {
            return 0.0;
        }
        self.times.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / self.times.len() as f64
    }
}

/// This process's resident set in MiB (Linux), from /proc/self/status.
pub fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Rows of the printed report.
#[derive(Debug, Default)]
pub struct Report {
    /// Mean latency of the health endpoint, one request at a time (ms): the unit of the ratios.
    pub baseline_ms: f64,
    pub lines: Vec<String>,
}

impl Report {
    pub fn latency(&mut self, what: &str, sample: &Sample, target: &str) {
        let p95 = sample.percentile(95.0);
        self.lines.push(format!(
            "| {what} | {:.1} | {p95:.1} | {:.1} | {} | {} | {:.0}× | {target} |",
            sample.percentile(50.0),
            sample.percentile(99.0),
            sample.times.len(),
            sample.errors,
            p95 / self.baseline_ms.max(1e-6),
        ));
    }

    pub fn value(&mut self, what: &str, value: String, target: &str) {
        self.lines
            .push(format!("| {what} | {value} | | | | | | {target} |"));
    }

    pub fn print(&self) {
        println!("| measure | p50 ms | p95 ms | p99 ms | n | errors | p95 ÷ health | target |");
        println!("|---|---|---|---|---|---|---|---|");
        for line in &self.lines {
            println!("{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let mut s = Sample::default();
        for ms in 1..=100 {
            s.push(Duration::from_millis(ms), true);
        }
        assert_eq!(s.percentile(50.0), 50.0);
        assert_eq!(s.percentile(95.0), 95.0);
        assert_eq!(s.percentile(99.0), 99.0);
        assert_eq!(Sample::default().percentile(50.0), 0.0);
    }
}
