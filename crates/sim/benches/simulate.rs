//! How long the simulator takes, natively: a typical lesson scenario, a mixed one, the largest the
//! app allows, and lesson 7's counter races. Budgets (docs/performance.md): typical under 1 ms, largest under 50 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use gil_sim::{simulate, Scenario, ScenarioSpec};

fn scenario(toml_text: &str) -> Scenario {
    let spec: ScenarioSpec = toml::from_str(toml_text).expect("benchmark scenario is valid TOML");
    Scenario::from_spec(&spec).expect("benchmark scenario is valid")
}

fn threads(python: &str, cores: u32, interval: &str, count: u32, program: &str) -> Scenario {
    scenario(&format!(
        "python = \"{python}\"\ncores = {cores}\nswitch_interval = \"{interval}\"\n[[workers]]\nkind = \"thread\"\ncount = {count}\nprogram = \"{program}\"\n"
    ))
}

fn benchmarks(criterion: &mut Criterion) {
    let cases = [
        (
            "typical: convoy (examples/convoy.toml), 2 threads, 2 s",
            scenario(include_str!("../../../examples/convoy.toml")),
        ),
        (
            "typical: mixed, 4 threads + 2 processes + 8 tasks",
            scenario(
                r#"
                python = "3.12"
                cores = 4
                [[workers]]
                kind = "thread"
                count = 4
                program = "repeat 20 { cpu 2ms; io 1ms }"
                [[workers]]
                kind = "process"
                count = 2
                program = "cpu 50ms; send 100KB"
                [[workers]]
                kind = "task"
                count = 8
                program = "repeat 10 { io 5ms; cpu 100us }; to_thread { native 2ms }"
                "#,
            ),
        ),
        ("largest: 64 threads, 10 s, 1 ms interval", threads("3.12", 8, "1ms", 64, "cpu 156ms")),
        (
            "largest: 64 threads, 10 s, 0.1 ms interval",
            threads("3.12", 8, "0.1ms", 64, "cpu 156ms"),
        ),
        ("largest: 2 threads, 10 s, 0.1 ms interval", threads("3.12", 2, "0.1ms", 2, "cpu 5s")),
        ("old GIL: 2 threads, 1 s", threads("2.7", 2, "5ms", 2, "cpu 300ms")),
        (
            "lost updates: 3.9, 2 threads x 1,000,000 increments",
            threads("3.9", 2, "5ms", 2, "increment counter 1000000"),
        ),
        (
            "lost updates: 3.12 via_call, 2 threads x 1,000,000",
            threads("3.12", 2, "5ms", 2, "increment counter 1000000 via_call"),
        ),
        (
            "lost updates: 3.13t, 2 threads x 1,000,000 increments",
            threads("3.13t", 2, "5ms", 2, "increment counter 1000000"),
        ),
        (
            "lost updates: 2.7 via_call, 2 threads x 1,000,000",
            threads("2.7", 2, "5ms", 2, "increment counter 1000000 via_call"),
        ),
    ];
    let mut group = criterion.benchmark_group("simulate");
    group
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    for (name, scenario) in &cases {
        group.bench_function(*name, |bencher| {
            bencher.iter(|| simulate(scenario).expect("benchmark scenario simulates"))
        });
    }
    group.finish();
}

criterion_group!(simulate_benches, benchmarks);
criterion_main!(simulate_benches);
