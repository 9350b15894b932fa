//! The value of a [`Metric`] in a simulation's metrics, and whether a [`Condition`] holds there.

use super::condition::{Condition, Metric};
use gil_sim::metrics::Metrics;

impl Metric {
    /// The metric's value, in the unit conditions use (nanoseconds, percent, a ratio or a count).
    pub fn value(self, metrics: &Metrics) -> f64 {
        match self {
            Metric::WallTime => metrics.makespan as f64,
            Metric::Speedup => metrics.speedup,
            Metric::CpuUtilization => metrics.cpu_utilization * 100.0,
            Metric::GilHandoffs => metrics.gil_handoffs as f64,
            Metric::ForcedSwitches => metrics.forced_switches as f64,
            Metric::FutileWakeups => metrics.futile_wakeups as f64,
            Metric::IoMean => metrics.io_resume.mean as f64,
            Metric::IoP50 => metrics.io_resume.p50 as f64,
            Metric::IoP99 => metrics.io_resume.p99 as f64,
            Metric::IoMax => metrics.io_resume.max as f64,
            Metric::LostUpdates => metrics.lost_updates as f64,
            Metric::DeadlockedThreads => {
                metrics.deadlock.as_ref().map_or(0, |deadlock| deadlock.waits.len()) as f64
            }
        }
    }
}

impl Condition {
    pub fn holds(&self, metrics: &Metrics) -> bool {
        self.clauses
            .iter()
            .all(|clause| clause.comparison.holds(clause.metric.value(metrics), clause.value))
    }
}
