//! The scenario's workers as the program groups them: one function per `[[workers]]` table, with
//! what its program does (its increments, its nested locks) and how to name its workers in words.

use std::collections::BTreeMap;

use gil_sim::program::{Instr, Program};
use gil_sim::python::StartMethod;
use gil_sim::scenario::{Worker, WorkerKind};

use crate::python_text::comment_text;

/// One worker of this kind, with its article, and several.
fn kind_nouns(kind: WorkerKind) -> (&'static str, &'static str) {
    match kind {
        WorkerKind::Thread => ("a thread", "threads"),
        WorkerKind::Process => ("a process", "processes"),
        WorkerKind::Task => ("an asyncio task", "asyncio tasks"),
        WorkerKind::Interpreter => ("a subinterpreter", "subinterpreters"),
    }
}

/// `count` workers of this kind: "1 thread", "3 asyncio tasks".
pub(crate) fn count_of(kind: WorkerKind, count: usize) -> String {
    let (one, many) = kind_nouns(kind);
    if count == 1 {
        format!("1 {}", one.split_once(' ').map_or(one, |(_, noun)| noun))
    } else {
        format!("{count} {many}")
    }
}

/// One `[[workers]]` table: its workers share their program.
pub(crate) struct Group<'a> {
    pub(crate) function: String,
    pub(crate) kind: WorkerKind,
    pub(crate) program: &'a Program,
    pub(crate) start_method: StartMethod,
    pub(crate) names: Vec<&'a str>,
}

impl Group<'_> {
    pub(crate) fn runs_in_main_process(&self) -> bool {
        matches!(self.kind, WorkerKind::Thread | WorkerKind::Task)
    }

    /// Whether the workers report their own variables, each in its own memory.
    pub(crate) fn reports(&self) -> bool {
        !self.runs_in_main_process() && !increments(self.program).is_empty()
    }

    /// The parameters of the group's function: the worker's name to report with, the channel to send on.
    pub(crate) fn parameters(&self) -> Vec<&'static str> {
        let mut parameters = Vec::new();
        if self.reports() {
            parameters.push("name");
        }
        if self.program.uses_send() {
            parameters.push("channel");
        }
        parameters
    }

    /// Who runs the group's function, for the comment above it.
    pub(crate) fn who(&self) -> String {
        match self.names.as_slice() {
            [name] => format!("{}, {}", comment_text(name), kind_nouns(self.kind).0),
            [first, .., last] => format!(
                "{} … {}, {}",
                comment_text(first),
                comment_text(last),
                count_of(self.kind, self.names.len())
            ),
            [] => count_of(self.kind, 0),
        }
    }
}

/// The workers, grouped as listed: consecutive workers sharing one parsed program came from one table.
pub(crate) fn groups(workers: &[Worker]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    for worker in workers {
        match groups.last_mut() {
            Some(group) if std::ptr::eq(group.program, worker.program.as_ref()) => {
                group.names.push(&worker.name)
            }
            _ => groups.push(Group {
                function: format!("work_{}", groups.len() + 1),
                kind: worker.kind,
                program: &worker.program,
                start_method: worker.start_method,
                names: vec![&worker.name],
            }),
        }
    }
    groups
}

/// How many increments a program makes of each variable, every repetition counted.
pub(crate) fn increments(program: &Program) -> BTreeMap<&str, u128> {
    let mut totals = BTreeMap::new();
    let mut repeats: Vec<u128> = Vec::new();
    for instr in program.instrs() {
        match *instr {
            Instr::RepeatStart { count, .. } => repeats.push(count as u128),
            Instr::RepeatEnd { .. } => {
                repeats.pop();
            }
            Instr::Increment { variable, count, .. } => {
                let times = repeats
                    .iter()
                    .fold(count as u128, |product, repeat| product.saturating_mul(*repeat));
                let total = totals.entry(program.name(variable)).or_insert(0u128);
                *total = total.saturating_add(times);
            }
            _ => {}
        }
    }
    totals
}

/// Whether a `lock` block sits inside another: locks taken in two orders can deadlock.
pub(crate) fn nests_locks(program: &Program) -> bool {
    let mut open = 0usize;
    program.instrs().iter().any(|instr| match instr {
        Instr::LockStart { .. } => {
            open += 1;
            open > 1
        }
        Instr::LockEnd { .. } => {
            open -= 1;
            false
        }
        _ => false,
    })
}
