//! The model's costs: what the OS, CPython and multiprocessing charge for each mechanism.
//! Every default is documented with its source or measurement in `docs/model.md`.

use super::program::WorkTotals;
use super::python::{PythonVersion, StartMethod};
use super::spec::{CostsSpec, ScenarioError};
use super::time::{parse_duration, Nanos, MICROSECOND, MILLISECOND};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartCost {
    /// Time the parent's main thread spends launching (inside `Process.start()`).
    pub parent: Nanos,
    /// Time the new process spends starting up before its target runs; needs a core.
    pub child: Nanos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Costs {
    /// How long the OS lets a thread run before giving its core to another runnable thread.
    pub os_time_slice: Nanos,
    /// From a wake-up (I/O done, condition variable signalled, timed wait expired) to the thread being runnable.
    pub wake_latency: Nanos,
    /// From a drop request to the holder reaching an eval-breaker check point in Python code.
    pub check_latency: Nanos,
    pub thread_start: Nanos,
    pub task_start: Nanos,
    pub interpreter_start: Nanos,
    pub fork: StartCost,
    pub spawn: StartCost,
    pub forkserver: StartCost,
    /// Paid once, by the parent, when the first forkserver process is started.
    pub forkserver_server: Nanos,
    pub pickle_per_mb: Nanos,
    /// The old GIL's check interval of 100 ticks, as time.
    pub old_check_period: Nanos,
    /// The old GIL's signalling cost to the holder of each release while another thread waits.
    pub old_release_cost: Nanos,
    /// Old GIL: the chance, in percent, that a woken waiter arrives while the holder is between
    /// its release and re-acquire, and so wins the GIL.
    pub old_waiter_wins_percent: u32,
    /// Extra time for Python code in a free-threaded build, in percent.
    pub free_threading_overhead_percent: u32,
    /// One `counter += 1` in a `for` loop, back-edge included.
    pub increment: Nanos,
    /// Added to each increment by `via_call`: a call to a small Python function between the read and the write.
    pub increment_call: Nanos,
    /// Taking and releasing an uncontended `threading.Lock`.
    pub lock: Nanos,
    /// One `queue.Queue.put` or `get` that does not wait.
    pub queue: Nanos,
    /// One `threading.Event.set`, `clear`, or `wait` that does not wait.
    pub event: Nanos,
}

const MAX_OVERHEAD_PERCENT: u32 = 1_000;

/// The single-thread overhead of a free-threaded build: about 40% in 3.13, where the specializing
/// interpreter is off (the free-threading HOWTO), 5–10% from 3.14 (What's New in 3.14). 3.15t keeps
/// 3.14t's figure: we found no 3.15 document that states another (`docs/model.md`, "Python 3.15").
fn free_threading_overhead_percent(python: PythonVersion) -> u32 {
    if python.minor == 13 {
        40
    } else {
        10
    }
}

impl Costs {
    pub fn for_python(python: PythonVersion) -> Costs {
        Costs {
            os_time_slice: 3 * MILLISECOND,
            wake_latency: 5 * MICROSECOND,
            check_latency: MICROSECOND,
            thread_start: 100 * MICROSECOND,
            task_start: 5 * MICROSECOND,
            interpreter_start: 5 * MILLISECOND,
            fork: StartCost { parent: MILLISECOND, child: 2 * MILLISECOND },
            spawn: StartCost { parent: MILLISECOND, child: 70 * MILLISECOND },
            forkserver: StartCost { parent: 1_500 * MICROSECOND, child: 18 * MILLISECOND },
            forkserver_server: 60 * MILLISECOND,
            pickle_per_mb: 5 * MILLISECOND,
            old_check_period: 5 * MICROSECOND,
            old_release_cost: 4 * MICROSECOND,
            old_waiter_wins_percent: 5,
            free_threading_overhead_percent: free_threading_overhead_percent(python),
            increment: 50,
            increment_call: 40,
            lock: 220,
            queue: 650,
            event: 400,
        }
    }

    pub fn start(&self, method: StartMethod) -> StartCost {
        match method {
            StartMethod::Fork => self.fork,
            StartMethod::Spawn => self.spawn,
            StartMethod::Forkserver => self.forkserver,
        }
    }

    /// Python work of `nominal` length as it runs in this build.
    pub fn python_work(&self, nominal: Nanos, free_threaded: bool) -> Nanos {
        if free_threaded {
            nominal.saturating_add(
                nominal.saturating_mul(self.free_threading_overhead_percent as u64) / 100,
            )
        } else {
            nominal
        }
    }

    /// One increment of an `increment` statement as it runs in this build.
    pub fn increment(&self, via_call: bool, free_threaded: bool) -> Nanos {
        let nominal = self.increment + if via_call { self.increment_call } else { 0 };
        self.python_work(nominal, free_threaded).max(1)
    }

    /// Time a program takes alone on one thread of a GIL build, with nothing in its way.
    pub fn alone(&self, totals: &WorkTotals) -> Nanos {
        let per = |count: u64, each: Nanos| count.saturating_mul(each);
        totals
            .alone()
            .saturating_add(per(totals.increments, self.increment(false, false)))
            .saturating_add(per(totals.increments_via_call, self.increment(true, false)))
            .saturating_add(per(totals.lock_acquisitions, self.lock))
            .saturating_add(per(totals.queue_ops, self.queue))
            .saturating_add(per(totals.event_ops, self.event))
    }

    pub fn pickling(&self, bytes: u64) -> Nanos {
        ((bytes as u128 * self.pickle_per_mb as u128) / 1_000_000).min(u64::MAX as u128) as Nanos
    }

    pub fn with_overrides(mut self, spec: &CostsSpec) -> Result<Costs, ScenarioError> {
        let durations: [(&str, &Option<String>, &mut Nanos); 21] = [
            ("os_time_slice", &spec.os_time_slice, &mut self.os_time_slice),
            ("wake_latency", &spec.wake_latency, &mut self.wake_latency),
            ("check_latency", &spec.check_latency, &mut self.check_latency),
            ("thread_start", &spec.thread_start, &mut self.thread_start),
            ("task_start", &spec.task_start, &mut self.task_start),
            ("interpreter_start", &spec.interpreter_start, &mut self.interpreter_start),
            ("fork_parent", &spec.fork_parent, &mut self.fork.parent),
            ("fork_child", &spec.fork_child, &mut self.fork.child),
            ("spawn_parent", &spec.spawn_parent, &mut self.spawn.parent),
            ("spawn_child", &spec.spawn_child, &mut self.spawn.child),
            ("forkserver_server", &spec.forkserver_server, &mut self.forkserver_server),
            ("forkserver_parent", &spec.forkserver_parent, &mut self.forkserver.parent),
            ("forkserver_child", &spec.forkserver_child, &mut self.forkserver.child),
            ("pickle_per_mb", &spec.pickle_per_mb, &mut self.pickle_per_mb),
            ("old_check_period", &spec.old_check_period, &mut self.old_check_period),
            ("old_release_cost", &spec.old_release_cost, &mut self.old_release_cost),
            ("increment", &spec.increment, &mut self.increment),
            ("increment_call", &spec.increment_call, &mut self.increment_call),
            ("lock", &spec.lock, &mut self.lock),
            ("queue", &spec.queue, &mut self.queue),
            ("event", &spec.event, &mut self.event),
        ];
        for (name, text, slot) in durations {
            if let Some(text) = text {
                let field = format!("costs.{name}");
                let value = parse_duration(text)
                    .map_err(|message| ScenarioError { field: field.clone(), message })?;
                if value > 10 * super::time::SECOND {
                    return Err(ScenarioError {
                        field,
                        message: format!("'{text}' is out of range; allowed: 0ns to 10s"),
                    });
                }
                *slot = value;
            }
        }
        for (name, value) in
            [("os_time_slice", self.os_time_slice), ("old_check_period", self.old_check_period)]
        {
            if value == 0 {
                return Err(ScenarioError {
                    field: format!("costs.{name}"),
                    message: "must be longer than 0ns".into(),
                });
            }
        }
        if let Some(text) = &spec.free_threading_overhead {
            self.free_threading_overhead_percent =
                parse_percent(text, MAX_OVERHEAD_PERCENT, "costs.free_threading_overhead")?;
        }
        if let Some(text) = &spec.old_waiter_wins {
            self.old_waiter_wins_percent = parse_percent(text, 100, "costs.old_waiter_wins")?;
        }
        Ok(self)
    }
}

fn parse_percent(text: &str, max: u32, field: &str) -> Result<u32, ScenarioError> {
    text.strip_suffix('%')
        .and_then(|number| number.trim().parse::<u32>().ok())
        .filter(|percent| *percent <= max)
        .ok_or_else(|| ScenarioError {
            field: field.into(),
            message: format!("'{text}' is not a percentage from 0% to {max}%, such as \"40%\""),
        })
}
