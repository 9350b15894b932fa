//! Building the machine, the interpreters and the threads from a scenario, and handing the
//! finished run over as a [`Trace`] (its metrics computed by `metrics`).

use std::collections::{BinaryHeap, VecDeque};
use std::rc::Rc;

use oorandom::Rand64;

use super::record::Recorder;
use super::{
    ActiveStep, Core, Engine, EventLoop, Gil, GilId, MainPhase, OnCore, Pool, Role, StepKind, Task,
    Thread, ThreadId, WorkerRun,
};
use crate::deadlock::Deadlock;
use crate::lanes::{Lane, LaneId, LaneKind, State};
use crate::metrics::{Counters, Metrics, RunRecord, SharedMetrics, WorkerRecord};
use crate::python::GilKind;
use crate::scenario::{Scenario, WorkerKind};
use crate::time::Nanos;
use crate::trace::Trace;

pub(super) const MAIN_GROUP: &str = "main process";

impl<'a> Engine<'a> {
    pub(super) fn new(scenario: &'a Scenario) -> Engine<'a> {
        let mut engine = Engine {
            scenario,
            costs: &scenario.costs,
            now: 0,
            queue: BinaryHeap::new(),
            compact_at: super::MIN_COMPACT_AT,
            sequence: 0,
            actions: 0,
            rng: Rand64::new(scenario.seed as u128),
            threads: Vec::new(),
            tasks: Vec::new(),
            gils: Vec::new(),
            cores: Vec::new(),
            run_queue: VecDeque::new(),
            event_loop: EventLoop::default(),
            pool: Pool { max_threads: scenario.executor_workers, ..Pool::default() },
            receives: VecDeque::new(),
            worker_runs: Vec::new(),
            unfinished_workers: scenario.workers.len(),
            forkserver_running: false,
            main: 0,
            main_finished_at: 0,
            counters: Counters::default(),
            recorder: Recorder::default(),
            memory_groups: vec![MAIN_GROUP.to_string()],
            variables: Vec::new(),
            locks: Vec::new(),
            queues: Vec::new(),
            events: Vec::new(),
            queue_bounds: Vec::new(),
            lost_updates: Vec::new(),
            deadlock: None,
        };
        for index in 0..scenario.cores {
            let lane = engine.recorder.add_lane(Lane {
                name: format!("core {index}"),
                kind: LaneKind::Core,
                group: "CPU cores".into(),
            });
            engine.cores.push(Core {
                lane,
                occupant: None,
                since: 0,
                epoch: 0,
                slice_armed: false,
            });
        }
        let main_gil = engine.add_gil("GIL", MAIN_GROUP);
        let main_lane = engine.add_lane("main", LaneKind::MainThread, MAIN_GROUP);
        engine.main = engine.add_thread(
            main_lane,
            main_gil,
            Role::Main(MainPhase::Launching { next: 0 }),
            0,
            0,
        );
        engine.threads[engine.main].step = None;
        engine.event_loop.main = engine.main;
        engine.add_workers(main_gil);
        engine
    }

    fn add_workers(&mut self, main_gil: Option<GilId>) {
        let scenario = self.scenario;
        for worker in &scenario.workers {
            let run = match worker.kind {
                WorkerKind::Thread => {
                    let lane = self.add_lane(&worker.name, LaneKind::Thread, MAIN_GROUP);
                    let role = Role::Worker {
                        program: Rc::clone(&worker.program),
                        cursor: worker.program.start(),
                    };
                    self.declare_queues(0, &worker.program);
                    WorkerRun::Thread(self.add_thread(
                        lane,
                        main_gil,
                        role,
                        self.costs.thread_start,
                        0,
                    ))
                }
                WorkerKind::Task => {
                    let lane = self.add_lane(&worker.name, LaneKind::Task, MAIN_GROUP);
                    self.tasks.push(Task {
                        lane,
                        program: Rc::clone(&worker.program),
                        cursor: worker.program.start(),
                        io_done_at: None,
                        finished_at: None,
                    });
                    self.event_loop.unfinished += 1;
                    WorkerRun::Task(self.tasks.len() - 1)
                }
                WorkerKind::Process | WorkerKind::Interpreter => {
                    let (group, lane_kind, start_up) = if worker.kind == WorkerKind::Process {
                        let method = worker.start_method;
                        (
                            format!("{} (process, {})", worker.name, method.name()),
                            LaneKind::Process,
                            self.costs.start(method).child,
                        )
                    } else {
                        (
                            format!("{} (subinterpreter)", worker.name),
                            LaneKind::Interpreter,
                            self.costs.thread_start,
                        )
                    };
                    let gil = self.add_gil("GIL", &group);
                    let lane = self.add_lane(&worker.name, lane_kind, &group);
                    let role = Role::Worker {
                        program: Rc::clone(&worker.program),
                        cursor: worker.program.start(),
                    };
                    self.memory_groups.push(group);
                    let memory = self.memory_groups.len() - 1;
                    self.declare_queues(memory, &worker.program);
                    WorkerRun::Thread(self.add_thread(lane, gil, role, start_up, memory))
                }
            };
            self.worker_runs.push(run);
        }
    }

    /// The bounds a program declares for the queues of `memory` (scenario checks keep them consistent).
    fn declare_queues(&mut self, memory: usize, program: &crate::program::Program) {
        for (name, bound) in program.queue_bounds() {
            if !self.queue_bounds.iter().any(|(at, declared, _)| *at == memory && declared == name)
            {
                self.queue_bounds.push((memory, name.to_string(), bound));
            }
        }
    }

    fn add_lane(&mut self, name: &str, kind: LaneKind, group: &str) -> LaneId {
        self.recorder.add_lane(Lane { name: name.into(), kind, group: group.into() })
    }

    /// A GIL for an interpreter, or none in a free-threaded build.
    fn add_gil(&mut self, name: &str, group: &str) -> Option<GilId> {
        let kind = self.scenario.python.gil_kind();
        if kind == GilKind::None {
            return None;
        }
        let lane = self.add_lane(name, LaneKind::Gil, group);
        self.gils.push(Gil {
            lane,
            kind,
            holder: None,
            last_holder: None,
            last_switch_at: 0,
            drop_request: false,
            sleepers: Vec::new(),
            switch_waiters: Vec::new(),
            waking: 0,
            timer_epoch: 0,
            timer: None,
        });
        Some(self.gils.len() - 1)
    }

    /// A thread that, once made runnable, first spends `start_up` on a core starting.
    pub(super) fn add_thread(
        &mut self,
        lane: LaneId,
        gil: Option<GilId>,
        role: Role,
        start_up: Nanos,
        memory: usize,
    ) -> ThreadId {
        self.threads.push(Thread {
            lane,
            gil,
            role,
            epoch: 0,
            core: None,
            last_core: None,
            holds_gil: false,
            on_core: OnCore::Continue,
            step: Some(ActiveStep {
                kind: StepKind::Starting,
                remaining: start_up,
                overhead_due: 0,
            }),
            run_started: 0,
            after_switch: None,
            blocked_on: None,
            waiting_since: None,
            io_done_at: None,
            old_check_epoch: None,
            state: State::Starting,
            finished_at: None,
            memory,
            increments: None,
            wanted: None,
            wanted_since: 0,
        });
        self.threads.len() - 1
    }

    /// The main thread starts the program: it takes its GIL and launches the workers.
    pub(super) fn start(&mut self) {
        self.threads[self.main].on_core = OnCore::TakeGil;
        self.make_runnable(self.main);
    }

    pub(super) fn finish(mut self) -> Trace {
        let makespan = self.deadlock.as_ref().map_or(self.main_finished_at, Deadlock::trace_end);
        let spans = self.recorder.close(makespan);
        let recorder = std::mem::take(&mut self.recorder);
        let workers = self
            .scenario
            .workers
            .iter()
            .zip(&self.worker_runs)
            .map(|(worker, run)| {
                let (lane, finished_at) = match *run {
                    WorkerRun::Thread(thread) => {
                        (self.threads[thread].lane, self.threads[thread].finished_at)
                    }
                    WorkerRun::Task(task) => (self.tasks[task].lane, self.tasks[task].finished_at),
                };
                let requested = self.costs.alone(&worker.program.totals());
                WorkerRecord {
                    name: worker.name.clone(),
                    kind: worker.kind,
                    lane,
                    finished_at,
                    requested,
                }
            })
            .collect();
        let shared = self
            .variables
            .iter()
            .map(|variable| SharedMetrics {
                name: variable.name.clone(),
                group: self.memory_groups[variable.memory].clone(),
                expected: variable.expected,
                final_value: variable.value,
                lost: variable.expected - variable.value,
            })
            .collect();
        let metrics = Metrics::measure(RunRecord {
            makespan,
            lanes: recorder.lanes.len(),
            spans: &spans,
            core_lanes: self.cores.iter().map(|core| core.lane).collect(),
            workers,
            counters: std::mem::take(&mut self.counters),
            shared,
            deadlock: self.deadlock.take(),
        });
        Trace {
            title: self.scenario.title.clone(),
            python: self.scenario.python.to_string(),
            lanes: recorder.lanes,
            spans,
            events: recorder.events,
            lost_updates: std::mem::take(&mut self.lost_updates),
            metrics,
        }
    }
}
