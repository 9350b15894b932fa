//! The compare view's four runs of one workload, its state, and the geometry of its bar chart.
//! Pure (no DOM), tested natively.
//!
//! The workload is the lab's (each worker's work, CPU/I/O mix, native share, I/O wait) done by
//! `n` workers (kept in `LabParams::threads`), run as `n` threads, `n` processes and `n` asyncio
//! tasks on the chosen Python, and as `n` threads on the free-threaded [`FREE_THREADED`].

use std::rc::Rc;

use yew::Reducible;

use crate::params::{parse_compare, ParamsAction};
use crate::run::{run_with_limit, Outcome};
use gil_lessons::limits::PAGE_ACTION_LIMIT;
use gil_link::quick_form::{scenario, LabParams};
use gil_link::Notice;
use gil_sim::time::Nanos;

/// Each run's share of the page's action budget: the four together answer as fast as the lab's one.
pub const RUN_ACTION_LIMIT: u64 = PAGE_ACTION_LIMIT / 4;

/// The free-threaded build the fourth run uses.
pub const FREE_THREADED: &str = "3.14t";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Threads,
    Processes,
    Tasks,
    FreeThreaded,
}

impl Variant {
    pub const ALL: [Variant; 4] =
        [Variant::Threads, Variant::Processes, Variant::Tasks, Variant::FreeThreaded];

    pub fn title(self, workers: u32, python: &str) -> String {
        let plural =
            |one: &str, many: &str| if workers == 1 { one.to_string() } else { many.to_string() };
        match self {
            Variant::Threads => {
                format!("{workers} {} on Python {python}", plural("thread", "threads"))
            }
            Variant::Processes => {
                format!("{workers} {} on Python {python}", plural("process", "processes"))
            }
            Variant::Tasks => {
                format!("{workers} asyncio {} on Python {python}", plural("task", "tasks"))
            }
            Variant::FreeThreaded => format!(
                "{workers} {} on free-threaded Python {FREE_THREADED}",
                plural("thread", "threads")
            ),
        }
    }

    /// The short name in the bar chart.
    pub fn short(self) -> &'static str {
        match self {
            Variant::Threads => "Threads",
            Variant::Processes => "Processes",
            Variant::Tasks => "asyncio tasks",
            Variant::FreeThreaded => "Free-threaded (3.14t)",
        }
    }

    /// The start of its downloaded files' names.
    pub fn file_stem(self) -> &'static str {
        match self {
            Variant::Threads => "gil-lab-threads",
            Variant::Processes => "gil-lab-processes",
            Variant::Tasks => "gil-lab-asyncio",
            Variant::FreeThreaded => "gil-lab-free-threaded",
        }
    }

    /// The lab's parameters for this run of the workload.
    pub fn params(self, workload: &LabParams) -> LabParams {
        let workers = workload.threads;
        let none =
            LabParams { threads: 0, processes: 0, tasks: 0, interpreters: 0, ..workload.clone() };
        match self {
            Variant::Threads => LabParams { threads: workers, ..none },
            Variant::Processes => LabParams { processes: workers, ..none },
            Variant::Tasks => LabParams { tasks: workers, ..none },
            Variant::FreeThreaded => {
                LabParams { threads: workers, python: FREE_THREADED.into(), ..none }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompareRun {
    pub variant: Variant,
    pub params: LabParams,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompareState {
    /// The workload, `threads` being the number of workers of each kind.
    pub params: LabParams,
    pub notices: Vec<Notice>,
    pub runs: Vec<CompareRun>,
}

impl CompareState {
    pub fn new(params: LabParams, notices: Vec<Notice>) -> CompareState {
        let runs = Variant::ALL
            .into_iter()
            .map(|variant| {
                let params = variant.params(&params);
                let outcome = run_with_limit(&scenario::spec(&params), RUN_ACTION_LIMIT);
                CompareRun { variant, params, outcome }
            })
            .collect();
        CompareState { params, notices, runs }
    }

    pub fn from_query(query: &str) -> CompareState {
        let (params, notices) = parse_compare(query);
        CompareState::new(params, notices)
    }

    /// The time every timeline is drawn to: the longest run's end.
    pub fn shared_end(&self) -> Nanos {
        self.runs
            .iter()
            .filter_map(|run| {
                run.outcome.trace().map(|trace| crate::timeline::layout::trace_end(trace))
            })
            .max()
            .unwrap_or(1)
    }
}

impl Reducible for CompareState {
    type Action = ParamsAction;

    fn reduce(self: Rc<Self>, action: ParamsAction) -> Rc<Self> {
        let (params, notices) = action.apply(&self.params, parse_compare);
        if params == self.params {
            if notices == self.notices {
                return self;
            }
            return Rc::new(CompareState { notices, ..(*self).clone() });
        }
        Rc::new(CompareState::new(params, notices))
    }
}

/// One bar of the chart: a run's wall time and speedup, or why it has none.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Wall time and speedup vs sequential, when the run ran.
    pub result: Option<(Nanos, f64)>,
    /// The bar's length as a share of the longest (0–1).
    pub share: f64,
}

/// The chart: first the sequential baseline (the same work one after another), then each run.
pub fn bars(runs: &[CompareRun]) -> Vec<Bar> {
    let sequential = runs.iter().find_map(|run| Some(run.outcome.trace()?.metrics.sequential));
    let mut rows: Vec<(String, Option<(Nanos, f64)>)> = Vec::new();
    if let Some(sequential) = sequential {
        rows.push(("One after another".into(), Some((sequential, 1.0))));
    }
    for run in runs {
        let result =
            run.outcome.trace().map(|trace| (trace.metrics.makespan, trace.metrics.speedup));
        rows.push((run.variant.short().into(), result));
    }
    let longest = rows
        .iter()
        .filter_map(|(_, result)| result.map(|(wall, _)| wall))
        .max()
        .unwrap_or(1)
        .max(1);
    rows.into_iter()
        .map(|(label, result)| Bar {
            share: result.map_or(0.0, |(wall, _)| wall as f64 / longest as f64),
            label,
            result,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Param;
    use gil_sim::time::MILLISECOND;

    #[test]
    fn each_variant_runs_the_same_work_its_own_way() {
        let workload = LabParams {
            threads: 3,
            processes: 9,
            tasks: 9,
            interpreters: 9,
            ..gil_link::quick_form::compare_defaults()
        };
        let kinds: Vec<(u32, u32, u32, u32, String)> = Variant::ALL
            .into_iter()
            .map(|variant| {
                let p = variant.params(&workload);
                (p.threads, p.processes, p.tasks, p.interpreters, p.python)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (3, 0, 0, 0, "3.12".into()),
                (0, 3, 0, 0, "3.12".into()),
                (0, 0, 3, 0, "3.12".into()),
                (3, 0, 0, 0, "3.14t".into())
            ]
        );
        assert_eq!(
            Variant::FreeThreaded.title(1, "3.12"),
            "1 thread on free-threaded Python 3.14t"
        );
        assert_eq!(Variant::Processes.title(4, "3.8"), "4 processes on Python 3.8");
    }

    #[test]
    fn each_change_runs_the_four_again_and_a_load_keeps_its_notices() {
        let start = Rc::new(CompareState::new(LabParams::default(), Vec::new()));
        for (change, expected) in crate::params::every_change() {
            let changed = start.clone().reduce(ParamsAction::Set(change.clone()));
            assert_eq!(changed.params, expected, "{change:?}");
            let run_params: Vec<LabParams> =
                changed.runs.iter().map(|run| run.params.clone()).collect();
            let expected_runs: Vec<LabParams> =
                Variant::ALL.into_iter().map(|variant| variant.params(&expected)).collect();
            assert_eq!(run_params, expected_runs, "{change:?}");
        }
        let same = start.clone().reduce(ParamsAction::Set(Param::Seed(start.params.seed)));
        assert!(Rc::ptr_eq(&same, &start), "setting a parameter to its value keeps the state");
        let loaded = start.reduce(ParamsAction::Load("n=0".into()));
        assert_eq!((loaded.params.threads, loaded.notices.len()), (1, 1), "{:?}", loaded.notices);
    }

    #[test]
    fn cpu_bound_work_is_parallel_in_processes_and_free_threads_only() {
        // 4 workers × 100 ms of pure Python on 4 cores: threads and tasks take the sequential 400 ms.
        let state = CompareState::from_query("c=4&n=4&cpu=100&work=100ms");
        let walls: Vec<Nanos> = state
            .runs
            .iter()
            .map(|run| match &run.outcome {
                Outcome::Ready(trace) => trace.metrics.makespan,
                Outcome::Failed(message) => panic!("{message}"),
            })
            .collect();
        assert!(walls[0] >= 400 * MILLISECOND && walls[2] >= 400 * MILLISECOND, "{walls:?}");
        assert!(walls[1] < 200 * MILLISECOND && walls[3] < 200 * MILLISECOND, "{walls:?}");
        // The timelines are all drawn to the slowest run's end: the threads' or the tasks', not the processes'.
        let end_of = |index: usize| match &state.runs[index].outcome {
            Outcome::Ready(trace) => crate::timeline::layout::trace_end(trace),
            Outcome::Failed(message) => panic!("{message}"),
        };
        assert_eq!(state.shared_end(), end_of(0).max(end_of(2)));
        assert!(state.shared_end() > 2 * end_of(1));

        let chart = bars(&state.runs);
        assert_eq!(chart.len(), 5);
        assert_eq!(chart[0].label, "One after another");
        assert_eq!(chart[0].result, Some((400 * MILLISECOND, 1.0)));
        let longest =
            chart.iter().filter_map(|bar| bar.result.map(|(wall, _)| wall)).max().unwrap();
        for bar in &chart {
            let (wall, _) = bar.result.unwrap();
            assert!((bar.share - wall as f64 / longest as f64).abs() < 1e-12);
        }
        assert!(chart.iter().any(|bar| bar.share == 1.0));
    }

    #[test]
    fn a_variant_the_python_cannot_run_says_why_in_its_place() {
        let state = CompareState::from_query("py=2.7&n=2&work=20ms");
        assert!(matches!(&state.runs[0].outcome, Outcome::Ready(_)));
        assert!(
            matches!(&state.runs[2].outcome, Outcome::Failed(message) if message.contains("3.5")),
            "{:?}",
            state.runs[2].outcome
        );
        let chart = bars(&state.runs);
        assert_eq!(chart[3].label, "asyncio tasks");
        assert_eq!((chart[3].result, chart[3].share), (None, 0.0));
    }
}
