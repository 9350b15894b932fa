//! The OS scheduler: runnable threads get an idle core, or queue for one; a thread that has run a
//! whole time slice while others wait is preempted to the back of the queue (round robin).

use super::{Action, CoreId, Engine, OnCore, ThreadId};
use crate::lanes::State;
use crate::trace::EventKind;

impl Engine<'_> {
    pub(super) fn make_runnable(&mut self, thread: ThreadId) {
        debug_assert!(self.threads[thread].core.is_none());
        // Like Linux, prefer the core the thread last ran on (its caches are warm there).
        let previous =
            self.threads[thread].last_core.filter(|core| self.cores[*core].occupant.is_none());
        match previous.or_else(|| self.cores.iter().position(|core| core.occupant.is_none())) {
            Some(core) => {
                self.assign(core, thread);
                self.dispatch(thread);
            }
            None => {
                self.run_queue.push_back(thread);
                self.set_state(thread, State::WaitingForCore);
                self.arm_time_slices();
            }
        }
    }

    fn assign(&mut self, core: CoreId, thread: ThreadId) {
        let now = self.now;
        let core_ref = &mut self.cores[core];
        core_ref.occupant = Some(thread);
        core_ref.since = now;
        core_ref.epoch += 1;
        core_ref.slice_armed = false;
        self.threads[thread].core = Some(core);
        self.threads[thread].last_core = Some(core);
        self.arm_time_slices();
    }

    /// Does what the thread came onto the core to do.
    fn dispatch(&mut self, thread: ThreadId) {
        let on_core = std::mem::replace(&mut self.threads[thread].on_core, OnCore::Continue);
        match on_core {
            OnCore::Continue => self.continue_on_core(thread),
            OnCore::TakeGil => self.take_gil(thread),
            OnCore::Recheck => self.recheck_gil(thread),
            OnCore::AfterSwitch => {
                let then = self.threads[thread]
                    .after_switch
                    .take()
                    .expect("a forced switch always defers an action");
                self.carry_out(thread, then);
            }
        }
    }

    /// The thread blocks or sleeps: its core goes to the next thread in the run queue.
    pub(super) fn leave_core(&mut self, thread: ThreadId) {
        let Some(core) = self.threads[thread].core.take() else { return };
        self.threads[thread].epoch += 1;
        self.cores[core].occupant = None;
        self.cores[core].epoch += 1;
        self.recorder.set(self.cores[core].lane, None, self.now);
        if let Some(next) = self.run_queue.pop_front() {
            self.assign(core, next);
            self.dispatch(next);
        }
    }

    fn arm_time_slices(&mut self) {
        if self.run_queue.is_empty() {
            return;
        }
        let slice = self.costs.os_time_slice;
        for core in 0..self.cores.len() {
            let core_ref = &mut self.cores[core];
            if core_ref.occupant.is_some() && !core_ref.slice_armed {
                core_ref.slice_armed = true;
                let at = (core_ref.since + slice).max(self.now);
                let epoch = core_ref.epoch;
                self.schedule(at, Action::SliceEnd(core), epoch);
            }
        }
    }

    pub(super) fn slice_end(&mut self, core: CoreId) {
        self.cores[core].slice_armed = false;
        let Some(next) = self.run_queue.pop_front() else { return };
        let preempted =
            self.cores[core].occupant.take().expect("an armed slice belongs to a busy core");
        self.pause_step(preempted);
        if self.threads[preempted].gil.is_none() {
            // Without a GIL, other threads may write while this one sits between a read and its write.
            self.keep_read_if_inside(preempted, false);
        }
        self.threads[preempted].core = None;
        self.threads[preempted].on_core = OnCore::Continue;
        self.run_queue.push_back(preempted);
        self.set_state(preempted, State::WaitingForCore);
        self.counters.preemptions += 1;
        let lanes = (self.threads[preempted].lane, self.threads[next].lane);
        self.recorder.event(self.now, EventKind::Preempted, lanes.0, Some(lanes.1), 0);
        self.assign(core, next);
        self.dispatch(next);
    }
}
