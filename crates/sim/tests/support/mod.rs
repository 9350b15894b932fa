//! Shared helpers for the integration tests: scenarios written as TOML, as in scenario files.

#![allow(dead_code)]

use proptest::test_runner::{Config, RngSeed};

use gil_sim::lanes::{Span, State};
use gil_sim::trace::EventKind;
use gil_sim::{simulate, Scenario, ScenarioSpec, Trace};

pub const US: u64 = 1_000;
pub const MS: u64 = 1_000_000;

/// The property tests' configuration.
pub fn config() -> Config {
    // No regression files: the worktree holds only the files this suite owns. Failures print
    // their scenario as TOML instead; keep a minimal one as an ordinary test once it is fixed.
    // A fixed seed, so that a run (and CI) is repeatable; PROPTEST_RNG_SEED=<n> explores others.
    let default = Config::default();
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        default.rng_seed
    } else {
        RngSeed::Fixed(0x0067_696c_2d6c_6162)
    };
    Config { failure_persistence: None, rng_seed, ..default }
}

pub fn scenario(toml_text: &str) -> Scenario {
    let spec: ScenarioSpec = toml::from_str(toml_text).expect("test scenario is valid TOML");
    Scenario::from_spec(&spec).expect("test scenario is valid")
}

pub fn run(toml_text: &str) -> Trace {
    simulate(&scenario(toml_text)).expect("test scenario simulates")
}

pub fn lane(trace: &Trace, name: &str) -> u32 {
    trace
        .lanes
        .iter()
        .position(|lane| lane.name == name)
        .unwrap_or_else(|| panic!("no lane {name}")) as u32
}

pub fn spans_of(trace: &Trace, name: &str) -> Vec<(u64, u64, State)> {
    let lane = lane(trace, name);
    trace
        .spans
        .iter()
        .filter(|span| span.lane == lane)
        .map(|span: &Span| (span.start, span.end, span.state))
        .collect()
}

pub fn events_of(trace: &Trace, kind: EventKind) -> Vec<(u64, String, Option<String>, u64)> {
    trace
        .events
        .iter()
        .filter(|event| event.kind == kind)
        .map(|event| {
            (
                event.time,
                trace.lane_name(event.lane).to_string(),
                event.other.map(|other| trace.lane_name(other).to_string()),
                event.amount,
            )
        })
        .collect()
}
