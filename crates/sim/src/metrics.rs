//! Figures computed from a finished simulation.

use serde::Serialize;

use super::scenario::WorkerKind;
use super::time::Nanos;
use super::trace::{LaneId, Span, State};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Wall time from the start until the main thread finishes.
    pub makespan: Nanos,
    /// The same programs run one after another in one thread of a GIL build, with no start-up costs.
    pub sequential: Nanos,
    /// `sequential / makespan`.
    pub speedup: f64,
    /// Busy time of all cores over `cores × makespan`.
    pub cpu_utilization: f64,
    pub cores: Vec<CoreMetrics>,
    pub workers: Vec<WorkerMetrics>,
    /// Times a GIL passed from one thread to a different one.
    pub gil_handoffs: u64,
    /// Times a holder dropped the GIL because of a drop request and waited for another thread to take it.
    pub forced_switches: u64,
    pub drop_requests: u64,
    /// Old GIL: a signalled thread woke up and found the GIL already taken again.
    pub futile_wakeups: u64,
    /// Times the OS took a core from a thread whose time slice ran out.
    pub preemptions: u64,
    /// From an I/O completing to its thread (or task) running again.
    pub io_resume: LatencyStats,
    /// Work carried out, by kind (Python work as run, with any free-threading overhead).
    pub work_done: WorkDone,
    /// The variables that `increment` statements changed, in order of first use.
    pub shared: Vec<SharedMetrics>,
    /// Increments lost to races, over all shared variables: expected minus final values.
    pub lost_updates: u64,
}

/// One shared variable of one process (or subinterpreter): each has its own memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedMetrics {
    pub name: String,
    /// The process or interpreter it lives in, as the lanes' group: "main process", "P1 (process, fork)", …
    pub group: String,
    /// Increments carried out: the value it would have with none lost.
    pub expected: u64,
    pub final_value: u64,
    pub lost: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WorkDone {
    pub cpu: Nanos,
    pub native: Nanos,
    pub native_gil: Nanos,
    pub io: Nanos,
    /// Old GIL: the holder's time spent signalling waiters at its check points.
    pub old_gil_overhead: Nanos,
    pub starting: Nanos,
    pub pickling: Nanos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoreMetrics {
    pub busy: Nanos,
    pub utilization: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerMetrics {
    pub name: String,
    pub kind: WorkerKind,
    pub lane: LaneId,
    pub finished_at: Nanos,
    /// Time on a core (running with or without the GIL, or starting up).
    pub cpu_time: Nanos,
    pub gil_wait: Nanos,
    pub core_wait: Nanos,
    /// Nominal work of its program, counting repetitions.
    pub requested: Nanos,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LatencyStats {
    pub count: u64,
    pub mean: Nanos,
    pub p50: Nanos,
    pub p99: Nanos,
    pub max: Nanos,
}

impl LatencyStats {
    /// Nearest-rank percentiles of the samples.
    pub fn of(mut samples: Vec<Nanos>) -> LatencyStats {
        if samples.is_empty() {
            return LatencyStats::default();
        }
        samples.sort_unstable();
        let rank = |percent: usize| samples[(samples.len() * percent).div_ceil(100).max(1) - 1];
        let total: u128 = samples.iter().map(|sample| *sample as u128).sum();
        LatencyStats {
            count: samples.len() as u64,
            mean: (total / samples.len() as u128) as Nanos,
            p50: rank(50),
            p99: rank(99),
            max: *samples.last().expect("not empty"),
        }
    }
}

/// Time each lane spent in each state, from the spans.
pub fn state_totals(lanes: usize, spans: &[Span]) -> Vec<[Nanos; State::ALL.len()]> {
    let mut totals = vec![[0; State::ALL.len()]; lanes];
    for span in spans {
        totals[span.lane as usize][span.state as usize] += span.end - span.start;
    }
    totals
}

pub fn ratio(numerator: Nanos, denominator: Nanos) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}
