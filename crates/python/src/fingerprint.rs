//! The scenario's fingerprint, which its program's result line names.

use gil_sim::ScenarioSpec;

/// The scenario's fingerprint, which its program prints in its result line so that the lab can
/// tell a line from another scenario: the FNV-1a 64-bit hash, in hex, of the lab link
/// ([`gil_link::query::write`]) of its switch interval and workers, what the program runs. The rest
/// is left out: the title, the seed, the wake order and the simulator's costs do not change the
/// program, and the lab compares the cores and the Python version with the run's on their own, so
/// a result still matches once the lab is set to the machine and the version it ran on.
pub fn scenario_fingerprint(spec: &ScenarioSpec) -> String {
    const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let runs = ScenarioSpec {
        switch_interval: spec.switch_interval.clone(),
        workers: spec.workers.clone(),
        ..ScenarioSpec::default()
    };
    let hash = gil_link::query::write(&runs)
        .bytes()
        .fold(FNV_OFFSET_BASIS, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME));
    format!("{hash:016x}")
}
