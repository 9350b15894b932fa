//! How a thread moves through its work: running steps on a core, pausing them, and what it does
//! between steps (start the next, release the GIL first, block, or finish).

use super::roles::Next;
use super::{Action, ActiveStep, Engine, OnCore, StepKind, Then, ThreadId};
use crate::lanes::State;
use crate::program::WorkKind;
use crate::time::Nanos;
use crate::trace::EventKind;

impl Engine<'_> {
    /// On a core, holding the GIL if its interpreter has one: run the step in progress or start the next.
    pub(super) fn continue_on_core(&mut self, thread: ThreadId) {
        if self.threads[thread].step.is_some() {
            self.run_step(thread);
        } else {
            self.proceed(thread);
        }
    }

    pub(super) fn start_step(&mut self, thread: ThreadId, kind: StepKind, duration: Nanos) {
        self.threads[thread].step = Some(ActiveStep { kind, remaining: duration, overhead_due: 0 });
        self.run_step(thread);
    }

    /// Runs the step: first any old-GIL signalling cost still owed, then its work; the first GIL
    /// check point comes after that cost.
    pub(super) fn run_step(&mut self, thread: ThreadId) {
        let now = self.now;
        let thread_ref = &mut self.threads[thread];
        let step = thread_ref.step.expect("run_step needs a step");
        thread_ref.run_started = now;
        thread_ref.epoch += 1;
        let state = match step.kind {
            StepKind::Starting => State::Starting,
            _ if thread_ref.holds_gil => State::RunningWithGil,
            _ => State::RunningWithoutGil,
        };
        self.set_state(thread, state);
        if self.threads[thread].increments.is_some() {
            self.increments_resume(thread);
        }
        self.schedule_for(
            now + step.overhead_due + step.remaining,
            Action::StepDone(thread),
            thread,
        );
        if step.kind == StepKind::Python && self.threads[thread].holds_gil {
            self.schedule_gil_check(thread, step.overhead_due);
        }
    }

    /// Stops the running step (preemption, check point), keeping what is left of it.
    pub(super) fn pause_step(&mut self, thread: ThreadId) {
        if self.threads[thread].increments.is_some() {
            self.increments_stop(thread);
        }
        let now = self.now;
        let thread_ref = &mut self.threads[thread];
        thread_ref.epoch += 1;
        let ran = now - thread_ref.run_started;
        if let Some(step) = &mut thread_ref.step {
            let paid = ran.min(step.overhead_due);
            step.overhead_due -= paid;
            step.remaining -= ran - paid;
            let kind = step.kind;
            self.account(kind, ran);
        }
    }

    /// What is left of the running step at this instant, owed overhead included.
    pub(super) fn remaining_now(&self, thread: ThreadId) -> Nanos {
        let thread_ref = &self.threads[thread];
        thread_ref.step.map_or(0, |step| {
            step.overhead_due + step.remaining - (self.now - thread_ref.run_started)
        })
    }

    /// What is left of the running step's work at this instant, without any overhead still owed.
    pub(super) fn work_left_now(&self, thread: ThreadId) -> Nanos {
        let thread_ref = &self.threads[thread];
        thread_ref.step.map_or(0, |step| {
            let ran = self.now - thread_ref.run_started;
            step.remaining - (ran - ran.min(step.overhead_due))
        })
    }

    fn account(&mut self, kind: StepKind, ran: Nanos) {
        let work = &mut self.counters.work;
        let slot = match kind {
            StepKind::Python => &mut work.cpu,
            StepKind::NativeGil => &mut work.native_gil,
            StepKind::Native => &mut work.native,
            StepKind::Starting | StepKind::Launch(_) => &mut work.starting,
            StepKind::Pickle(_) | StepKind::Unpickle => &mut work.pickling,
        };
        *slot += ran;
    }

    pub(super) fn step_done(&mut self, thread: ThreadId) {
        if self.threads[thread].increments.is_some() {
            self.increments_end(thread);
        }
        let step = self.threads[thread].step.take().expect("a step was running");
        self.account(step.kind, step.overhead_due + step.remaining);
        match step.kind {
            StepKind::Starting | StepKind::Native => self.take_gil(thread),
            StepKind::Launch(worker) => {
                self.spawn_worker(worker);
                self.after_gil_step(thread);
            }
            StepKind::Pickle(bytes) => {
                self.deliver(thread, bytes);
                self.after_gil_step(thread);
            }
            StepKind::Python | StepKind::NativeGil | StepKind::Unpickle => {
                self.after_gil_step(thread)
            }
        }
    }

    /// Between bytecodes the eval breaker is checked: a pending drop request is honoured here.
    fn after_gil_step(&mut self, thread: ThreadId) {
        if self.drop_requested_of_holder(thread) {
            self.forced_drop(thread);
        } else {
            self.proceed(thread);
        }
    }

    /// On a core, holding the GIL if it has one, with no step in progress: do the next thing.
    pub(super) fn proceed(&mut self, thread: ThreadId) {
        if let Some(wanted) = self.threads[thread].wanted.take() {
            return self.retry(thread, wanted);
        }
        match self.next_for(thread) {
            Next::Increment { variable, count, via_call } => {
                self.start_increments(thread, variable, count, via_call)
            }
            Next::Acquire(lock) => self.acquire_lock(thread, lock),
            Next::Release(lock) => self.release_lock(thread, lock),
            Next::Handoff(op) => self.handoff(thread, op),
            Next::Work(WorkKind::Cpu, duration) => {
                let duration = self.costs.python_work(duration, self.scenario.python.free_threaded);
                self.start_step(thread, StepKind::Python, duration);
            }
            Next::Work(WorkKind::NativeGil, duration) => {
                self.start_step(thread, StepKind::NativeGil, duration)
            }
            Next::Work(WorkKind::Native, duration) => {
                self.release_gil(thread, Then::Native(duration))
            }
            Next::Work(WorkKind::Io, duration) => {
                self.recorder.event(
                    self.now,
                    EventKind::IoStarted,
                    self.threads[thread].lane,
                    None,
                    duration,
                );
                self.release_gil(thread, Then::Io(duration));
            }
            Next::Step(kind, duration) => self.start_step(thread, kind, duration),
            Next::Block(reason) => self.release_gil(thread, Then::Block(reason)),
            Next::Finish => self.finish_thread(thread),
        }
    }

    /// On a core without the GIL: do what the thread let go of the GIL for.
    pub(super) fn carry_out(&mut self, thread: ThreadId, then: Then) {
        match then {
            Then::Native(duration) => self.start_step(thread, StepKind::Native, duration),
            Then::Io(duration) => {
                self.set_state(thread, State::Blocked);
                self.leave_core(thread);
                self.counters.work.io += duration;
                self.schedule_for(self.now + duration, Action::IoDone(thread), thread);
            }
            Then::Block(reason) if self.should_stay_awake(thread, reason) => self.take_gil(thread),
            Then::Block(reason) => {
                self.threads[thread].blocked_on = Some(reason);
                match reason {
                    super::BlockReason::PoolIdle => self.set_state(thread, State::Idle),
                    super::BlockReason::Primitive => self.sleep_on_wanted(thread),
                    _ => self.set_state(thread, State::Blocked),
                }
                self.leave_core(thread);
            }
            Then::Retake => self.take_gil(thread),
        }
    }

    pub(super) fn io_done(&mut self, thread: ThreadId) {
        self.recorder.event(self.now, EventKind::IoCompleted, self.threads[thread].lane, None, 0);
        self.threads[thread].io_done_at = Some(self.now);
        self.wake_after_latency(thread, OnCore::TakeGil);
    }

    fn finish_thread(&mut self, thread: ThreadId) {
        self.final_release(thread);
        self.threads[thread].finished_at = Some(self.now);
        self.set_state(thread, State::Done);
        self.leave_core(thread);
        self.recorder.event(self.now, EventKind::Finished, self.threads[thread].lane, None, 0);
        if thread == self.main {
            self.main_finished_at = self.now;
        } else {
            self.worker_finished();
        }
    }
}
