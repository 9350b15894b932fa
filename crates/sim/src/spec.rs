//! A scenario as written by people (TOML files, lessons, URLs): plain strings and numbers, and
//! [`ScenarioError`], what is wrong with one. `Scenario::from_spec` checks a spec and turns it into
//! the typed scenario the engine runs.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    #[serde(default)]
    pub title: String,
    /// One of `python::PYTHON_VERSIONS`: "2.7", "3.1" (old GIL); "3.2" … "3.15"; "3.13t" … "3.15t" (free-threaded).
    #[serde(default = "default_python")]
    pub python: String,
    #[serde(default = "default_cores")]
    pub cores: u32,
    /// `sys.setswitchinterval`, as a duration such as "5ms".
    #[serde(default = "default_switch_interval")]
    pub switch_interval: String,
    #[serde(default)]
    pub seed: u64,
    /// Which waiter a condition-variable signal wakes: "fifo" or "random".
    #[serde(default = "default_wake_order")]
    pub wake_order: String,
    /// `max_workers` of the event loop's default executor, which runs `to_thread` blocks
    /// (`loop.set_default_executor(ThreadPoolExecutor(max_workers=N))`); Python's default,
    /// `min(32, cores + 4)`, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor_workers: Option<u32>,
    #[serde(default, skip_serializing_if = "CostsSpec::is_empty")]
    pub costs: CostsSpec,
    #[serde(default)]
    pub workers: Vec<WorkerSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkerSpec {
    /// "thread", "process", "task" or "interpreter".
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "default_count")]
    pub count: u32,
    pub program: String,
    /// For processes: "fork", "spawn" or "forkserver"; the platform default of the Python version when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_method: Option<String>,
}

/// Overrides of the model's costs; every field is optional and is a duration unless noted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostsSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_time_slice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wake_latency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_latency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fork_parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fork_child: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spawn_parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spawn_child: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forkserver_server: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forkserver_parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forkserver_child: Option<String>,
    /// Time to pickle (or unpickle) one megabyte, paid by the sender and again by the receiver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickle_per_mb: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_check_period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_release_cost: Option<String>,
    /// A percentage such as "5%": how often a woken waiter wins the old GIL's release/re-acquire race.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_waiter_wins: Option<String>,
    /// One `counter += 1` of an `increment` loop, back-edge included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment: Option<String>,
    /// What `via_call` adds to each increment: calling a small Python function between the read and the write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub increment_call: Option<String>,
    /// Taking and releasing an uncontended `threading.Lock` (`with lock:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<String>,
    /// One `queue.Queue.put` or `get` that does not wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
    /// One `threading.Event.set`, `clear`, or `wait` that does not wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// A percentage such as "40%": how much slower Python code runs in a free-threaded build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_threading_overhead: Option<String>,
}

impl CostsSpec {
    pub fn is_empty(&self) -> bool {
        *self == CostsSpec::default()
    }

    /// Every cost by its name in scenario files, for readers that set them one by one.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut Option<String>); 23] {
        [
            ("os_time_slice", &mut self.os_time_slice),
            ("wake_latency", &mut self.wake_latency),
            ("check_latency", &mut self.check_latency),
            ("thread_start", &mut self.thread_start),
            ("task_start", &mut self.task_start),
            ("interpreter_start", &mut self.interpreter_start),
            ("fork_parent", &mut self.fork_parent),
            ("fork_child", &mut self.fork_child),
            ("spawn_parent", &mut self.spawn_parent),
            ("spawn_child", &mut self.spawn_child),
            ("forkserver_server", &mut self.forkserver_server),
            ("forkserver_parent", &mut self.forkserver_parent),
            ("forkserver_child", &mut self.forkserver_child),
            ("pickle_per_mb", &mut self.pickle_per_mb),
            ("old_check_period", &mut self.old_check_period),
            ("old_release_cost", &mut self.old_release_cost),
            ("old_waiter_wins", &mut self.old_waiter_wins),
            ("increment", &mut self.increment),
            ("increment_call", &mut self.increment_call),
            ("lock", &mut self.lock),
            ("queue", &mut self.queue),
            ("event", &mut self.event),
            ("free_threading_overhead", &mut self.free_threading_overhead),
        ]
    }
}

/// What is wrong with a scenario: the field (as a path such as `workers[1].program`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// An empty scenario with every field at its default, as a file that leaves them out gets them.
impl Default for ScenarioSpec {
    fn default() -> ScenarioSpec {
        ScenarioSpec {
            title: String::new(),
            python: default_python(),
            cores: default_cores(),
            switch_interval: default_switch_interval(),
            seed: 0,
            wake_order: default_wake_order(),
            executor_workers: None,
            costs: CostsSpec::default(),
            workers: Vec::new(),
        }
    }
}

fn default_python() -> String {
    "3.12".into()
}

fn default_cores() -> u32 {
    4
}

fn default_switch_interval() -> String {
    "5ms".into()
}

fn default_wake_order() -> String {
    "random".into()
}

fn default_count() -> u32 {
    1
}
