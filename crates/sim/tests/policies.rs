//! Each GIL policy on tiny scenarios whose timelines were worked out by hand from the model's
//! rules (docs/model.md) and its default costs: wake-up latency 5 µs, check latency 1 µs,
//! thread start 100 µs.

mod support;

use gil_sim::lanes::State;
use gil_sim::trace::EventKind;
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
        [
            (0, 100 * US, State::Starting),
            (100 * US, 10_100 * US, State::RunningWithGil),
            (10_100 * US, 10_105 * US, State::Done)
        ]
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
    let requests: Vec<_> = events_of(&trace, EventKind::DropRequested)
        .into_iter()
        .map(|(time, who, _, _)| (time, who))
        .collect();
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
    let forced: Vec<_> = events_of(&trace, EventKind::ForcedSwitch)
        .into_iter()
        .map(|(time, who, _, _)| (time, who))
        .collect();
    assert_eq!(forced[0], (5_106 * US, "T1".to_string()));
    assert_eq!(forced.len(), 6);
    let t2_first_run =
        spans_of(&trace, "T2").into_iter().find(|span| span.2 == State::RunningWithGil).unwrap();
    assert_eq!(t2_first_run, (5_111 * US, 10_122 * US, State::RunningWithGil));
    assert_eq!(trace.metrics.workers[0].finished_at, 35_163 * US);
    assert_eq!(trace.metrics.workers[1].finished_at, 40_135 * US);
    assert_eq!(trace.metrics.makespan, 40_140 * US);
    assert_eq!(trace.metrics.forced_switches, 6);
    assert_eq!(trace.metrics.drop_requests, 6);
    assert_eq!(trace.metrics.gil_handoffs, 9);
}

#[test]
fn old_gil_holder_keeps_winning_and_pays_for_signalling() {
    // Check period 5 µs, signalling cost 4 µs; the race for the GIL is switched off to make it exact.
    let trace = run(r#"
        python = "2.7"
        cores = 2
        costs = { old_waiter_wins = "0%" }
        [[workers]]
        kind = "thread"
        count = 2
        program = "cpu 20us"
    "#);
    let futile: Vec<_> = events_of(&trace, EventKind::FutileWakeup)
        .into_iter()
        .map(|(time, who, holder, _)| (time, who, holder))
        .collect();
    let t1 = Some("T1".to_string());
    assert_eq!(
        futile,
        [
            (110 * US, "T2".into(), t1.clone()),
            (119 * US, "T2".into(), t1.clone()),
            (128 * US, "T2".into(), t1)
        ]
    );
    assert_eq!(
        spans_of(&trace, "T1"),
        [
            (0, 100 * US, State::Starting),
            (100 * US, 132 * US, State::RunningWithGil),
            (132 * US, 162 * US, State::Done)
        ]
    );
    assert_eq!(
        spans_of(&trace, "T2"),
        [
            (0, 100 * US, State::Starting),
            (100 * US, 137 * US, State::WaitingForGil),
            (137 * US, 157 * US, State::RunningWithGil),
            (157 * US, 162 * US, State::Done)
        ]
    );
    assert_eq!(trace.metrics.work_done.old_gil_overhead, 12 * US);
    assert_eq!(trace.metrics.makespan, 162 * US);
}

#[test]
fn free_threaded_threads_share_one_core_by_os_time_slices() {
    // 3.14t: Python work takes 10% longer (5 ms → 5.5 ms); the OS slice is 3 ms.
    let trace = run(r#"
        python = "3.14t"
        cores = 1
        [[workers]]
        kind = "thread"
        count = 2
        program = "cpu 5ms"
    "#);
    assert_eq!(
        spans_of(&trace, "T1"),
        [
            (0, 100 * US, State::Starting),
            (100 * US, 3 * MS, State::RunningWithoutGil),
            (3 * MS, 6 * MS, State::WaitingForCore),
            (6 * MS, 8_600 * US, State::RunningWithoutGil),
            (8_600 * US, 11_205 * US, State::Done)
        ]
    );
    assert_eq!(
        spans_of(&trace, "T2"),
        [
            (0, 3 * MS, State::WaitingForCore),
            (3 * MS, 3_100 * US, State::Starting),
            (3_100 * US, 6 * MS, State::RunningWithoutGil),
            (6 * MS, 8_600 * US, State::WaitingForCore),
            (8_600 * US, 11_200 * US, State::RunningWithoutGil),
            (11_200 * US, 11_205 * US, State::Done)
        ]
    );
    assert_eq!(trace.metrics.preemptions, 2);
    assert!(
        trace.lanes.iter().all(|lane| lane.name != "GIL"),
        "a free-threaded build has no GIL lane"
    );
}

#[test]
fn a_spawned_process_starts_up_then_pickles_its_result_for_the_parent() {
    // spawn: 1 ms in the parent, 70 ms of interpreter start-up in the child; 5 ms per MB each way.
    let trace = run(r#"
        python = "3.12"
        cores = 2
        [[workers]]
        kind = "process"
        start_method = "spawn"
        program = "cpu 10ms; send 1MB"
    "#);
    assert_eq!(
        spans_of(&trace, "P1"),
        [
            (MS, 71 * MS, State::Starting),
            (71 * MS, 86 * MS, State::RunningWithGil),
            (86 * MS, 91_005 * US, State::Done)
        ]
    );
    assert_eq!(
        spans_of(&trace, "main"),
        [
            (0, MS, State::RunningWithGil),
            (MS, 86_005 * US, State::Blocked),
            (86_005 * US, 91_005 * US, State::RunningWithGil)
        ]
    );
    assert_eq!(events_of(&trace, EventKind::Sent), [(86 * MS, "P1".to_string(), None, 1_000_000)]);
    assert_eq!(trace.metrics.sequential, 10 * MS);
    assert_eq!(trace.metrics.makespan, 91_005 * US);
}

#[test]
fn asyncio_tasks_take_turns_on_the_event_loop() {
    // Creating a task costs the loop 5 µs; the loop wakes from its selector 5 µs after an I/O completes.
    let trace = run(r#"
        python = "3.12"
        cores = 1
        [[workers]]
        kind = "task"
        count = 2
        program = "cpu 1ms; io 2ms; cpu 1ms"
    "#);
    let switches: Vec<_> = events_of(&trace, EventKind::LoopSwitched)
        .into_iter()
        .map(|(time, task, _, _)| (time, task))
        .collect();
    assert_eq!(
        switches,
        [
            (10 * US, "task1".into()),
            (1_010 * US, "task2".into()),
            (3_015 * US, "task1".into()),
            (4_015 * US, "task2".into())
        ]
    );
    assert_eq!(
        spans_of(&trace, "task2"),
        [
            (10 * US, 1_010 * US, State::WaitingForLoop),
            (1_010 * US, 2_010 * US, State::RunningWithGil),
            (2_010 * US, 4_010 * US, State::Awaiting),
            (4_010 * US, 4_015 * US, State::WaitingForLoop),
            (4_015 * US, 5_015 * US, State::RunningWithGil),
        ],
        "task2 finishes as the program ends, so its Done span is empty"
    );
    assert_eq!(trace.metrics.makespan, 5_015 * US);
    assert_eq!((trace.metrics.io_resume.count, trace.metrics.io_resume.max), (2, 5 * US));
}

#[test]
fn a_run_past_its_action_limit_stops_with_an_error() {
    let scenario = scenario(
        r#"
        [[workers]]
        kind = "thread"
        count = 2
        program = "repeat 1000000 { io 1us; cpu 1us }"
    "#,
    );
    let error = gil_sim::simulate_with_limit(&scenario, 10_000).unwrap_err();
    assert!(matches!(error, gil_sim::SimError::TooLong { actions: 10_000, .. }), "{error:?}");
    assert!(error.to_string().contains("10000 scheduling actions"), "{error}");
}

/// Two threads each doing `counter += 1` 30,000 times at 100 ns an increment, 1 ms switch interval.
fn counter_race(python: &str, program: &str, seed: u64) -> gil_sim::Trace {
    run(&format!(
        r#"
        python = "{python}"
        cores = 2
        switch_interval = "1ms"
        seed = {seed}
        [costs]
        increment = "100ns"
        [[workers]]
        kind = "thread"
        count = 2
        program = "{program}"
    "#
    ))
}

fn counter(trace: &gil_sim::Trace) -> (u64, u64, u64) {
    let variable = &trace.metrics.shared[0];
    (variable.expected, variable.final_value, variable.lost)
}

#[test]
fn python_3_9_loses_a_whole_turn_of_increments_when_a_switch_falls_between_read_and_write() {
    let trace = counter_race("3.9", "increment counter 30000", 0);
    // The turns are those of two CPU threads: T1 runs 100 µs → 1106 µs (10,060 increments) and is
    // switched out; T2 runs 1111 µs → 2122 µs (10,110); T1 runs 2127 µs → 3138 µs; T2 3143 µs →
    // 4154 µs; T1 finishes its 30,000 at 5142 µs, T2 at 6125 µs. Where in an increment a holder
    // stops is drawn from the seeded PRNG; with seed 0, T1's switches at 1106 µs and 3138 µs land
    // between its read and its write. T1 read 10,060 and, back at 2127 µs, writes 10,061 over
    // T2's 20,170: T2's whole turn of 10,110 increments is lost. Likewise at 4159 µs.
    let lost: Vec<_> = events_of(&trace, EventKind::UpdatesLost)
        .into_iter()
        .map(|(time, who, other, _)| (time, who, other))
        .collect();
    assert_eq!(
        lost,
        [
            (2_127 * US, "T1".to_string(), Some("T2".to_string())),
            (4_159 * US, "T1".to_string(), Some("T2".to_string()))
        ]
    );
    let first = trace.lost_updates[0];
    assert_eq!((first.written, first.overwritten, first.lost), (10_061, 20_170, 10_110));
    assert_eq!(counter(&trace), (60_000, 60_000 - 2 * 10_110, 2 * 10_110));
    assert_eq!(trace.metrics.lost_updates, 20_220);
    let sentence = trace
        .describe(trace.events.iter().find(|event| event.kind == EventKind::UpdatesLost).unwrap());
    assert_eq!(
        sentence,
        "T1 wrote counter = 10061 over T2's 20170: it had read counter before it was switched out, so 10110 updates are lost."
    );
}

#[test]
fn python_3_12_plain_increments_lose_nothing_but_a_call_between_read_and_write_does() {
    for seed in 0..8 {
        let plain = counter_race("3.12", "increment counter 30000", seed);
        assert_eq!(counter(&plain), (60_000, 60_000, 0), "seed {seed}");
        assert!(events_of(&plain, EventKind::UpdatesLost).is_empty());
        assert_eq!(plain.metrics.forced_switches, 4, "the threads still take turns");
    }
    // Each forced switch lands at the call (inside) or the back-edge (outside), so some seed loses.
    let lost: Vec<u64> = (0..8)
        .map(|seed| counter(&counter_race("3.12", "increment counter 30000 via_call", seed)).2)
        .collect();
    assert!(lost.iter().any(|lost| *lost > 0), "{lost:?}");
    for (seed, lost) in lost.iter().enumerate() {
        // A stale write loses exactly the other thread's turn(s) in between: multiples of its increments per turn.
        assert!(*lost <= 60_000 / 2, "seed {seed}: {lost}");
    }
}

#[test]
fn a_lock_around_the_increments_loses_nothing_and_the_waiter_blocks_without_the_gil() {
    for python in ["3.9", "3.12"] {
        for seed in 0..4 {
            let trace = counter_race(
                python,
                "repeat 3 { lock counter_lock { increment counter 10000 via_call } }",
                seed,
            );
            assert_eq!(counter(&trace), (60_000, 60_000, 0), "{python} seed {seed}");
            assert!(
                !events_of(&trace, EventKind::LockWaited).is_empty(),
                "{python}: a switch inside the lock makes T2 wait for it"
            );
        }
    }
    // The waiter is Blocked (not waiting for the GIL) from the moment it finds the lock taken.
    let trace = counter_race(
        "3.12",
        "repeat 3 { lock counter_lock { increment counter 10000 via_call } }",
        0,
    );
    let (waited_at, who, holder, _) = events_of(&trace, EventKind::LockWaited)[0].clone();
    assert_eq!(holder.as_deref(), Some(if who == "T1" { "T2" } else { "T1" }));
    assert!(spans_of(&trace, &who)
        .iter()
        .any(|span| span.0 == waited_at && span.2 == State::Blocked));
}

#[test]
fn asyncio_tasks_never_lose_updates() {
    let trace = run(r#"
        python = "3.9"
        cores = 2
        switch_interval = "1ms"
        [[workers]]
        kind = "task"
        count = 3
        program = "repeat 4 { increment counter 20000 via_call; io 1ms }"
    "#);
    assert_eq!(counter(&trace), (240_000, 240_000, 0));
}

#[test]
fn processes_each_have_their_own_counter() {
    let trace = run(r#"
        python = "3.9"
        cores = 2
        switch_interval = "1ms"
        [[workers]]
        kind = "process"
        count = 2
        program = "increment counter 30000"
    "#);
    let shared: Vec<_> = trace
        .metrics
        .shared
        .iter()
        .map(|v| (v.group.as_str(), v.expected, v.final_value))
        .collect();
    assert_eq!(
        shared,
        [("P1 (process, fork)", 30_000, 30_000), ("P2 (process, fork)", 30_000, 30_000)]
    );
}

#[test]
fn free_threaded_threads_lose_updates_while_they_overlap() {
    // Both run from 100 µs at 140 ns an increment (100 ns + 3.13t's 40%) for 4.2 ms, fully
    // overlapped on two cores. Each write of one falls inside the other's read-write window with
    // probability 2/7 (`ReadWriteShape` for 3.13t): 2 × 30,000 × 2/7 = 17,142.86 → 17,142 lost.
    let trace = counter_race("3.13t", "increment counter 30000", 0);
    assert_eq!(counter(&trace), (60_000, 60_000 - 17_142, 17_142));
    let lost = events_of(&trace, EventKind::UpdatesLost);
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].0, 4_300 * US);
}

/// Found by the property tests: on the old GIL the holder owes signalling costs at its checks, and
/// increments must be counted from the work done, not from the time that includes those costs.
#[test]
fn old_gil_signalling_costs_do_not_count_as_increments() {
    let trace = run(r#"
        python = "2.7"
        cores = 1
        switch_interval = "100us"
        [[workers]]
        kind = "thread"
        count = 2
        program = "repeat 3 { lock guard { increment counter 16224 } }"
        [[workers]]
        kind = "process"
        count = 3
        program = "increment counter 1"
    "#);
    let main =
        trace.metrics.shared.iter().find(|variable| variable.group == "main process").unwrap();
    assert_eq!((main.expected, main.final_value, main.lost), (97_344, 97_344, 0));
    assert_eq!(
        trace.metrics.shared.iter().map(|variable| variable.final_value).sum::<u64>(),
        97_347
    );
}

// Hand-offs: queue.Queue and threading.Event cost 650 ns and 400 ns of Python work when they do
// not wait; a call that must wait releases the GIL and blocks, and its waker's wake-up latency
// (5 µs) passes before it takes the GIL back.

#[test]
fn an_empty_get_blocks_without_the_gil_until_a_put_wakes_it() {
    let trace = run(r#"
        python = "3.12"
        cores = 2
        [[workers]]
        kind = "thread"
        name = "consumer"
        program = "get jobs; cpu 1ms"
        [[workers]]
        kind = "thread"
        name = "producer"
        program = "cpu 2ms; put jobs"
    "#);
    // The consumer takes the GIL at 100 µs, finds the queue empty and blocks, releasing the GIL
    // before the producer, started at the same instant, looks for it. The producer puts at
    // 2100 µs: the consumer runs 5 µs later and pays its get and 1 ms.
    assert_eq!(
        events_of(&trace, EventKind::GetWaited),
        [(100 * US, "consumer".to_string(), None, 0)]
    );
    assert_eq!(
        spans_of(&trace, "consumer"),
        [
            (0, 100 * US, State::Starting),
            (100 * US, 2_105 * US, State::Blocked),
            (2_105 * US, 3_105_650, State::RunningWithGil),
            (3_105_650, 3_110_650, State::Done)
        ]
    );
    assert_eq!(
        spans_of(&trace, "producer"),
        [
            (0, 100 * US, State::Starting),
            (100 * US, 2_100_650, State::RunningWithGil),
            (2_100_650, 3_110_650, State::Done)
        ]
    );
    assert_eq!(trace.metrics.makespan, 3_110_650);
    assert!(trace.metrics.deadlock.is_none());
}

#[test]
fn a_full_bounded_queue_blocks_the_put_until_a_get_makes_room() {
    let trace = run(r#"
        python = "3.12"
        cores = 2
        [[workers]]
        kind = "thread"
        name = "consumer"
        program = "cpu 1ms; get jobs; get jobs"
        [[workers]]
        kind = "thread"
        name = "producer"
        program = "queue jobs bound 1\nput jobs; put jobs"
    "#);
    // 1100 µs: the consumer finds jobs empty; 1105: the producer puts one, and at 1105.65 finds
    // the queue full; 1110: the consumer gets it (waking the producer) and waits again at
    // 1110.65; 1115: the producer puts the second and ends at 1115.65; 1120: the consumer gets it.
    let waits = |kind| {
        events_of(&trace, kind).into_iter().map(|(time, who, _, _)| (time, who)).collect::<Vec<_>>()
    };
    assert_eq!(
        waits(EventKind::GetWaited),
        [(1_100 * US, "consumer".to_string()), (1_110_650, "consumer".to_string())]
    );
    assert_eq!(waits(EventKind::PutWaited), [(1_105_650, "producer".to_string())]);
    assert_eq!(trace.metrics.workers[1].finished_at, 1_115_650);
    assert_eq!(trace.metrics.workers[0].finished_at, 1_120_650);
    assert_eq!(trace.metrics.makespan, 1_125_650);
}

#[test]
fn setting_an_event_wakes_every_waiter_and_they_queue_for_the_gil() {
    let trace = run(r#"
        python = "3.12"
        cores = 4
        [[workers]]
        kind = "thread"
        name = "setter"
        program = "io 1ms; set go"
        [[workers]]
        kind = "thread"
        name = "w"
        count = 2
        program = "wait go; cpu 1ms"
    "#);
    let waits: Vec<_> = events_of(&trace, EventKind::EventWaited)
        .into_iter()
        .map(|(time, who, _, _)| (time, who))
        .collect();
    assert_eq!(waits, [(100 * US, "w-1".to_string()), (100 * US, "w-2".to_string())]);
    // The setter's I/O ends at 1100 µs; it takes the GIL at 1105 and wakes both waiters.
    assert_eq!(
        events_of(&trace, EventKind::EventSet),
        [(1_105 * US, "setter".to_string(), None, 2)]
    );
    assert_eq!(
        spans_of(&trace, "w-1")[1..3],
        [(100 * US, 1_110 * US, State::Blocked), (1_110 * US, 2_110_400, State::RunningWithGil)]
    );
    assert_eq!(
        spans_of(&trace, "w-2")[1..4],
        [
            (100 * US, 1_110 * US, State::Blocked),
            (1_110 * US, 2_115_400, State::WaitingForGil),
            (2_115_400, 3_115_800, State::RunningWithGil)
        ]
    );
    assert_eq!(trace.metrics.makespan, 3_120_800);
}

#[test]
fn two_locks_taken_in_opposite_orders_deadlock_and_the_run_ends() {
    let trace = run(r#"
        python = "3.12"
        cores = 2
        [[workers]]
        kind = "thread"
        name = "A"
        program = "lock a { io 1ms; lock b { cpu 1ms } }"
        [[workers]]
        kind = "thread"
        name = "B"
        program = "lock b { io 1ms; lock a { cpu 1ms } }"
    "#);
    // A takes a at 100 µs (220 ns) and sleeps; B takes b at 105.22 µs. A wants b at 1105.22 µs,
    // B wants a at 1110.44 µs: nothing can wake either, so the run ends there.
    let lock_waits: Vec<_> = events_of(&trace, EventKind::LockWaited)
        .into_iter()
        .map(|(time, who, other, _)| (time, who, other))
        .collect();
    assert_eq!(
        lock_waits,
        [
            (1_105_220, "A".to_string(), Some("B".to_string())),
            (1_110_440, "B".to_string(), Some("A".to_string()))
        ]
    );
    let deadlock = trace.metrics.deadlock.as_ref().expect("a deadlock");
    assert_eq!(deadlock.at, 1_110_440);
    assert_eq!(
        deadlock.describe(),
        "A waits for lock b, held by B; B waits for lock a, held by A."
    );
    assert_eq!(
        trace.metrics.makespan, 2_110_440,
        "a tenth of the run, at least 1 ms, past the deadlock"
    );
    let (a, b) = (lane(&trace, "A"), lane(&trace, "B"));
    let deadlocked: Vec<_> = trace
        .spans
        .iter()
        .filter(|span| span.state == State::Deadlocked)
        .map(|span| (span.lane, span.start, span.end, span.who))
        .collect();
    assert_eq!(
        deadlocked,
        [(a, 1_105_220, 2_110_440, Some(b)), (b, 1_110_440, 2_110_440, Some(a))]
    );
    assert_eq!(
        spans_of(&trace, "A")[2],
        (100_220, 1_105_220, State::Blocked),
        "its I/O is not part of the deadlock"
    );
    let sentence = trace.describe(trace.events.last().unwrap());
    assert!(
        sentence.starts_with("Deadlock: ")
            && sentence.ends_with("A waits for lock b, held by B; B waits for lock a, held by A."),
        "{sentence}"
    );
}
