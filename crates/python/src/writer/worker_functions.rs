//! One function per group of workers: the group's program translated, with what a process or a
//! subinterpreter makes afresh in its own memory, and the variables it reports.

use std::collections::BTreeSet;

use gil_sim::program::Instr;
use gil_sim::python::StartMethod;
use gil_sim::scenario::WorkerKind;

use super::ProgramWriter;
use crate::function::Function;
use crate::groups::{increments, Group};
use crate::python_text::{comment_text, python_string, Lines};
use crate::shared_names::{definition, Role};
use crate::translate::{Context, Translator};

impl ProgramWriter<'_> {
    /// The group's function, under its program's source in comments, and the functions its blocks
    /// moved to.
    pub(super) fn group_functions(&self, group: &Group, out: &mut Lines) {
        let context = match group.kind {
            WorkerKind::Thread => Context::Thread,
            WorkerKind::Task => Context::Task,
            WorkerKind::Process | WorkerKind::Interpreter => Context::Isolated,
        };
        let asynchronous = if context == Context::Task { "async " } else { "" };
        let signature =
            format!("{asynchronous}def {}({}):", group.function, group.parameters().join(", "));
        let mut function = Function::new(signature, None);
        if group.kind == WorkerKind::Process && group.start_method == StartMethod::Fork {
            self.fresh_after_fork(group, &mut function);
        }
        if !group.runs_in_main_process() {
            self.own_handoffs(group, &mut function);
        }
        let translator = Translator::new(
            group.program,
            &self.shared,
            self.range,
            &group.function,
            self.may_deadlock(),
        );
        let parts = translator.translate(context, &mut function);
        if group.reports() {
            for (name, expected) in &increments(group.program) {
                let counter = self.shared.counter(name);
                function.body.line(
                    0,
                    &format!("report(name, {}, {counter}, {expected})", python_string(name)),
                );
            }
        }
        out.line(0, &format!("# {}:", group.who()));
        for line in group.program.source().trim().lines() {
            out.line(0, &format!("#     {}", comment_text(line.trim_end())));
        }
        function.write_to(out);
        for part in &parts {
            out.gap();
            part.write_to(out);
        }
    }

    /// A forked process's variables and locks, made afresh: the child starts with a copy of the
    /// parent's memory, but the simulator's processes start from zero.
    fn fresh_after_fork(&self, group: &Group, function: &mut Function) {
        let (mut counters, mut locks) = (BTreeSet::new(), BTreeSet::new());
        for instr in group.program.instrs() {
            if let Instr::Increment { variable, .. } = *instr {
                counters.insert(self.shared.counter(group.program.name(variable)));
            } else if let Instr::LockStart { lock, .. } = *instr {
                locks.insert(self.shared.lock(group.program.name(lock)));
            }
        }
        if !(counters.is_empty() && locks.is_empty()) {
            function.body.line(0, "# A forked child starts with a copy of the parent's memory, even a lock another thread held:");
            function
                .body
                .line(0, "# this process's own variables start from zero, as the simulator's do.");
        }
        for counter in counters {
            function.body.line(0, &format!("{counter} = 0"));
            function.globals.insert(counter.to_string());
        }
        for lock in locks {
            function.body.line(0, &format!("{lock} = threading.Lock()"));
            function.globals.insert(lock.to_string());
        }
    }

    /// A process's or a subinterpreter's own queues and events, made afresh as the simulator's
    /// are: a forked child would otherwise start with the parent's, and what they held.
    fn own_handoffs(&self, group: &Group, function: &mut Function) {
        let mut made = BTreeSet::new();
        for instr in group.program.instrs() {
            for role in [Role::Queue, Role::Event] {
                let Some(name) = role.named_by(group.program, instr) else { continue };
                let python = self.shared.python(role, name);
                if made.insert(python.to_string()) {
                    let bound = group
                        .program
                        .queue_bounds()
                        .find(|(declared, _)| *declared == name)
                        .map(|(_, bound)| bound);
                    function.body.line(0, &format!("{python} = {}", definition(role, bound)));
                    function.globals.insert(python.to_string());
                }
            }
        }
    }
}
