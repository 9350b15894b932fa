//! The program's top: its docstring (what it runs and how to run it), its imports, its clocks, and
//! the module-level state its workers share.

use gil_sim::program::{Instr, WorkKind};
use gil_sim::python::GilKind;
use gil_sim::scenario::WorkerKind;

use super::ProgramWriter;
use crate::groups::count_of;
use crate::python_text::{docstring_text, plural, python_string, seconds, Lines};
use crate::shared_names::{definition, Role};

impl ProgramWriter<'_> {
    pub(super) fn header(&self, out: &mut Lines) {
        self.docstring(out);
        self.imports(out);
        out.line(0, "");
        self.clocks(out);
        out.line(0, "");
        self.result_state(out);
        self.shared_state(out);
    }

    /// What the program runs, where it came from, and how to run it.
    fn docstring(&self, out: &mut Lines) {
        let python = self.python;
        if python.major == 2 {
            out.line(0, "# -*- coding: utf-8 -*-");
        }
        let mut kinds = Vec::new();
        for kind in
            [WorkerKind::Thread, WorkerKind::Process, WorkerKind::Task, WorkerKind::Interpreter]
        {
            let count = self.scenario.workers.iter().filter(|worker| worker.kind == kind).count();
            if count > 0 {
                kinds.push(count_of(kind, count));
            }
        }
        let title = docstring_text(self.scenario.title.trim());
        let title = if title.is_empty() { String::new() } else { format!(", \"{title}\"") };
        out.line(0, &format!("\"\"\"GIL Lab{title}: {} on Python {python}.", kinds.join(", ")));
        out.line(0, "");
        out.line(0, &format!("The scenario in the lab: {}", docstring_text(self.link)));
        let cores = plural(self.scenario.cores as usize, "core", "cores");
        out.line(0, &format!("Run it with python{python} on a machine with {cores}. It prints its wall time, then a line"));
        out.line(0, "starting GIL-LAB-RESULT to paste into the lab (Compare with your machine).");
        if python.gil_kind() == GilKind::None {
            out.line(0, &format!("It needs a free-threaded build (python{python}): without a GIL, threads run Python code in"));
            out.line(0, "parallel; on a regular build they take turns.");
        }
        if self.uses_work(WorkKind::NativeGil) {
            out.line(0, "native_gil is approximate: one sum() call, sized from a rate measured at start-up.");
        }
        out.line(0, "\"\"\"");
    }

    /// The modules the program uses, and no other.
    fn imports(&self, out: &mut Lines) {
        let mut imports = vec![
            "import json",
            "import multiprocessing",
            "import os",
            "import platform",
            "import sys",
            "import time",
        ];
        let wanted = [
            (self.has(WorkerKind::Task), "import asyncio"),
            (self.executor_workers().is_some(), "import concurrent.futures"),
            (self.uses_work(WorkKind::Native), "import hashlib"),
            (self.uses(|instr| matches!(*instr, Instr::Work { jitter_percent, .. } if jitter_percent > 0)), "import random"),
            (
                self.has(WorkerKind::Thread) || self.watches() || self.shared.has(Role::Lock) || self.shared.has(Role::Event),
                "import threading",
            ),
            (self.shared.has(Role::Queue), if self.python.major == 2 { "import Queue as queue" } else { "import queue" }),
            (self.may_deadlock(), "import contextlib"),
        ];
        imports.extend(wanted.into_iter().filter(|(needed, _)| *needed).map(|(_, import)| import));
        imports.sort_unstable();
        for import in imports {
            out.line(0, import);
        }
        out.line(0, "from collections import deque");
        let interpreter_sends = self
            .groups
            .iter()
            .any(|group| group.kind == WorkerKind::Interpreter && group.program.uses_send());
        let connection = match (interpreter_sends, self.sends() && self.python.at_least(3, 3)) {
            (true, _) => Some("Connection, wait"),
            (false, true) => Some("wait"),
            (false, false) => None,
        };
        if let Some(names) = connection {
            out.line(0, &format!("from multiprocessing.connection import {names}"));
        }
    }

    /// The wall clock, and the clock that work is measured in.
    fn clocks(&self, out: &mut Lines) {
        out.line(
            0,
            if self.python.at_least(3, 3) {
                "clock = time.perf_counter"
            } else {
                "clock = time.time  # time.perf_counter arrived in 3.3"
            },
        );
        if self.python.at_least(3, 7) {
            out.line(0, "# Work is measured in the CPU time of the thread doing it, so a thread waiting for the GIL or for a");
            out.line(0, "# core does not count the wait as work done.");
            out.line(0, "work_clock = time.thread_time");
        } else {
            out.line(0, "# Before 3.7 there is no clock of a thread's CPU time (time.thread_time): work is measured in wall");
            out.line(0, "# time, so a thread waiting for the GIL counts its wait as work done and finishes too early.");
            out.line(0, "work_clock = clock");
        }
        if self.uses_work(WorkKind::Native) {
            out.line(0, "BUFFER = b\"\\0\" * (64 * 1024)");
        }
    }

    /// What the result line collects while the program runs.
    fn result_state(&self, out: &mut Lines) {
        out.line(0, "# What the result line reports: the lab's fingerprint of this scenario (a line from another one is");
        out.line(0, "# refused), when each worker finished, by the simulator's names, and how late each I/O of the main");
        out.line(0, "# process's threads and tasks ran again, the last 10,000 (a deque's appends are thread-safe, and a");
        out.line(0, "# full one drops its oldest).");
        out.line(0, &format!("SCENARIO = {}", python_string(&self.fingerprint)));
        out.line(0, "finished = {}");
        out.line(0, "io_resume = deque(maxlen=10000)");
    }

    /// The scenario's variables, locks, queues and events, and how long a wait for one may last.
    fn shared_state(&self, out: &mut Lines) {
        if !self.shared.in_order.is_empty() {
            out.line(0, "");
            out.line(0, "# The scenario's variables, locks, queues and events: the threads of a process share them, and");
            out.line(0, "# each process and subinterpreter has its own.");
            for (identifier, role) in &self.shared.in_order {
                let original = self
                    .shared
                    .by_role
                    .iter()
                    .find(|(_, python)| *python == identifier)
                    .map_or("", |((_, name), _)| name);
                out.line(
                    0,
                    &format!(
                        "{identifier} = {}",
                        definition(*role, self.main_queue_bound(original))
                    ),
                );
            }
        }
        if self.may_deadlock() {
            out.line(0, "");
            out.line(0, "# A worker that waits this long for a lock, a queue or an event gives up with an error: the");
            out.line(0, "# simulator found a deadlock, or would have, and a real one would hang this program forever.");
            out.line(0, &format!("STUCK_AFTER = {}", seconds(self.stuck_after())));
        }
    }
}
