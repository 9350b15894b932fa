//! Hand-offs between threads: `queue.Queue` (`put`, `get`) and `threading.Event` (`set`, `wait`,
//! `clear`), per process like locks, and what a thread blocked on a lock, a queue or an event waits for.
//!
//! As in `Lib/queue.py` and `Lib/threading.py`, a call that must wait sleeps on a lock inside a
//! `Condition`, which releases the GIL; `notify` wakes one waiter (`put` wakes a getter, `get` a
//! putter) and `Event.set` wakes them all. A woken thread takes the GIL back like any waiter; a
//! queue waiter then looks again (another thread may have been first) and waits again if it must,
//! while an event waiter returns even if the event was cleared meanwhile.

use std::collections::VecDeque;

use super::{BlockReason, Engine, LockId, Then, ThreadId};
use crate::lanes::{LaneId, State};
use crate::time::Nanos;
use crate::trace::EventKind;

pub(super) type QueueId = usize;
pub(super) type EventId = usize;

/// What a blocked thread waits for, to try again when it is woken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wanted {
    Lock(LockId),
    Get(QueueId),
    Put(QueueId),
    /// `sets_seen`: the event's number of `set()` calls when the wait began; a later one releases it.
    Event {
        event: EventId,
        sets_seen: u64,
    },
}

/// A `put`, `get`, `set`, `wait` or `clear` on one process's queue or event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Handoff {
    Put(QueueId),
    Get(QueueId),
    Set(EventId),
    Wait(EventId),
    Clear(EventId),
}

#[derive(Debug)]
pub(super) struct SharedQueue {
    pub(super) memory: usize,
    pub(super) name: String,
    /// `maxsize`; `None` for an unbounded queue.
    bound: Option<u32>,
    items: u64,
    getters: VecDeque<ThreadId>,
    putters: VecDeque<ThreadId>,
}

#[derive(Debug)]
pub(super) struct SharedEvent {
    pub(super) memory: usize,
    pub(super) name: String,
    flag: bool,
    sets: u64,
    waiters: Vec<ThreadId>,
}

impl SharedQueue {
    fn has_room(&self) -> bool {
        self.bound.is_none_or(|bound| self.items < bound as u64)
    }
}

impl Engine<'_> {
    pub(super) fn queue_id(&mut self, memory: usize, name: &str) -> QueueId {
        if let Some(index) =
            self.queues.iter().position(|queue| queue.memory == memory && queue.name == name)
        {
            return index;
        }
        let bound = self
            .queue_bounds
            .iter()
            .find(|(at, declared, _)| *at == memory && declared == name)
            .map(|(_, _, bound)| *bound);
        let queue = SharedQueue {
            memory,
            name: name.to_string(),
            bound,
            items: 0,
            getters: VecDeque::new(),
            putters: VecDeque::new(),
        };
        self.queues.push(queue);
        self.queues.len() - 1
    }

    pub(super) fn event_id(&mut self, memory: usize, name: &str) -> EventId {
        if let Some(index) =
            self.events.iter().position(|event| event.memory == memory && event.name == name)
        {
            return index;
        }
        self.events.push(SharedEvent {
            memory,
            name: name.to_string(),
            flag: false,
            sets: 0,
            waiters: Vec::new(),
        });
        self.events.len() - 1
    }

    pub(super) fn handoff(&mut self, thread: ThreadId, op: Handoff) {
        match op {
            Handoff::Put(queue) => self.put(thread, queue),
            Handoff::Get(queue) => self.get(thread, queue),
            Handoff::Set(event) => self.set_event(thread, event),
            Handoff::Wait(event) => self.wait_event(thread, event, self.events[event].sets),
            Handoff::Clear(event) => {
                self.events[event].flag = false;
                self.run_python_cost(thread, self.costs.event);
            }
        }
    }

    /// A woken thread, back on a core with the GIL, tries again what it blocked on.
    pub(super) fn retry(&mut self, thread: ThreadId, wanted: Wanted) {
        match wanted {
            Wanted::Lock(lock) => self.acquire_lock(thread, lock),
            Wanted::Get(queue) => self.get(thread, queue),
            Wanted::Put(queue) => self.put(thread, queue),
            Wanted::Event { event, sets_seen } => self.wait_event(thread, event, sets_seen),
        }
    }

    fn get(&mut self, thread: ThreadId, queue: QueueId) {
        if self.queues[queue].items == 0 {
            return self.block_on(thread, Wanted::Get(queue), EventKind::GetWaited, None);
        }
        self.queues[queue].items -= 1;
        if let Some(putter) = self.queues[queue].putters.pop_front() {
            self.wake_if_blocked(putter, BlockReason::Primitive);
        }
        self.run_python_cost(thread, self.costs.queue);
    }

    fn put(&mut self, thread: ThreadId, queue: QueueId) {
        if !self.queues[queue].has_room() {
            return self.block_on(thread, Wanted::Put(queue), EventKind::PutWaited, None);
        }
        self.queues[queue].items += 1;
        if let Some(getter) = self.queues[queue].getters.pop_front() {
            self.wake_if_blocked(getter, BlockReason::Primitive);
        }
        self.run_python_cost(thread, self.costs.queue);
    }

    fn set_event(&mut self, thread: ThreadId, event: EventId) {
        let event_ref = &mut self.events[event];
        event_ref.flag = true;
        event_ref.sets += 1;
        let waiters = std::mem::take(&mut event_ref.waiters);
        self.recorder.event(
            self.now,
            EventKind::EventSet,
            self.threads[thread].lane,
            None,
            waiters.len() as u64,
        );
        for waiter in waiters {
            self.wake_if_blocked(waiter, BlockReason::Primitive);
        }
        self.run_python_cost(thread, self.costs.event);
    }

    fn wait_event(&mut self, thread: ThreadId, event: EventId, sets_seen: u64) {
        if self.event_released(event, sets_seen) {
            self.run_python_cost(thread, self.costs.event);
        } else {
            self.block_on(thread, Wanted::Event { event, sets_seen }, EventKind::EventWaited, None);
        }
    }

    fn event_released(&self, event: EventId, sets_seen: u64) -> bool {
        self.events[event].flag || self.events[event].sets > sets_seen
    }

    /// The thread cannot have what it asked for: it releases the GIL and blocks until woken.
    pub(super) fn block_on(
        &mut self,
        thread: ThreadId,
        wanted: Wanted,
        kind: EventKind,
        other: Option<LaneId>,
    ) {
        self.threads[thread].wanted = Some(wanted);
        self.recorder.event(self.now, kind, self.threads[thread].lane, other, 0);
        self.release_gil(thread, Then::Block(BlockReason::Primitive));
    }

    /// Whether what the thread blocks for became available while it let go of the GIL.
    pub(super) fn wanted_is_available(&self, thread: ThreadId) -> bool {
        match self.threads[thread].wanted {
            Some(Wanted::Lock(lock)) => self.lock_is_free(lock),
            Some(Wanted::Get(queue)) => self.queues[queue].items > 0,
            Some(Wanted::Put(queue)) => self.queues[queue].has_room(),
            Some(Wanted::Event { event, sets_seen }) => self.event_released(event, sets_seen),
            None => false,
        }
    }

    /// The thread goes to sleep on what it wants, to be woken by a release, a put, a get or a set.
    pub(super) fn sleep_on_wanted(&mut self, thread: ThreadId) {
        match self.threads[thread].wanted {
            Some(Wanted::Lock(lock)) => self.add_lock_waiter(lock, thread),
            Some(Wanted::Get(queue)) => self.queues[queue].getters.push_back(thread),
            Some(Wanted::Put(queue)) => self.queues[queue].putters.push_back(thread),
            Some(Wanted::Event { event, .. }) => self.events[event].waiters.push(thread),
            None => {}
        }
        self.threads[thread].wanted_since = self.now;
        self.set_state(thread, State::Blocked);
    }

    /// The cost of a call that did not wait, as Python work; none at all when it is zero.
    pub(super) fn run_python_cost(&mut self, thread: ThreadId, cost: Nanos) {
        if cost > 0 {
            self.start_step(thread, super::StepKind::Python, cost);
        } else {
            self.proceed(thread);
        }
    }
}
