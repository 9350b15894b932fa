//! From the lab's parameters to a scenario the simulator runs.
//!
//! Every worker — each thread, process, asyncio task and subinterpreter — gets the same program,
//! built from its total work `work` (W), the CPU-bound share `cpu` (c %), the GIL-releasing share
//! `native` (n %) and the length of one I/O wait `io` (Z):
//!
//! - CPU work C = W·c/100, of which N_C = C·n/100 is C code that releases the GIL (`native`) and
//!   P = C − N_C is Python bytecode (`cpu`);
//! - I/O time I = W − C, cut into R = max(1, round(I / Z)) waits of Z each (R = 1 and no wait when
//!   I = 0, so the real I/O time is R·Z, the nearest whole number of waits);
//! - the program is the work spread evenly over the R rounds, each round rounded down to the
//!   nanosecond, zero statements left out:
//!
//!   ```text
//!   repeat R { cpu P/R; native N_C/R; io Z }
//!   ```
//!
//!   (without `repeat` when R = 1). In an asyncio task the `io` is an `await asyncio.sleep`, and the
//!   native part runs in `to_thread { native … }` from Python 3.9 on (earlier, inline, holding up
//!   the loop), as `asyncio.to_thread` would be used for it.
//!
//! Processes get the start method `sm`. Workers are unnamed, so the simulator calls them `T1`…,
//! `P1`…, `task1`…, `I1`…. What the simulator cannot run (asyncio on 2.7, `spawn` before 3.4,
//! subinterpreters before 3.12, no workers at all) is left for `Scenario::from_spec` to refuse.

use gil_sim::python::PythonVersion;
use gil_sim::scenario::WorkerKind;
use gil_sim::spec::{CostsSpec, WorkerSpec};
use gil_sim::time::Nanos;
use gil_sim::ScenarioSpec;

use super::{LabParams, WORK_RANGE};
use gil_sim::time::short_duration;

/// One worker's work, per round: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Round {
    rounds: u64,
    cpu: Nanos,
    native: Nanos,
    io: Nanos,
}

fn round(params: &LabParams) -> Round {
    // u64 is ample: the work is at most 2s (2·10⁹ ns) by the time it is multiplied by 100.
    let work = params.work.min(WORK_RANGE.1);
    let cpu_total = work * params.cpu_percent.min(100) as u64 / 100;
    let native_total = cpu_total * params.native_percent.min(100) as u64 / 100;
    let python_total = cpu_total - native_total;
    let io_total = work - cpu_total;
    let io_wait = params.io_wait.max(1);
    let rounds = if io_total == 0 { 1 } else { ((io_total + io_wait / 2) / io_wait).max(1) };
    Round {
        rounds,
        cpu: python_total / rounds,
        native: native_total / rounds,
        io: if io_total == 0 { 0 } else { params.io_wait },
    }
}

/// Whether tasks hand their native work to `asyncio.to_thread` (Python 3.9 and later).
fn tasks_use_to_thread(params: &LabParams) -> bool {
    round(params).native > 0
        && PythonVersion::parse(&params.python).is_some_and(|python| python.at_least(3, 9))
}

/// The program of one worker of this kind.
pub fn program(params: &LabParams, kind: WorkerKind) -> String {
    let round = round(params);
    let mut body = Vec::new();
    if round.cpu > 0 {
        body.push(format!("cpu {}", short_duration(round.cpu)));
    }
    if round.native > 0 {
        let native = format!("native {}", short_duration(round.native));
        body.push(if kind == WorkerKind::Task && tasks_use_to_thread(params) {
            format!("to_thread {{ {native} }}")
        } else {
            native
        });
    }
    if round.io > 0 {
        body.push(format!("io {}", short_duration(round.io)));
    }
    if body.is_empty() {
        // Less than a nanosecond of work per round: one nanosecond keeps the program valid.
        body.push("cpu 1ns".into());
    }
    let body = body.join("; ");
    if round.rounds == 1 {
        body
    } else {
        format!("repeat {} {{ {body} }}", round.rounds)
    }
}

/// The scenario the lab simulates.
pub fn spec(params: &LabParams) -> ScenarioSpec {
    let group = |kind: WorkerKind, count: u32| {
        (count > 0).then(|| WorkerSpec {
            kind: kind.as_str().into(),
            name: None,
            count,
            program: program(params, kind),
            start_method: (kind == WorkerKind::Process)
                .then(|| params.start_method.name().to_string()),
        })
    };
    ScenarioSpec {
        title: "Lab".into(),
        python: params.python.clone(),
        cores: params.cores,
        switch_interval: short_duration(params.switch_interval),
        seed: params.seed,
        // The quick form's links predate the random default of scenario files: fifo keeps the
        // timeline each of them has always shown (docs/url-format.md).
        wake_order: "fifo".into(),
        executor_workers: None,
        costs: CostsSpec::default(),
        workers: [
            group(WorkerKind::Thread, params.threads),
            group(WorkerKind::Process, params.processes),
            group(WorkerKind::Task, params.tasks),
            group(WorkerKind::Interpreter, params.interpreters),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::time::MILLISECOND;
    use gil_sim::{simulate, Scenario};

    #[test]
    fn the_mix_becomes_rounds_of_cpu_native_and_io() {
        let params = LabParams {
            cpu_percent: 50,
            native_percent: 50,
            work: 200 * MILLISECOND,
            io_wait: MILLISECOND,
            ..LabParams::default()
        };
        assert_eq!(
            program(&params, WorkerKind::Thread),
            "repeat 100 { cpu 500us; native 500us; io 1ms }"
        );
        assert_eq!(
            program(&params, WorkerKind::Task),
            "repeat 100 { cpu 500us; to_thread { native 500us }; io 1ms }"
        );
        let cpu_only =
            LabParams { cpu_percent: 100, work: 200 * MILLISECOND, ..LabParams::default() };
        assert_eq!(program(&cpu_only, WorkerKind::Thread), "cpu 200ms");
        let io_only = LabParams {
            cpu_percent: 0,
            work: 10 * MILLISECOND,
            io_wait: 3 * MILLISECOND,
            ..LabParams::default()
        };
        assert_eq!(program(&io_only, WorkerKind::Thread), "repeat 3 { io 3ms }");
        let old = LabParams { python: "3.8".into(), ..params };
        assert_eq!(
            program(&old, WorkerKind::Task),
            "repeat 100 { cpu 500us; native 500us; io 1ms }"
        );
    }

    #[test]
    fn every_kind_of_worker_simulates() {
        let params = LabParams {
            threads: 2,
            processes: 2,
            tasks: 3,
            interpreters: 1,
            cpu_percent: 70,
            native_percent: 20,
            ..LabParams::default()
        };
        let spec = spec(&params);
        assert_eq!(spec.workers.len(), 4);
        assert_eq!(spec.workers[1].start_method.as_deref(), Some("fork"));
        let trace = simulate(&Scenario::from_spec(&spec).expect("valid")).expect("simulates");
        assert!(trace.metrics.makespan > 0);
    }

    #[test]
    fn what_the_python_cannot_do_is_refused_by_the_simulator() {
        let params = LabParams { python: "2.7".into(), tasks: 2, ..LabParams::default() };
        let problem = Scenario::from_spec(&spec(&params)).expect_err("asyncio on 2.7");
        assert!(problem.message.contains("3.5"), "{problem}");
        let nobody = LabParams { threads: 0, ..LabParams::default() };
        assert!(Scenario::from_spec(&spec(&nobody)).is_err());
    }
}
