//! The simulator is deterministic on every platform: the golden scenario (tests/golden.toml)
//! gives the same trace, down to its hash, here and in the browser (tests/browser.rs).

mod support;

use gil_sim::lanes::LaneKind;
use gil_sim::trace::EventKind;
use gil_sim::{simulate, Trace};

/// The hash of the golden scenario's trace; tests/browser.rs asserts the same number.
/// It changes only when the model changes: then update it here and in tests/browser.rs.
const GOLDEN_HASH: u64 = 0xd0fe_546b_1460_8233;

const GOLDEN: &str = include_str!("golden.toml");

fn golden() -> Trace {
    support::run(GOLDEN)
}

#[test]
fn snapshot_the_golden_scenario_has_its_known_hash() {
    let trace = golden();
    assert_eq!(trace.hash(), GOLDEN_HASH, "the golden trace changed: {:#x}", trace.hash());
}

#[test]
fn simulating_twice_gives_the_same_trace() {
    let scenario = support::scenario(GOLDEN);
    let first = simulate(&scenario).expect("golden scenario simulates");
    let second = simulate(&scenario).expect("golden scenario simulates");
    assert_eq!(first, second);
    assert_eq!(first.hash(), second.hash());
}

#[test]
fn the_golden_scenario_exercises_what_it_claims() {
    let trace = golden();
    let kinds: Vec<LaneKind> = trace.lanes.iter().map(|lane| lane.kind).collect();
    for kind in [LaneKind::Thread, LaneKind::Process, LaneKind::Task, LaneKind::PoolThread] {
        assert!(kinds.contains(&kind), "no {kind:?} lane in {kinds:?}");
    }
    for kind in [EventKind::ToThread, EventKind::Sent, EventKind::IoCompleted, EventKind::GilTaken]
    {
        assert!(trace.events.iter().any(|event| event.kind == kind), "no {kind:?} event");
    }
}

#[test]
fn another_seed_gives_another_trace() {
    let reseeded = GOLDEN.replace("seed = 7", "seed = 8");
    assert_ne!(support::run(&reseeded).hash(), golden().hash());
}
