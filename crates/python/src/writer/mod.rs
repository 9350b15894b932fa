//! The whole program of a scenario the simulator accepts, written part by part, each part in a
//! module of its own that adds its methods to [`ProgramWriter`]: `header` (the docstring, the
//! imports, the module's constants and shared names), `helpers` (the statements' helpers: `cpu`,
//! `io`, `held`, `put`, …), `worker_functions` (one function per group of workers, translated by
//! [`crate::translate`]), `launchers` (the helpers that start and time the workers),
//! `interpreters` (starting a subinterpreter), `main_function` (`main()`, which starts them all),
//! and [`crate::result_line`]'s helpers, which print the line the lab reads.

mod header;
mod helpers;
mod interpreters;
mod launchers;
mod main_function;
mod worker_functions;

use gil_sim::program::{Instr, WorkKind};
use gil_sim::python::PythonVersion;
use gil_sim::scenario::WorkerKind;
use gil_sim::time::{Nanos, SECOND};
use gil_sim::Scenario;

use crate::groups::{groups, nests_locks, Group};
use crate::python_text::Lines;
use crate::result_line::result_helpers;
use crate::shared_names::SharedNames;

pub(crate) struct ProgramWriter<'a> {
    scenario: &'a Scenario,
    link: &'a str,
    /// [`crate::scenario_fingerprint`], which the result line names.
    fingerprint: String,
    python: PythonVersion,
    groups: Vec<Group<'a>>,
    shared: SharedNames,
    range: &'static str,
}

impl<'a> ProgramWriter<'a> {
    /// The default executor's size when the scenario sets one other than Python's, and `to_thread`
    /// uses it.
    fn executor_workers(&self) -> Option<usize> {
        let default = gil_sim::scenario::default_executor_workers(self.scenario.cores);
        let uses_pool = self.uses(|instr| matches!(instr, Instr::ToThread { .. }));
        (uses_pool && self.scenario.executor_workers != default)
            .then_some(self.scenario.executor_workers)
    }

    pub(crate) fn new(
        scenario: &'a Scenario,
        link: &'a str,
        fingerprint: String,
    ) -> ProgramWriter<'a> {
        let groups = groups(&scenario.workers);
        let shared = SharedNames::of(&groups);
        let python = scenario.python;
        let range = if python.major == 2 { "xrange" } else { "range" };
        ProgramWriter { scenario, link, fingerprint, python, groups, shared, range }
    }

    fn has(&self, kind: WorkerKind) -> bool {
        self.groups.iter().any(|group| group.kind == kind)
    }

    fn uses(&self, wanted: impl Fn(&Instr) -> bool) -> bool {
        self.groups.iter().any(|group| group.program.instrs().iter().any(&wanted))
    }

    fn uses_work(&self, wanted: WorkKind) -> bool {
        self.uses(|instr| matches!(*instr, Instr::Work { kind, .. } if kind == wanted))
    }

    /// Whether a worker may wait forever: on a queue or an event, or on a lock taken inside another.
    fn may_deadlock(&self) -> bool {
        self.groups.iter().any(|group| group.program.uses_handoffs() || nests_locks(group.program))
    }

    /// The bound the threads of the main process declare for a queue, if any.
    fn main_queue_bound(&self, name: &str) -> Option<u32> {
        let threads = self.groups.iter().filter(|group| group.runs_in_main_process());
        threads
            .flat_map(|group| group.program.queue_bounds())
            .find(|(declared, _)| *declared == name)
            .map(|(_, bound)| bound)
    }

    fn sends(&self) -> bool {
        self.groups.iter().any(|group| group.program.uses_send())
    }

    /// Whether some workers run in memory of their own (processes, subinterpreters), so that a
    /// thread of the main process watches for their end.
    fn watches(&self) -> bool {
        self.has(WorkerKind::Process) || self.has(WorkerKind::Interpreter)
    }

    /// Whether the main process waits for I/O whose lateness the result line reports: on a thread
    /// (a thread, a `to_thread` block of a task), and in a task itself.
    fn measured_io(&self) -> (bool, bool) {
        let (mut on_threads, mut in_tasks) = (false, false);
        for group in self.groups.iter().filter(|group| group.runs_in_main_process()) {
            let mut to_thread_end = 0;
            for (pc, instr) in group.program.instrs().iter().enumerate() {
                match *instr {
                    Instr::ToThread { end } => to_thread_end = end,
                    Instr::Work { kind: WorkKind::Io, .. }
                        if group.kind == WorkerKind::Task && pc >= to_thread_end =>
                    {
                        in_tasks = true
                    }
                    Instr::Work { kind: WorkKind::Io, .. } => on_threads = true,
                    _ => {}
                }
            }
        }
        (on_threads, in_tasks)
    }

    pub(crate) fn write(&self) -> String {
        let mut out = Lines::default();
        self.header(&mut out);
        self.helpers(&mut out);
        for group in &self.groups {
            out.gap();
            self.group_functions(group, &mut out);
        }
        self.launchers(&mut out);
        out.gap();
        result_helpers(&mut out);
        out.gap();
        self.main(&mut out);
        out.gap();
        out.line(0, "if __name__ == \"__main__\":");
        out.line(1, "main()");
        out.text
    }

    /// How long a worker may wait for a lock, a queue or an event before the program calls it a
    /// deadlock: 2 s more than twice all the scenario's work done one piece after another, rounded
    /// up to a tenth of a second.
    fn stuck_after(&self) -> Nanos {
        let work = self.scenario.workers.iter().fold(0, |total: Nanos, worker| {
            total.saturating_add(self.scenario.costs.alone(&worker.program.totals()))
        });
        let tenth = SECOND / 10;
        work.saturating_mul(2).saturating_add(2 * SECOND).div_ceil(tenth).saturating_mul(tenth)
    }
}
