//! The programs the lab offers to start from, written as Python by gil-python: each compiles and
//! runs, with the checks of gil-python's own tests (`crates/python/tests/support`).

#[path = "../../python/tests/support/mod.rs"]
mod support;

use gil_lab_web::lab::presets::PRESETS;
use gil_sim::scenario::WorkerKind;
use support::{case, check, spec, worker};

/// Every program the lab offers to start from, in a group of two on the Python the tests have.
#[test]
fn every_preset_compiles_and_runs() {
    let cases = PRESETS
        .iter()
        .map(|preset| {
            let name = format!(
                "preset-{}",
                preset
                    .label
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|word| !word.is_empty())
                    .collect::<Vec<_>>()
                    .join("-")
            );
            case(
                &name,
                spec(
                    "3.11",
                    vec![worker(
                        preset.kind.unwrap_or(WorkerKind::Thread).as_str(),
                        2,
                        preset.program,
                    )],
                ),
                &[],
            )
        })
        .collect();
    check(cases, "presets");
}
