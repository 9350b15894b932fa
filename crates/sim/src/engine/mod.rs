//! The discrete-event engine: one clock, one ordered queue of actions, and the threads, cores and
//! GILs they act on. Submodules each own one mechanism; all of them work on [`Engine`].

mod cores;
mod deadlock;
mod gil;
mod handoffs;
mod record;
mod roles;
mod setup;
mod shared;
mod steps;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;
use std::rc::Rc;

use oorandom::Rand64;

use super::costs::Costs;
use super::deadlock::Deadlock;
use super::lanes::{LaneId, State};
use super::metrics::Counters;
use super::program::{Cursor, Program};
use super::python::GilKind;
use super::scenario::Scenario;
use super::time::Nanos;
use super::trace::{LostUpdate, Trace};
use handoffs::{SharedEvent, SharedQueue, Wanted};
use record::Recorder;
use shared::{IncrementRun, SharedLock, SharedVariable};

/// A simulation that has not finished after this many actions is stopped with an error.
pub const MAX_ACTIONS: u64 = 20_000_000;

/// The queue is first compacted when it holds this many actions.
const MIN_COMPACT_AT: usize = 1_024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    TooLong { actions: u64, simulated: Nanos },
    Stuck { at: Nanos, waiting: Vec<String> },
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::TooLong { actions, simulated } => write!(
                f,
                "the simulation was stopped after {actions} scheduling actions ({} of simulated time), the most allowed: \
                 use fewer workers, shorter programs or a longer switch interval",
                super::time::format_duration(*simulated)
            ),
            SimError::Stuck { at, waiting } => write!(
                f,
                "the simulation stopped making progress at {} with unfinished threads: {} (this is a bug in the simulator)",
                super::time::format_duration(*at),
                waiting.join(", ")
            ),
        }
    }
}

impl std::error::Error for SimError {}

/// Runs a scenario to completion, or stops it after [`MAX_ACTIONS`].
pub fn simulate(scenario: &Scenario) -> Result<Trace, SimError> {
    simulate_with_limit(scenario, MAX_ACTIONS)
}

/// Runs a scenario, stopping it with [`SimError::TooLong`] after `max_actions` scheduling actions
/// (the web app uses a lower limit than the command line, to stay responsive).
pub fn simulate_with_limit(scenario: &Scenario, max_actions: u64) -> Result<Trace, SimError> {
    let mut engine = Engine::new(scenario);
    engine.start();
    engine.run(max_actions)?;
    Ok(engine.finish())
}

type ThreadId = usize;
type TaskId = usize;
type GilId = usize;
type CoreId = usize;
/// A `threading.Lock` of one process: an index into `Engine::locks`.
type LockId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    StepDone(ThreadId),
    Checkpoint(ThreadId),
    OldCheck(ThreadId),
    Wake(ThreadId),
    IoDone(ThreadId),
    TaskIoDone(TaskId),
    SliceEnd(CoreId),
    GilTimer(GilId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pending {
    time: Nanos,
    sequence: u64,
    action: Action,
    epoch: u64,
}

/// What a thread does the next time it is given a core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnCore {
    /// Continue the step in progress, or start the next one.
    Continue,
    TakeGil,
    /// Woken from the GIL's condition variable: look again.
    Recheck,
    /// Another thread has taken the GIL since our forced drop: carry on with what was deferred.
    AfterSwitch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StepKind {
    Python,
    NativeGil,
    Native,
    Starting,
    /// The main thread launching worker `n`.
    Launch(usize),
    /// Pickling `n` bytes to send to the main process.
    Pickle(u64),
    Unpickle,
}

#[derive(Debug, Clone, Copy)]
/// The step a thread is carrying out: its kind, and how much of it remains.
struct ActiveStep {
    kind: StepKind,
    remaining: Nanos,
    /// Old GIL: signalling cost charged at a check point and not yet paid; it survives losing the GIL.
    overhead_due: Nanos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockReason {
    Join,
    Selector,
    PoolIdle,
    /// A lock, a queue or an event: what it wants is in `Thread::wanted`.
    Primitive,
}

/// What a thread does once it has let go of the GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    Native(Nanos),
    Io(Nanos),
    Block(BlockReason),
    Retake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MainPhase {
    Launching { next: usize },
    EventLoop,
    Joining,
}

#[derive(Debug, Clone)]
struct Job {
    task: TaskId,
    cursor: Cursor,
}

#[derive(Debug)]
enum Role {
    Main(MainPhase),
    Worker { program: Rc<Program>, cursor: Cursor },
    Pool { job: Option<Job> },
}

#[derive(Debug)]
struct Thread {
    lane: LaneId,
    gil: Option<GilId>,
    role: Role,
    epoch: u64,
    core: Option<CoreId>,
    last_core: Option<CoreId>,
    holds_gil: bool,
    on_core: OnCore,
    step: Option<ActiveStep>,
    run_started: Nanos,
    after_switch: Option<Then>,
    blocked_on: Option<BlockReason>,
    waiting_since: Option<Nanos>,
    io_done_at: Option<Nanos>,
    /// The epoch for which an old-GIL check is already scheduled.
    old_check_epoch: Option<u64>,
    state: State,
    finished_at: Option<Nanos>,
    /// Which process or subinterpreter's memory it sees: an index into `Engine::memory_groups`.
    memory: usize,
    increments: Option<IncrementRun>,
    /// The lock, queue or event it is waiting for, to try again when it runs.
    wanted: Option<Wanted>,
    /// When it last went to sleep on what it wants.
    wanted_since: Nanos,
}

#[derive(Debug)]
struct Task {
    lane: LaneId,
    program: Rc<Program>,
    cursor: Cursor,
    io_done_at: Option<Nanos>,
    finished_at: Option<Nanos>,
}

/// A thread sleeping in the switch-interval GIL's timed wait. Its timeouts come every
/// `interval + wake_latency` from `origin`, so they are computed when needed instead of queued.
#[derive(Debug, Clone, Copy)]
struct Sleeper {
    thread: ThreadId,
    origin: Nanos,
    /// `origin` modulo the timed-wait period, so timeouts can be found without dividing.
    phase: Nanos,
    sequence: u64,
}

#[derive(Debug)]
struct Gil {
    lane: LaneId,
    kind: GilKind,
    holder: Option<ThreadId>,
    last_holder: Option<ThreadId>,
    last_switch_at: Nanos,
    drop_request: bool,
    sleepers: Vec<Sleeper>,
    /// Threads dropped by a forced switch, waiting until another thread has taken the GIL.
    switch_waiters: Vec<ThreadId>,
    /// Old GIL: signalled threads that have not yet looked at the lock again.
    waking: u32,
    timer_epoch: u64,
    timer: Option<(Nanos, ThreadId)>,
}

#[derive(Debug)]
struct Core {
    lane: LaneId,
    occupant: Option<ThreadId>,
    since: Nanos,
    epoch: u64,
    slice_armed: bool,
}

#[derive(Debug, Default)]
struct EventLoop {
    main: ThreadId,
    ready: VecDeque<TaskId>,
    current: Option<TaskId>,
    unfinished: usize,
}

#[derive(Debug, Default)]
struct Pool {
    threads: Vec<ThreadId>,
    queue: VecDeque<Job>,
    max_threads: usize,
}

struct Engine<'a> {
    scenario: &'a Scenario,
    costs: &'a Costs,
    now: Nanos,
    queue: BinaryHeap<Reverse<Pending>>,
    compact_at: usize,
    sequence: u64,
    actions: u64,
    rng: Rand64,
    threads: Vec<Thread>,
    tasks: Vec<Task>,
    gils: Vec<Gil>,
    cores: Vec<Core>,
    run_queue: VecDeque<ThreadId>,
    event_loop: EventLoop,
    pool: Pool,
    receives: VecDeque<u64>,
    /// Worker index → the thread or task that runs it.
    worker_runs: Vec<WorkerRun>,
    unfinished_workers: usize,
    forkserver_running: bool,
    main: ThreadId,
    main_finished_at: Nanos,
    counters: Counters,
    recorder: Recorder,
    /// Each process's and subinterpreter's memory, by its lanes' group; the main process is 0.
    memory_groups: Vec<String>,
    variables: Vec<SharedVariable>,
    locks: Vec<SharedLock>,
    queues: Vec<SharedQueue>,
    events: Vec<SharedEvent>,
    /// `queue NAME bound N` declarations: memory, name, bound.
    queue_bounds: Vec<(usize, String, u32)>,
    lost_updates: Vec<LostUpdate>,
    deadlock: Option<Deadlock>,
}

#[derive(Debug, Clone, Copy)]
enum WorkerRun {
    Thread(ThreadId),
    Task(TaskId),
}

impl Engine<'_> {
    fn schedule(&mut self, time: Nanos, action: Action, epoch: u64) {
        self.sequence += 1;
        self.queue.push(Reverse(Pending { time, sequence: self.sequence, action, epoch }));
        if self.queue.len() >= self.compact_at {
            self.drop_stale_actions();
        }
    }

    /// Every preemption or check point leaves the paused step's completion in the queue; dropping
    /// those now and then keeps the queue as small as the number of things really pending.
    fn drop_stale_actions(&mut self) {
        let mut queue = std::mem::take(&mut self.queue).into_vec();
        queue.retain(|Reverse(pending)| self.is_current(pending));
        self.queue = BinaryHeap::from(queue);
        self.compact_at = (2 * self.queue.len()).max(MIN_COMPACT_AT);
    }

    fn is_current(&self, pending: &Pending) -> bool {
        match pending.action {
            Action::StepDone(thread)
            | Action::Checkpoint(thread)
            | Action::OldCheck(thread)
            | Action::Wake(thread)
            | Action::IoDone(thread) => self.threads[thread].epoch == pending.epoch,
            Action::TaskIoDone(_) => true,
            Action::SliceEnd(core) => self.cores[core].epoch == pending.epoch,
            Action::GilTimer(gil) => self.gils[gil].timer_epoch == pending.epoch,
        }
    }

    fn schedule_for(&mut self, time: Nanos, action: Action, thread: ThreadId) {
        let epoch = self.threads[thread].epoch;
        self.schedule(time, action, epoch);
    }

    fn run(&mut self, max_actions: u64) -> Result<(), SimError> {
        while let Some(Reverse(pending)) = self.queue.pop() {
            self.actions += 1;
            if self.actions > max_actions {
                return Err(SimError::TooLong { actions: max_actions, simulated: self.now });
            }
            debug_assert!(pending.time >= self.now, "time ran backwards");
            self.now = pending.time;
            self.perform(pending);
        }
        if self.detect_deadlock() {
            return Ok(());
        }
        let waiting: Vec<String> = self
            .threads
            .iter()
            .filter(|thread| {
                thread.finished_at.is_none() && !matches!(thread.role, Role::Pool { .. })
            })
            .map(|thread| self.recorder.lane_name(thread.lane).to_string())
            .collect();
        if waiting.is_empty() {
            Ok(())
        } else {
            Err(SimError::Stuck { at: self.now, waiting })
        }
    }

    fn perform(&mut self, pending: Pending) {
        if !self.is_current(&pending) {
            return;
        }
        match pending.action {
            Action::StepDone(thread) => self.step_done(thread),
            Action::Checkpoint(thread) => self.checkpoint(thread),
            Action::OldCheck(thread) => self.old_check(thread),
            Action::Wake(thread) => self.make_runnable(thread),
            Action::IoDone(thread) => self.io_done(thread),
            Action::TaskIoDone(task) => self.task_io_done(task),
            Action::SliceEnd(core) => self.slice_end(core),
            Action::GilTimer(gil) => self.gil_timer(gil),
        }
    }

    /// Sets a thread's lane state, and the lanes that mirror it: its core, and the task the event loop runs.
    fn set_state(&mut self, thread: ThreadId, state: State) {
        let thread_ref = &mut self.threads[thread];
        thread_ref.state = state;
        let lane = thread_ref.lane;
        let core = thread_ref.core;
        self.recorder.set(lane, Some((state, None)), self.now);
        if let Some(core) = core {
            let occupied = state.is_running().then_some((state, Some(lane)));
            self.recorder.set(self.cores[core].lane, occupied, self.now);
        }
        if thread == self.event_loop.main {
            if let Some(task) = self.event_loop.current {
                self.recorder.set(self.tasks[task].lane, Some((state, None)), self.now);
            }
        }
    }

    fn wake_after_latency(&mut self, thread: ThreadId, on_core: OnCore) {
        self.threads[thread].on_core = on_core;
        let at = self.now + self.costs.wake_latency;
        self.schedule_for(at, Action::Wake(thread), thread);
    }
}
