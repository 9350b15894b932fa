//! A deadlock as the trace reports it: when the run found that nothing left could wake its blocked
//! threads, and who waits for what (and for whom).

use serde::Serialize;

use super::lanes::LaneId;
use super::time::{Nanos, MILLISECOND};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadlock {
    /// When the run found no runnable thread, no pending timer or I/O, and threads still blocked:
    /// nothing happens after it (the trace goes on to [`Deadlock::trace_end`] to show the waits).
    pub at: Nanos,
    /// The threads blocked on a lock, a queue or an event, in the order they were created.
    pub waits: Vec<DeadlockWait>,
}

/// One thread that waits forever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlockWait {
    pub thread: String,
    pub lane: LaneId,
    pub on: WaitOn,
    /// The lock's, queue's or event's name in the programs.
    pub name: String,
    /// The process or interpreter whose object it is, as the lanes' group: "main process", "P1 (process, fork)", …
    pub group: String,
    /// For a lock: the thread that holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// What a deadlocked thread is blocked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitOn {
    /// `lock.acquire()` on a lock another thread (or itself) holds.
    Lock,
    /// `queue.get()` on an empty queue.
    Get,
    /// `queue.put()` on a full queue.
    Put,
    /// `event.wait()` on an event that is not set.
    Event,
}

impl DeadlockWait {
    /// "A waits for lock b, held by B".
    pub fn describe(&self) -> String {
        let (thread, name) = (&self.thread, &self.name);
        match (self.on, &self.holder) {
            (WaitOn::Lock, Some(holder)) if holder == thread => {
                format!("{thread} waits for lock {name}, which it holds itself")
            }
            (WaitOn::Lock, Some(holder)) => {
                format!("{thread} waits for lock {name}, held by {holder}")
            }
            (WaitOn::Lock, None) => format!("{thread} waits for lock {name}"),
            (WaitOn::Get, _) => format!("{thread} waits to get from queue {name}, which is empty"),
            (WaitOn::Put, _) => format!("{thread} waits to put into queue {name}, which is full"),
            (WaitOn::Event, _) => format!("{thread} waits for event {name}, which is not set"),
        }
    }
}

impl Deadlock {
    /// Where the trace ends: a tenth of the run (at least 1 ms) after the deadlock was found, so
    /// that a timeline shows the threads that wait forever, the last of which began to wait at `at`.
    pub fn trace_end(&self) -> Nanos {
        self.at.saturating_add((self.at / 10).max(MILLISECOND))
    }

    /// Every wait in one sentence: "A waits for lock b, held by B; B waits for lock a, held by A."
    pub fn describe(&self) -> String {
        let waits: Vec<String> = self.waits.iter().map(DeadlockWait::describe).collect();
        format!("{}.", waits.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(thread: &str, on: WaitOn, name: &str, holder: Option<&str>) -> DeadlockWait {
        DeadlockWait {
            thread: thread.into(),
            lane: 0,
            on,
            name: name.into(),
            group: "main process".into(),
            holder: holder.map(Into::into),
        }
    }

    #[test]
    fn names_who_waits_for_whom() {
        let deadlock = Deadlock {
            at: 0,
            waits: vec![
                wait("A", WaitOn::Lock, "b", Some("B")),
                wait("B", WaitOn::Lock, "a", Some("A")),
            ],
        };
        assert_eq!(
            deadlock.describe(),
            "A waits for lock b, held by B; B waits for lock a, held by A."
        );
        assert_eq!(
            wait("A", WaitOn::Lock, "a", Some("A")).describe(),
            "A waits for lock a, which it holds itself"
        );
        assert_eq!(
            wait("c", WaitOn::Get, "jobs", None).describe(),
            "c waits to get from queue jobs, which is empty"
        );
        assert_eq!(
            wait("p", WaitOn::Put, "jobs", None).describe(),
            "p waits to put into queue jobs, which is full"
        );
        assert_eq!(
            wait("w", WaitOn::Event, "go", None).describe(),
            "w waits for event go, which is not set"
        );
    }
}
