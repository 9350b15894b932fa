//! The runnable Python program that does what a scenario simulates, for any scenario the simulator
//! accepts: the page shows it beside the timeline, so a learner can check the model on a real
//! machine.
//!
//! The program is written from the checked [`Scenario`] rather than from the spec, so the workers
//! have the simulator's names and start methods, and a scenario the simulator refuses (a program
//! that does not parse, asyncio on 2.7, …) gets a program that only says why: there is nothing
//! faithful to run.
//!
//! Each group of workers (one `[[workers]]` table) becomes one function, its statements walked from
//! the parsed [`Program`] with the source above it in comments:
//!
//! - `cpu X` is a busy loop of Python bytecode until the thread's CPU time (`time.thread_time`) has
//!   grown by X, so it holds the GIL between check points as `cpu` does, and a thread kept waiting
//!   for the GIL does not count its wait as work (before 3.7 there is no such clock, and the program
//!   says it falls back on wall time); `native X` hashes a 64 KiB buffer with `hashlib.sha256` for X
//!   of CPU time, because hashlib releases the GIL for buffers over 2 KiB;
//!   `native_gil X` is one `sum(range(n))` call, C code that runs no bytecode and so never lets go,
//!   with n sized from a rate measured at start-up (approximate, and the program says so); `io X` is
//!   `time.sleep(X)`, `await asyncio.sleep(X)` in a task, in the main process through helpers that
//!   note how late each returned. A jitter `~N%` draws the duration with `random.uniform` from the
//!   same range as the simulator.
//! - `repeat N { … }` is a `for` loop; `lock NAME { … }` is `with NAME:` on a module-level
//!   `threading.Lock`; `increment NAME N` is `NAME += 1` N times on a module-level variable, and
//!   `via_call` makes it `NAME = NAME + one()`; `put`/`get` are on a module-level `queue.Queue` (its
//!   `maxsize` the bound the main process's programs declare), `set`/`wait`/`clear` on a
//!   `threading.Event`, and a process or subinterpreter makes its own at its start. So that a
//!   deadlock ends the program instead of hanging it, `put`, `get` and `wait` give up with an error
//!   after `STUCK_AFTER` seconds (2 s more than twice the scenario's work), and where a worker may
//!   wait forever (queues, events, nested locks) `lock` blocks take their lock the same way through
//!   `held` (polling before 3.2, whose locks have no timeout). Python allows only 20 nested blocks in a function
//!   where the simulator allows 32, so a block nested deeper than `MAX_BLOCK_DEPTH` moves to a
//!   function of its own.
//! - `to_thread { … }` in a task is a function of its own, run with `await asyncio.to_thread(…)`.
//! - `send SIZE` sends SIZE zero bytes through a pipe's `Connection`, which pickles them; the main
//!   thread unpickles whatever arrives while it joins, as the simulator's does. A subinterpreter
//!   gets an OS pipe wrapped the same way, because the interpreters' own channels differ in every
//!   version.
//!
//! The main thread starts every worker in the listed order (threads with `threading.Thread`;
//! processes with `multiprocessing.get_context(start_method)` behind `if __name__ == "__main__":`;
//! subinterpreters on threads of their own, running this file as a module: `concurrent.interpreters`
//! from 3.14, the private `_interpreters` on 3.13, `_xxsubinterpreters` on 3.12), runs the tasks under
//! `asyncio.run`, receives what was sent, joins the others and prints its wall time. Variables live
//! in each process's (and subinterpreter's) own memory, so the main process prints those its
//! threads and tasks shared, and each process or subinterpreter its own, beside the expected total:
//! lost updates show.
//!
//! Last, it prints one line to paste into the lab, `GIL-LAB-RESULT ` and compact JSON: the line's
//! format, the scenario's [`scenario_fingerprint`], the Python version and implementation, whether
//! the GIL was on, the cores the program may use, then in milliseconds the wall time, each worker's
//! finish time by the simulator's name (`finish_ms`) and how late each I/O ran again
//! (`io_resume_ms`, the last 10,000). A thread or a task notes its own finish; a process or a
//! subinterpreter has memory of its own, so a thread of the main process watches for its end, and
//! its I/O goes unmeasured.
//!
//! The code runs on the version it targets, back to 2.7 (no f-strings, `xrange`,
//! the old GIL's check interval). It is plain text with no dependency beyond the standard library,
//! so it is tested natively (`tests/python_code.rs` compiles and runs it).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use gil_sim::program::{HandoffOp, Instr, Program, WorkKind};
use gil_sim::python::{GilKind, PythonVersion, StartMethod};
use gil_sim::scenario::{Worker, WorkerKind};
use gil_sim::time::{Nanos, SECOND};
use gil_sim::{Scenario, ScenarioError, ScenarioSpec};

/// The deepest a block of a worker's program is nested in one Python function before the rest moves
/// to a function of its own: CPython refuses more than 20 nested blocks, and an `increment` inside
/// adds one more loop.
const MAX_BLOCK_DEPTH: usize = 16;

/// Every name the program defines or uses besides the scenario's variables and locks, which must
/// not take them: Python's keywords (2.7 and 3.x), the built-ins and modules it uses, its helpers
/// and the local variables of the functions that read the scenario's variables.
const TAKEN_NAMES: &str = "False None True and as assert async await break case class continue def del elif else except exec \
     finally for from global if import in is lambda match nonlocal not or pass print raise return try \
     type while with yield _ float int len min range repr sum vars xrange asyncio hashlib multiprocessing \
     os random sys threading time Connection wait BUFFER SUMS_PER_SECOND clock work_clock cpu native \
     native_gil sums_per_second one report start_interpreter interpreter_source receive run_tasks main \
     name channel context joined readers reader writer read_fd write_fd start received tasks n worker \
     thread process max EOFError RuntimeError deque json platform SCENARIO finished io_resume io \
     io_async timed timed_task watch watched usable_cores print_result end contextlib queue held put get \
     wait_for STUCK_AFTER Queue";

/// What starts the line a program prints for the lab to read, after its output.
pub const RESULT_PREFIX: &str = "GIL-LAB-RESULT ";

/// The version of the result line's fields, which it names as `format`: a lab that reads another
/// says so instead of misreading it.
pub const RESULT_FORMAT: u32 = 1;

/// The helpers that write the result line, the same in every program but for the constants above.
fn result_helpers(out: &mut Lines) {
    out.text.push_str(
        "def usable_cores():
    \"\"\"The cores this program may run on: those it is pinned to (taskset), else all the machine's.\"\"\"
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # only on Linux, from 3.3
        return multiprocessing.cpu_count()


def print_result(start, end):
    \"\"\"The line to paste into the lab (Compare with your machine): this Python and machine, the wall
    time, when each worker finished and how late each I/O ran again, in milliseconds.\"\"\"
    result = {
",
    );
    out.line(2, &format!("\"format\": {RESULT_FORMAT},"));
    out.text.push_str(
        "        \"scenario\": SCENARIO,
        \"python\": platform.python_version(),
        \"implementation\": platform.python_implementation(),
        # A free-threaded build turns the GIL back on for an extension that needs it (3.13 and later).
        \"gil\": getattr(sys, \"_is_gil_enabled\", lambda: True)(),
        \"cores\": usable_cores(),
        \"wall_ms\": round((end - start) * 1000, 4),
        \"finish_ms\": dict((name, round((at - start) * 1000, 4)) for name, at in finished.items()),
        \"io_resume_ms\": [round(late * 1000, 4) for late in io_resume],
    }
",
    );
    let prefix = python_string(RESULT_PREFIX);
    out.line(1, &format!("print({prefix} + json.dumps(result, sort_keys=True, separators=(\",\", \":\")))"));
}

/// The scenario's fingerprint, which its program prints in its result line so that the lab can
/// tell a line from another scenario: the FNV-1a 64-bit hash, in hex, of the lab link
/// ([`gil_link::query::write`]) of its switch interval and workers, what the program runs. The rest
/// is left out: the title, the seed, the wake order and the simulator's costs do not change the
/// program, and the lab compares the cores and the Python version with the run's on their own, so
/// a result still matches once the lab is set to the machine and the version it ran on.
pub fn scenario_fingerprint(spec: &ScenarioSpec) -> String {
    const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let runs = ScenarioSpec { switch_interval: spec.switch_interval.clone(), workers: spec.workers.clone(), ..ScenarioSpec::default() };
    let hash = gil_link::query::write(&runs).bytes().fold(FNV_OFFSET_BASIS, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME));
    format!("{hash:016x}")
}

/// The program for `spec`, whose lab address is `link`.
pub fn python_program(spec: &ScenarioSpec, link: &str) -> String {
    match Scenario::from_spec(spec) {
        Ok(scenario) => ProgramWriter::new(&scenario, link, scenario_fingerprint(spec)).write(),
        Err(problem) => refused(spec, link, &problem),
    }
}

/// What is left of the program when the simulator refuses the scenario: the reason.
fn refused(spec: &ScenarioSpec, link: &str, problem: &ScenarioError) -> String {
    let mut out = Lines::default();
    if PythonVersion::parse(&spec.python).is_some_and(|python| python.major == 2) {
        out.line(0, "# -*- coding: utf-8 -*-");
    }
    out.line(0, "\"\"\"GIL Lab: the simulator refuses this scenario, so there is no program to run.");
    out.line(0, "");
    out.line(0, &format!("The scenario in the lab: {}", docstring_text(link)));
    out.line(0, "\"\"\"");
    out.line(0, &format!("# {}", comment_text(&problem.to_string())));
    out.line(0, &format!("raise SystemExit({})", python_string(&format!("The simulator refuses this scenario: {problem}"))));
    out.text
}

/// Seconds as Python writes them, exact to the nanosecond: `0.0005`, `2.0`.
fn seconds(nanos: Nanos) -> String {
    let whole = nanos / SECOND;
    let fraction = nanos % SECOND;
    if fraction == 0 {
        format!("{whole}.0")
    } else {
        format!("{whole}.{}", format!("{fraction:09}").trim_end_matches('0'))
    }
}

/// A Python string literal of `text`, valid in 2.7 and 3.x.
fn python_string(text: &str) -> String {
    let mut literal = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => literal.push_str("\\\\"),
            '"' => literal.push_str("\\\""),
            '\n' => literal.push_str("\\n"),
            '\r' => literal.push_str("\\r"),
            '\t' => literal.push_str("\\t"),
            c if c.is_control() => literal.push_str(&format!("\\x{:02x}", c as u32)),
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

/// `text` on one line of a `#` comment.
fn comment_text(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// `text` on one line of a `"""` docstring, which a quote or a backslash could end or change.
fn docstring_text(text: &str) -> String {
    comment_text(text).replace('\\', "\\\\").replace('"', "\\\"")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Text built line by line, each indented by four spaces per level.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, level: usize, text: &str) {
        if !text.is_empty() {
            self.text.push_str(&"    ".repeat(level));
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// The two blank lines between top-level definitions.
    fn gap(&mut self) {
        self.text.push_str("\n\n");
    }
}

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
fn count_of(kind: WorkerKind, count: usize) -> String {
    let (one, many) = kind_nouns(kind);
    if count == 1 {
        format!("1 {}", one.split_once(' ').map_or(one, |(_, noun)| noun))
    } else {
        format!("{count} {many}")
    }
}

/// One `[[workers]]` table: its workers share their program.
struct Group<'a> {
    function: String,
    kind: WorkerKind,
    program: &'a Program,
    start_method: StartMethod,
    names: Vec<&'a str>,
}

impl Group<'_> {
    fn runs_in_main_process(&self) -> bool {
        matches!(self.kind, WorkerKind::Thread | WorkerKind::Task)
    }

    /// Whether the workers report their own variables, each in its own memory.
    fn reports(&self) -> bool {
        !self.runs_in_main_process() && !increments(self.program).is_empty()
    }

    /// The parameters of the group's function: the worker's name to report with, the channel to send on.
    fn parameters(&self) -> Vec<&'static str> {
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
    fn who(&self) -> String {
        match self.names.as_slice() {
            [name] => format!("{}, {}", comment_text(name), kind_nouns(self.kind).0),
            [first, .., last] => format!("{} … {}, {}", comment_text(first), comment_text(last), count_of(self.kind, self.names.len())),
            [] => count_of(self.kind, 0),
        }
    }
}

/// The workers, grouped as listed: consecutive workers sharing one parsed program came from one table.
fn groups(workers: &[Worker]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    for worker in workers {
        match groups.last_mut() {
            Some(group) if std::ptr::eq(group.program, worker.program.as_ref()) => group.names.push(&worker.name),
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
fn increments(program: &Program) -> BTreeMap<&str, u128> {
    let mut totals = BTreeMap::new();
    let mut repeats: Vec<u128> = Vec::new();
    for instr in program.instrs() {
        match *instr {
            Instr::RepeatStart { count, .. } => repeats.push(count as u128),
            Instr::RepeatEnd { .. } => {
                repeats.pop();
            }
            Instr::Increment { variable, count, .. } => {
                let times = repeats.iter().fold(count as u128, |product, repeat| product.saturating_mul(*repeat));
                let total = totals.entry(program.name(variable)).or_insert(0u128);
                *total = total.saturating_add(times);
            }
            _ => {}
        }
    }
    totals
}

/// What a name of the scenario stands for in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Counter,
    Lock,
    Queue,
    Event,
}

impl Role {
    const ALL: [Role; 4] = [Role::Counter, Role::Lock, Role::Queue, Role::Event];

    fn suffix(self) -> &'static str {
        match self {
            Role::Counter => "counter",
            Role::Lock => "lock",
            Role::Queue => "queue",
            Role::Event => "event",
        }
    }

    /// The name an instruction gives this role, if it names one.
    fn named_by<'p>(self, program: &'p Program, instr: &Instr) -> Option<&'p str> {
        match (self, *instr) {
            (Role::Counter, Instr::Increment { variable, .. }) => Some(program.name(variable)),
            (Role::Lock, Instr::LockStart { lock, .. }) => Some(program.name(lock)),
            (Role::Queue, Instr::Handoff { op, name }) if op.on_queue() => Some(program.name(name)),
            (Role::Event, Instr::Handoff { op, name }) if !op.on_queue() => Some(program.name(name)),
            _ => None,
        }
    }
}

/// The Python names of the scenario's variables, locks, queues and events: their own names unless
/// Python or the program already uses them (then `NAME_counter`, `NAME_lock`, …), and a lock named
/// like a variable gets `_lock`.
#[derive(Default)]
struct SharedNames {
    by_role: BTreeMap<(Role, String), String>,
    /// The Python names for their definitions, with their roles: the variables, then the locks,
    /// the queues and the events, each in the order the programs first mention them.
    in_order: Vec<(String, Role)>,
}

impl SharedNames {
    fn of(groups: &[Group]) -> SharedNames {
        let mut names = SharedNames::default();
        let mut taken: BTreeSet<String> = TAKEN_NAMES.split_whitespace().map(str::to_string).collect();
        for role in Role::ALL {
            for group in groups {
                for name in group.program.instrs().iter().filter_map(|instr| role.named_by(group.program, instr)) {
                    let key = (role, name.to_string());
                    if names.by_role.contains_key(&key) {
                        continue;
                    }
                    let special = name.starts_with("work_") || (name.starts_with("__") && name.ends_with("__"));
                    let mut identifier =
                        if special || taken.contains(name) { format!("{name}_{}", role.suffix()) } else { name.to_string() };
                    while taken.contains(&identifier) {
                        identifier.push('_');
                    }
                    taken.insert(identifier.clone());
                    names.by_role.insert(key, identifier.clone());
                    names.in_order.push((identifier, role));
                }
            }
        }
        names
    }

    fn python<'s>(&'s self, role: Role, name: &'s str) -> &'s str {
        self.by_role.get(&(role, name.to_string())).map_or(name, String::as_str)
    }

    fn counter<'s>(&'s self, name: &'s str) -> &'s str {
        self.python(Role::Counter, name)
    }

    fn lock<'s>(&'s self, name: &'s str) -> &'s str {
        self.python(Role::Lock, name)
    }

    fn has(&self, role: Role) -> bool {
        self.in_order.iter().any(|(_, known)| *known == role)
    }
}

/// A Python function being written: its `global` names are known only once its body is.
struct Function {
    signature: String,
    doc: Option<String>,
    globals: BTreeSet<String>,
    body: Lines,
}

impl Function {
    fn new(signature: String, doc: Option<String>) -> Function {
        Function { signature, doc, globals: BTreeSet::new(), body: Lines::default() }
    }

    fn write_to(&self, out: &mut Lines) {
        out.line(0, &self.signature);
        if let Some(doc) = &self.doc {
            out.line(1, &format!("\"\"\"{doc}\"\"\""));
        }
        if !self.globals.is_empty() {
            out.line(1, &format!("global {}", self.globals.iter().cloned().collect::<Vec<_>>().join(", ")));
        }
        for line in self.body.text.lines() {
            out.line(1, line);
        }
    }
}

/// Where a block runs, which decides how it waits for I/O.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
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
struct Translator<'a> {
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

impl Translator<'_> {
    fn part_name(&mut self, what: &str) -> String {
        self.named += 1;
        format!("{}_{what}_{}", self.function, self.named)
    }

    fn block(&mut self, span: Range<usize>, context: Context, depth: usize, into: &mut Function) {
        let instrs = self.program.instrs();
        let mut pc = span.start;
        while pc < span.end {
            let Some(instr) = instrs.get(pc) else { break };
            pc = match *instr {
                Instr::Work { kind, duration, jitter_percent } => {
                    into.body.line(depth, &work_call(kind, duration, jitter_percent, context));
                    pc + 1
                }
                Instr::Send { bytes } => {
                    into.body.line(depth, &format!("channel.send(b\"\\0\" * {bytes})"));
                    pc + 1
                }
                Instr::Increment { variable, count, via_call } => {
                    let counter = self.shared.counter(self.program.name(variable)).to_string();
                    let update = if via_call { format!("{counter} = {counter} + one()") } else { format!("{counter} += 1") };
                    if count == 1 {
                        into.body.line(depth, &update);
                    } else {
                        into.body.line(depth, &format!("for _ in {}({count}):", self.range));
                        into.body.line(depth + 1, &update);
                    }
                    into.globals.insert(counter);
                    pc + 1
                }
                Instr::RepeatStart { count, end } => {
                    let header = format!("for _ in {}({count}):", self.range);
                    self.nested(header, pc + 1..end.saturating_sub(1), context, depth, into);
                    end.max(pc + 1)
                }
                Instr::LockStart { lock, end } => {
                    let name = self.program.name(lock);
                    let header = match self.guard_locks {
                        true => format!("with held({}, {}):", self.shared.lock(name), python_string(name)),
                        false => format!("with {}:", self.shared.lock(name)),
                    };
                    self.nested(header, pc + 1..end.saturating_sub(1), context, depth, into);
                    end.max(pc + 1)
                }
                Instr::ToThread { end } => {
                    let name = self.part_name("thread");
                    let doc = format!("A to_thread block of {}: it runs on a thread of the event loop's pool.", self.function);
                    let mut part = Function::new(format!("def {name}():"), Some(doc));
                    self.block(pc + 1..end, Context::Thread, 0, &mut part);
                    self.parts.push(part);
                    into.body.line(depth, &format!("await asyncio.to_thread({name})"));
                    end.max(pc + 1)
                }
                Instr::Handoff { op, name } => {
                    into.body.line(depth, &handoff_call(op, self.program.name(name), self.shared));
                    pc + 1
                }
                // The ends of blocks: the spans of their bodies stop before them.
                Instr::RepeatEnd { .. } | Instr::LockEnd { .. } => pc + 1,
            };
        }
    }

    /// A block under `header` (`for …:`, `with …:`), moved to a function of its own when it would
    /// nest deeper than Python allows.
    fn nested(&mut self, header: String, body: Range<usize>, context: Context, depth: usize, into: &mut Function) {
        if depth < MAX_BLOCK_DEPTH {
            into.body.line(depth, &header);
            self.block(body, context, depth + 1, into);
            return;
        }
        let name = self.part_name("part");
        let is_task = context == Context::Task;
        let signature = format!("{}def {name}({}):", if is_task { "async " } else { "" }, self.part_parameters);
        let doc = format!("Part of {}, on its own because Python nests at most 20 blocks in a function.", self.function);
        let mut part = Function::new(signature, Some(doc));
        part.body.line(0, &header);
        self.block(body, context, 1, &mut part);
        self.parts.push(part);
        into.body.line(depth, &format!("{}{name}({})", if is_task { "await " } else { "" }, self.part_parameters));
    }
}

/// Whether a `lock` block sits inside another: locks taken in two orders can deadlock.
fn nests_locks(program: &Program) -> bool {
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

/// What a module-level name starts as: `0`, `threading.Lock()`, `queue.Queue(4)`, `threading.Event()`.
fn definition(role: Role, bound: Option<u32>) -> String {
    match role {
        Role::Counter => "0".into(),
        Role::Lock => "threading.Lock()".into(),
        Role::Queue => bound.map_or("queue.Queue()".into(), |bound| format!("queue.Queue({bound})")),
        Role::Event => "threading.Event()".into(),
    }
}

/// A queue's or an event's statement: `put(jobs, "jobs")`, `ready.set()`. Those that can wait go
/// through helpers that give up after `STUCK_AFTER` seconds, so a deadlock ends the program.
fn handoff_call(op: HandoffOp, name: &str, shared: &SharedNames) -> String {
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
fn work_call(kind: WorkKind, duration: Nanos, jitter_percent: u8, context: Context) -> String {
    let spread = (duration as u128 * jitter_percent as u128 / 100) as Nanos;
    let length = if spread == 0 {
        seconds(duration)
    } else {
        format!("random.uniform({}, {})", seconds(duration - spread), seconds(duration.saturating_add(spread)))
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

/// The names of a group's workers as a Python list: `["T%d" % n for n in range(1, 5)]` when they
/// are numbered in a row, as the simulator numbers them, else each one.
fn names_list(names: &[&str]) -> String {
    let numbered = names.first().and_then(|first| {
        let prefix = first.trim_end_matches(|c: char| c.is_ascii_digit());
        let start: u64 = first[prefix.len()..].parse().ok()?;
        let in_a_row = names.iter().zip(start..).all(|(name, number)| *name == format!("{prefix}{number}"));
        (in_a_row && !first[prefix.len()..].starts_with('0')).then_some((prefix, start))
    });
    match numbered {
        Some((prefix, start)) => {
            let format = python_string(&format!("{}%d", prefix.replace('%', "%%")));
            format!("[{format} % n for n in range({start}, {})]", start + names.len() as u64)
        }
        None => format!("[{}]", names.iter().map(|name| python_string(name)).collect::<Vec<_>>().join(", ")),
    }
}

/// A Python tuple of these expressions.
fn tuple(items: &[&str]) -> String {
    match items {
        [] => "()".into(),
        [one] => format!("({one},)"),
        _ => format!("({})", items.join(", ")),
    }
}

struct ProgramWriter<'a> {
    scenario: &'a Scenario,
    link: &'a str,
    /// [`scenario_fingerprint`], which the result line names.
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
        (uses_pool && self.scenario.executor_workers != default).then_some(self.scenario.executor_workers)
    }

    fn new(scenario: &'a Scenario, link: &'a str, fingerprint: String) -> ProgramWriter<'a> {
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
        threads.flat_map(|group| group.program.queue_bounds()).find(|(declared, _)| *declared == name).map(|(_, bound)| bound)
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
                    Instr::Work { kind: WorkKind::Io, .. } if group.kind == WorkerKind::Task && pc >= to_thread_end => in_tasks = true,
                    Instr::Work { kind: WorkKind::Io, .. } => on_threads = true,
                    _ => {}
                }
            }
        }
        (on_threads, in_tasks)
    }

    fn write(&self) -> String {
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

    fn header(&self, out: &mut Lines) {
        let python = self.python;
        if python.major == 2 {
            out.line(0, "# -*- coding: utf-8 -*-");
        }
        let mut kinds = Vec::new();
        for kind in [WorkerKind::Thread, WorkerKind::Process, WorkerKind::Task, WorkerKind::Interpreter] {
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
        let mut imports = vec!["import json", "import multiprocessing", "import os", "import platform", "import sys", "import time"];
        if self.has(WorkerKind::Task) {
            imports.push("import asyncio");
        }
        if self.executor_workers().is_some() {
            imports.push("import concurrent.futures");
        }
        if self.uses_work(WorkKind::Native) {
            imports.push("import hashlib");
        }
        if self.uses(|instr| matches!(*instr, Instr::Work { jitter_percent, .. } if jitter_percent > 0)) {
            imports.push("import random");
        }
        if self.has(WorkerKind::Thread) || self.watches() || self.shared.has(Role::Lock) || self.shared.has(Role::Event) {
            imports.push("import threading");
        }
        if self.shared.has(Role::Queue) {
            imports.push(if python.major == 2 { "import Queue as queue" } else { "import queue" });
        }
        if self.may_deadlock() {
            imports.push("import contextlib");
        }
        imports.sort_unstable();
        for import in imports {
            out.line(0, import);
        }
        out.line(0, "from collections import deque");
        let interpreter_sends = self.groups.iter().any(|group| group.kind == WorkerKind::Interpreter && group.program.uses_send());
        let connection = match (interpreter_sends, self.sends() && python.at_least(3, 3)) {
            (true, _) => Some("Connection, wait"),
            (false, true) => Some("wait"),
            (false, false) => None,
        };
        if let Some(names) = connection {
            out.line(0, &format!("from multiprocessing.connection import {names}"));
        }
        out.line(0, "");
        out.line(
            0,
            if python.at_least(3, 3) { "clock = time.perf_counter" } else { "clock = time.time  # time.perf_counter arrived in 3.3" },
        );
        if python.at_least(3, 7) {
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
        out.line(0, "");
        out.line(0, "# What the result line reports: the lab's fingerprint of this scenario (a line from another one is");
        out.line(0, "# refused), when each worker finished, by the simulator's names, and how late each I/O of the main");
        out.line(0, "# process's threads and tasks ran again, the last 10,000 (a deque's appends are thread-safe, and a");
        out.line(0, "# full one drops its oldest).");
        out.line(0, &format!("SCENARIO = {}", python_string(&self.fingerprint)));
        out.line(0, "finished = {}");
        out.line(0, "io_resume = deque(maxlen=10000)");
        if !self.shared.in_order.is_empty() {
            out.line(0, "");
            out.line(0, "# The scenario's variables, locks, queues and events: the threads of a process share them, and");
            out.line(0, "# each process and subinterpreter has its own.");
            for (identifier, role) in &self.shared.in_order {
                let original = self.shared.by_role.iter().find(|(_, python)| *python == identifier).map_or("", |((_, name), _)| name);
                out.line(0, &format!("{identifier} = {}", definition(*role, self.main_queue_bound(original))));
            }
        }
        if self.may_deadlock() {
            out.line(0, "");
            out.line(0, "# A worker that waits this long for a lock, a queue or an event gives up with an error: the");
            out.line(0, "# simulator found a deadlock, or would have, and a real one would hang this program forever.");
            out.line(0, &format!("STUCK_AFTER = {}", seconds(self.stuck_after())));
        }
    }

    fn helpers(&self, out: &mut Lines) {
        let range = self.range;
        out.gap();
        out.text.push_str(
            "def cpu(seconds):
    \"\"\"Python bytecode for `seconds` of work: it holds the GIL, with check points between bytecodes.\"\"\"
    deadline = work_clock() + seconds
    spins = 0
    while work_clock() < deadline:
        spins += 1
    return spins
",
        );
        if self.uses_work(WorkKind::Native) {
            out.gap();
            out.text.push_str(
                "def native(seconds):
    \"\"\"C code that releases the GIL, for `seconds` of work: hashlib lets go of it for buffers over 2 KiB.\"\"\"
    deadline = work_clock() + seconds
    while work_clock() < deadline:
        hashlib.sha256(BUFFER).digest()
",
            );
        }
        if self.uses_work(WorkKind::NativeGil) {
            out.gap();
            out.text.push_str(&format!(
                "def sums_per_second():
    \"\"\"How many numbers one sum() call adds up per second here: the best of three tries.\"\"\"
    best = float(\"inf\")
    for _ in {range}(3):
        began = clock()
        sum({range}(100000))
        best = min(best, clock() - began)
    return 100000 / max(best, 1e-9)


SUMS_PER_SECOND = sums_per_second()


def native_gil(seconds):
    \"\"\"C code that keeps the GIL for about `seconds`: one sum() call runs no bytecode, so no other
    thread of this interpreter runs Python until it returns. Approximate: its length comes from
    SUMS_PER_SECOND, measured once at start-up.\"\"\"
    sum({range}(int(SUMS_PER_SECOND * seconds)))
"
            ));
        }
        let (io_on_threads, io_in_tasks) = self.measured_io();
        if io_on_threads {
            out.gap();
            out.text.push_str(
                "def io(seconds):
    \"\"\"I/O on a thread: time.sleep, then how late the thread ran again (the OS waking it, then the
    wait for the GIL). Never below zero: a coarse clock can read a sleep as shorter than asked.\"\"\"
    began = clock()
    time.sleep(seconds)
    io_resume.append(max(0.0, clock() - began - seconds))
",
            );
        }
        if io_in_tasks {
            out.gap();
            out.text.push_str(
                "async def io_async(seconds):
    \"\"\"I/O in a task: asyncio.sleep, then how late the task ran again (the wait for the event loop).\"\"\"
    began = clock()
    await asyncio.sleep(seconds)
    io_resume.append(max(0.0, clock() - began - seconds))
",
            );
        }
        if self.uses(|instr| matches!(*instr, Instr::Increment { via_call: true, .. })) {
            out.gap();
            out.text.push_str(
                "def one():
    \"\"\"A call between the read and the write of `counter = counter + one()`: a check point where the
    GIL can change hands in the middle of the update.\"\"\"
    return 1
",
            );
        }
        self.handoff_helpers(out);
        if self.shared.has(Role::Counter) {
            out.gap();
            out.text.push_str(
                "def report(owner, name, value, expected):
    \"\"\"A variable at the end, beside the increments made: the difference is the updates lost.\"\"\"
    print(\"%s: %s = %d, expected %d (%d updates lost)\" % (owner, name, value, expected, expected - value))
",
            );
        }
    }

    /// How long a worker may wait for a lock, a queue or an event before the program calls it a
    /// deadlock: 2 s more than twice all the scenario's work done one piece after another, rounded
    /// up to a tenth of a second.
    fn stuck_after(&self) -> Nanos {
        let work = self
            .scenario
            .workers
            .iter()
            .fold(0, |total: Nanos, worker| total.saturating_add(self.scenario.costs.alone(&worker.program.totals())));
        let tenth = SECOND / 10;
        work.saturating_mul(2).saturating_add(2 * SECOND).div_ceil(tenth).saturating_mul(tenth)
    }

    /// `held`, `put`, `get` and `wait_for`: the waits that give up after `STUCK_AFTER` seconds.
    fn handoff_helpers(&self, out: &mut Lines) {
        if self.may_deadlock() && self.shared.has(Role::Lock) {
            let acquire = if self.python.at_least(3, 2) {
                "    if not lock.acquire(True, STUCK_AFTER):
        raise RuntimeError(\"waited %s s for lock %s: a deadlock\" % (STUCK_AFTER, name))
"
            } else {
                "    deadline = clock() + STUCK_AFTER
    while not lock.acquire(False):  # no timeout before 3.2: poll
        if clock() > deadline:
            raise RuntimeError(\"waited %s s for lock %s: a deadlock\" % (STUCK_AFTER, name))
        time.sleep(0.0005)
"
            };
            out.gap();
            out.text.push_str(&format!(
                "@contextlib.contextmanager
def held(lock, name):
    \"\"\"`with lock:`, but waiting STUCK_AFTER seconds for it is a deadlock: an error, not a hang.\"\"\"
{acquire}    try:
        yield
    finally:
        lock.release()
"
            ));
        }
        if self.shared.has(Role::Queue) {
            out.gap();
            out.text.push_str(
                "def put(q, name):
    \"\"\"q.put(): waits while the queue is full, releasing the GIL; STUCK_AFTER seconds of it is a deadlock.\"\"\"
    try:
        q.put(None, True, STUCK_AFTER)
    except queue.Full:
        raise RuntimeError(\"waited %s s to put into queue %s, which stayed full: a deadlock\" % (STUCK_AFTER, name))


def get(q, name):
    \"\"\"q.get(): waits while the queue is empty, releasing the GIL; STUCK_AFTER seconds of it is a deadlock.\"\"\"
    try:
        return q.get(True, STUCK_AFTER)
    except queue.Empty:
        raise RuntimeError(\"waited %s s to get from queue %s, which stayed empty: a deadlock\" % (STUCK_AFTER, name))
",
            );
        }
        if self.uses(|instr| matches!(*instr, Instr::Handoff { op: HandoffOp::Wait, .. })) {
            out.gap();
            out.text.push_str(
                "def wait_for(event, name):
    \"\"\"event.wait(): waits until it is set, releasing the GIL; STUCK_AFTER seconds of it is a deadlock.\"\"\"
    if not event.wait(STUCK_AFTER):
        raise RuntimeError(\"waited %s s for event %s, which was never set: a deadlock\" % (STUCK_AFTER, name))
",
            );
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
                    let bound = group.program.queue_bounds().find(|(declared, _)| *declared == name).map(|(_, bound)| bound);
                    function.body.line(0, &format!("{python} = {}", definition(role, bound)));
                    function.globals.insert(python.to_string());
                }
            }
        }
    }

    fn group_functions(&self, group: &Group, out: &mut Lines) {
        let context = match group.kind {
            WorkerKind::Thread => Context::Thread,
            WorkerKind::Task => Context::Task,
            WorkerKind::Process | WorkerKind::Interpreter => Context::Isolated,
        };
        let parameters = group.parameters();
        let is_task = context == Context::Task;
        let signature = format!("{}def {}({}):", if is_task { "async " } else { "" }, group.function, parameters.join(", "));
        let mut function = Function::new(signature, None);
        let counts = increments(group.program);
        if group.kind == WorkerKind::Process && group.start_method == StartMethod::Fork {
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
                function.body.line(0, "# this process's own variables start from zero, as the simulator's do.");
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
        if !group.runs_in_main_process() {
            self.own_handoffs(group, &mut function);
        }
        let mut translator = Translator {
            program: group.program,
            shared: &self.shared,
            range: self.range,
            function: &group.function,
            part_parameters: if group.program.uses_send() { "channel" } else { "" },
            parts: Vec::new(),
            named: 0,
            guard_locks: self.may_deadlock(),
        };
        translator.block(0..group.program.instrs().len(), context, 0, &mut function);
        if group.reports() {
            for (name, expected) in &counts {
                let counter = self.shared.counter(name);
                function.body.line(0, &format!("report(name, {}, {counter}, {expected})", python_string(name)));
            }
        }
        out.line(0, &format!("# {}:", group.who()));
        for line in group.program.source().trim().lines() {
            out.line(0, &format!("#     {}", comment_text(line.trim_end())));
        }
        function.write_to(out);
        for part in &translator.parts {
            out.gap();
            part.write_to(out);
        }
    }

    /// The helpers that time the workers' finishes, start subinterpreters and tasks, and receive what
    /// workers send.
    fn launchers(&self, out: &mut Lines) {
        if self.has(WorkerKind::Thread) {
            out.gap();
            out.text.push_str(
                "def timed(name, work):
    \"\"\"A thread's work, then when it finished, under the simulator's name for the worker.\"\"\"
    work()
    finished[name] = clock()
",
            );
        }
        if self.has(WorkerKind::Task) {
            out.gap();
            out.text.push_str(
                "async def timed_task(name, work):
    \"\"\"A task's coroutine, then when it finished, under the simulator's name for the worker.\"\"\"
    await work
    finished[name] = clock()
",
            );
        }
        if self.watches() {
            out.gap();
            out.text.push_str(
                "def watch(name, worker):
    \"\"\"A thread that waits for `worker` (a process, or a subinterpreter's thread) and notes when it
    ended: the worker's memory is its own, so its end (a process's exit) is what this one can see.\"\"\"
    def wait_for_end():
        worker.join()
        finished[name] = clock()

    watcher = threading.Thread(target=wait_for_end)
    watcher.start()
    return watcher
",
            );
        }
        if self.has(WorkerKind::Interpreter) {
            out.gap();
            self.interpreter_launcher(out);
        }
        if self.sends() {
            out.gap();
            out.text.push_str(
                "def receive(readers):
    \"\"\"Unpickles what the workers send until each has finished: the main thread's share of `send`.\"\"\"
    received = 0
",
            );
            if self.python.at_least(3, 3) {
                out.text.push_str(
                    "    while readers:
        for reader in wait(readers):
            try:
                received += len(reader.recv())
            except EOFError:
                readers.remove(reader)
    return received
",
                );
            } else {
                out.text.push_str(
                    "    for reader in readers:  # one after another: multiprocessing.connection.wait arrived in 3.3
        while True:
            try:
                received += len(reader.recv())
            except EOFError:
                break
    return received
",
                );
            }
        }
        if self.has(WorkerKind::Task) {
            out.gap();
            out.line(0, "async def run_tasks():");
            out.line(1, "\"\"\"Every task, created in the order listed, run by the event loop until all are done.\"\"\"");
            if let Some(workers) = self.executor_workers() {
                out.line(1, "# the scenario's executor_workers: to_thread's pool, instead of min(32, cores + 4)");
                out.line(
                    1,
                    &format!(
                        "asyncio.get_running_loop().set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers={workers}))"
                    ),
                );
            }
            out.line(1, "tasks = []");
            for group in self.groups.iter().filter(|group| group.kind == WorkerKind::Task) {
                let create = |name: &str| {
                    let coroutine = format!("timed_task({name}, {}())", group.function);
                    if self.python.at_least(3, 8) {
                        format!("tasks.append(asyncio.create_task({coroutine}, name={name}))")
                    } else {
                        format!("tasks.append(asyncio.ensure_future({coroutine}))  # the task unnamed: task names arrived in 3.8")
                    }
                };
                match group.names.as_slice() {
                    [name] => out.line(1, &create(&python_string(name))),
                    names => {
                        out.line(1, &format!("for name in {}:", names_list(names)));
                        out.line(2, &create("name"));
                    }
                }
            }
            out.line(1, "await asyncio.gather(*tasks)");
        }
    }

    fn interpreter_launcher(&self, out: &mut Lines) {
        out.text.push_str(
            "def interpreter_source(statement):
    \"\"\"What a subinterpreter runs: this file as a module (so not its main()), then `statement` there.\"\"\"
    return (
        \"import importlib.util\\n\"
        \"spec = importlib.util.spec_from_file_location('gil_lab_worker', %r)\\n\"
        \"module = importlib.util.module_from_spec(spec)\\n\"
        \"spec.loader.exec_module(module)\\n\"
        \"exec(%r, vars(module))\\n\" % (os.path.abspath(__file__), statement)
    )


def start_interpreter(statement):
    \"\"\"A subinterpreter with its own GIL (PEP 684), running `statement` on a thread of its own.\"\"\"
",
        );
        if self.python.at_least(3, 14) {
            out.text.push_str(
                "    from concurrent import interpreters

    interpreter = interpreters.create()
    thread = threading.Thread(target=interpreter.exec, args=(interpreter_source(statement),))
",
            );
        } else if self.python.at_least(3, 13) {
            out.text.push_str(
                "    import _interpreters  # private in 3.13: the public API arrived in 3.14

    interpreter = _interpreters.create()
    source = interpreter_source(statement)

    def run():
        failure = _interpreters.exec(interpreter, source)
        if failure is not None:  # 3.13 returns the exception instead of raising it
            raise RuntimeError(failure.formatted)

    thread = threading.Thread(target=run)
",
            );
        } else {
            out.text.push_str(
                "    import _xxsubinterpreters as _interpreters  # private in 3.12

    interpreter = _interpreters.create(isolated=True)
    thread = threading.Thread(target=_interpreters.run_string, args=(interpreter, interpreter_source(statement)))
",
            );
        }
        out.text.push_str("    thread.start()\n    return thread\n");
    }

    fn main(&self, out: &mut Lines) {
        out.line(0, "def main():");
        if self.python.at_least(3, 2) {
            out.line(1, &format!("sys.setswitchinterval({})", seconds(self.scenario.switch_interval)));
        } else {
            out.line(1, "sys.setcheckinterval(100)  # the old GIL: a switch every 100 ticks");
        }
        out.line(1, "start = clock()");
        let joins = self.groups.iter().any(|group| group.kind != WorkerKind::Task);
        if joins {
            out.line(1, "joined = []");
        }
        if self.watches() {
            out.line(1, "watched = []");
        }
        if self.sends() {
            out.line(1, "readers = []");
        }
        for group in &self.groups {
            self.launch(group, out);
        }
        if self.watches() {
            if self.has(WorkerKind::Process) {
                out.line(1, "# The watchers start after the processes: forking while other threads run can deadlock the child.");
            }
            out.line(1, "for name, worker in watched:");
            out.line(2, "joined.append(watch(name, worker))");
        }
        if self.has(WorkerKind::Task) {
            if self.python.at_least(3, 7) {
                out.line(1, "asyncio.run(run_tasks())");
            } else {
                out.line(1, "asyncio.get_event_loop().run_until_complete(run_tasks())");
            }
        }
        if self.sends() {
            out.line(1, "received = receive(readers)");
        }
        if joins {
            out.line(1, "for worker in joined:");
            out.line(2, "worker.join()");
        }
        out.line(1, "end = clock()");
        out.line(1, "print(\"wall time: %.3f s\" % (end - start))");
        if self.sends() {
            out.line(1, "print(\"received %d bytes\" % received)");
        }
        let mut shared: BTreeMap<&str, u128> = BTreeMap::new();
        for group in self.groups.iter().filter(|group| group.runs_in_main_process()) {
            for (name, count) in increments(group.program) {
                let total = shared.entry(name).or_insert(0);
                *total = total.saturating_add(count.saturating_mul(group.names.len() as u128));
            }
        }
        for (name, expected) in shared {
            out.line(1, &format!("report(\"main process\", {}, {}, {expected})", python_string(name), self.shared.counter(name)));
        }
        out.line(1, "print_result(start, end)");
    }

    /// The main thread's lines that start one group's workers, in a loop when there are several.
    fn launch(&self, group: &Group, out: &mut Lines) {
        let sends = group.program.uses_send();
        let mut lines = Vec::new();
        let name = if group.names.len() == 1 { python_string(group.names[0]) } else { "name".to_string() };
        match group.kind {
            WorkerKind::Task => return,
            WorkerKind::Thread => {
                lines.push(format!("thread = threading.Thread(target=timed, name={name}, args=({name}, {}))", group.function));
                lines.push("thread.start()".to_string());
                lines.push("joined.append(thread)".to_string());
            }
            WorkerKind::Process => {
                let context = if self.python.at_least(3, 4) {
                    format!("multiprocessing.get_context({})", python_string(group.start_method.name()))
                } else {
                    "multiprocessing  # fork: get_context() and the other start methods arrived in 3.4".to_string()
                };
                out.line(1, &format!("context = {context}"));
                let mut arguments = Vec::new();
                if group.reports() {
                    arguments.push(name.as_str());
                }
                if sends {
                    lines.push("reader, writer = context.Pipe(False)".to_string());
                    arguments.push("writer");
                }
                lines.push(format!("process = context.Process(target={}, name={name}, args={})", group.function, tuple(&arguments)));
                lines.push("process.start()".to_string());
                if sends {
                    lines.push("writer.close()  # the child's copy is left: when it exits, the reader reaches the end".to_string());
                    lines.push("readers.append(reader)".to_string());
                }
                lines.push(format!("watched.append(({name}, process))"));
            }
            WorkerKind::Interpreter => {
                let statement = if sends {
                    lines.push("read_fd, write_fd = os.pipe()".to_string());
                    lines.push("readers.append(Connection(read_fd, writable=False))".to_string());
                    let arguments = if group.reports() { "%r, channel" } else { "channel" };
                    let values = if group.reports() { format!("(write_fd, {name})") } else { "write_fd".to_string() };
                    format!("\"with Connection(%d, readable=False) as channel:\\n    {}({arguments})\" % {values}", group.function)
                } else if group.reports() {
                    format!("\"{}(%r)\" % ({name},)", group.function)
                } else {
                    format!("\"{}()\"", group.function)
                };
                lines.push(format!("watched.append(({name}, start_interpreter({statement})))"));
            }
        }
        if group.names.len() == 1 {
            for line in &lines {
                out.line(1, line);
            }
        } else {
            out.line(1, &format!("for name in {}:", names_list(&group.names)));
            for line in &lines {
                out.line(2, line);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::spec::WorkerSpec;
    use gil_sim::time::{MICROSECOND, MILLISECOND};

    fn scenario(python: &str, workers: &[(&str, u32, &str)]) -> ScenarioSpec {
        ScenarioSpec {
            python: python.into(),
            cores: 2,
            wake_order: "fifo".into(),
            workers: workers
                .iter()
                .map(|(kind, count, program)| WorkerSpec {
                    kind: kind.to_string(),
                    name: None,
                    count: *count,
                    program: program.to_string(),
                    start_method: None,
                })
                .collect(),
            ..ScenarioSpec::default()
        }
    }

    fn program_of(python: &str, workers: &[(&str, u32, &str)]) -> String {
        python_program(&scenario(python, workers), "#/lab?t=1")
    }

    /// The lines of the function `def NAME(…)` or `async def NAME(…)`, up to the blank line after it.
    fn function<'a>(code: &'a str, name: &str) -> Vec<&'a str> {
        let mut lines = code.lines().skip_while(|line| !line.contains(&format!("def {name}("))).take_while(|line| !line.is_empty());
        let signature = lines.next().unwrap_or_else(|| panic!("no function {name} in:\n{code}"));
        std::iter::once(signature).chain(lines).collect()
    }

    #[test]
    fn seconds_are_exact() {
        assert_eq!(seconds(500 * MICROSECOND), "0.0005");
        assert_eq!(seconds(2 * SECOND), "2.0");
        assert_eq!(seconds(1), "0.000000001");
        assert_eq!(seconds(1_250 * MILLISECOND), "1.25");
    }

    #[test]
    fn repeat_is_a_for_loop_around_its_statements() {
        let code = program_of("3.12", &[("thread", 1, "repeat 3 { cpu 1ms; io 2ms }")]);
        assert_eq!(function(&code, "work_1"), ["def work_1():", "    for _ in range(3):", "        cpu(0.001)", "        io(0.002)"]);
        assert!(code.contains("# T1, a thread:\n#     repeat 3 { cpu 1ms; io 2ms }\ndef work_1():"), "{code}");
        assert!(
            code.contains("    thread = threading.Thread(target=timed, name=\"T1\", args=(\"T1\", work_1))\n    thread.start()\n"),
            "{code}"
        );
    }

    #[test]
    fn increments_are_updates_of_a_module_variable_reported_by_the_main_process() {
        let code = program_of("3.12", &[("thread", 2, "increment c 10 via_call"), ("thread", 1, "increment c 5; increment d 1")]);
        assert_eq!(function(&code, "work_1"), ["def work_1():", "    global c", "    for _ in range(10):", "        c = c + one()"]);
        assert_eq!(
            function(&code, "work_2"),
            ["def work_2():", "    global c, d", "    for _ in range(5):", "        c += 1", "    d += 1"]
        );
        assert!(code.contains("\nc = 0\nd = 0\n"), "{code}");
        assert!(code.contains("def one():"), "{code}");
        assert!(code.contains("    report(\"main process\", \"c\", c, 25)\n    report(\"main process\", \"d\", d, 1)\n"), "{code}");
    }

    #[test]
    fn a_lock_block_is_with_and_a_process_reports_its_own_variables() {
        let code = program_of("3.13", &[("process", 2, "lock l { increment c 5 }")]);
        assert_eq!(
            function(&code, "work_1"),
            [
                "def work_1(name):",
                "    global c, l",
                "    # A forked child starts with a copy of the parent's memory, even a lock another thread held:",
                "    # this process's own variables start from zero, as the simulator's do.",
                "    c = 0",
                "    l = threading.Lock()",
                "    with l:",
                "        for _ in range(5):",
                "            c += 1",
                "    report(name, \"c\", c, 5)",
            ]
        );
        assert!(code.contains("\nc = 0\nl = threading.Lock()\n"), "{code}");
        assert!(code.contains("    context = multiprocessing.get_context(\"fork\")\n    for name in [\"P%d\" % n for n in range(1, 3)]:\n        process = context.Process(target=work_1, name=name, args=(name,))\n"), "{code}");
        assert!(!code.contains("report(\"main process\""), "a process's variables are its own:\n{code}");
    }

    #[test]
    fn an_executor_size_of_its_own_becomes_the_loops_default_executor() {
        let mut spec = scenario("3.12", &[("task", 16, "to_thread { io 20ms }")]);
        let default = python_program(&spec, "#/lab");
        assert!(!default.contains("set_default_executor"), "Python's default needs no line:\n{default}");
        spec.executor_workers = Some(16);
        let own = python_program(&spec, "#/lab");
        assert!(own.contains("import concurrent.futures\n"), "{own}");
        assert!(
            own.contains("    asyncio.get_running_loop().set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=16))\n"),
            "{own}"
        );
    }

    #[test]
    fn a_task_awaits_its_waits_and_hands_to_thread_blocks_to_the_pool() {
        let code = program_of("3.12", &[("task", 3, "io 5ms~20%; to_thread { native 2ms; io 1ms }; native_gil 1ms")]);
        assert_eq!(
            function(&code, "work_1"),
            [
                "async def work_1():",
                "    await io_async(random.uniform(0.004, 0.006))",
                "    await asyncio.to_thread(work_1_thread_1)",
                "    native_gil(0.001)",
            ]
        );
        assert_eq!(
            function(&code, "work_1_thread_1"),
            [
                "def work_1_thread_1():",
                "    \"\"\"A to_thread block of work_1: it runs on a thread of the event loop's pool.\"\"\"",
                "    native(0.002)",
                "    io(0.001)",
            ]
        );
        assert!(
            code.contains(
                "    for name in [\"task%d\" % n for n in range(1, 4)]:\n        tasks.append(asyncio.create_task(timed_task(name, work_1()), name=name))\n"
            ),
            "{code}"
        );
        assert!(code.contains("    asyncio.run(run_tasks())\n"), "{code}");
    }

    #[test]
    fn send_goes_through_a_pipe_and_the_main_thread_receives_it() {
        let code = program_of("3.14", &[("process", 1, "cpu 1ms; send 2KB"), ("interpreter", 1, "send 1KB")]);
        assert_eq!(function(&code, "work_1"), ["def work_1(channel):", "    cpu(0.001)", "    channel.send(b\"\\0\" * 2000)"]);
        assert!(
            code.contains("    context = multiprocessing.get_context(\"forkserver\")\n    reader, writer = context.Pipe(False)\n"),
            "{code}"
        );
        assert!(code.contains("    read_fd, write_fd = os.pipe()\n    readers.append(Connection(read_fd, writable=False))\n"), "{code}");
        assert!(
            code.contains("start_interpreter(\"with Connection(%d, readable=False) as channel:\\n    work_2(channel)\" % write_fd)"),
            "{code}"
        );
        assert!(code.contains("from concurrent import interpreters"), "{code}");
        assert!(code.contains("    received = receive(readers)\n"), "{code}");
    }

    #[test]
    fn python_3_15_starts_as_3_14_does() {
        let code = program_of("3.15", &[("process", 1, "cpu 1ms"), ("interpreter", 1, "cpu 1ms")]);
        assert!(code.contains("Run it with python3.15 on a machine"), "{code}");
        assert!(code.contains("multiprocessing.get_context(\"forkserver\")"), "{code}");
        assert!(code.contains("from concurrent import interpreters"), "{code}");
        let free = program_of("3.15t", &[("thread", 4, "cpu 1ms")]);
        assert!(free.contains("It needs a free-threaded build (python3.15t)"), "{free}");
        assert!(free.contains("getattr(sys, \"_is_gil_enabled\", lambda: True)()"), "{free}");
    }

    #[test]
    fn the_main_process_times_its_workers_and_its_io_and_watches_the_others() {
        let code =
            program_of("3.12", &[("process", 2, "io 1ms"), ("interpreter", 1, "io 1ms"), ("task", 1, "io 1ms; to_thread { io 2ms }")]);
        assert_eq!(function(&code, "work_1"), ["def work_1():", "    time.sleep(0.001)"], "a process's I/O is its own");
        assert_eq!(function(&code, "work_2"), ["def work_2():", "    time.sleep(0.001)"], "a subinterpreter's I/O is its own");
        assert!(code.contains("        watched.append((name, process))\n"), "{code}");
        assert!(code.contains("    watched.append((\"I1\", start_interpreter(\"work_2()\")))\n"), "{code}");
        assert!(code.contains("    for name, worker in watched:\n        joined.append(watch(name, worker))\n"), "{code}");
        assert!(code.contains("    await io_async(0.001)\n    await asyncio.to_thread(work_3_thread_1)\n"), "{code}");
        assert!(code.contains("def io(seconds):") && code.contains("async def io_async(seconds):"), "{code}");
        assert!(!code.contains("def timed(name, work):"), "no thread to time:\n{code}");
        let threads = program_of("3.12", &[("thread", 1, "cpu 1ms")]);
        assert!(!threads.contains("def io(") && !threads.contains("def watch("), "{threads}");
    }

    #[test]
    fn the_program_ends_with_the_result_line_naming_its_scenario() {
        let spec = scenario("3.12", &[("thread", 2, "cpu 1ms")]);
        let code = python_program(&spec, "#/lab?t=1");
        assert!(code.contains(&format!("\nSCENARIO = \"{}\"\n", scenario_fingerprint(&spec))), "{code}");
        assert!(code.contains("        \"format\": 1,\n"), "{code}");
        assert!(
            code.contains("    print(\"GIL-LAB-RESULT \" + json.dumps(result, sort_keys=True, separators=(\",\", \":\")))\n"),
            "{code}"
        );
        assert!(code.ends_with("    print_result(start, end)\n\n\nif __name__ == \"__main__\":\n    main()\n"), "{code}");
    }

    #[test]
    fn the_fingerprint_follows_what_the_program_runs() {
        let spec = scenario("3.12", &[("thread", 2, "cpu 1ms")]);
        let fingerprint = scenario_fingerprint(&spec);
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()), "{fingerprint}");
        let elsewhere =
            ScenarioSpec { title: "Mine".into(), python: "3.11".into(), cores: 8, seed: 3, wake_order: "random".into(), ..spec.clone() };
        assert_eq!(scenario_fingerprint(&elsewhere), fingerprint, "the same program on another machine or Python");
        let interval = ScenarioSpec { switch_interval: "1ms".into(), ..spec.clone() };
        assert_ne!(scenario_fingerprint(&interval), fingerprint);
        assert_ne!(scenario_fingerprint(&scenario("3.12", &[("thread", 3, "cpu 1ms")])), fingerprint);
        assert_ne!(scenario_fingerprint(&scenario("3.12", &[("thread", 2, "cpu 2ms")])), fingerprint);
    }

    #[test]
    fn blocks_nested_deeper_than_python_allows_move_to_functions_of_their_own() {
        let depth = 32;
        let source = format!("{}cpu 1us{}", "repeat 2 { ".repeat(depth), " }".repeat(depth));
        let code = program_of("3.11", &[("thread", 1, &source)]);
        let loops_in = |name: &str| function(&code, name).iter().filter(|line| line.trim_start().starts_with("for _ in")).count();
        assert_eq!(loops_in("work_1"), MAX_BLOCK_DEPTH);
        assert!(code.contains(&format!("\n{}work_1_part_1()\n", "    ".repeat(MAX_BLOCK_DEPTH + 1))), "{code}");
        assert_eq!(loops_in("work_1_part_1"), depth - MAX_BLOCK_DEPTH);
    }

    #[test]
    fn names_python_uses_are_renamed() {
        let code = program_of("3.12", &[("thread", 1, "lock print { increment print 1; increment work_1 2; increment print_counter 3 }")]);
        assert_eq!(
            function(&code, "work_1"),
            [
                "def work_1():",
                "    global print_counter, print_counter_counter, work_1_counter",
                "    with print_lock:",
                "        print_counter += 1",
                "        for _ in range(2):",
                "            work_1_counter += 1",
                "        for _ in range(3):",
                "            print_counter_counter += 1",
            ]
        );
        assert!(code.contains("    report(\"main process\", \"print\", print_counter, 1)\n"), "{code}");
    }

    #[test]
    fn old_versions_get_code_they_can_run() {
        let old = program_of("2.7", &[("thread", 2, "repeat 2 { native_gil 1ms }"), ("process", 1, "send 1KB")]);
        assert!(old.starts_with("# -*- coding: utf-8 -*-\n\"\"\"GIL Lab: 2 threads, 1 process on Python 2.7."), "{old}");
        for expected in [
            "for _ in xrange(2):",
            "sum(xrange(int(SUMS_PER_SECOND * seconds)))",
            "sys.setcheckinterval(100)",
            "context = multiprocessing  # fork",
        ] {
            assert!(old.contains(expected), "no {expected} in:\n{old}");
        }
        assert!(!old.contains("import wait"), "{old}");
        let tasks = program_of("3.6", &[("task", 2, "io 1ms")]);
        assert!(tasks.contains("asyncio.get_event_loop().run_until_complete(run_tasks())"), "{tasks}");
        assert!(tasks.contains("asyncio.ensure_future(timed_task(name, work_1()))"), "{tasks}");
        let free = program_of("3.14t", &[("thread", 4, "cpu 1ms")]);
        assert!(free.contains("It needs a free-threaded build (python3.14t)"), "{free}");
    }

    #[test]
    fn a_refused_scenario_gets_the_reason_instead_of_a_program() {
        let code = program_of("3.12", &[("thread", 1, "cpu 1ms; bogus \"2ms\"")]);
        assert!(code.contains("# workers[0].program: line 1, column 16: unexpected '\"'"), "{code}");
        assert!(
            code.contains(
                "raise SystemExit(\"The simulator refuses this scenario: workers[0].program: line 1, column 16: unexpected '\\\"'"
            ),
            "{code}"
        );
        assert!(!code.contains("def main"), "{code}");
    }

    #[test]
    fn names_become_python_literals() {
        assert_eq!(names_list(&["T3", "T4", "T5"]), "[\"T%d\" % n for n in range(3, 6)]");
        assert_eq!(names_list(&["50%-1", "50%-2"]), "[\"50%%-%d\" % n for n in range(1, 3)]");
        assert_eq!(names_list(&["a\"b", "c"]), "[\"a\\\"b\", \"c\"]");
        assert_eq!(names_list(&["x01", "x02"]), "[\"x01\", \"x02\"]");
        assert_eq!(python_string("tab\there\u{7}"), "\"tab\\there\\x07\"");
    }
}
