//! The GIL, as `Python/ceval_gil.c` implements it (3.2+), and the old GIL of 2.7/3.1.
//!
//! Switch-interval GIL: a waiter sleeps in a timed wait of one interval; if it times out and no
//! switch happened meanwhile, it sets the drop request. The holder drops the GIL at its next check
//! point and, because of FORCE_SWITCHING, sleeps until another thread has taken it. A release
//! signals one waiter. Old GIL: the holder releases and re-acquires every 100 ticks, signalling a
//! waiter that wakes too late to win.

use super::{Action, Engine, GilId, OnCore, Sleeper, Then, ThreadId};
use crate::lanes::State;
use crate::python::GilKind;
use crate::scenario::WakeOrder;
use crate::time::Nanos;
use crate::trace::EventKind;

impl Engine<'_> {
    /// `take_gil`: on a core, the thread takes a free GIL or sleeps until it is woken.
    pub(super) fn take_gil(&mut self, thread: ThreadId) {
        let Some(gil) = self.threads[thread].gil else {
            self.note_resumed(thread);
            return self.continue_on_core(thread);
        };
        if self.gils[gil].holder.is_none() {
            self.acquire(gil, thread);
            self.continue_on_core(thread);
        } else {
            self.sleep_on_gil(gil, thread);
        }
    }

    /// A woken waiter looks at the GIL again.
    pub(super) fn recheck_gil(&mut self, thread: ThreadId) {
        let gil = self.threads[thread].gil.expect("only GIL waiters are woken to recheck");
        if self.gils[gil].kind == GilKind::Old {
            self.gils[gil].waking -= 1;
            if self.wins_old_gil_race(gil) {
                self.steal_old_gil(gil);
            }
        }
        match self.gils[gil].holder {
            None => {
                self.acquire(gil, thread);
                self.continue_on_core(thread);
            }
            Some(holder) => {
                if self.gils[gil].kind == GilKind::Old {
                    self.counters.futile_wakeups += 1;
                    let lanes = (self.threads[thread].lane, self.threads[holder].lane);
                    self.recorder.event(
                        self.now,
                        EventKind::FutileWakeup,
                        lanes.0,
                        Some(lanes.1),
                        0,
                    );
                }
                self.sleep_on_gil(gil, thread);
            }
        }
    }

    /// Old GIL: a holder running Python releases and re-acquires every 100 ticks; a woken waiter
    /// that arrives in that instant wins. The model draws that chance from the scenario's PRNG.
    fn wins_old_gil_race(&mut self, gil: GilId) -> bool {
        let Some(holder) = self.gils[gil].holder else { return false };
        let holder_ref = &self.threads[holder];
        let in_python = holder_ref.core.is_some()
            && holder_ref.step.is_some_and(|step| step.kind == super::StepKind::Python);
        in_python && self.rng.rand_range(0..100) < self.costs.old_waiter_wins_percent as u64
    }

    /// The holder released the GIL for an instant and lost it: it finds it taken and must wait.
    fn steal_old_gil(&mut self, gil: GilId) {
        let holder = self.gils[gil].holder.expect("a race is run against a holder");
        self.pause_step(holder);
        self.keep_read_if_inside(holder, true);
        self.gils[gil].holder = None;
        self.threads[holder].holds_gil = false;
        self.recorder.set(self.gils[gil].lane, None, self.now);
        self.sleep_on_gil(gil, holder);
    }

    fn sleep_on_gil(&mut self, gil: GilId, thread: ThreadId) {
        self.threads[thread].waiting_since.get_or_insert(self.now);
        self.sequence += 1;
        let phase = self.now % self.timed_wait_period();
        let sleeper = Sleeper { thread, origin: self.now, phase, sequence: self.sequence };
        self.gils[gil].sleepers.push(sleeper);
        self.set_state(thread, State::WaitingForGil);
        self.leave_core(thread);
        match self.gils[gil].kind {
            GilKind::Old => self.arm_old_check(gil, 0),
            _ => self.consider_for_gil_timer(gil, sleeper),
        }
    }

    fn acquire(&mut self, gil: GilId, thread: ThreadId) {
        let now = self.now;
        let gil_ref = &mut self.gils[gil];
        gil_ref.holder = Some(thread);
        let previous = gil_ref.last_holder;
        let changed_hands = previous != Some(thread);
        if changed_hands {
            gil_ref.last_holder = Some(thread);
            gil_ref.last_switch_at = now;
            if previous.is_some() {
                self.counters.gil_handoffs += 1;
            }
            for waiter in std::mem::take(&mut self.gils[gil].switch_waiters) {
                self.wake_after_latency(waiter, OnCore::AfterSwitch);
            }
        }
        // take_gil clears a pending drop request whoever asked for it: the GIL has been handed over.
        self.gils[gil].drop_request = false;
        let thread_ref = &mut self.threads[thread];
        thread_ref.holds_gil = true;
        let waited = thread_ref.waiting_since.take().map_or(0, |since| now - since);
        let lane = thread_ref.lane;
        let from = previous.filter(|_| changed_hands).map(|previous| self.threads[previous].lane);
        self.recorder.event(now, EventKind::GilTaken, lane, from, waited);
        self.recorder.set(self.gils[gil].lane, Some((State::RunningWithGil, Some(lane))), now);
        self.note_resumed(thread);
        if self.gils[gil].kind == GilKind::SwitchInterval {
            self.refresh_gil_timer(gil);
        }
    }

    /// The I/O resume latency ends when the thread runs again with what it needs.
    fn note_resumed(&mut self, thread: ThreadId) {
        if let Some(done) = self.threads[thread].io_done_at.take() {
            self.counters.io_resume.push(self.now - done);
        }
    }

    /// `drop_gil` before blocking or running GIL-free C code. With a drop request pending the
    /// thread must first wait until another thread has taken the GIL (FORCE_SWITCHING).
    pub(super) fn release_gil(&mut self, thread: ThreadId, then: Then) {
        let gil = match self.threads[thread].gil {
            Some(gil) if self.threads[thread].holds_gil => gil,
            _ => return self.carry_out(thread, then),
        };
        let forced = self.gils[gil].kind == GilKind::SwitchInterval && self.gils[gil].drop_request;
        if then != Then::Retake {
            self.recorder.event(
                self.now,
                EventKind::GilReleased,
                self.threads[thread].lane,
                None,
                0,
            );
        }
        self.drop_gil(gil, thread);
        if forced {
            self.gils[gil].drop_request = false;
            self.gils[gil].switch_waiters.push(thread);
            self.counters.forced_switches += 1;
            let thread_ref = &mut self.threads[thread];
            thread_ref.after_switch = Some(then);
            if then == Then::Retake {
                thread_ref.waiting_since = Some(self.now);
            }
            self.set_state(thread, State::WaitingForGil);
            self.leave_core(thread);
        } else {
            self.carry_out(thread, then);
        }
    }

    /// A finishing thread releases the GIL without waiting for a switch (`final_release`).
    pub(super) fn final_release(&mut self, thread: ThreadId) {
        if let Some(gil) = self.threads[thread].gil.filter(|_| self.threads[thread].holds_gil) {
            self.drop_gil(gil, thread);
        }
    }

    fn drop_gil(&mut self, gil: GilId, thread: ThreadId) {
        self.gils[gil].holder = None;
        self.threads[thread].holds_gil = false;
        self.recorder.set(self.gils[gil].lane, None, self.now);
        self.signal_one(gil, thread);
        if self.gils[gil].kind == GilKind::SwitchInterval {
            self.refresh_gil_timer(gil);
        }
    }

    /// `COND_SIGNAL`: wakes one sleeping waiter, if there is one.
    fn signal_one(&mut self, gil: GilId, from: ThreadId) {
        let count = self.gils[gil].sleepers.len();
        if count == 0 {
            return;
        }
        // With one sleeper there is nothing to choose, so nothing is drawn from the PRNG.
        let index = match self.scenario.wake_order {
            _ if count == 1 => 0,
            WakeOrder::Fifo => self.longest_waiting_sleeper(gil),
            WakeOrder::Random => self.rng.rand_range(0..count as u64) as usize,
        };
        let sleeper = self.gils[gil].sleepers.remove(index);
        if self.gils[gil].kind == GilKind::Old {
            self.gils[gil].waking += 1;
        }
        let lanes = (self.threads[from].lane, self.threads[sleeper.thread].lane);
        self.recorder.event(self.now, EventKind::Signalled, lanes.0, Some(lanes.1), 0);
        self.wake_after_latency(sleeper.thread, OnCore::Recheck);
    }

    /// The sleeper whose current wait began first. A timed-out waiter waits again at the back of
    /// the queue, so with the switch-interval GIL that is the latest re-wait, not the first wait.
    fn longest_waiting_sleeper(&self, gil: GilId) -> usize {
        let gil_ref = &self.gils[gil];
        let period = self.timed_wait_period();
        let now_phase = self.now % period;
        let latest_wait = |sleeper: &Sleeper| match gil_ref.kind {
            GilKind::SwitchInterval => {
                let since_wait = if now_phase >= sleeper.phase {
                    now_phase - sleeper.phase
                } else {
                    now_phase + period - sleeper.phase
                };
                (self.now - since_wait).max(sleeper.origin)
            }
            _ => sleeper.origin,
        };
        (0..gil_ref.sleepers.len())
            .min_by_key(|index| {
                let sleeper = &gil_ref.sleepers[*index];
                (latest_wait(sleeper), sleeper.sequence)
            })
            .expect("signal_one only looks when there are sleepers")
    }

    pub(super) fn drop_requested_of_holder(&self, thread: ThreadId) -> bool {
        self.threads[thread].gil.is_some_and(|gil| {
            let gil = &self.gils[gil];
            gil.kind == GilKind::SwitchInterval && gil.drop_request && gil.holder == Some(thread)
        })
    }

    /// The holder drops the GIL at a check point because a waiter asked it to.
    pub(super) fn forced_drop(&mut self, thread: ThreadId) {
        self.recorder.event(self.now, EventKind::ForcedSwitch, self.threads[thread].lane, None, 0);
        self.release_gil(thread, Then::Retake);
    }

    pub(super) fn checkpoint(&mut self, thread: ThreadId) {
        if self.drop_requested_of_holder(thread) {
            self.pause_step(thread);
            self.keep_read_if_inside(thread, true);
            self.forced_drop(thread);
        }
    }

    /// Python code checks the eval breaker every few µs; C code that keeps the GIL does not.
    pub(super) fn schedule_gil_check(&mut self, thread: ThreadId, delay: Nanos) {
        let gil = self.threads[thread].gil.expect("a GIL holder has a GIL");
        match self.gils[gil].kind {
            GilKind::SwitchInterval if self.gils[gil].drop_request => {
                let latency = delay + self.costs.check_latency;
                if latency < self.remaining_now(thread) {
                    self.schedule_for(self.now + latency, Action::Checkpoint(thread), thread);
                }
            }
            GilKind::Old => self.arm_old_check(gil, delay),
            _ => {}
        }
    }

    /// Schedules the holder's next old-GIL check, if it is running Python while others want the GIL.
    fn arm_old_check(&mut self, gil: GilId, delay: Nanos) {
        let gil_ref = &self.gils[gil];
        let contended = !gil_ref.sleepers.is_empty() || gil_ref.waking > 0;
        let Some(holder) = gil_ref.holder else { return };
        let holder_ref = &self.threads[holder];
        let running_python = holder_ref.core.is_some()
            && holder_ref.step.is_some_and(|step| step.kind == super::StepKind::Python)
            && holder_ref.old_check_epoch != Some(holder_ref.epoch);
        let period = delay + self.costs.old_check_period;
        if contended && running_python && period < self.remaining_now(holder) {
            self.threads[holder].old_check_epoch = Some(self.threads[holder].epoch);
            self.schedule_for(self.now + period, Action::OldCheck(holder), holder);
        }
    }

    /// Old GIL, every 100 ticks: release and re-acquire at once. Signalling a sleeping waiter
    /// costs the holder the system calls before the next 100 ticks begin; with no waiter asleep
    /// (one woken earlier is still waiting for a core, as on one core) the release is a few
    /// uncontended mutex operations, too cheap to count.
    pub(super) fn old_check(&mut self, thread: ThreadId) {
        let gil = self.threads[thread].gil.expect("an old-GIL holder has a GIL");
        self.pause_step(thread);
        if !self.gils[gil].sleepers.is_empty() {
            let cost = self.costs.old_release_cost;
            if let Some(step) = &mut self.threads[thread].step {
                step.overhead_due += cost;
            }
            self.counters.work.old_gil_overhead += cost;
            self.signal_one(gil, thread);
        }
        self.run_step(thread);
    }

    /// Switch-interval GIL: keeps one timer for the earliest waiter timeout that matters — one
    /// that finds no switch since its wait began (and sets the drop request), or finds the GIL free.
    pub(super) fn refresh_gil_timer(&mut self, gil: GilId) {
        let next = self.timeout_window(gil).and_then(|window| {
            self.gils[gil]
                .sleepers
                .iter()
                .map(|sleeper| (window.relevant_timeout(sleeper), sleeper.sequence, sleeper.thread))
                .min()
                .map(|(at, _, thread)| (at, thread))
        });
        self.set_gil_timer(gil, next);
    }

    /// A new sleeper changes the timer only if its own relevant timeout comes first.
    fn consider_for_gil_timer(&mut self, gil: GilId, sleeper: Sleeper) {
        let Some(at) = self.timeout_window(gil).map(|window| window.relevant_timeout(&sleeper))
        else {
            return;
        };
        if self.gils[gil].timer.is_none_or(|(current, _)| at < current) {
            self.set_gil_timer(gil, Some((at, sleeper.thread)));
        }
    }

    fn set_gil_timer(&mut self, gil: GilId, next: Option<(Nanos, ThreadId)>) {
        let gil_ref = &mut self.gils[gil];
        if gil_ref.timer == next {
            return;
        }
        gil_ref.timer = next;
        gil_ref.timer_epoch += 1;
        if let Some((at, _)) = next {
            let epoch = gil_ref.timer_epoch;
            self.schedule(at, Action::GilTimer(gil), epoch);
        }
    }

    /// Which of the sleepers' timeouts can matter now: none while a drop request is pending;
    /// otherwise those that find the GIL free, or held with no switch since that wait began.
    fn timeout_window(&self, gil: GilId) -> Option<TimeoutWindow> {
        let gil_ref = &self.gils[gil];
        let locked = gil_ref.holder.is_some();
        if locked && gil_ref.drop_request {
            return None;
        }
        let period = self.timed_wait_period();
        // A wait that begins before `earliest_wait` ends before now, or has a switch in it.
        let earliest_wait =
            self.now.saturating_sub(period).max(if locked { gil_ref.last_switch_at } else { 0 });
        Some(TimeoutWindow { period, earliest_wait, earliest_wait_phase: earliest_wait % period })
    }

    /// A timed wait lasts one interval; the waiter then needs `wake_latency` to look and wait again.
    pub(super) fn timed_wait_period(&self) -> Nanos {
        self.scenario.switch_interval + self.costs.wake_latency
    }

    pub(super) fn gil_timer(&mut self, gil: GilId) {
        let Some((_, thread)) = self.gils[gil].timer.take() else { return };
        match self.gils[gil].holder {
            Some(holder) => {
                self.gils[gil].drop_request = true;
                self.counters.drop_requests += 1;
                let lanes = (self.threads[thread].lane, self.threads[holder].lane);
                self.recorder.event(
                    self.now,
                    EventKind::DropRequested,
                    lanes.0,
                    Some(lanes.1),
                    self.scenario.switch_interval,
                );
                let running_python = self.threads[holder].core.is_some()
                    && self.threads[holder]
                        .step
                        .is_some_and(|step| step.kind == super::StepKind::Python);
                if running_python {
                    self.schedule_gil_check(holder, 0);
                }
                self.set_gil_timer(gil, None);
                return;
            }
            None => {
                self.gils[gil].sleepers.retain(|sleeper| sleeper.thread != thread);
                self.threads[thread].on_core = OnCore::Recheck;
                self.make_runnable(thread);
            }
        }
        self.refresh_gil_timer(gil);
    }
}

/// The waits a sleeper begins follow each other every `period`, from when it fell asleep.
#[derive(Debug, Clone, Copy)]
struct TimeoutWindow {
    period: Nanos,
    earliest_wait: Nanos,
    earliest_wait_phase: Nanos,
}

impl TimeoutWindow {
    /// The end of the sleeper's first wait that begins at or after `earliest_wait`.
    fn relevant_timeout(&self, sleeper: &Sleeper) -> Nanos {
        let wait_begins = if sleeper.origin >= self.earliest_wait {
            sleeper.origin
        } else if sleeper.phase >= self.earliest_wait_phase {
            self.earliest_wait + (sleeper.phase - self.earliest_wait_phase)
        } else {
            self.earliest_wait + (sleeper.phase + self.period - self.earliest_wait_phase)
        };
        wait_begins + self.period
    }
}
