//! Shared variables and locks: what `increment` and `lock` do to a process's memory. (A thread
//! that blocks on a lock waits like one blocked on a queue or an event: see `handoffs`.)
//!
//! An `increment` statement runs as one Python step; its increments are applied to the variable
//! whenever the step stops or ends (nothing else can look at the variable in between). A GIL holder
//! switched out at a check point between a read and its write keeps a stale read, and writes it back
//! when it runs again, over whatever others wrote meanwhile. Free-threaded threads that increment the
//! same variable on different cores lose a share of their updates while they overlap.

use std::collections::VecDeque;

use super::handoffs::Wanted;
use super::{BlockReason, Engine, LockId, ThreadId};
use crate::increments::ReadWriteShape;
use crate::lanes::LaneId;
use crate::time::Nanos;
use crate::trace::{EventKind, LostCause, LostUpdate};

pub(super) type VariableId = usize;

/// Simultaneous increments' expected losses are accumulated in millionths, so fractions carry over.
const LOST_SCALE: u128 = 1_000_000;

#[derive(Debug)]
pub(super) struct SharedVariable {
    pub(super) memory: usize,
    pub(super) name: String,
    pub(super) value: u64,
    pub(super) expected: u64,
    last_writer: Option<LaneId>,
    /// Free-threaded: the threads incrementing it on a core right now, and since when they are counted.
    runners: Vec<ThreadId>,
    settled_at: Nanos,
    lost_carry: u128,
}

#[derive(Debug)]
pub(super) struct SharedLock {
    pub(super) memory: usize,
    pub(super) name: String,
    pub(super) holder: Option<ThreadId>,
    waiters: VecDeque<ThreadId>,
}

/// A thread's `increment` statement in progress.
#[derive(Debug, Clone, Copy)]
pub(super) struct IncrementRun {
    variable: VariableId,
    count: u64,
    cost: Nanos,
    shape: ReadWriteShape,
    /// Increments already added to the variable.
    applied: u64,
    /// A read not yet written back: the thread was switched out between them.
    stale: Option<u64>,
}

impl IncrementRun {
    /// Work done so far, given what is left of the step.
    fn worked(&self, remaining: Nanos) -> Nanos {
        let total = self.count.saturating_mul(self.cost);
        total - remaining.min(total)
    }
}

impl Engine<'_> {
    pub(super) fn variable_id(&mut self, memory: usize, name: &str) -> VariableId {
        if let Some(index) = self
            .variables
            .iter()
            .position(|variable| variable.memory == memory && variable.name == name)
        {
            return index;
        }
        self.variables.push(SharedVariable {
            memory,
            name: name.to_string(),
            value: 0,
            expected: 0,
            last_writer: None,
            runners: Vec::new(),
            settled_at: 0,
            lost_carry: 0,
        });
        self.variables.len() - 1
    }

    pub(super) fn lock_id(&mut self, memory: usize, name: &str) -> LockId {
        if let Some(index) =
            self.locks.iter().position(|lock| lock.memory == memory && lock.name == name)
        {
            return index;
        }
        self.locks.push(SharedLock {
            memory,
            name: name.to_string(),
            holder: None,
            waiters: VecDeque::new(),
        });
        self.locks.len() - 1
    }

    /// Starts `count` increments as one Python step.
    pub(super) fn start_increments(
        &mut self,
        thread: ThreadId,
        variable: VariableId,
        count: u32,
        via_call: bool,
    ) {
        let python = self.scenario.python;
        let cost = self.costs.increment(via_call, python.free_threaded);
        let shape = ReadWriteShape::of(python, via_call);
        self.threads[thread].increments = Some(IncrementRun {
            variable,
            count: count as u64,
            cost,
            shape,
            applied: 0,
            stale: None,
        });
        self.start_step(thread, super::StepKind::Python, cost.saturating_mul(count as u64));
    }

    /// Increments completed by a running thread at this instant.
    fn increments_done(&self, thread: ThreadId, run: &IncrementRun) -> u64 {
        run.worked(self.work_left_now(thread)) / run.cost
    }

    /// The step starts or resumes: a stale read is written back now; a free-threaded runner starts to count.
    pub(super) fn increments_resume(&mut self, thread: ThreadId) {
        let Some(run) = self.threads[thread].increments else { return };
        if self.threads[thread].gil.is_none() {
            self.settle_simultaneous(run.variable);
            let runners = &mut self.variables[run.variable].runners;
            if !runners.contains(&thread) {
                runners.push(thread);
            }
        }
        if let Some(stale) = run.stale {
            self.write_stale(thread, run.variable, stale);
            if let Some(run) = &mut self.threads[thread].increments {
                run.stale = None;
            }
        }
    }

    /// The step is about to stop or end (call before its progress is booked): adds what it did.
    pub(super) fn increments_stop(&mut self, thread: ThreadId) {
        let Some(run) = self.threads[thread].increments else { return };
        if self.threads[thread].gil.is_none() {
            self.settle_simultaneous(run.variable);
            self.variables[run.variable].runners.retain(|runner| *runner != thread);
        } else {
            let done = self.increments_done(thread, &run);
            let lane = self.threads[thread].lane;
            let variable = &mut self.variables[run.variable];
            let new = done - run.applied;
            variable.value += new;
            variable.expected += new;
            if new > 0 {
                variable.last_writer = Some(lane);
            }
            self.set_applied(thread, done);
        }
    }

    pub(super) fn increments_end(&mut self, thread: ThreadId) {
        self.increments_stop(thread);
        self.threads[thread].increments = None;
    }

    fn set_applied(&mut self, thread: ThreadId, done: u64) {
        if let Some(run) = &mut self.threads[thread].increments {
            run.applied = done;
        }
    }

    /// A paused thread that others may now write past: if it stopped between a read and its write,
    /// it keeps the read. Where in its increment it stopped is below the model's resolution (every
    /// cost is a whole number of ns, so the clock alone would always say "between increments"); it
    /// is drawn from the scenario's PRNG. `at_check_point`: it stopped at an eval-breaker check
    /// point (the GIL); otherwise at any instruction (the OS, in a free-threaded build).
    pub(super) fn keep_read_if_inside(&mut self, thread: ThreadId, at_check_point: bool) {
        let Some(run) = self.threads[thread].increments else { return };
        let position = self.rng.rand_range(0..run.cost);
        let inside = if at_check_point {
            run.shape.holds_read_at(run.shape.next_check_point(position, run.cost).0)
        } else {
            run.shape.holds_read_at_position(position, run.cost)
        };
        if inside {
            let value = self.variables[run.variable].value;
            if let Some(run) = &mut self.threads[thread].increments {
                run.stale = Some(value);
            }
        }
    }

    /// Writes `stale + 1` (the +1 is booked when the increment in flight completes).
    fn write_stale(&mut self, thread: ThreadId, variable_id: VariableId, stale: u64) {
        let lane = self.threads[thread].lane;
        let variable = &mut self.variables[variable_id];
        let overwritten = variable.value;
        let previous_writer = variable.last_writer;
        variable.value = stale;
        variable.last_writer = Some(lane);
        let lost = overwritten as i64 - stale as i64;
        if lost != 0 {
            let update = LostUpdate {
                variable: variable_id,
                cause: LostCause::StaleWrite,
                written: stale + 1,
                overwritten,
                lost,
            };
            self.record_lost(lane, previous_writer, update);
        }
    }

    /// Free-threaded: books the increments of the threads running on `variable` since it was last
    /// settled, and the updates they lost by overlapping: for each pair, the other's writes that
    /// fall inside one's read-write window, `overlap × (w₁ + w₂) / (c₁ × c₂)`, at most all but the
    /// largest share of what they did.
    fn settle_simultaneous(&mut self, variable_id: VariableId) {
        let since = std::mem::replace(&mut self.variables[variable_id].settled_at, self.now);
        let overlap = (self.now - since) as u128;
        let runners = self.variables[variable_id].runners.clone();
        let mut done_total = 0u64;
        let mut done_most = 0u64;
        let mut windows = Vec::with_capacity(runners.len());
        for &runner in &runners {
            let Some(run) = self.threads[runner].increments else { continue };
            let done = self.increments_done(runner, &run);
            let new = done - run.applied;
            self.set_applied(runner, done);
            done_total += new;
            done_most = done_most.max(new);
            windows.push((
                run.cost as u128,
                run.shape.inside as u128,
                run.shape.check_points as u128,
            ));
        }
        let mut expected_lost = 0u128;
        for (index, &(cost_a, inside_a, points_a)) in windows.iter().enumerate() {
            for &(cost_b, inside_b, points_b) in &windows[index + 1..] {
                let numerator = overlap
                    * LOST_SCALE
                    * (inside_a * points_b * cost_a + inside_b * points_a * cost_b);
                expected_lost += numerator / (points_a * points_b * cost_a * cost_b);
            }
        }
        let variable = &mut self.variables[variable_id];
        variable.lost_carry += expected_lost;
        let lost = ((variable.lost_carry / LOST_SCALE) as u64).min(done_total - done_most);
        variable.lost_carry %= LOST_SCALE;
        let overwritten = variable.value + done_total;
        variable.value = overwritten - lost;
        variable.expected += done_total;
        if lost > 0 {
            let lanes: Vec<LaneId> =
                runners.iter().map(|runner| self.threads[*runner].lane).collect();
            let update = LostUpdate {
                variable: variable_id,
                cause: LostCause::Simultaneous,
                written: overwritten - lost,
                overwritten,
                lost: lost as i64,
            };
            self.record_lost(lanes[0], lanes.get(1).copied(), update);
        }
    }

    fn record_lost(&mut self, lane: LaneId, other: Option<LaneId>, update: LostUpdate) {
        self.lost_updates.push(update);
        self.recorder.event(
            self.now,
            EventKind::UpdatesLost,
            lane,
            other,
            (self.lost_updates.len() - 1) as u64,
        );
    }

    /// `lock.acquire()`: takes a free lock (paying its cost as Python work), or releases the GIL and blocks.
    pub(super) fn acquire_lock(&mut self, thread: ThreadId, lock: LockId) {
        match self.locks[lock].holder {
            None => {
                self.locks[lock].holder = Some(thread);
                self.run_python_cost(thread, self.costs.lock);
            }
            Some(holder) => {
                let holder_lane = self.threads[holder].lane;
                self.block_on(thread, Wanted::Lock(lock), EventKind::LockWaited, Some(holder_lane));
            }
        }
    }

    /// `lock.release()`: wakes the longest waiter, which must still win the lock when it runs.
    pub(super) fn release_lock(&mut self, thread: ThreadId, lock: LockId) {
        self.locks[lock].holder = None;
        if let Some(waiter) = self.locks[lock].waiters.pop_front() {
            self.wake_if_blocked(waiter, BlockReason::Primitive);
        }
        self.proceed(thread);
    }

    pub(super) fn lock_is_free(&self, lock: LockId) -> bool {
        self.locks[lock].holder.is_none()
    }

    pub(super) fn add_lock_waiter(&mut self, lock: LockId, thread: ThreadId) {
        self.locks[lock].waiters.push_back(thread);
    }
}
