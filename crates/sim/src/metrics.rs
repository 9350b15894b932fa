//! Figures computed from a finished simulation: from its spans, and from what the engine counted
//! while it ran ([`Counters`]).

use serde::Serialize;

use super::deadlock::Deadlock;
use super::lanes::{LaneId, Span, State};
use super::scenario::WorkerKind;
use super::time::Nanos;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Wall time from the start until the main thread finishes; after a deadlock, `Deadlock::trace_end`.
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
    /// Set when the run ended because nothing left could wake its blocked threads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadlock: Option<Deadlock>,
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

/// What the engine counts while it runs, beside the spans it records.
#[derive(Debug, Default)]
pub struct Counters {
    pub gil_handoffs: u64,
    pub forced_switches: u64,
    pub drop_requests: u64,
    pub futile_wakeups: u64,
    pub preemptions: u64,
    /// Each I/O's time from completing to its thread (or task) running again.
    pub io_resume: Vec<Nanos>,
    pub work: WorkDone,
}

/// A worker of the scenario at the end of the run.
#[derive(Debug)]
pub struct WorkerRecord {
    pub name: String,
    pub kind: WorkerKind,
    pub lane: LaneId,
    /// `None` when it never finished (the run ends when the main thread does).
    pub finished_at: Option<Nanos>,
    /// Nominal work of its program, counting repetitions: what it takes alone.
    pub requested: Nanos,
}

/// Everything the metrics are computed from, as the engine hands it over at the end of a run.
#[derive(Debug)]
pub struct RunRecord<'a> {
    /// When the main thread finished; after a deadlock, `Deadlock::trace_end`.
    pub makespan: Nanos,
    pub lanes: usize,
    pub spans: &'a [Span],
    pub core_lanes: Vec<LaneId>,
    pub workers: Vec<WorkerRecord>,
    pub counters: Counters,
    pub shared: Vec<SharedMetrics>,
    pub deadlock: Option<Deadlock>,
}

impl Metrics {
    pub fn measure(run: RunRecord) -> Metrics {
        let RunRecord { makespan, lanes, spans, core_lanes, workers, counters, shared, deadlock } =
            run;
        let totals = state_totals(lanes, spans);
        let time_in = |lane: LaneId, states: &[State]| -> Nanos {
            states.iter().map(|state| totals[lane as usize][*state as usize]).sum()
        };
        let on_core = [State::Starting, State::RunningWithGil, State::RunningWithoutGil];
        let cores: Vec<CoreMetrics> = core_lanes
            .iter()
            .map(|lane| {
                let busy = time_in(*lane, &on_core);
                CoreMetrics { busy, utilization: ratio(busy, makespan) }
            })
            .collect();
        let busy: Nanos = cores.iter().map(|core| core.busy).sum();
        let workers: Vec<WorkerMetrics> = workers
            .into_iter()
            .map(|worker| WorkerMetrics {
                finished_at: worker.finished_at.unwrap_or(makespan),
                cpu_time: time_in(worker.lane, &on_core),
                gil_wait: time_in(worker.lane, &[State::WaitingForGil]),
                core_wait: time_in(worker.lane, &[State::WaitingForCore]),
                requested: worker.requested,
                name: worker.name,
                kind: worker.kind,
                lane: worker.lane,
            })
            .collect();
        let sequential =
            workers.iter().fold(0, |total: Nanos, worker| total.saturating_add(worker.requested));
        let lost_updates = shared.iter().map(|variable| variable.lost).sum();
        Metrics {
            makespan,
            sequential,
            speedup: ratio(sequential, makespan),
            cpu_utilization: ratio(busy, makespan.saturating_mul(cores.len() as u64)),
            cores,
            workers,
            gil_handoffs: counters.gil_handoffs,
            forced_switches: counters.forced_switches,
            drop_requests: counters.drop_requests,
            futile_wakeups: counters.futile_wakeups,
            preemptions: counters.preemptions,
            io_resume: LatencyStats::of(counters.io_resume),
            work_done: counters.work,
            shared,
            lost_updates,
            deadlock,
        }
    }
}

/// Time each lane spent in each state, from the spans.
fn state_totals(lanes: usize, spans: &[Span]) -> Vec<[Nanos; State::ALL.len()]> {
    let mut totals = vec![[0; State::ALL.len()]; lanes];
    for span in spans {
        totals[span.lane as usize][span.state as usize] += span.end - span.start;
    }
    totals
}

fn ratio(numerator: Nanos, denominator: Nanos) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator as f64 / denominator as f64
    }
}
