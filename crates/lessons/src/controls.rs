//! The lab controls a lesson step can open, by name: what each offers and how it changes a step's
//! scenario. The web player shows these values; the checks search them for a challenge's goal.

use std::fmt;

use super::limits::{PAGE_MAX_CORES, PAGE_MAX_GROUP, PAGE_MAX_TASK_GROUP, SWITCH_INTERVALS};
use gil_sim::python::{PythonVersion, StartMethod, PYTHON_VERSIONS};
use gil_sim::scenario::{default_executor_workers, WorkerKind};
use gil_sim::spec::ScenarioSpec;
use gil_sim::time::{exact_duration, parse_duration, short_duration};

/// A control, named in a lesson as `cores`, `python`, `switch_interval`, `seed`,
/// `executor_workers`, or per worker group (by its `name`) as `count:NAME`, `kind:NAME`,
/// `start_method:NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Cores,
    Python,
    SwitchInterval,
    Seed,
    /// `max_workers` of the event loop's default executor, which runs `to_thread` blocks.
    ExecutorWorkers,
    Count(String),
    Kind(String),
    StartMethod(String),
}

pub const ALLOWED_CONTROLS: &str =
    "cores, python, switch_interval, seed, executor_workers, count:NAME, kind:NAME, start_method:NAME (NAME: a worker's name)";

impl Control {
    pub fn parse(text: &str) -> Result<Control, String> {
        let named = |make: fn(String) -> Control, name: &str| {
            if name.is_empty() {
                Err(format!("'{text}' names no worker; allowed: {ALLOWED_CONTROLS}"))
            } else {
                Ok(make(name.to_string()))
            }
        };
        match text.split_once(':') {
            None => match text {
                "cores" => Ok(Control::Cores),
                "python" => Ok(Control::Python),
                "switch_interval" => Ok(Control::SwitchInterval),
                "seed" => Ok(Control::Seed),
                "executor_workers" => Ok(Control::ExecutorWorkers),
                _ => Err(format!("'{text}' is not a control; allowed: {ALLOWED_CONTROLS}")),
            },
            Some(("count", name)) => named(Control::Count, name),
            Some(("kind", name)) => named(Control::Kind, name),
            Some(("start_method", name)) => named(Control::StartMethod, name),
            Some(_) => Err(format!("'{text}' is not a control; allowed: {ALLOWED_CONTROLS}")),
        }
    }

    /// The worker group the control acts on, if it acts on one.
    pub fn worker(&self) -> Option<&str> {
        match self {
            Control::Count(name) | Control::Kind(name) | Control::StartMethod(name) => Some(name),
            _ => None,
        }
    }

    /// The label the player shows beside the control, in words a learner reads: the worker's
    /// name with what it is ("How many threads named hog"), never the control's own syntax.
    pub fn label(&self, spec: &ScenarioSpec) -> String {
        let kind_of = |name: &str| {
            let worker = spec.workers.iter().find(|worker| worker.name.as_deref() == Some(name));
            worker.and_then(|worker| WorkerKind::parse(&worker.kind))
        };
        match self {
            Control::Cores => "CPU cores".into(),
            Control::Python => "Python version".into(),
            Control::SwitchInterval => "Switch interval".into(),
            Control::Seed => "Seed".into(),
            Control::ExecutorWorkers => "Executor threads (max_workers)".into(),
            Control::Count(name) => match kind_of(name) {
                Some(kind) => format!("How many {} named {name}", plural(kind)),
                None => format!("How many workers named {name}"),
            },
            Control::Kind(name) => format!("{name} runs as"),
            Control::StartMethod(name) => format!("Start method of {name}"),
        }
    }
}

/// What several workers of a kind are called.
fn plural(kind: WorkerKind) -> &'static str {
    match kind {
        WorkerKind::Thread => "threads",
        WorkerKind::Process => "processes",
        WorkerKind::Task => "asyncio tasks",
        WorkerKind::Interpreter => "subinterpreters",
    }
}

impl fmt::Display for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Control::Cores => f.write_str("cores"),
            Control::Python => f.write_str("python"),
            Control::SwitchInterval => f.write_str("switch_interval"),
            Control::Seed => f.write_str("seed"),
            Control::ExecutorWorkers => f.write_str("executor_workers"),
            Control::Count(name) => write!(f, "count:{name}"),
            Control::Kind(name) => write!(f, "kind:{name}"),
            Control::StartMethod(name) => write!(f, "start_method:{name}"),
        }
    }
}

/// The executor sizes a control offers: Python's own default never exceeds 32.
pub const MAX_OFFERED_EXECUTOR_WORKERS: u32 = 32;
pub const SEEDS: u64 = 10;

impl Control {
    /// Every value the control offers, as the scenario spells it.
    pub fn values(&self, spec: &ScenarioSpec) -> Vec<String> {
        match self {
            Control::Cores => (1..=PAGE_MAX_CORES).map(|cores| cores.to_string()).collect(),
            Control::Python => PYTHON_VERSIONS.iter().map(|python| python.to_string()).collect(),
            Control::SwitchInterval => {
                SWITCH_INTERVALS.iter().map(|interval| short_duration(*interval)).collect()
            }
            Control::Seed => (1..=SEEDS).map(|seed| seed.to_string()).collect(),
            Control::ExecutorWorkers => {
                (1..=MAX_OFFERED_EXECUTOR_WORKERS).map(|workers| workers.to_string()).collect()
            }
            Control::Count(name) => {
                let tasks = spec.workers.iter().any(|worker| {
                    worker.name.as_deref() == Some(name.as_str())
                        && worker.kind == WorkerKind::Task.as_str()
                });
                (1..=if tasks { PAGE_MAX_TASK_GROUP } else { PAGE_MAX_GROUP })
                    .map(|count| count.to_string())
                    .collect()
            }
            Control::Kind(_) => {
                WorkerKind::ALL.iter().map(|kind| kind.as_str().to_string()).collect()
            }
            Control::StartMethod(_) => {
                StartMethod::ALL.iter().map(|method| method.name().to_string()).collect()
            }
        }
    }

    /// One of the control's values as the page shows it: a switch interval as `100 µs`, anything
    /// else as the scenario spells it.
    pub fn shown(&self, value: &str) -> String {
        match (self, parse_duration(value)) {
            (Control::SwitchInterval, Ok(nanos)) => exact_duration(nanos),
            _ => value.to_string(),
        }
    }

    /// The control's value in this scenario.
    pub fn current(&self, spec: &ScenarioSpec) -> String {
        let worker =
            |name: &str| spec.workers.iter().find(|worker| worker.name.as_deref() == Some(name));
        match self {
            Control::Cores => spec.cores.to_string(),
            Control::Python => spec.python.clone(),
            Control::SwitchInterval => spec.switch_interval.clone(),
            Control::Seed => spec.seed.to_string(),
            Control::ExecutorWorkers => spec
                .executor_workers
                .map_or_else(|| default_executor_workers(spec.cores), |workers| workers as usize)
                .to_string(),
            Control::Count(name) => {
                worker(name).map(|worker| worker.count.to_string()).unwrap_or_default()
            }
            Control::Kind(name) => {
                worker(name).map(|worker| worker.kind.clone()).unwrap_or_default()
            }
            Control::StartMethod(name) => {
                let platform_default = || {
                    PythonVersion::parse(&spec.python)
                        .map(|python| python.default_start_method().name().to_string())
                };
                worker(name)
                    .and_then(|worker| worker.start_method.clone().or_else(platform_default))
                    .unwrap_or_default()
            }
        }
    }

    /// Sets the control to one of its [`values`](Control::values); a value it does not offer
    /// leaves the scenario as it was and says why.
    pub fn apply(&self, spec: &mut ScenarioSpec, value: &str) -> Result<(), String> {
        if !self.values(spec).iter().any(|offered| offered == value) {
            return Err(format!("{} cannot be '{value}'", self.label(spec)));
        }
        let worker_name = self.worker().map(str::to_string);
        let worker = spec
            .workers
            .iter_mut()
            .find(|worker| worker.name.is_some() && worker.name == worker_name);
        match (self, worker) {
            (Control::Cores, _) => {
                spec.cores =
                    value.parse().map_err(|_| format!("'{value}' is not a number of cores"))?
            }
            (Control::Python, _) => spec.python = value.to_string(),
            (Control::SwitchInterval, _) => spec.switch_interval = value.to_string(),
            (Control::Seed, _) => {
                spec.seed = value.parse().map_err(|_| format!("'{value}' is not a seed"))?
            }
            (Control::ExecutorWorkers, _) => {
                spec.executor_workers = Some(
                    value.parse().map_err(|_| format!("'{value}' is not a number of threads"))?,
                )
            }
            (Control::Count(_), Some(worker)) => {
                worker.count = value.parse().map_err(|_| format!("'{value}' is not a count"))?
            }
            (Control::Kind(_), Some(worker)) => {
                worker.kind = value.to_string();
                if value != WorkerKind::Process.as_str() {
                    worker.start_method = None;
                }
            }
            (Control::StartMethod(_), Some(worker)) => {
                worker.start_method = Some(value.to_string())
            }
            (_, None) => {
                return Err(format!(
                    "there is no worker named '{}'",
                    worker_name.unwrap_or_default()
                ))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::spec::WorkerSpec;
    use gil_sim::Scenario;

    #[test]
    fn a_workers_control_is_labelled_with_its_name_and_kind_in_words() {
        let worker = |name: &str, kind: &str| WorkerSpec {
            kind: kind.into(),
            name: Some(name.into()),
            count: 1,
            program: "cpu 1ms".into(),
            start_method: None,
        };
        let spec = ScenarioSpec {
            workers: vec![worker("hog", "thread"), worker("clients", "task")],
            ..ScenarioSpec::default()
        };
        assert_eq!(Control::Count("hog".into()).label(&spec), "How many threads named hog");
        assert_eq!(
            Control::Count("clients".into()).label(&spec),
            "How many asyncio tasks named clients"
        );
        assert_eq!(Control::Kind("hog".into()).label(&spec), "hog runs as");
        assert_eq!(Control::StartMethod("hog".into()).label(&spec), "Start method of hog");
    }

    #[test]
    fn the_python_control_offers_3_15_and_3_15t_and_they_run() {
        let process = WorkerSpec {
            kind: "process".into(),
            name: Some("p".into()),
            count: 1,
            program: "cpu 1ms".into(),
            start_method: None,
        };
        let opened = ScenarioSpec { workers: vec![process], ..ScenarioSpec::default() };
        let offered = Control::Python.values(&opened);
        for python in ["3.15", "3.15t"] {
            assert!(offered.iter().any(|value| value == python), "{offered:?}");
            let mut spec = opened.clone();
            Control::Python.apply(&mut spec, python).expect("the control offers it");
            assert_eq!(Control::Python.current(&spec), python);
            assert_eq!(Control::StartMethod("p".into()).current(&spec), "forkserver");
            Scenario::from_spec(&spec).unwrap_or_else(|problem| panic!("{python}: {problem}"));
        }
    }

    #[test]
    fn a_switch_interval_is_shown_in_microseconds_as_people_write_them() {
        let shown: Vec<String> = Control::SwitchInterval
            .values(&ScenarioSpec::default())
            .iter()
            .map(|value| Control::SwitchInterval.shown(value))
            .collect();
        assert_eq!(shown[..3], ["100 µs", "200 µs", "500 µs"]);
        assert_eq!(Control::Cores.shown("2"), "2");
        assert_eq!(Control::Kind("hog".into()).shown("process"), "process");
    }
}
