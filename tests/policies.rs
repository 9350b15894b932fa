//! Each GIL policy on tiny scenarios whose timelines were worked out by hand from the model's
//! rules (docs/model.md) and its default costs: wake-up latency 5 µs, check latency 1 µs,
//! thread start 100 µs.

mod support;

use gil_lab::sim::trace::{EventKind, State};
use support::*;

#[test]
fn a_lone_thread_starts_runs_and_is_joined() {
    let trace = run(r#"
        python = "3.12"
        cores = 2
        [[workers]]
        kind = "thread"
        program = "cpu 10ms"
    "#);
    assert_eq!(
        spans_of(&trace, "T1"),
        [(0, 100 * US, State::Starting), (100 * US, 10_100 * US, State::RunningWithGil), (10_100 * US, 10_105 * US, State::Done)]
    );
    assert_eq!(spans_of(&trace, "main"), [(0, 10_105 * US, State::Blocked)]);
    assert_eq!(trace.metrics.makespan, 10_105 * US);
    assert_eq!(trace.metrics.sequential, 10 * MS);
}

#[test]
fn two_cpu_threads_take_turns_every_switch_interval() {
    let trace = run(r#"
        python = "3.12"
        cores = 2
        switch_interval = "5ms"
        [[workers]]
        kind = "thread"
        count = 2
        program = "cpu 20ms"
    "#);
    // T2 times out 5 ms after it began to wait, plus the wake-up latency, and asks T1 to drop.
    let requests: Vec<_> = events_of(&trace, EventKind::DropRequested).into_iter().map(|(time, who, _, _)| (time, who)).collect();
    assert_eq!(
        requests,
        [
            (5_105 * US, "T2".to_string()),
            (10_121 * US, "T1".to_string()),
            (15_137 * US, "T2".to_string()),
            (20_153 * US, "T1".to_string()),
            (25_169 * US, "T2".to_string()),
            (30_185 * US, "T1".to_string()),
        ]
    );
    let forced: Vec<_> = events_of(&trace, EventKind::ForcedSwitch).into_iter().map(|(time, who, _, _)| (time, who)).collect();
    assert_eq!(forced[0], (5_106 * US, "T1".to_string()));
    assert_eq!(forced.len(), 6);
    let t2_first_run = spans_of(&trace, "T2").into_iter().find(|span| span.2 == State::RunningWithGil).unwrap();
    assert_eq!(t2_first_run, (5_111 * US, 10_122 * US, State::RunningWithGil));
    assert_eq!(trace.metrics.workers[0].finished_at, 35_163 * US);
    assert_eq!(trace.metrics.workers[1].finished_at, 40_135 * US);
    assert_eq!(trace.metrics.makespan, 40_140 * US);
    assert_eq!(trace.metrics.forced_switches, 6);
    assert_eq!(trace.metrics.drop_requests, 6);
    assert_eq!(trace.metrics.gil_handoffs, 9);
}
