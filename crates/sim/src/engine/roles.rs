//! What each kind of thread does next: the main thread (launch, run the event loop, join),
//! worker threads (their program), and the event loop's thread pool (`to_thread` jobs).

use std::rc::Rc;

use super::handoffs::Handoff;
use super::shared::VariableId;
use super::{
    Action, BlockReason, Engine, Job, LockId, MainPhase, OnCore, Role, StepKind, TaskId, ThreadId,
    WorkerRun,
};
use crate::lanes::{Lane, LaneKind, State};
use crate::program::{HandoffOp, Program, ProgramStep, WorkKind};
use crate::python::StartMethod;
use crate::scenario::WorkerKind;
use crate::time::Nanos;
use crate::trace::EventKind;

pub(super) enum Next {
    Work(WorkKind, Nanos),
    Increment { variable: VariableId, count: u32, via_call: bool },
    Acquire(LockId),
    Release(LockId),
    Handoff(Handoff),
    Step(StepKind, Nanos),
    Block(BlockReason),
    Finish,
}

impl Engine<'_> {
    pub(super) fn next_for(&mut self, thread: ThreadId) -> Next {
        let memory = self.threads[thread].memory;
        match &mut self.threads[thread].role {
            Role::Main(_) => self.next_for_main(),
            Role::Worker { program, cursor } => {
                let program = Rc::clone(program);
                match cursor.advance(&program) {
                    ProgramStep::Work { kind, duration, jitter_percent } => {
                        Next::Work(kind, self.jittered(duration, jitter_percent))
                    }
                    ProgramStep::Send { bytes } => {
                        Next::Step(StepKind::Pickle(bytes), self.costs.pickling(bytes))
                    }
                    ProgramStep::Finished => Next::Finish,
                    ProgramStep::ToThread { .. } => {
                        unreachable!("scenario validation keeps to_thread out of thread programs")
                    }
                    shared => self.next_on_shared(memory, &program, shared),
                }
            }
            Role::Pool { .. } => self.next_for_pool(thread),
        }
    }

    /// An `increment`, a `lock` block's start or end, or a hand-off, on the objects of `memory`.
    fn next_on_shared(&mut self, memory: usize, program: &Program, step: ProgramStep) -> Next {
        match step {
            ProgramStep::Increment { variable, count, via_call } => Next::Increment {
                variable: self.variable_id(memory, program.name(variable)),
                count,
                via_call,
            },
            ProgramStep::Acquire { lock } => {
                Next::Acquire(self.lock_id(memory, program.name(lock)))
            }
            ProgramStep::Release { lock } => {
                Next::Release(self.lock_id(memory, program.name(lock)))
            }
            ProgramStep::Handoff { op, name } => {
                let name = program.name(name);
                Next::Handoff(match op {
                    HandoffOp::Put => Handoff::Put(self.queue_id(memory, name)),
                    HandoffOp::Get => Handoff::Get(self.queue_id(memory, name)),
                    HandoffOp::Set => Handoff::Set(self.event_id(memory, name)),
                    HandoffOp::Wait => Handoff::Wait(self.event_id(memory, name)),
                    HandoffOp::Clear => Handoff::Clear(self.event_id(memory, name)),
                })
            }
            _ => unreachable!("only increments, locks, queues and events touch shared memory"),
        }
    }

    /// A duration drawn uniformly from ±`percent` around `duration`, from the scenario's one PRNG.
    fn jittered(&mut self, duration: Nanos, percent: u8) -> Nanos {
        if percent == 0 {
            return duration;
        }
        let spread = (duration as u128 * percent as u128 / 100) as u64;
        duration - spread + self.rng.rand_range(0..2 * spread + 1)
    }

    fn main_phase(&mut self) -> &mut MainPhase {
        match &mut self.threads[self.main].role {
            Role::Main(phase) => phase,
            _ => unreachable!("the main thread has the main role"),
        }
    }

    fn next_for_main(&mut self) -> Next {
        let worker_count = self.scenario.workers.len();
        loop {
            let phase = *self.main_phase();
            match phase {
                MainPhase::Launching { next } if next < worker_count => {
                    *self.main_phase() = MainPhase::Launching { next: next + 1 };
                    let cost = self.launch_cost(next);
                    if cost > 0 {
                        return Next::Step(StepKind::Launch(next), cost);
                    }
                    self.spawn_worker(next);
                }
                MainPhase::Launching { .. } => {
                    *self.main_phase() = if self.tasks.is_empty() {
                        MainPhase::Joining
                    } else {
                        MainPhase::EventLoop
                    };
                }
                MainPhase::EventLoop => match self.next_for_event_loop() {
                    Some(next) => return next,
                    None => *self.main_phase() = MainPhase::Joining,
                },
                MainPhase::Joining => {
                    if let Some(bytes) = self.receives.pop_front() {
                        return Next::Step(StepKind::Unpickle, self.costs.pickling(bytes));
                    }
                    return if self.unfinished_workers == 0 {
                        Next::Finish
                    } else {
                        Next::Block(BlockReason::Join)
                    };
                }
            }
        }
    }

    /// The main thread's share of starting worker `index` (`Process.start()`, `create_task`, …).
    fn launch_cost(&mut self, index: usize) -> Nanos {
        let worker = &self.scenario.workers[index];
        match worker.kind {
            WorkerKind::Thread => 0,
            WorkerKind::Task => self.costs.task_start,
            WorkerKind::Interpreter => self.costs.interpreter_start,
            WorkerKind::Process => {
                let server =
                    if worker.start_method == StartMethod::Forkserver && !self.forkserver_running {
                        self.forkserver_running = true;
                        self.costs.forkserver_server
                    } else {
                        0
                    };
                self.costs.start(worker.start_method).parent + server
            }
        }
    }

    pub(super) fn spawn_worker(&mut self, index: usize) {
        match self.worker_runs[index] {
            WorkerRun::Thread(thread) => {
                let start_up = self.threads[thread].step.map_or(0, |step| step.remaining);
                self.recorder.event(
                    self.now,
                    EventKind::Launched,
                    self.threads[thread].lane,
                    None,
                    start_up,
                );
                self.make_runnable(thread);
            }
            WorkerRun::Task(task) => {
                self.recorder.event(self.now, EventKind::Launched, self.tasks[task].lane, None, 0);
                self.make_ready(task);
            }
        }
    }

    /// The event loop's next move: run the current task on, switch to a ready one, or block in the selector.
    fn next_for_event_loop(&mut self) -> Option<Next> {
        loop {
            if let Some(task) = self.event_loop.current {
                let program = Rc::clone(&self.tasks[task].program);
                let lane = self.tasks[task].lane;
                let step = self.tasks[task].cursor.advance(&program);
                match step {
                    ProgramStep::Work { kind: WorkKind::Io, duration, jitter_percent } => {
                        let duration = self.jittered(duration, jitter_percent);
                        self.recorder.event(self.now, EventKind::IoStarted, lane, None, duration);
                        self.counters.work.io += duration;
                        self.schedule(self.now + duration, Action::TaskIoDone(task), 0);
                        self.suspend_current_task(State::Awaiting);
                    }
                    ProgramStep::Work { kind, duration, jitter_percent } => {
                        return Some(Next::Work(kind, self.jittered(duration, jitter_percent)));
                    }
                    ProgramStep::ToThread { body } => {
                        self.suspend_current_task(State::Awaiting);
                        self.submit_job(Job { task, cursor: body });
                    }
                    ProgramStep::Increment { .. } => {
                        return Some(self.next_on_shared(0, &program, step))
                    }
                    ProgramStep::Acquire { .. }
                    | ProgramStep::Release { .. }
                    | ProgramStep::Handoff { .. } => {
                        unreachable!("scenario validation keeps locks, queues and events out of task programs")
                    }
                    ProgramStep::Finished => {
                        self.tasks[task].finished_at = Some(self.now);
                        self.recorder.event(self.now, EventKind::Finished, lane, None, 0);
                        self.suspend_current_task(State::Done);
                        self.event_loop.unfinished -= 1;
                        self.worker_finished();
                    }
                    ProgramStep::Send { .. } => {
                        unreachable!("scenario validation keeps send out of task programs")
                    }
                }
            } else if let Some(task) = self.event_loop.ready.pop_front() {
                self.event_loop.current = Some(task);
                let lane = self.tasks[task].lane;
                self.recorder.event(self.now, EventKind::LoopSwitched, lane, None, 0);
                let running = if self.threads[self.main].holds_gil {
                    State::RunningWithGil
                } else {
                    State::RunningWithoutGil
                };
                self.recorder.set(lane, Some((running, None)), self.now);
                if let Some(done) = self.tasks[task].io_done_at.take() {
                    self.counters.io_resume.push(self.now - done);
                }
            } else if self.event_loop.unfinished > 0 {
                return Some(Next::Block(BlockReason::Selector));
            } else {
                return None;
            }
        }
    }

    fn suspend_current_task(&mut self, state: State) {
        let task = self.event_loop.current.take().expect("a task is running");
        self.recorder.set(self.tasks[task].lane, Some((state, None)), self.now);
    }

    pub(super) fn task_io_done(&mut self, task: TaskId) {
        self.recorder.event(self.now, EventKind::IoCompleted, self.tasks[task].lane, None, 0);
        self.tasks[task].io_done_at = Some(self.now);
        self.make_ready(task);
    }

    fn make_ready(&mut self, task: TaskId) {
        self.event_loop.ready.push_back(task);
        self.recorder.set(self.tasks[task].lane, Some((State::WaitingForLoop, None)), self.now);
        self.wake_if_blocked(self.event_loop.main, BlockReason::Selector);
    }

    pub(super) fn wake_if_blocked(&mut self, thread: ThreadId, reason: BlockReason) {
        if self.threads[thread].blocked_on == Some(reason) {
            self.threads[thread].blocked_on = None;
            self.wake_after_latency(thread, OnCore::TakeGil);
        }
    }

    pub(super) fn should_stay_awake(&self, thread: ThreadId, reason: BlockReason) -> bool {
        match reason {
            BlockReason::Join => !self.receives.is_empty() || self.unfinished_workers == 0,
            BlockReason::Selector => !self.event_loop.ready.is_empty(),
            BlockReason::PoolIdle => {
                !self.pool.queue.is_empty()
                    || matches!(self.threads[thread].role, Role::Pool { job: Some(_) })
            }
            BlockReason::Primitive => self.wanted_is_available(thread),
        }
    }

    pub(super) fn worker_finished(&mut self) {
        self.unfinished_workers -= 1;
        if self.unfinished_workers == 0 {
            self.wake_if_blocked(self.main, BlockReason::Join);
        }
    }

    /// A pickled payload reaches the main process, which must unpickle it.
    pub(super) fn deliver(&mut self, sender: ThreadId, bytes: u64) {
        self.recorder.event(self.now, EventKind::Sent, self.threads[sender].lane, None, bytes);
        self.receives.push_back(bytes);
        self.wake_if_blocked(self.main, BlockReason::Join);
    }

    fn next_for_pool(&mut self, thread: ThreadId) -> Next {
        loop {
            let Role::Pool { job } = &mut self.threads[thread].role else {
                unreachable!("a pool thread has the pool role")
            };
            match job {
                Some(current) => {
                    let task = current.task;
                    let program = Rc::clone(&self.tasks[task].program);
                    match current.cursor.advance(&program) {
                        ProgramStep::Work { kind, duration, jitter_percent } => {
                            return Next::Work(kind, self.jittered(duration, jitter_percent));
                        }
                        shared @ (ProgramStep::Increment { .. }
                        | ProgramStep::Acquire { .. }
                        | ProgramStep::Release { .. }) => {
                            return self.next_on_shared(0, &program, shared);
                        }
                        ProgramStep::Finished => {
                            *job = None;
                            self.make_ready(task);
                        }
                        ProgramStep::Send { .. }
                        | ProgramStep::ToThread { .. }
                        | ProgramStep::Handoff { .. } => {
                            unreachable!("scenario validation keeps send, queues, events and nested to_thread out of to_thread blocks")
                        }
                    }
                }
                None => match self.pool.queue.pop_front() {
                    Some(next_job) => *job = Some(next_job),
                    None => return Next::Block(BlockReason::PoolIdle),
                },
            }
        }
    }

    /// `loop.run_in_executor(None, …)`: an idle pool thread takes the job, or a new one is started
    /// (up to the scenario's `executor_workers`), or the job queues.
    fn submit_job(&mut self, job: Job) {
        let task_lane = self.tasks[job.task].lane;
        let idle = self
            .pool
            .threads
            .iter()
            .copied()
            .find(|thread| self.threads[*thread].blocked_on == Some(BlockReason::PoolIdle));
        let runner = if let Some(idle) = idle {
            self.threads[idle].role = Role::Pool { job: Some(job) };
            self.wake_if_blocked(idle, BlockReason::PoolIdle);
            Some(idle)
        } else if self.pool.threads.len() < self.pool.max_threads {
            let name = format!("pool-{}", self.pool.threads.len() + 1);
            let lane = self.recorder.add_lane(Lane {
                name,
                kind: LaneKind::PoolThread,
                group: super::setup::MAIN_GROUP.into(),
            });
            let start_up = self.costs.thread_start;
            let thread = self.add_thread(
                lane,
                self.threads[self.main].gil,
                Role::Pool { job: Some(job) },
                start_up,
                0,
            );
            self.pool.threads.push(thread);
            self.recorder.event(self.now, EventKind::Launched, lane, None, start_up);
            self.make_runnable(thread);
            Some(thread)
        } else {
            self.pool.queue.push_back(job);
            None
        };
        let runner_lane = runner.map(|thread| self.threads[thread].lane);
        self.recorder.event(self.now, EventKind::ToThread, task_lane, runner_lane, 0);
    }
}
