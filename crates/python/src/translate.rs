//! A worker's program translated statement by statement into Python: its function's body, and the
//! functions its `to_thread` blocks and its too deeply nested blocks move to.

use std::ops::Range;

use gil_sim::program::{HandoffOp, Instr, Program, WorkKind};
use gil_sim::time::Nanos;

use crate::function::Function;
use crate::python_text::{python_string, seconds};
use crate::shared_names::{Role, SharedNames};

/// The deepest a block of a worker's program is nested in one Python function before the rest moves
/// to a function of its own: CPython refuses more than 20 nested blocks, and an `increment` inside
/// adds one more loop.
pub(crate) const MAX_BLOCK_DEPTH: usize = 16;

/// Where a block runs, which decides how it waits for I/O.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// A thread of the main process (a thread, a `to_thread` block): its I/O is measured for the
    /// result line.
    Thread,
    /// A process or a subinterpreter, in memory of its own: what it measured would never reach the
    /// main process's result line, so its I/O is a plain `time.sleep`.
    Isolated,
    /// A task on the event loop, where waiting is an `await`.
    Task,
}

/// Writes one group's program as Python: its function, and the functions its blocks move to.
pub(crate) struct Translator<'a> {
    program: &'a Program,
    shared: &'a SharedNames,
    range: &'static str,
    function: &'a str,
    /// What a function holding part of the program needs: the channel, when it sends.
    part_parameters: &'static str,
    parts: Vec<Function>,
    /// How many functions of parts have been named, the last one's number.
    named: usize,
    /// Whether `lock` blocks take their lock through `held`, which gives up after `STUCK_AFTER`
    /// seconds: in scenarios that can deadlock.
    guard_locks: bool,
}

impl<'a> Translator<'a> {
    /// A translator of `program`, the program of the group whose function is `function`.
    pub(crate) fn new(
        program: &'a Program,
        shared: &'a SharedNames,
        range: &'static str,
        function: &'a str,
        guard_locks: bool,
    ) -> Self {
        let part_parameters = if program.uses_send() { "channel" } else { "" };
        Translator {
            program,
            shared,
            range,
            function,
            part_parameters,
            parts: Vec::new(),
            named: 0,
            guard_locks,
        }
    }

    /// The whole program written into `into`, run in `context`; the functions its blocks moved to.
    pub(crate) fn translate(mut self, context: Context, into: &mut Function) -> Vec<Function> {
        self.block(0..self.program.instrs().len(), context, 0, into);
        self.parts
    }

    fn part_name(&mut self, what: &str) -> String {
        self.named += 1;
        format!("{}_{what}_{}", self.function, self.named)
    }

    fn block(&mut self, span: Range<usize>, context: Context, depth: usize, into: &mut Function) {
        let mut pc = span.start;
        while pc < span.end {
            let Some(instr) = self.program.instrs().get(pc) else { break };
            pc = self.statement(*instr, pc, context, depth, into);
        }
    }

    /// The statement at `pc` written into `into`; where the next one is (past the end of a block).
    fn statement(
        &mut self,
        instr: Instr,
        pc: usize,
        context: Context,
        depth: usize,
        into: &mut Function,
    ) -> usize {
        match instr {
            Instr::Work { kind, duration, jitter_percent } => {
                into.body.line(depth, &work_call(kind, duration, jitter_percent, context))
            }
            Instr::Send { bytes } => {
                into.body.line(depth, &format!("channel.send(b\"\\0\" * {bytes})"))
            }
            Instr::Increment { variable, count, via_call } => {
                self.increment(self.program.name(variable), count, via_call, depth, into)
            }
            Instr::RepeatStart { count, end } => {
                let header = format!("for _ in {}({count}):", self.range);
                self.nested(header, pc + 1..end.saturating_sub(1), context, depth, into);
                return end.max(pc + 1);
            }
            Instr::LockStart { lock, end } => {
                let header = self.lock_header(self.program.name(lock));
                self.nested(header, pc + 1..end.saturating_sub(1), context, depth, into);
                return end.max(pc + 1);
            }
            Instr::ToThread { end } => {
                self.handed_to_thread(pc + 1..end, depth, into);
                return end.max(pc + 1);
            }
            Instr::Handoff { op, name } => {
                into.body.line(depth, &handoff_call(op, self.program.name(name), self.shared))
            }
            // The ends of blocks: the spans of their bodies stop before them.
            Instr::RepeatEnd { .. } | Instr::LockEnd { .. } => {}
        }
        pc + 1
    }

    /// `increment NAME COUNT [via_call]`: `NAME += 1`, in a loop when it is more than once.
    fn increment(
        &self,
        variable: &str,
        count: u32,
        via_call: bool,
        depth: usize,
        into: &mut Function,
    ) {
        let counter = self.shared.counter(variable).to_string();
        let update = if via_call {
            format!("{counter} = {counter} + one()")
        } else {
            format!("{counter} += 1")
        };
        if count == 1 {
            into.body.line(depth, &update);
        } else {
            into.body.line(depth, &format!("for _ in {}({count}):", self.range));
            into.body.line(depth + 1, &update);
        }
        into.globals.insert(counter);
    }

    /// `lock NAME { … }`'s `with` line, through `held` where waiting for the lock may never end.
    fn lock_header(&self, name: &str) -> String {
        match self.guard_locks {
            true => format!("with held({}, {}):", self.shared.lock(name), python_string(name)),
            false => format!("with {}:", self.shared.lock(name)),
        }
    }

    /// A `to_thread { … }` block: a function of its own, awaited on the event loop's pool.
    fn handed_to_thread(&mut self, body: Range<usize>, depth: usize, into: &mut Function) {
        let name = self.part_name("thread");
        let doc = format!(
            "A to_thread block of {}: it runs on a thread of the event loop's pool.",
            self.function
        );
        let mut part = Function::new(format!("def {name}():"), Some(doc));
        self.block(body, Context::Thread, 0, &mut part);
        self.parts.push(part);
        into.body.line(depth, &format!("await asyncio.to_thread({name})"));
    }

    /// A block under `header` (`for …:`, `with …:`), moved to a function of its own when it would
    /// nest deeper than Python allows.
    fn nested(
        &mut self,
        header: String,
        body: Range<usize>,
        context: Context,
        depth: usize,
        into: &mut Function,
    ) {
        if depth < MAX_BLOCK_DEPTH {
            into.body.line(depth, &header);
            self.block(body, context, depth + 1, into);
            return;
        }
        let name = self.part_name("part");
        let is_task = context == Context::Task;
        let signature =
            format!("{}def {name}({}):", if is_task { "async " } else { "" }, self.part_parameters);
        let doc = format!(
            "Part of {}, on its own because Python nests at most 20 blocks in a function.",
            self.function
        );
        let mut part = Function::new(signature, Some(doc));
        part.body.line(0, &header);
        self.block(body, context, 1, &mut part);
        self.parts.push(part);
        into.body.line(
            depth,
            &format!("{}{name}({})", if is_task { "await " } else { "" }, self.part_parameters),
        );
    }
}

/// A queue's or an event's statement: `put(jobs, "jobs")`, `ready.set()`. Those that can wait go
/// through helpers that give up after `STUCK_AFTER` seconds, so a deadlock ends the program.
pub(crate) fn handoff_call(op: HandoffOp, name: &str, shared: &SharedNames) -> String {
    let (queue, event) = (shared.python(Role::Queue, name), shared.python(Role::Event, name));
    let quoted = python_string(name);
    match op {
        HandoffOp::Put => format!("put({queue}, {quoted})"),
        HandoffOp::Get => format!("get({queue}, {quoted})"),
        HandoffOp::Set => format!("{event}.set()"),
        HandoffOp::Wait => format!("wait_for({event}, {quoted})"),
        HandoffOp::Clear => format!("{event}.clear()"),
    }
}

/// One statement of work: `cpu(0.001)`, `time.sleep(random.uniform(0.004, 0.006))`.
pub(crate) fn work_call(
    kind: WorkKind,
    duration: Nanos,
    jitter_percent: u8,
    context: Context,
) -> String {
    let spread = (duration as u128 * jitter_percent as u128 / 100) as Nanos;
    let length = if spread == 0 {
        seconds(duration)
    } else {
        format!(
            "random.uniform({}, {})",
            seconds(duration - spread),
            seconds(duration.saturating_add(spread))
        )
    };
    match (kind, context) {
        (WorkKind::Cpu, _) => format!("cpu({length})"),
        (WorkKind::Native, _) => format!("native({length})"),
        (WorkKind::NativeGil, _) => format!("native_gil({length})"),
        (WorkKind::Io, Context::Thread) => format!("io({length})"),
        (WorkKind::Io, Context::Isolated) => format!("time.sleep({length})"),
        (WorkKind::Io, Context::Task) => format!("await io_async({length})"),
    }
}
