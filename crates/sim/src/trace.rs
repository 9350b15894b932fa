//! What a simulation returns: lanes of state spans ([`lanes`](super::lanes)), an event log, and
//! metrics.

use serde::Serialize;

use super::lanes::{Lane, LaneId, Span};
use super::metrics::Metrics;
use super::time::{format_duration, format_size, Nanos};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// `lane` was launched; `amount` is its start-up time.
    Launched,
    /// `lane` took the GIL; `other` is the previous holder when it changed hands; `amount` is how long it waited.
    GilTaken,
    /// `lane` released the GIL to block or run C code.
    GilReleased,
    /// `lane` waited a whole switch interval with no switch; it asks the holder `other` to drop the GIL.
    DropRequested,
    /// `lane` saw the drop request at a check point and dropped the GIL; it waits until another thread takes it.
    ForcedSwitch,
    /// `lane`'s release woke the waiter `other`.
    Signalled,
    /// `lane` woke up to find the GIL taken again by `other`.
    FutileWakeup,
    /// The OS took `lane`'s core (its time slice ran out) for `other`.
    Preempted,
    /// `lane` started `amount` of blocking I/O.
    IoStarted,
    IoCompleted,
    /// `lane` pickled `amount` bytes and sent them to the main process.
    Sent,
    /// The event loop started running task `lane`.
    LoopSwitched,
    /// Task `lane` handed a block to pool thread `other`.
    ToThread,
    Finished,
    // Kinds added later go last: the trace hash uses each kind's position.
    /// Increments of a shared variable were lost; `amount` is the index of the details in `Trace::lost_updates`.
    UpdatesLost,
    /// `lane` wants a lock that `other` holds: it releases the GIL and blocks until the lock is free.
    LockWaited,
    /// `lane` called `get` on an empty queue: it releases the GIL and blocks until an item is put.
    GetWaited,
    /// `lane` called `put` on a full queue: it releases the GIL and blocks until an item is taken.
    PutWaited,
    /// `lane` called `wait` on an event that is not set: it releases the GIL and blocks until it is set.
    EventWaited,
    /// `lane` set an event; `amount` is how many waiting threads it woke.
    EventSet,
    /// Nothing left can wake the blocked threads: the run ends. `lane` is the first of them, `amount`
    /// how many there are; `metrics.deadlock` says who waits for what.
    Deadlocked,
}

impl EventKind {
    pub const ALL: [EventKind; 21] = [
        EventKind::Launched,
        EventKind::GilTaken,
        EventKind::GilReleased,
        EventKind::DropRequested,
        EventKind::ForcedSwitch,
        EventKind::Signalled,
        EventKind::FutileWakeup,
        EventKind::Preempted,
        EventKind::IoStarted,
        EventKind::IoCompleted,
        EventKind::Sent,
        EventKind::LoopSwitched,
        EventKind::ToThread,
        EventKind::Finished,
        EventKind::UpdatesLost,
        EventKind::LockWaited,
        EventKind::GetWaited,
        EventKind::PutWaited,
        EventKind::EventWaited,
        EventKind::EventSet,
        EventKind::Deadlocked,
    ];

    /// The kind's name in files (`gil_taken`), as serde writes it.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Launched => "launched",
            EventKind::GilTaken => "gil_taken",
            EventKind::GilReleased => "gil_released",
            EventKind::DropRequested => "drop_requested",
            EventKind::ForcedSwitch => "forced_switch",
            EventKind::Signalled => "signalled",
            EventKind::FutileWakeup => "futile_wakeup",
            EventKind::Preempted => "preempted",
            EventKind::IoStarted => "io_started",
            EventKind::IoCompleted => "io_completed",
            EventKind::Sent => "sent",
            EventKind::LoopSwitched => "loop_switched",
            EventKind::ToThread => "to_thread",
            EventKind::Finished => "finished",
            EventKind::UpdatesLost => "updates_lost",
            EventKind::LockWaited => "lock_waited",
            EventKind::GetWaited => "get_waited",
            EventKind::PutWaited => "put_waited",
            EventKind::EventWaited => "event_waited",
            EventKind::EventSet => "event_set",
            EventKind::Deadlocked => "deadlocked",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Event {
    pub time: Nanos,
    pub kind: EventKind,
    pub lane: LaneId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<LaneId>,
    pub amount: u64,
}

/// Why increments were lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LostCause {
    /// The writer read the variable, was switched out before writing, and wrote its stale value + 1
    /// over what other threads had written meanwhile.
    StaleWrite,
    /// Free-threaded: threads ran their read-modify-writes at the same time on different cores.
    Simultaneous,
}

/// Details of an `UpdatesLost` event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LostUpdate {
    /// Index into `metrics.shared`.
    pub variable: usize,
    pub cause: LostCause,
    /// Stale write: the value written and the value it replaced. Simultaneous: the value after
    /// these increments and the value it would have had with none lost.
    pub written: u64,
    pub overwritten: u64,
    /// Increments lost; negative when a stale write puts back updates an earlier stale write had lost.
    pub lost: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    pub title: String,
    pub python: String,
    pub lanes: Vec<Lane>,
    /// Sorted by lane, then start; a lane's spans do not overlap.
    pub spans: Vec<Span>,
    /// In time order (ties in the order they happened).
    pub events: Vec<Event>,
    /// The details of the `UpdatesLost` events, in their order.
    pub lost_updates: Vec<LostUpdate>,
    pub metrics: Metrics,
}

impl Trace {
    pub fn lane_name(&self, lane: LaneId) -> &str {
        self.lanes.get(lane as usize).map_or("?", |lane| lane.name.as_str())
    }

    /// One plain-language sentence for an event, for the narration and the event log.
    pub fn describe(&self, event: &Event) -> String {
        let who = self.lane_name(event.lane);
        let other = event.other.map_or("another thread", |lane| self.lane_name(lane));
        let amount = format_duration(event.amount);
        match event.kind {
            EventKind::Launched if event.amount == 0 => format!("{who} is created."),
            EventKind::Launched => format!("{who} is launched; it needs {amount} to start up."),
            EventKind::GilTaken => match (event.other, event.amount) {
                (Some(_), 0) => format!("{who} takes the GIL from {other} without waiting."),
                (Some(_), _) => format!("{who} takes the GIL after waiting {amount}; {other} had it before."),
                (None, 0) => format!("{who} takes the free GIL."),
                (None, _) => format!("{who} takes the GIL after waiting {amount}."),
            },
            EventKind::GilReleased => format!("{who} releases the GIL while it blocks or runs C code."),
            EventKind::DropRequested => format!(
                "{who} waited {amount} and no switch happened: it sets the drop request, asking {other} to let go of the GIL."
            ),
            EventKind::ForcedSwitch => format!(
                "{who} reaches a check point, sees the drop request and drops the GIL; it may not take it back until another thread has had it."
            ),
            EventKind::Signalled => format!("{who}'s release of the GIL wakes {other}."),
            EventKind::FutileWakeup => {
                format!("{who} wakes up to take the GIL, but {other} already has it again: a futile wake-up.")
            }
            EventKind::Preempted => format!("{who}'s time slice is over: the OS gives its core to {other}."),
            EventKind::IoStarted => format!("{who} starts {amount} of blocking I/O."),
            EventKind::IoCompleted => format!("{who}'s I/O completes."),
            EventKind::Sent => format!("{who} pickles {} and sends it to the main process.", format_size(event.amount)),
            EventKind::LoopSwitched => format!("The event loop runs {who}."),
            EventKind::ToThread => format!("{who} awaits asyncio.to_thread: its block runs on {other}."),
            EventKind::UpdatesLost => self.describe_lost_update(who, other, event.amount),
            EventKind::LockWaited => format!("{who} wants the lock {other} holds: it releases the GIL and blocks until the lock is free."),
            EventKind::GetWaited => format!("{who} finds the queue empty: it releases the GIL and blocks until a thread puts an item."),
            EventKind::PutWaited => format!("{who} finds the queue full: it releases the GIL and blocks until a thread gets an item."),
            EventKind::EventWaited => format!("{who} waits for an event that is not set: it releases the GIL and blocks until a thread sets it."),
            EventKind::EventSet => match event.amount {
                0 => format!("{who} sets an event; no thread was waiting for it."),
                1 => format!("{who} sets an event and wakes the thread waiting for it."),
                woken => format!("{who} sets an event and wakes the {woken} threads waiting for it."),
            },
            EventKind::Deadlocked => {
                let waits = self.metrics.deadlock.as_ref().map_or(String::new(), |deadlock| format!(" {}", deadlock.describe()));
                format!("Deadlock: no thread can run and nothing pending can wake the blocked ones, so the run ends here.{waits}")
            }
            EventKind::Finished => format!("{who} finishes."),
        }
    }

    fn describe_lost_update(&self, who: &str, other: &str, index: u64) -> String {
        let Some(lost) = self.lost_updates.get(index as usize) else {
            return format!("{who} lost updates.");
        };
        let name =
            self.metrics.shared.get(lost.variable).map_or("?", |variable| variable.name.as_str());
        let (written, overwritten) = (lost.written, lost.overwritten);
        match lost.cause {
            LostCause::StaleWrite if lost.lost >= 0 => format!(
                "{who} wrote {name} = {written} over {other}'s {overwritten}: it had read {name} before it was switched out, so {} updates are lost.",
                lost.lost
            ),
            LostCause::StaleWrite => format!(
                "{who} wrote {name} = {written} over {other}'s {overwritten}, from a read made before it was switched out: it puts back {} updates an earlier stale write had lost.",
                -lost.lost
            ),
            LostCause::Simultaneous => format!(
                "{who} and {other} ran {name} += 1 at the same time on different cores: each overwrote some of the other's writes, so {} updates are lost ({name} = {written}, not {overwritten}).",
                lost.lost
            ),
        }
    }

    /// A stable 64-bit FNV-1a hash of everything simulated, the same on every platform.
    pub fn hash(&self) -> u64 {
        let mut hash = Fnv1a::default();
        for lane in &self.lanes {
            hash.bytes(lane.name.as_bytes());
            hash.word(lane.kind as u64);
        }
        for span in &self.spans {
            for word in [
                span.lane as u64,
                span.start,
                span.end,
                span.state as u64,
                span.who.map_or(u64::MAX, u64::from),
            ] {
                hash.word(word);
            }
        }
        for event in &self.events {
            for word in [
                event.time,
                event.kind as u64,
                event.lane as u64,
                event.other.map_or(u64::MAX, u64::from),
                event.amount,
            ] {
                hash.word(word);
            }
        }
        for lost in &self.lost_updates {
            for word in [
                lost.variable as u64,
                lost.cause as u64,
                lost.written,
                lost.overwritten,
                lost.lost as u64,
            ] {
                hash.word(word);
            }
        }
        hash.word(self.metrics.makespan);
        hash.0
    }
}

struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ *byte as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn word(&mut self, word: u64) {
        self.bytes(&word.to_le_bytes());
    }
}
