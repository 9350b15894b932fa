//! Deadlock detection. When the queue of actions runs dry, nothing can happen any more: no thread
//! is runnable, no timer or I/O is pending. Threads still blocked on a lock, a queue or an event
//! then wait forever, so the run ends there and reports who waits for what.

use super::handoffs::Wanted;
use super::{BlockReason, Engine, ThreadId};
use crate::deadlock::{Deadlock, DeadlockWait, WaitOn};
use crate::lanes::{LaneId, State};
use crate::trace::EventKind;

impl Engine<'_> {
    /// Call once the queue is empty: reports a deadlock and returns true if threads wait forever.
    pub(super) fn detect_deadlock(&mut self) -> bool {
        let stuck: Vec<(ThreadId, Wanted)> = self
            .threads
            .iter()
            .enumerate()
            .filter(|(_, thread)| {
                thread.finished_at.is_none() && thread.blocked_on == Some(BlockReason::Primitive)
            })
            .filter_map(|(id, thread)| thread.wanted.map(|wanted| (id, wanted)))
            .collect();
        let Some(&(first, _)) = stuck.first() else { return false };
        // A GIL timer may have fired after the last change, doing nothing: the deadlock was
        // complete at the last change.
        let at = self.recorder.last_change();
        let mut waits = Vec::with_capacity(stuck.len());
        for (thread, wanted) in stuck {
            let (wait, holder) = self.wait_of(thread, wanted);
            let since = self.threads[thread].wanted_since;
            self.recorder.relabel_since(
                self.threads[thread].lane,
                (State::Deadlocked, holder),
                since,
            );
            waits.push(wait);
        }
        let count = waits.len() as u64;
        self.deadlock = Some(Deadlock { at, waits });
        self.recorder.event(at, EventKind::Deadlocked, self.threads[first].lane, None, count);
        true
    }

    /// What `thread` waits for, and the lane of the thread holding it (for a lock).
    fn wait_of(&self, thread: ThreadId, wanted: Wanted) -> (DeadlockWait, Option<LaneId>) {
        let (on, name, memory, holder) = match wanted {
            Wanted::Lock(lock) => {
                let lock = &self.locks[lock];
                (
                    WaitOn::Lock,
                    &lock.name,
                    lock.memory,
                    lock.holder.map(|holder| self.threads[holder].lane),
                )
            }
            Wanted::Get(queue) => {
                (WaitOn::Get, &self.queues[queue].name, self.queues[queue].memory, None)
            }
            Wanted::Put(queue) => {
                (WaitOn::Put, &self.queues[queue].name, self.queues[queue].memory, None)
            }
            Wanted::Event { event, .. } => {
                (WaitOn::Event, &self.events[event].name, self.events[event].memory, None)
            }
        };
        let lane = self.threads[thread].lane;
        let wait = DeadlockWait {
            thread: self.recorder.lane_name(lane).to_string(),
            lane,
            on,
            name: name.clone(),
            group: self.memory_groups[memory].clone(),
            holder: holder.map(|holder| self.recorder.lane_name(holder).to_string()),
        };
        (wait, holder)
    }
}
