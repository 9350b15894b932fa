//! Lanes and the spans of state on them: each core, each GIL, each thread or task, and what it was
//! doing from when to when. The timeline draws them; the metrics add them up.

use serde::Serialize;

use super::time::Nanos;

pub type LaneId = u32;

/// What a lane is doing during a span. Core and GIL lanes use the running states and name the thread in `who`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Launching: thread creation, interpreter or process start-up.
    Starting,
    /// On a core, holding its interpreter's GIL (Python code, or C code that keeps the GIL).
    RunningWithGil,
    /// On a core without a GIL (C code that released it, or a free-threaded build).
    RunningWithoutGil,
    /// Wants the GIL and sleeps until it gets it (or until another thread has taken it, after a forced switch).
    WaitingForGil,
    /// Runnable, but every core is busy.
    WaitingForCore,
    /// Blocked in the OS: I/O, sleep, `join()`, the event loop's selector, a lock, a queue, an event.
    Blocked,
    /// An asyncio task suspended at an `await` (I/O, or a job on the thread pool).
    Awaiting,
    /// An asyncio task that is ready while the event loop runs another one.
    WaitingForLoop,
    /// A thread-pool thread with no job.
    Idle,
    Done,
    // States added later go last: the trace hash uses each state's position.
    /// Blocked on a lock, a queue or an event in a wait that never ends: the run found a deadlock.
    /// On a thread's lane, `who` is the thread holding the lock it waits for.
    Deadlocked,
}

impl State {
    pub const ALL: [State; 11] = [
        State::Starting,
        State::RunningWithGil,
        State::RunningWithoutGil,
        State::WaitingForGil,
        State::WaitingForCore,
        State::Blocked,
        State::Awaiting,
        State::WaitingForLoop,
        State::Idle,
        State::Done,
        State::Deadlocked,
    ];

    pub fn label(self) -> &'static str {
        match self {
            State::Starting => "starting",
            State::RunningWithGil => "running with the GIL",
            State::RunningWithoutGil => "running without the GIL",
            State::WaitingForGil => "waiting for the GIL",
            State::WaitingForCore => "waiting for a core",
            State::Blocked => "blocked (I/O, sleep, join, lock, queue, event)",
            State::Awaiting => "awaiting",
            State::WaitingForLoop => "ready, waiting for the event loop",
            State::Idle => "idle",
            State::Done => "done",
            State::Deadlocked => "deadlocked: waits forever",
        }
    }

    pub fn is_running(self) -> bool {
        matches!(self, State::Starting | State::RunningWithGil | State::RunningWithoutGil)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    Core,
    Gil,
    MainThread,
    Thread,
    Process,
    Task,
    Interpreter,
    PoolThread,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lane {
    pub name: String,
    pub kind: LaneKind,
    /// Which box the lane is drawn in: "CPU cores", "main process", "P1 (process, spawn)", …
    pub group: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub lane: LaneId,
    pub start: Nanos,
    pub end: Nanos,
    pub state: State,
    /// On core and GIL lanes: the thread's lane.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<LaneId>,
}
