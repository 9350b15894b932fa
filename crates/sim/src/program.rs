//! The little language that says what a worker does: `repeat 100 { io 1ms; cpu 20us }`.
//!
//! A program is parsed once into a flat list of instructions with jump targets, so a running
//! worker is just a program counter and a stack of loop counters (see [`Cursor`]).

use std::fmt;

use super::time::{parse_duration, parse_size, Nanos};

/// What a stretch of work needs from the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkKind {
    /// Python bytecode: needs the GIL and a core; reaches an eval-breaker check point every few µs.
    Cpu,
    /// C code that releases the GIL (hashlib on large buffers, zlib, NumPy): needs a core only.
    Native,
    /// C code that keeps the GIL (`re`, small built-ins): needs both, and cannot be interrupted.
    NativeGil,
    /// Blocking I/O or sleep: needs neither.
    Io,
}

impl WorkKind {
    pub const ALL: [WorkKind; 4] =
        [WorkKind::Cpu, WorkKind::Native, WorkKind::NativeGil, WorkKind::Io];

    pub fn keyword(self) -> &'static str {
        match self {
            WorkKind::Cpu => "cpu",
            WorkKind::Native => "native",
            WorkKind::NativeGil => "native_gil",
            WorkKind::Io => "io",
        }
    }

    pub fn needs_core(self) -> bool {
        self != WorkKind::Io
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instr {
    Work {
        kind: WorkKind,
        duration: Nanos,
        jitter_percent: u8,
    },
    Send {
        bytes: u64,
    },
    /// Runs the instructions up to the matching `RepeatEnd` `count` times; `end` is the index after it.
    RepeatStart {
        count: u32,
        end: usize,
    },
    RepeatEnd {
        start: usize,
    },
    /// Hands the instructions before `end` to a thread-pool thread; the task resumes at `end`.
    ToThread {
        end: usize,
    },
    /// `count` read-modify-writes of the shared variable `variable` (an index into the program's names).
    Increment {
        variable: usize,
        count: u32,
        via_call: bool,
    },
    /// `with lock:` around the instructions before `end`, which is the index after the matching `LockEnd`.
    LockStart {
        lock: usize,
        end: usize,
    },
    LockEnd {
        lock: usize,
    },
    /// A `queue.Queue` or `threading.Event` operation on the object named `name` (an index into the names).
    Handoff {
        op: HandoffOp,
        name: usize,
    },
}

/// What a thread does to a named `queue.Queue` (put, get) or `threading.Event` (set, wait, clear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoffOp {
    Put,
    Get,
    Set,
    Wait,
    Clear,
}

impl HandoffOp {
    pub const ALL: [HandoffOp; 5] =
        [HandoffOp::Put, HandoffOp::Get, HandoffOp::Set, HandoffOp::Wait, HandoffOp::Clear];

    pub fn keyword(self) -> &'static str {
        match self {
            HandoffOp::Put => "put",
            HandoffOp::Get => "get",
            HandoffOp::Set => "set",
            HandoffOp::Wait => "wait",
            HandoffOp::Clear => "clear",
        }
    }

    pub fn on_queue(self) -> bool {
        matches!(self, HandoffOp::Put | HandoffOp::Get)
    }

    fn kind(self) -> NameKind {
        if self.on_queue() {
            NameKind::Queue
        } else {
            NameKind::Event
        }
    }
}

/// What a name in a program stands for. Variables and locks may share a name (as they always
/// could); a queue or an event may not share its name with anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Shared,
    Queue,
    Event,
}

impl NameKind {
    fn noun(self) -> &'static str {
        match self {
            NameKind::Shared => "a variable or lock",
            NameKind::Queue => "a queue",
            NameKind::Event => "an event",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    source: String,
    instrs: Vec<Instr>,
    /// The shared variables, locks, queues and events the program names, in order of first mention.
    names: Vec<String>,
    /// `queue NAME bound N` declarations: a name's index and its `maxsize`.
    queue_bounds: Vec<(usize, u32)>,
}

/// Totals of a program's nominal work, counting every repetition.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkTotals {
    pub cpu: Nanos,
    pub native: Nanos,
    pub native_gil: Nanos,
    pub io: Nanos,
    pub bytes_sent: u64,
    /// `increment` statements' read-modify-writes: plain, and with a call between read and write.
    pub increments: u64,
    pub increments_via_call: u64,
    pub lock_acquisitions: u64,
    /// `put` and `get` statements carried out.
    pub queue_ops: u64,
    /// `set`, `wait` and `clear` statements carried out.
    pub event_ops: u64,
}

impl WorkTotals {
    pub fn of(&self, kind: WorkKind) -> Nanos {
        match kind {
            WorkKind::Cpu => self.cpu,
            WorkKind::Native => self.native,
            WorkKind::NativeGil => self.native_gil,
            WorkKind::Io => self.io,
        }
    }

    fn slot(&mut self, kind: WorkKind) -> &mut Nanos {
        match kind {
            WorkKind::Cpu => &mut self.cpu,
            WorkKind::Native => &mut self.native,
            WorkKind::NativeGil => &mut self.native_gil,
            WorkKind::Io => &mut self.io,
        }
    }

    /// Time the program takes alone on one thread with nothing in its way.
    pub fn alone(&self) -> Nanos {
        self.cpu.saturating_add(self.native).saturating_add(self.native_gil).saturating_add(self.io)
    }
}

impl Program {
    pub fn parse(source: &str) -> Result<Program, ProgramError> {
        let mut parser = ProgramParser {
            tokens: tokenize(source)?,
            next: 0,
            instrs: Vec::new(),
            names: Vec::new(),
            kinds: Vec::new(),
            queue_bounds: Vec::new(),
            depth: 0,
            statements: 0,
            in_to_thread: false,
        };
        parser.block(None)?;
        Ok(Program {
            source: source.to_string(),
            instrs: parser.instrs,
            names: parser.names,
            queue_bounds: parser.queue_bounds,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn instrs(&self) -> &[Instr] {
        &self.instrs
    }

    pub fn start(&self) -> Cursor {
        Cursor { pc: 0, end: self.instrs.len(), loops: Vec::new() }
    }

    pub fn uses_to_thread(&self) -> bool {
        self.instrs.iter().any(|instr| matches!(instr, Instr::ToThread { .. }))
    }

    /// The name of a shared variable or lock, by the index its instruction carries.
    pub fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    pub fn uses_lock(&self) -> bool {
        self.instrs.iter().any(|instr| matches!(instr, Instr::LockStart { .. }))
    }

    pub fn uses_handoffs(&self) -> bool {
        self.instrs.iter().any(|instr| matches!(instr, Instr::Handoff { .. }))
    }

    /// The queues this program declares bounded, by name, with their `maxsize`.
    pub fn queue_bounds(&self) -> impl Iterator<Item = (&str, u32)> {
        self.queue_bounds.iter().map(|(name, bound)| (self.names[*name].as_str(), *bound))
    }

    pub fn uses_send(&self) -> bool {
        self.instrs.iter().any(|instr| matches!(instr, Instr::Send { .. }))
    }

    /// Nominal work (jitter at its mean), every repetition counted, saturating at `u64::MAX`.
    pub fn totals(&self) -> WorkTotals {
        self.totals_between(0, self.instrs.len())
    }

    fn totals_between(&self, mut pc: usize, end: usize) -> WorkTotals {
        let mut totals = WorkTotals::default();
        while pc < end {
            match self.instrs[pc] {
                Instr::Work { kind, duration, .. } => {
                    let slot = totals.slot(kind);
                    *slot = slot.saturating_add(duration);
                    pc += 1;
                }
                Instr::Send { bytes } => {
                    totals.bytes_sent = totals.bytes_sent.saturating_add(bytes);
                    pc += 1;
                }
                Instr::RepeatStart { count, end: after } => {
                    let body = self.totals_between(pc + 1, after - 1);
                    for kind in WorkKind::ALL {
                        let slot = totals.slot(kind);
                        *slot = slot.saturating_add(body.of(kind).saturating_mul(count as u64));
                    }
                    totals.bytes_sent = totals
                        .bytes_sent
                        .saturating_add(body.bytes_sent.saturating_mul(count as u64));
                    let times = |value: u64| value.saturating_mul(count as u64);
                    totals.increments = totals.increments.saturating_add(times(body.increments));
                    totals.increments_via_call =
                        totals.increments_via_call.saturating_add(times(body.increments_via_call));
                    totals.lock_acquisitions =
                        totals.lock_acquisitions.saturating_add(times(body.lock_acquisitions));
                    totals.queue_ops = totals.queue_ops.saturating_add(times(body.queue_ops));
                    totals.event_ops = totals.event_ops.saturating_add(times(body.event_ops));
                    pc = after;
                }
                Instr::Increment { count, via_call, .. } => {
                    let slot = if via_call {
                        &mut totals.increments_via_call
                    } else {
                        &mut totals.increments
                    };
                    *slot = slot.saturating_add(count as u64);
                    pc += 1;
                }
                Instr::LockStart { .. } => {
                    totals.lock_acquisitions = totals.lock_acquisitions.saturating_add(1);
                    pc += 1;
                }
                Instr::Handoff { op, .. } => {
                    let slot =
                        if op.on_queue() { &mut totals.queue_ops } else { &mut totals.event_ops };
                    *slot = slot.saturating_add(1);
                    pc += 1;
                }
                Instr::ToThread { .. } | Instr::RepeatEnd { .. } | Instr::LockEnd { .. } => pc += 1,
            }
        }
        totals
    }
}

/// Where a worker is in its program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pc: usize,
    end: usize,
    loops: Vec<(usize, u32)>,
}

/// The next thing a worker has to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramStep {
    Work {
        kind: WorkKind,
        duration: Nanos,
        jitter_percent: u8,
    },
    Send {
        bytes: u64,
    },
    /// Run `body` on a thread-pool thread and wait for it.
    ToThread {
        body: Cursor,
    },
    /// `count` read-modify-writes of the shared variable named `program.name(variable)`.
    Increment {
        variable: usize,
        count: u32,
        via_call: bool,
    },
    /// Take the lock named `program.name(lock)`, waiting while another thread holds it.
    Acquire {
        lock: usize,
    },
    Release {
        lock: usize,
    },
    /// Put into or get from the queue, or set, wait for or clear the event, named `program.name(name)`.
    Handoff {
        op: HandoffOp,
        name: usize,
    },
    Finished,
}

impl Cursor {
    pub fn advance(&mut self, program: &Program) -> ProgramStep {
        while self.pc < self.end {
            match program.instrs[self.pc] {
                Instr::Work { kind, duration, jitter_percent } => {
                    self.pc += 1;
                    return ProgramStep::Work { kind, duration, jitter_percent };
                }
                Instr::Send { bytes } => {
                    self.pc += 1;
                    return ProgramStep::Send { bytes };
                }
                Instr::RepeatStart { count, end } => {
                    if count == 0 {
                        self.pc = end;
                    } else {
                        self.loops.push((self.pc, count));
                        self.pc += 1;
                    }
                }
                Instr::RepeatEnd { start } => {
                    let innermost =
                        self.loops.last_mut().expect("a RepeatEnd is always inside its loop");
                    innermost.1 -= 1;
                    if innermost.1 > 0 {
                        self.pc = start + 1;
                    } else {
                        self.loops.pop();
                        self.pc += 1;
                    }
                }
                Instr::ToThread { end } => {
                    let body = Cursor { pc: self.pc + 1, end, loops: Vec::new() };
                    self.pc = end;
                    return ProgramStep::ToThread { body };
                }
                Instr::Increment { variable, count, via_call } => {
                    self.pc += 1;
                    return ProgramStep::Increment { variable, count, via_call };
                }
                Instr::LockStart { lock, .. } => {
                    self.pc += 1;
                    return ProgramStep::Acquire { lock };
                }
                Instr::LockEnd { lock } => {
                    self.pc += 1;
                    return ProgramStep::Release { lock };
                }
                Instr::Handoff { op, name } => {
                    self.pc += 1;
                    return ProgramStep::Handoff { op, name };
                }
            }
        }
        ProgramStep::Finished
    }
}

/// A syntax error, with the 1-based line and column where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ProgramError {}

const STATEMENTS: &str = "cpu, native, native_gil, io, send, increment, lock, put, get, set, wait, clear, queue, repeat or to_thread";
const MAX_REPEAT: u32 = 10_000_000;
/// Programs now come from links too: limits that keep a hostile one from exhausting the stack
/// (blocks are parsed recursively) or the page's time, far above what any lesson needs.
pub const MAX_NESTING: usize = 32;
pub const MAX_STATEMENTS: usize = 10_000;
/// One `increment` statement is one chunk of work, so its count can be as large as a real loop's.
const MAX_INCREMENTS: u32 = 1_000_000_000;
/// The largest `maxsize` a `queue NAME bound N` declaration may give.
pub const MAX_QUEUE_BOUND: u32 = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Word(String),
    OpenBrace,
    CloseBrace,
    Separator,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    line: usize,
    column: usize,
}

/// Part of a word. Non-ASCII characters are, so that a name like `zähler` reaches the name check
/// and its message; testing them with `char::is_alphanumeric` would bring Unicode's tables into
/// the page for names that must be ASCII anyway.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || !c.is_ascii() || "._~%-".contains(c)
}

fn tokenize(source: &str) -> Result<Vec<Token>, ProgramError> {
    let mut tokens = Vec::new();
    for (line_index, line) in source.lines().enumerate() {
        let line_number = line_index + 1;
        let code = line.split('#').next().unwrap_or("");
        let mut chars = code.chars().peekable();
        let mut column = 0;
        while let Some(c) = chars.next() {
            column += 1;
            let start = column;
            let kind = match c {
                c if c.is_whitespace() => continue,
                '{' => TokenKind::OpenBrace,
                '}' => TokenKind::CloseBrace,
                ';' => TokenKind::Separator,
                c if is_word_char(c) => {
                    let mut word = c.to_string();
                    while let Some(&next) = chars.peek() {
                        if !is_word_char(next) {
                            break;
                        }
                        word.push(next);
                        chars.next();
                        column += 1;
                    }
                    TokenKind::Word(word)
                }
                other => {
                    return Err(ProgramError {
                        line: line_number,
                        column: start,
                        message: format!("unexpected '{other}'; expected {STATEMENTS}"),
                    })
                }
            };
            tokens.push(Token { kind, line: line_number, column: start });
        }
        tokens.push(Token { kind: TokenKind::Separator, line: line_number, column: column + 1 });
    }
    Ok(tokens)
}

struct ProgramParser {
    tokens: Vec<Token>,
    next: usize,
    instrs: Vec<Instr>,
    names: Vec<String>,
    /// What each name stands for, by the same index.
    kinds: Vec<NameKind>,
    queue_bounds: Vec<(usize, u32)>,
    /// The blocks open around the statement being read.
    depth: usize,
    statements: usize,
    in_to_thread: bool,
}

impl ProgramParser {
    /// Parses statements until the closing brace of `opened_at` (or the end of input for the top level).
    fn block(&mut self, opened_at: Option<&Token>) -> Result<(), ProgramError> {
        let first_instr = self.instrs.len();
        loop {
            let Some(token) = self.tokens.get(self.next).cloned() else {
                return match opened_at {
                    Some(open) => {
                        Err(self.error_at(open, "this '{' is never closed; add a '}'".into()))
                    }
                    None if self.instrs.is_empty() => Err(ProgramError {
                        line: 1,
                        column: 1,
                        message: format!(
                            "the program is empty; write at least one statement ({STATEMENTS})"
                        ),
                    }),
                    None => Ok(()),
                };
            };
            self.next += 1;
            match &token.kind {
                TokenKind::Separator => {}
                TokenKind::CloseBrace => {
                    return match opened_at {
                        Some(open) if self.instrs.len() == first_instr => Err(self.error_at(
                            open,
                            "this block is empty; put at least one statement inside".into(),
                        )),
                        Some(_) => Ok(()),
                        None => Err(self.error_at(&token, "'}' without a matching '{'".into())),
                    };
                }
                TokenKind::OpenBrace => {
                    return Err(self.error_at(
                        &token,
                        "unexpected '{'; a block follows repeat N, lock NAME or to_thread"
                            .to_string(),
                    ))
                }
                TokenKind::Word(word) => {
                    self.statements += 1;
                    if self.statements > MAX_STATEMENTS {
                        return Err(self.error_at(
                            &token,
                            format!("the program has more than {MAX_STATEMENTS} statements; allowed: at most {MAX_STATEMENTS} (repeat N {{ … }} makes long runs short)"),
                        ));
                    }
                    self.statement(&token, word)?;
                    self.expect_end_of_statement()?;
                }
            }
        }
    }

    fn statement(&mut self, token: &Token, word: &str) -> Result<(), ProgramError> {
        if let Some(kind) = WorkKind::ALL.into_iter().find(|kind| kind.keyword() == word) {
            let argument = self.argument(token, "a duration such as 5ms")?;
            let (duration, jitter_percent) = parse_jittered_duration(&argument)?;
            self.instrs.push(Instr::Work { kind, duration, jitter_percent });
            return Ok(());
        }
        match word {
            "send" => {
                let argument = self.argument(token, "a size such as 1MB")?;
                let bytes = parse_size(word_of(&argument))
                    .map_err(|message| self.error_at(&argument, message))?;
                self.instrs.push(Instr::Send { bytes });
            }
            "repeat" => {
                let argument = self.argument(token, "a count such as 10")?;
                let count = word_of(&argument)
                    .parse::<u32>()
                    .ok()
                    .filter(|count| *count <= MAX_REPEAT)
                    .ok_or_else(|| {
                        self.error_at(
                            &argument,
                            format!(
                                "'{}' is not a count from 0 to {MAX_REPEAT}",
                                word_of(&argument)
                            ),
                        )
                    })?;
                let open = self.open_brace(token)?;
                let start = self.instrs.len();
                self.instrs.push(Instr::RepeatStart { count, end: 0 });
                self.nested_block(&open)?;
                self.instrs.push(Instr::RepeatEnd { start });
                let end = self.instrs.len();
                self.instrs[start] = Instr::RepeatStart { count, end };
            }
            "to_thread" => {
                if self.in_to_thread {
                    return Err(self.error_at(
                        token,
                        "to_thread cannot be nested: the block already runs on a thread".into(),
                    ));
                }
                let open = self.open_brace(token)?;
                let start = self.instrs.len();
                self.instrs.push(Instr::ToThread { end: 0 });
                self.in_to_thread = true;
                self.nested_block(&open)?;
                self.in_to_thread = false;
                let end = self.instrs.len();
                self.instrs[start] = Instr::ToThread { end };
            }
            "increment" => {
                let name = self.argument(
                    token,
                    "a variable name and a count, as in increment counter 100000",
                )?;
                let variable = self.name_index(&name, NameKind::Shared)?;
                let count_token = self.argument(
                    token,
                    "a count after the variable name, as in increment counter 100000",
                )?;
                let count = word_of(&count_token)
                    .parse::<u32>()
                    .ok()
                    .filter(|count| (1..=MAX_INCREMENTS).contains(count))
                    .ok_or_else(|| {
                        self.error_at(
                            &count_token,
                            format!(
                                "'{}' is not a count from 1 to {MAX_INCREMENTS}",
                                word_of(&count_token)
                            ),
                        )
                    })?;
                let via_call = match self.tokens.get(self.next) {
                    Some(Token { kind: TokenKind::Word(word), .. }) if word == "via_call" => {
                        self.next += 1;
                        true
                    }
                    Some(flag @ Token { kind: TokenKind::Word(word), .. }) => {
                        return Err(self.error_at(
                            flag,
                            format!(
                            "unknown option '{word}' for increment; allowed: via_call, or nothing"
                        ),
                        ))
                    }
                    _ => false,
                };
                self.instrs.push(Instr::Increment { variable, count, via_call });
            }
            "lock" => {
                let name = self.argument(
                    token,
                    "a lock name and a block, as in lock counter_lock { increment counter 1000 }",
                )?;
                let lock = self.name_index(&name, NameKind::Shared)?;
                let open = self.open_brace(token)?;
                let start = self.instrs.len();
                self.instrs.push(Instr::LockStart { lock, end: 0 });
                self.nested_block(&open)?;
                self.instrs.push(Instr::LockEnd { lock });
                let end = self.instrs.len();
                self.instrs[start] = Instr::LockStart { lock, end };
            }
            "queue" => self.queue_declaration(token)?,
            other => match HandoffOp::ALL.into_iter().find(|op| op.keyword() == other) {
                Some(op) => {
                    let expected = if op.on_queue() {
                        "a queue name, as in put jobs"
                    } else {
                        "an event name, as in set ready"
                    };
                    let name = self.argument(token, expected)?;
                    let name = self.name_index(&name, op.kind())?;
                    self.instrs.push(Instr::Handoff { op, name });
                }
                None => {
                    return Err(self.error_at(
                        token,
                        format!("unknown statement '{other}'; expected {STATEMENTS}"),
                    ))
                }
            },
        }
        Ok(())
    }

    /// `queue NAME bound N`: the `maxsize` of the queue NAME, declared once at the top level.
    fn queue_declaration(&mut self, token: &Token) -> Result<(), ProgramError> {
        const EXAMPLE: &str = "a queue name and its bound, as in queue jobs bound 4";
        if self.depth > 0 {
            return Err(self.error_at(
                token,
                "declare a queue's bound at the top level of the program, not inside a block"
                    .into(),
            ));
        }
        let name_token = self.argument(token, EXAMPLE)?;
        let name = self.name_index(&name_token, NameKind::Queue)?;
        let keyword = self.argument(token, EXAMPLE)?;
        if word_of(&keyword) != "bound" {
            return Err(self.error_at(
                &keyword,
                format!(
                    "expected 'bound' after the queue name, not '{}', as in queue jobs bound 4",
                    word_of(&keyword)
                ),
            ));
        }
        let bound_token = self.argument(token, EXAMPLE)?;
        let bound = word_of(&bound_token).parse::<u32>().ok().filter(|bound| (1..=MAX_QUEUE_BOUND).contains(bound)).ok_or_else(|| {
            self.error_at(
                &bound_token,
                format!(
                    "'{}' is not a bound from 1 to {MAX_QUEUE_BOUND} (leave the declaration out for an unbounded queue)",
                    word_of(&bound_token)
                ),
            )
        })?;
        if self.queue_bounds.iter().any(|(declared, _)| *declared == name) {
            return Err(self.error_at(
                &name_token,
                format!(
                    "the queue '{}' is declared twice; declare its bound once",
                    word_of(&name_token)
                ),
            ));
        }
        self.queue_bounds.push((name, bound));
        Ok(())
    }

    /// The block after `open`, one level deeper, within [`MAX_NESTING`].
    fn nested_block(&mut self, open: &Token) -> Result<(), ProgramError> {
        if self.depth == MAX_NESTING {
            return Err(self.error_at(
                open,
                format!(
                    "blocks nest more than {MAX_NESTING} deep here; allowed: at most {MAX_NESTING}"
                ),
            ));
        }
        self.depth += 1;
        let read = self.block(Some(open));
        self.depth -= 1;
        read
    }

    /// The index of a name, which must look like a Python identifier and keep standing for one kind of thing.
    fn name_index(&mut self, token: &Token, kind: NameKind) -> Result<usize, ProgramError> {
        let name = word_of(token);
        let mut chars = name.chars();
        let identifier =
            chars.next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier {
            return Err(self.error_at(token, format!("'{name}' is not a name; use ASCII letters, digits and _, not starting with a digit")));
        }
        if let Some(index) = self.names.iter().position(|known| known == name) {
            let known = self.kinds[index];
            if known != kind {
                return Err(self.error_at(
                    token,
                    format!(
                        "'{name}' is {} here but {} elsewhere; give each its own name",
                        kind.noun(),
                        known.noun()
                    ),
                ));
            }
            return Ok(index);
        }
        self.names.push(name.to_string());
        self.kinds.push(kind);
        Ok(self.names.len() - 1)
    }

    fn argument(&mut self, statement: &Token, expected: &str) -> Result<Token, ProgramError> {
        match self.tokens.get(self.next) {
            Some(token @ Token { kind: TokenKind::Word(_), .. }) => {
                self.next += 1;
                Ok(token.clone())
            }
            _ => {
                Err(self.error_at(statement, format!("'{}' needs {expected}", word_of(statement))))
            }
        }
    }

    fn open_brace(&mut self, statement: &Token) -> Result<Token, ProgramError> {
        match self.tokens.get(self.next) {
            Some(token @ Token { kind: TokenKind::OpenBrace, .. }) => {
                self.next += 1;
                Ok(token.clone())
            }
            _ => Err(self.error_at(
                statement,
                format!("'{}' needs a block in braces: {{ … }}", word_of(statement)),
            )),
        }
    }

    fn expect_end_of_statement(&mut self) -> Result<(), ProgramError> {
        match self.tokens.get(self.next) {
            None | Some(Token { kind: TokenKind::Separator | TokenKind::CloseBrace, .. }) => Ok(()),
            Some(token) => {
                let token = token.clone();
                Err(self.error_at(
                    &token,
                    "expected ';' or a new line before the next statement".into(),
                ))
            }
        }
    }

    fn error_at(&self, token: &Token, message: String) -> ProgramError {
        ProgramError { line: token.line, column: token.column, message }
    }
}

fn word_of(token: &Token) -> &str {
    match &token.kind {
        TokenKind::Word(word) => word,
        TokenKind::OpenBrace => "{",
        TokenKind::CloseBrace => "}",
        TokenKind::Separator => ";",
    }
}

fn parse_jittered_duration(token: &Token) -> Result<(Nanos, u8), ProgramError> {
    let error = |message: String| ProgramError { line: token.line, column: token.column, message };
    let text = word_of(token);
    let (duration, jitter) = match text.split_once('~') {
        Some((duration, jitter)) => (duration, Some(jitter)),
        None => (text, None),
    };
    let duration = parse_duration(duration).map_err(error)?;
    let jitter_percent = match jitter {
        None => 0,
        Some(jitter) => jitter
            .strip_suffix('%')
            .and_then(|percent| percent.parse::<u8>().ok())
            .filter(|percent| *percent <= 100)
            .ok_or_else(|| {
                error(format!("'~{jitter}' is not a jitter from ~0% to ~100%, as in io 5ms~20%"))
            })?,
    };
    Ok((duration, jitter_percent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{MICROSECOND, MILLISECOND};

    fn steps(source: &str) -> Vec<ProgramStep> {
        let program = Program::parse(source).unwrap();
        let mut cursor = program.start();
        let mut steps = Vec::new();
        loop {
            match cursor.advance(&program) {
                ProgramStep::Finished => return steps,
                step => steps.push(step),
            }
        }
    }

    fn work(kind: WorkKind, duration: Nanos) -> ProgramStep {
        ProgramStep::Work { kind, duration, jitter_percent: 0 }
    }

    #[test]
    fn repeat_unrolls_in_order() {
        assert_eq!(
            steps("repeat 2 { io 1ms; cpu 20us }\nnative_gil 3ms"),
            vec![
                work(WorkKind::Io, MILLISECOND),
                work(WorkKind::Cpu, 20 * MICROSECOND),
                work(WorkKind::Io, MILLISECOND),
                work(WorkKind::Cpu, 20 * MICROSECOND),
                work(WorkKind::NativeGil, 3 * MILLISECOND),
            ]
        );
    }

    #[test]
    fn nested_and_empty_repeats() {
        assert_eq!(steps("repeat 2 { repeat 0 { cpu 1s }; repeat 2 { native 1us } }").len(), 4);
    }

    #[test]
    fn jitter_send_and_to_thread() {
        let all = steps("send 1MB; io 5ms~20%; to_thread { cpu 1ms }; cpu 2ms");
        assert_eq!(all[0], ProgramStep::Send { bytes: 1_000_000 });
        assert_eq!(
            all[1],
            ProgramStep::Work { kind: WorkKind::Io, duration: 5 * MILLISECOND, jitter_percent: 20 }
        );
        let ProgramStep::ToThread { body } = &all[2] else {
            panic!("expected to_thread, got {:?}", all[2])
        };
        let program =
            Program::parse("send 1MB; io 5ms~20%; to_thread { cpu 1ms }; cpu 2ms").unwrap();
        let mut body = body.clone();
        assert_eq!(body.advance(&program), work(WorkKind::Cpu, MILLISECOND));
        assert_eq!(body.advance(&program), ProgramStep::Finished);
        assert_eq!(all[3], work(WorkKind::Cpu, 2 * MILLISECOND));
    }

    #[test]
    fn totals_multiply_repeats() {
        let totals = Program::parse("repeat 100 { io 1ms; cpu 20us }; send 2KB").unwrap().totals();
        assert_eq!(totals.io, 100 * MILLISECOND);
        assert_eq!(totals.cpu, 2 * MILLISECOND);
        assert_eq!(totals.bytes_sent, 2_000);
        assert_eq!(totals.alone(), 102 * MILLISECOND);
    }

    #[test]
    fn a_program_from_a_link_is_held_to_limits() {
        let deep = format!("{}cpu 1us{}", "repeat 2 { ".repeat(20_000), " }".repeat(20_000));
        let error = Program::parse(&deep).unwrap_err();
        assert_eq!((error.line, error.column), (1, 1 + 11 * MAX_NESTING + 9), "{error}");
        assert!(error.message.contains("more than 32 deep"), "{error}");
        let nested =
            format!("{}cpu 1us{}", "repeat 2 { ".repeat(MAX_NESTING), " }".repeat(MAX_NESTING));
        assert!(Program::parse(&nested).is_ok(), "as deep as allowed");

        let long = "cpu 1us; ".repeat(60_000);
        let error = Program::parse(&long).unwrap_err();
        assert_eq!(error.column, 1 + 9 * MAX_STATEMENTS, "{error}");
        assert!(error.message.starts_with("the program has more than 10000 statements"), "{error}");
        assert!(Program::parse(&"cpu 1us; ".repeat(MAX_STATEMENTS)).is_ok(), "as long as allowed");
    }

    #[test]
    fn columns_count_characters_on_long_lines() {
        let line = format!("{}cpu 1us; ? ", "io 1ms; ".repeat(1_000));
        let error = Program::parse(&line).unwrap_err();
        assert_eq!((error.line, error.column), (1, 8_000 + 10), "{error}");
        let error = Program::parse("io 1ms; zähler 5 µ").unwrap_err();
        assert_eq!(error.column, 9, "{error}");
    }

    #[test]
    fn errors_name_line_and_column() {
        let cases = [
            ("cpu 5ms\nio fast", 2, 4, "'fast' is not a duration"),
            ("cpu", 1, 1, "'cpu' needs a duration"),
            ("repeat 3 cpu 1ms", 1, 1, "needs a block"),
            ("repeat 2 { cpu 1ms", 1, 10, "never closed"),
            ("cpu 1ms }", 1, 9, "without a matching"),
            ("sleep 1s", 1, 1, "unknown statement 'sleep'"),
            ("cpu 1ms io 1ms", 1, 9, "expected ';'"),
            ("repeat 2 { }", 1, 10, "block is empty"),
            ("io 5ms~200%", 1, 4, "jitter"),
            ("repeat -1 { cpu 1ms }", 1, 8, "count"),
            ("", 1, 1, "empty"),
            ("cpu 1ms @", 1, 9, "unexpected '@'"),
            ("to_thread { to_thread { cpu 1ms } }", 1, 13, "cannot be nested"),
            ("increment", 1, 1, "'increment' needs a variable name and a count"),
            ("increment counter", 1, 1, "needs a count after the variable name"),
            ("increment counter 0", 1, 19, "'0' is not a count from 1 to 1000000000"),
            ("increment counter lots", 1, 19, "'lots' is not a count"),
            ("increment 9lives 5", 1, 11, "'9lives' is not a name"),
            ("increment zähler 5", 1, 11, "'zähler' is not a name; use ASCII letters"),
            (
                "increment counter 5 atomically",
                1,
                21,
                "unknown option 'atomically' for increment; allowed: via_call",
            ),
            ("cpu 1ms\nlock l increment n 5", 2, 1, "'lock' needs a block in braces"),
            ("lock { cpu 1ms }", 1, 1, "'lock' needs a lock name and a block"),
            ("put", 1, 1, "'put' needs a queue name"),
            ("wait", 1, 1, "'wait' needs an event name"),
            ("put jobs; set jobs", 1, 15, "'jobs' is an event here but a queue elsewhere"),
            (
                "lock jobs { get jobs }",
                1,
                17,
                "'jobs' is a queue here but a variable or lock elsewhere",
            ),
            ("queue jobs", 1, 1, "'queue' needs a queue name and its bound"),
            ("queue jobs size 4", 1, 12, "expected 'bound' after the queue name"),
            ("queue jobs bound 0", 1, 18, "'0' is not a bound from 1 to 1000000"),
            ("queue jobs bound 4; queue jobs bound 5", 1, 27, "declared twice"),
            ("repeat 2 { queue jobs bound 4 }", 1, 12, "at the top level"),
            ("lock a { }", 1, 8, "block is empty"),
        ];
        for (source, line, column, fragment) in cases {
            let error = Program::parse(source).unwrap_err();
            assert_eq!((error.line, error.column), (line, column), "{source:?}: {error}");
            assert!(error.message.contains(fragment), "{source:?}: {error}");
        }
    }

    #[test]
    fn increments_and_locks_name_their_variables() {
        let source =
            "lock guard { increment hits 1000 via_call; increment misses 5 }; increment hits 7";
        let program = Program::parse(source).unwrap();
        let all = steps(source);
        assert_eq!(
            all,
            vec![
                ProgramStep::Acquire { lock: 0 },
                ProgramStep::Increment { variable: 1, count: 1000, via_call: true },
                ProgramStep::Increment { variable: 2, count: 5, via_call: false },
                ProgramStep::Release { lock: 0 },
                ProgramStep::Increment { variable: 1, count: 7, via_call: false },
            ]
        );
        assert_eq!(
            [program.name(0), program.name(1), program.name(2)],
            ["guard", "hits", "misses"]
        );
        let totals =
            Program::parse("repeat 3 { lock l { increment n 10; increment n 2 via_call } }")
                .unwrap()
                .totals();
        assert_eq!(
            (totals.increments, totals.increments_via_call, totals.lock_acquisitions),
            (30, 6, 3)
        );
    }

    #[test]
    fn queues_and_events_name_their_objects() {
        let source = "queue jobs bound 4\nlock a { lock b { put jobs } }\nget jobs; set ready; wait ready; clear ready";
        let program = Program::parse(source).unwrap();
        let handoff = |op, name| ProgramStep::Handoff { op, name };
        assert_eq!(
            steps(source),
            vec![
                ProgramStep::Acquire { lock: 1 },
                ProgramStep::Acquire { lock: 2 },
                handoff(HandoffOp::Put, 0),
                ProgramStep::Release { lock: 2 },
                ProgramStep::Release { lock: 1 },
                handoff(HandoffOp::Get, 0),
                handoff(HandoffOp::Set, 3),
                handoff(HandoffOp::Wait, 3),
                handoff(HandoffOp::Clear, 3),
            ]
        );
        assert_eq!(program.queue_bounds().collect::<Vec<_>>(), vec![("jobs", 4)]);
        let totals = Program::parse("repeat 3 { put q; get q; set e }; wait e").unwrap().totals();
        assert_eq!((totals.queue_ops, totals.event_ops), (6, 4));
    }

    #[test]
    fn comments_and_newlines_separate_statements() {
        assert_eq!(steps("# setup\ncpu 1ms # hot loop\n\nio 2ms").len(), 2);
    }
}
