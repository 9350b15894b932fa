//! Property tests of the hand-offs (queues, events) and locks: random programs that take locks in
//! random orders, put into and get from queues, and set, wait for and clear events always end
//! within `MAX_ACTIONS`, never with an error, and report a deadlock exactly when threads are left
//! blocked; programs built so that they cannot deadlock (a pipeline, locks in one order) never
//! report one. The trace's own events decide who finished, independently of `metrics.deadlock`.

mod support;

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::{TestCaseError, TestRunner};

use gil_sim::deadlock::WaitOn;
use gil_sim::lanes::{LaneKind, State};
use gil_sim::python::PYTHON_VERSIONS;
use gil_sim::spec::WorkerSpec;
use gil_sim::trace::{EventKind, Trace};
use gil_sim::{simulate, Scenario, ScenarioSpec};
use support::config;

#[derive(Debug, Clone)]
enum Stmt {
    Cpu(u32),
    Io(u32),
    Lock(&'static str, Vec<Stmt>),
    Handoff(&'static str, &'static str),
    Repeat(u32, Vec<Stmt>),
}

fn render(block: &[Stmt]) -> String {
    block
        .iter()
        .map(|stmt| match stmt {
            Stmt::Cpu(us) => format!("cpu {us}us"),
            Stmt::Io(us) => format!("io {us}us"),
            Stmt::Lock(name, body) => format!("lock {name} {{ {} }}", render(body)),
            Stmt::Handoff(op, name) => format!("{op} {name}"),
            Stmt::Repeat(count, body) => format!("repeat {count} {{ {} }}", render(body)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn stmt_strategy(depth: u32) -> BoxedStrategy<Stmt> {
    let handoff = prop::sample::select(vec![
        ("put", "q"),
        ("get", "q"),
        ("set", "e"),
        ("wait", "e"),
        ("clear", "e"),
    ]);
    let mut options: Vec<(u32, BoxedStrategy<Stmt>)> = vec![
        (3, (1u32..=300).prop_map(Stmt::Cpu).boxed()),
        (1, (1u32..=300).prop_map(Stmt::Io).boxed()),
        (4, handoff.prop_map(|(op, name)| Stmt::Handoff(op, name)).boxed()),
    ];
    if depth < 2 {
        let body = || prop::collection::vec(stmt_strategy(depth + 1), 1..=3);
        options.push((
            3,
            (prop::sample::select(vec!["a", "b"]), body())
                .prop_map(|(name, body)| Stmt::Lock(name, body))
                .boxed(),
        ));
        options.push((
            1,
            (1u32..=3, body()).prop_map(|(count, body)| Stmt::Repeat(count, body)).boxed(),
        ));
    }
    Union::new_weighted(options).boxed()
}

fn spec(python: &str, cores: u32, seed: u64, workers: Vec<WorkerSpec>) -> ScenarioSpec {
    ScenarioSpec {
        title: "handoffs".into(),
        python: python.into(),
        cores,
        seed,
        workers,
        ..ScenarioSpec::default()
    }
}

fn worker(kind: &str, count: u32, program: String) -> WorkerSpec {
    WorkerSpec { kind: kind.into(), name: None, count, program, start_method: None }
}

/// Two to four thread groups (and maybe a process, with queues and events of its own) whose
/// programs may well deadlock; the queue `q` is bounded or not.
fn random_case() -> impl Strategy<Value = ScenarioSpec> {
    let program = prop::collection::vec(stmt_strategy(0), 1..=5).prop_map(|block| render(&block));
    let groups = prop::collection::vec((1u32..=2, program.clone()), 2..=4);
    let python = prop::sample::select(PYTHON_VERSIONS.to_vec());
    (python, 1u32..=4, any::<u64>(), prop::option::of(1u32..=3), groups, prop::option::of(program))
        .prop_map(|(python, cores, seed, bound, groups, process)| {
            let declare = bound.map_or(String::new(), |bound| format!("queue q bound {bound}\n"));
            let mut workers: Vec<WorkerSpec> = groups
                .into_iter()
                .map(|(count, program)| worker("thread", count, format!("{declare}{program}")))
                .collect();
            workers.extend(process.map(|program| worker("process", 1, program)));
            spec(python, cores, seed, workers)
        })
}

/// A pipeline that cannot deadlock: stage 0 sets `go` and puts `items` into q1, each later stage
/// waits for `go`, gets as many from the queue before it and (but the last) puts as many into the
/// next; locks are always taken a before b, never around a hand-off.
fn deadlock_free_case() -> impl Strategy<Value = ScenarioSpec> {
    let python = prop::sample::select(PYTHON_VERSIONS.to_vec());
    let stage = (1u32..=200, any::<bool>(), any::<bool>());
    (
        python,
        1u32..=4,
        any::<u64>(),
        1u32..=6,
        prop::collection::vec((prop::option::of(1u32..=3), stage), 2..=4),
    )
        .prop_map(|(python, cores, seed, items, stages)| {
            let last = stages.len() - 1;
            let workers = stages
                .iter()
                .enumerate()
                .map(|(index, (bound, (work_us, locked, io)))| {
                    let mut body = Vec::new();
                    if index > 0 {
                        body.push(format!("get q{index}"));
                    }
                    body.push(if *io {
                        format!("io {work_us}us")
                    } else {
                        format!("cpu {work_us}us")
                    });
                    if *locked {
                        body.push("lock a { lock b { cpu 20us } }".into());
                    }
                    if index < last {
                        body.push(format!("put q{}", index + 1));
                    }
                    let declare = match bound {
                        Some(bound) if index < last => {
                            format!("queue q{} bound {bound}\n", index + 1)
                        }
                        _ => String::new(),
                    };
                    let start = if index == 0 { "cpu 50us; set go" } else { "wait go" };
                    worker(
                        "thread",
                        1,
                        format!("{declare}{start}\nrepeat {items} {{ {} }}", body.join("; ")),
                    )
                })
                .collect();
            spec(python, cores, seed, workers)
        })
}

/// The thread lanes (main, threads, processes) that never finished, by the trace's events.
fn unfinished(trace: &Trace) -> BTreeSet<u32> {
    let finished: BTreeSet<u32> = trace
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Finished)
        .map(|event| event.lane)
        .collect();
    (0..trace.lanes.len() as u32)
        .filter(|lane| {
            matches!(
                trace.lanes[*lane as usize].kind,
                LaneKind::MainThread | LaneKind::Thread | LaneKind::Process
            )
        })
        .filter(|lane| !finished.contains(lane))
        .collect()
}

fn simulate_twice(spec: &ScenarioSpec) -> Result<Trace, TestCaseError> {
    let scenario = Scenario::from_spec(spec)
        .map_err(|error| TestCaseError::fail(format!("{error}: {spec:?}")))?;
    let trace =
        simulate(&scenario).map_err(|error| TestCaseError::fail(format!("{error}: {spec:?}")))?;
    let again =
        simulate(&scenario).map_err(|error| TestCaseError::fail(format!("{error}: {spec:?}")))?;
    prop_assert_eq!(trace.hash(), again.hash(), "two runs differ: {:?}", spec);
    Ok(trace)
}

fn check_deadlock_report(spec: &ScenarioSpec, trace: &Trace) -> Result<(), TestCaseError> {
    let left = unfinished(trace);
    let reported: Vec<_> =
        trace.events.iter().filter(|event| event.kind == EventKind::Deadlocked).collect();
    let deadlocked_spans: BTreeSet<u32> = trace
        .spans
        .iter()
        .filter(|span| span.state == State::Deadlocked)
        .map(|span| span.lane)
        .collect();
    let Some(deadlock) = &trace.metrics.deadlock else {
        prop_assert!(
            left.is_empty(),
            "threads {:?} never finished, yet no deadlock is reported: {:?}",
            left,
            spec
        );
        prop_assert!(
            reported.is_empty() && deadlocked_spans.is_empty(),
            "a deadlock event or span without a deadlock: {:?}",
            spec
        );
        return Ok(());
    };
    let makespan = trace.metrics.makespan;
    prop_assert_eq!(
        deadlock.trace_end(),
        makespan,
        "the trace ends a little after the deadlock: {:?}",
        spec
    );
    prop_assert_eq!(reported.len(), 1, "one deadlock event: {:?}", spec);
    let last = trace.events.last();
    prop_assert!(
        last == Some(reported[0]) && reported[0].time == deadlock.at,
        "the deadlock event comes last: {:?}",
        spec
    );
    prop_assert_eq!(reported[0].amount, deadlock.waits.len() as u64);
    let waiting: BTreeSet<u32> = deadlock.waits.iter().map(|wait| wait.lane).collect();
    let workers_left: BTreeSet<u32> = left
        .iter()
        .copied()
        .filter(|lane| trace.lanes[*lane as usize].kind != LaneKind::MainThread)
        .collect();
    prop_assert_eq!(
        &waiting,
        &workers_left,
        "the waits name exactly the workers left blocked: {:?}",
        spec
    );
    prop_assert_eq!(
        &deadlocked_spans,
        &waiting,
        "the lanes marked deadlocked are the waiting ones: {:?}",
        spec
    );
    for wait in &deadlock.waits {
        let last = trace
            .spans
            .iter()
            .rfind(|span| span.lane == wait.lane)
            .expect("a waiting thread has spans");
        prop_assert!(
            last.state == State::Deadlocked && last.end == makespan,
            "{wait:?} ends in {last:?}: {:?}",
            spec
        );
        if wait.on == WaitOn::Lock {
            let holder = last.who.expect("a lock wait names its holder's lane");
            prop_assert!(
                left.contains(&holder),
                "{wait:?}: its lock's holder finished: {:?}",
                spec
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_deadlock_is_reported_exactly_when_threads_are_left_blocked(spec in random_case()) {
        let trace = simulate_twice(&spec)?;
        check_deadlock_report(&spec, &trace)?;
    }

    #[test]
    fn a_run_that_cannot_deadlock_never_reports_one(spec in deadlock_free_case()) {
        let trace = simulate_twice(&spec)?;
        prop_assert!(trace.metrics.deadlock.is_none(), "{:?}: {:?}", trace.metrics.deadlock, spec);
        prop_assert!(unfinished(&trace).is_empty(), "threads left unfinished: {:?}", spec);
        check_deadlock_report(&spec, &trace)?;
    }
}

/// The random programs must exercise both outcomes, or the first property checks only one side.
#[test]
fn random_programs_both_deadlock_and_finish() {
    let mut runner = TestRunner::new(config());
    let strategy = random_case();
    let mut outcomes = [0u32; 2];
    for _ in 0..200 {
        let spec = strategy.new_tree(&mut runner).expect("a case").current();
        let trace = simulate(&Scenario::from_spec(&spec).expect("valid")).expect("simulates");
        outcomes[trace.metrics.deadlock.is_some() as usize] += 1;
    }
    assert!(outcomes.iter().all(|count| *count >= 20), "finished, deadlocked: {outcomes:?}");
}
