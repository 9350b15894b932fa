//! A checked scenario: everything the engine needs, every value in range.

use std::rc::Rc;

use super::costs::Costs;
use super::program::Program;
use super::python::{PythonVersion, StartMethod};
use super::spec::{ScenarioError, ScenarioSpec, WorkerSpec};
use super::time::{parse_duration, Nanos, MICROSECOND, SECOND};

pub const MAX_CORES: u32 = 64;
/// Threads, processes and subinterpreters in all.
pub const MAX_OS_WORKERS: u32 = 64;
/// asyncio tasks in all: cheap, and the point of asyncio is having many.
pub const MAX_TASKS: u32 = 256;
pub const MIN_SWITCH_INTERVAL: Nanos = MICROSECOND;
pub const MAX_SWITCH_INTERVAL: Nanos = SECOND;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerKind {
    Thread,
    Process,
    Task,
    Interpreter,
}

impl WorkerKind {
    pub const ALL: [WorkerKind; 4] =
        [WorkerKind::Thread, WorkerKind::Process, WorkerKind::Task, WorkerKind::Interpreter];
    pub const ALLOWED: &'static str = "thread, process, task or interpreter";

    /// The kind as a scenario names it (`ScenarioSpec`'s `kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            WorkerKind::Thread => "thread",
            WorkerKind::Process => "process",
            WorkerKind::Task => "task",
            WorkerKind::Interpreter => "interpreter",
        }
    }

    /// The kind a scenario names, or `None` for a name that is no kind.
    pub fn parse(text: &str) -> Option<WorkerKind> {
        WorkerKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The prefix of the names given to unnamed workers: T1, P1, task1, I1.
    fn default_name(self) -> &'static str {
        match self {
            WorkerKind::Thread => "T",
            WorkerKind::Process => "P",
            WorkerKind::Task => "task",
            WorkerKind::Interpreter => "I",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WakeOrder {
    /// The waiter that has waited longest is woken first.
    Fifo,
    /// A seeded random waiter is woken.
    Random,
}

/// One worker after its group's `count` has been expanded.
#[derive(Debug, Clone)]
pub struct Worker {
    pub name: String,
    pub kind: WorkerKind,
    pub program: Rc<Program>,
    pub start_method: StartMethod,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub title: String,
    pub python: PythonVersion,
    pub cores: u32,
    pub switch_interval: Nanos,
    pub seed: u64,
    pub wake_order: WakeOrder,
    /// How many threads the event loop's default executor may start.
    pub executor_workers: usize,
    pub costs: Costs,
    pub workers: Vec<Worker>,
}

/// The most threads a scenario's default executor may have: far more than any lesson needs.
pub const MAX_EXECUTOR_WORKERS: u32 = 256;

/// Python's default `max_workers` of the loop's default executor: `min(32, os.cpu_count() + 4)`
/// (3.8 to 3.12; from 3.13 `os.process_cpu_count()`, which the model's cores stand for).
pub fn default_executor_workers(cores: u32) -> usize {
    32.min(cores as usize + 4)
}

fn error(field: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError { field: field.into(), message: message.into() }
}

impl Scenario {
    pub fn from_spec(spec: &ScenarioSpec) -> Result<Scenario, ScenarioError> {
        let python = PythonVersion::parse(&spec.python).ok_or_else(|| {
            error(
                "python",
                format!(
                    "'{}' is not a Python version the simulator knows; allowed: {}",
                    spec.python,
                    PythonVersion::ALLOWED
                ),
            )
        })?;
        if !(1..=MAX_CORES).contains(&spec.cores) {
            return Err(error(
                "cores",
                format!("{} is out of range; allowed: 1 to {MAX_CORES}", spec.cores),
            ));
        }
        let switch_interval = parse_duration(&spec.switch_interval)
            .map_err(|message| error("switch_interval", message))?;
        if !(MIN_SWITCH_INTERVAL..=MAX_SWITCH_INTERVAL).contains(&switch_interval) {
            return Err(error(
                "switch_interval",
                format!("'{}' is out of range; allowed: 1us to 1s (CPython counts it in whole microseconds)", spec.switch_interval),
            ));
        }
        let wake_order = match spec.wake_order.as_str() {
            "fifo" => WakeOrder::Fifo,
            "random" => WakeOrder::Random,
            other => {
                return Err(error(
                    "wake_order",
                    format!("'{other}' is not a wake order; allowed: fifo or random"),
                ))
            }
        };
        let costs = Costs::for_python(python).with_overrides(&spec.costs)?;
        let workers = expand_workers(&spec.workers, python)?;
        let executor_workers = match spec.executor_workers {
            None => default_executor_workers(spec.cores),
            Some(workers) if (1..=MAX_EXECUTOR_WORKERS).contains(&workers) => workers as usize,
            Some(workers) => {
                return Err(error(
                    "executor_workers",
                    format!("{workers} is out of range; allowed: 1 to {MAX_EXECUTOR_WORKERS}"),
                ))
            }
        };
        Ok(Scenario {
            title: spec.title.clone(),
            python,
            cores: spec.cores,
            switch_interval,
            seed: spec.seed,
            wake_order,
            executor_workers,
            costs,
            workers,
        })
    }
}

fn expand_workers(
    groups: &[WorkerSpec],
    python: PythonVersion,
) -> Result<Vec<Worker>, ScenarioError> {
    if groups.is_empty() {
        return Err(error(
            "workers",
            "the scenario has no workers; add at least one [[workers]] table",
        ));
    }
    let count_of = |tasks: bool| -> u64 {
        groups
            .iter()
            .filter(|group| (group.kind == WorkerKind::Task.as_str()) == tasks)
            .map(|group| group.count as u64)
            .sum()
    };
    if count_of(false) > MAX_OS_WORKERS as u64 {
        return Err(error(
            "workers",
            format!("{} threads, processes and subinterpreters in all is too many; allowed: at most {MAX_OS_WORKERS}", count_of(false)),
        ));
    }
    if count_of(true) > MAX_TASKS as u64 {
        return Err(error(
            "workers",
            format!(
                "{} asyncio tasks in all is too many; allowed: at most {MAX_TASKS}",
                count_of(true)
            ),
        ));
    }
    let mut workers = Vec::new();
    let mut unnamed_counts = [0u32; 4];
    let mut thread_queue_bounds = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        let field = |name: &str| format!("workers[{index}].{name}");
        let kind = WorkerKind::parse(&group.kind).ok_or_else(|| {
            error(
                field("kind"),
                format!("'{}' is not a worker kind; allowed: {}", group.kind, WorkerKind::ALLOWED),
            )
        })?;
        if group.count == 0 {
            return Err(error(field("count"), "0 workers; allowed: at least 1".to_string()));
        }
        check_kind_exists(kind, python).map_err(|message| error(field("kind"), message))?;
        let start_method = start_method(group, kind, python)
            .map_err(|message| error(field("start_method"), message))?;
        let program = Program::parse(&group.program)
            .map_err(|problem| error(field("program"), problem.to_string()))?;
        check_program_fits_kind(&program, kind, python)
            .map_err(|message| error(field("program"), message))?;
        if kind == WorkerKind::Thread {
            check_thread_queue_bounds(&program, index, &mut thread_queue_bounds)
                .map_err(|message| error(field("program"), message))?;
        }
        let program = Rc::new(program);
        for member in 1..=group.count {
            let name = match &group.name {
                Some(name) if group.count == 1 => name.clone(),
                Some(name) => format!("{name}-{member}"),
                None => {
                    let counter = &mut unnamed_counts[kind as usize];
                    *counter += 1;
                    format!("{}{}", kind.default_name(), counter)
                }
            };
            workers.push(Worker { name, kind, program: Rc::clone(&program), start_method });
        }
    }
    Ok(workers)
}

/// Threads share the main process's queues, so every thread program that declares a queue's bound
/// must give the same one. `declared` collects each name's bound and the group that declared it first.
fn check_thread_queue_bounds(
    program: &Program,
    group: usize,
    declared: &mut Vec<(String, u32, usize)>,
) -> Result<(), String> {
    for (name, bound) in program.queue_bounds() {
        match declared.iter().find(|(known, _, _)| known == name) {
            Some((_, first, _)) if *first == bound => {}
            Some((_, first, at)) => {
                return Err(format!(
                    "the queue '{name}' is declared with bound {bound} here but bound {first} in workers[{at}]; threads share the \
                     main process's queues, so declare each bound once or the same everywhere"
                ))
            }
            None => declared.push((name.to_string(), bound, group)),
        }
    }
    Ok(())
}

fn check_kind_exists(kind: WorkerKind, python: PythonVersion) -> Result<(), String> {
    match kind {
        WorkerKind::Task if !python.at_least(3, 5) => {
            Err(format!("asyncio tasks need Python 3.5 or later, not {python}"))
        }
        WorkerKind::Interpreter if !python.at_least(3, 12) => Err(format!(
            "subinterpreters with their own GIL need Python 3.12 or later (PEP 684), not {python}"
        )),
        _ => Ok(()),
    }
}

fn start_method(
    group: &WorkerSpec,
    kind: WorkerKind,
    python: PythonVersion,
) -> Result<StartMethod, String> {
    let Some(text) = &group.start_method else {
        return Ok(python.default_start_method());
    };
    if kind != WorkerKind::Process {
        return Err(format!(
            "only process workers have a start method, not {} workers",
            group.kind
        ));
    }
    let method = StartMethod::parse(text).ok_or_else(|| {
        format!("'{text}' is not a start method; allowed: fork, spawn or forkserver")
    })?;
    if method != StartMethod::Fork && !python.at_least(3, 4) {
        return Err(format!("the {text} start method needs Python 3.4 or later, not {python}"));
    }
    Ok(method)
}

fn check_program_fits_kind(
    program: &Program,
    kind: WorkerKind,
    python: PythonVersion,
) -> Result<(), String> {
    if program.uses_to_thread() && kind != WorkerKind::Task {
        return Err("to_thread is only for task workers: it hands work from the event loop to a thread pool".into());
    }
    if program.uses_to_thread() && !python.at_least(3, 9) {
        return Err(format!("asyncio.to_thread needs Python 3.9 or later, not {python}"));
    }
    if program.uses_lock() && kind == WorkerKind::Task {
        return Err("lock is only for threads, processes and interpreters: asyncio tasks never switch inside an increment \
                    (there is no await in it), so they need no lock"
            .into());
    }
    if program.uses_handoffs() && kind == WorkerKind::Task {
        return Err("put, get, set, wait and clear are only for threads, processes and interpreters: they block the whole \
                    event loop in an asyncio task (use asyncio.Queue and asyncio.Event there)"
            .into());
    }
    if program.uses_send() && !matches!(kind, WorkerKind::Process | WorkerKind::Interpreter) {
        return Err("send is only for process and interpreter workers: threads and tasks share memory, so nothing is pickled".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::MILLISECOND;

    fn spec(workers: Vec<WorkerSpec>) -> ScenarioSpec {
        ScenarioSpec { cores: 2, wake_order: "fifo".into(), workers, ..ScenarioSpec::default() }
    }

    fn worker(kind: &str, count: u32, program: &str) -> WorkerSpec {
        WorkerSpec {
            kind: kind.into(),
            name: None,
            count,
            program: program.into(),
            start_method: None,
        }
    }

    #[test]
    fn a_worker_kind_reads_back_its_own_text_and_serializes_as_it() {
        for kind in WorkerKind::ALL {
            assert_eq!(WorkerKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
            assert!(WorkerKind::ALLOWED.contains(kind.as_str()), "{kind:?}");
        }
        assert_eq!(WorkerKind::parse("threads"), None);
    }

    #[test]
    fn the_default_executor_has_pythons_size_unless_the_scenario_sets_one() {
        let tasks = vec![WorkerSpec {
            kind: "task".into(),
            name: None,
            count: 8,
            program: "to_thread { io 10ms }".into(),
            start_method: None,
        }];
        let default =
            Scenario::from_spec(&ScenarioSpec { cores: 2, ..spec(tasks.clone()) }).expect("valid");
        assert_eq!(default.executor_workers, 6, "min(32, 2 + 4)");
        assert_eq!(default_executor_workers(64), 32);
        let two = ScenarioSpec { cores: 2, executor_workers: Some(2), ..spec(tasks.clone()) };
        let two_threads =
            crate::simulate(&Scenario::from_spec(&two).expect("valid")).expect("runs");
        let six_threads = crate::simulate(&default).expect("runs");
        // Eight 10 ms waits: two at a time take four rounds, six at a time two.
        assert!(
            two_threads.metrics.makespan >= 40 * MILLISECOND,
            "{}",
            two_threads.metrics.makespan
        );
        assert!(
            six_threads.metrics.makespan < 25 * MILLISECOND,
            "{}",
            six_threads.metrics.makespan
        );
        let none = ScenarioSpec { executor_workers: Some(0), ..spec(tasks) };
        let problem = Scenario::from_spec(&none).expect_err("no threads");
        assert_eq!(
            (problem.field.as_str(), problem.message.as_str()),
            ("executor_workers", "0 is out of range; allowed: 1 to 256")
        );
    }

    #[test]
    fn groups_expand_with_names() {
        let mut named = worker("thread", 2, "cpu 1ms");
        named.name = Some("hog".into());
        let scenario = Scenario::from_spec(&spec(vec![
            named,
            worker("thread", 1, "io 1ms"),
            worker("task", 2, "io 1ms"),
        ]))
        .unwrap();
        let names: Vec<_> = scenario.workers.iter().map(|worker| worker.name.as_str()).collect();
        assert_eq!(names, ["hog-1", "hog-2", "T1", "task1", "task2"]);
        assert_eq!(scenario.switch_interval, 5 * MILLISECOND);
    }

    #[test]
    fn bad_fields_are_named_with_what_is_allowed() {
        let mut bad_python = spec(vec![worker("thread", 1, "cpu 1ms")]);
        bad_python.python = "3.99".into();
        let mut bad_cores = spec(vec![worker("thread", 1, "cpu 1ms")]);
        bad_cores.cores = 0;
        let mut bad_interval = spec(vec![worker("thread", 1, "cpu 1ms")]);
        bad_interval.switch_interval = "0ms".into();
        let mut old_with_interpreters = spec(vec![worker("interpreter", 1, "cpu 1ms")]);
        old_with_interpreters.python = "3.11".into();
        let mut spawned_thread = worker("thread", 1, "cpu 1ms");
        spawned_thread.start_method = Some("spawn".into());
        let cases = [
            (bad_python, "python", "allowed: 2.7"),
            (bad_cores, "cores", "allowed: 1 to 64"),
            (bad_interval, "switch_interval", "allowed: 1us to 1s"),
            (
                spec(vec![worker("fibre", 1, "cpu 1ms")]),
                "workers[0].kind",
                "allowed: thread, process",
            ),
            (spec(vec![worker("thread", 65, "cpu 1ms")]), "workers", "at most 64"),
            (
                spec(vec![worker("thread", 1, "cpu 1ms; bogus 2ms")]),
                "workers[0].program",
                "line 1, column 10",
            ),
            (
                spec(vec![worker("thread", 1, "to_thread { cpu 1ms }")]),
                "workers[0].program",
                "only for task",
            ),
            (spec(vec![worker("task", 1, "send 1MB")]), "workers[0].program", "only for process"),
            (
                spec(vec![worker("task", 1, "lock l { increment n 5 }")]),
                "workers[0].program",
                "need no lock",
            ),
            (
                spec(vec![worker("task", 1, "to_thread { put jobs }")]),
                "workers[0].program",
                "use asyncio.Queue",
            ),
            (
                spec(vec![
                    worker("thread", 1, "queue jobs bound 4; put jobs"),
                    worker("thread", 1, "queue jobs bound 5; get jobs"),
                ]),
                "workers[1].program",
                "bound 5 here but bound 4 in workers[0]",
            ),
            (old_with_interpreters, "workers[0].kind", "3.12 or later"),
            (spec(vec![spawned_thread]), "workers[0].start_method", "only process workers"),
            (spec(vec![]), "workers", "no workers"),
        ];
        for (spec, field, fragment) in cases {
            let problem = Scenario::from_spec(&spec).unwrap_err();
            assert_eq!(problem.field, field, "{problem}");
            assert!(problem.message.contains(fragment), "{problem}");
        }
    }
}
