//! Property tests: random valid scenarios must simulate, deterministically, without breaking the
//! model's invariants (one GIL holder, no more running threads than cores, all the requested work
//! and no more, time moving forward); random invalid input must be rejected with an error, never
//! a panic; and a scenario too big to simulate must stop with `SimError::TooLong`, not hang.
//!
//! A failing case is printed as the scenario's TOML, ready to paste into a file for `gil-lab`.
//! Set `PROPTEST_CASES` to run more (or fewer) cases than the default 256 per property.

mod support;

use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

use proptest::prelude::*;
use proptest::strategy::Union;
use proptest::test_runner::TestCaseError;

use gil_sim::lanes::{LaneKind, State};
use gil_sim::program::WorkKind;
use gil_sim::python::{GilKind, PythonVersion, StartMethod, PYTHON_VERSIONS};
use gil_sim::scenario::WorkerKind;
use gil_sim::spec::{CostsSpec, WorkerSpec};
use gil_sim::time::parse_duration;
use gil_sim::trace::{EventKind, Trace};
use gil_sim::{simulate, Scenario, ScenarioSpec, SimError, MAX_ACTIONS};
use support::{config, MS, US};

// ---------------------------------------------------------------------------------------------
// Generated programs and scenarios
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Stmt {
    Work { kind: WorkKind, nanos: u64, jitter: u8 },
    Send { bytes: u64 },
    Repeat { count: u32, body: Vec<Stmt> },
    ToThread { body: Vec<Stmt> },
}

fn duration_text(nanos: u64) -> String {
    if nanos.is_multiple_of(US) {
        format!("{}us", nanos / US)
    } else {
        format!("{nanos}ns")
    }
}

fn render(block: &[Stmt]) -> String {
    block
        .iter()
        .map(|stmt| match stmt {
            Stmt::Work { kind, nanos, jitter: 0 } => {
                format!("{} {}", kind.keyword(), duration_text(*nanos))
            }
            Stmt::Work { kind, nanos, jitter } => {
                format!("{} {}~{jitter}%", kind.keyword(), duration_text(*nanos))
            }
            Stmt::Send { bytes } => format!("send {bytes}B"),
            Stmt::Repeat { count, body } => format!("repeat {count} {{ {} }}", render(body)),
            Stmt::ToThread { body } => format!("to_thread {{ {} }}", render(body)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What may appear in a program: the version and worker kind rules, and the value ranges.
#[derive(Debug, Clone, Copy)]
struct Rules {
    send: bool,
    to_thread: bool,
    jitter: bool,
    /// Edge values: zero durations, sub-microsecond durations, `repeat 0`, jitter up to 100%.
    edge: bool,
}

fn work_strategy(rules: Rules) -> BoxedStrategy<Stmt> {
    let kind = prop::sample::select(vec![
        WorkKind::Cpu,
        WorkKind::Native,
        WorkKind::NativeGil,
        WorkKind::Io,
    ]);
    let nanos = if rules.edge {
        prop_oneof![2 => Just(0u64), 2 => 1u64..1_000, 6 => (10u64..=500).prop_map(|us| us * US)]
            .boxed()
    } else {
        // Roughly log-uniform over 10 µs ..= 5 ms, in whole microseconds.
        prop_oneof![
            (10u64..100).prop_map(|us| us * US),
            (100u64..1_000).prop_map(|us| us * US),
            (1_000u64..=5_000).prop_map(|us| us * US)
        ]
        .boxed()
    };
    let jitter = match (rules.jitter, rules.edge) {
        (false, _) => Just(0u8).boxed(),
        (true, false) => prop_oneof![2 => Just(0u8), 1 => 1u8..=50].boxed(),
        (true, true) => prop_oneof![2 => Just(0u8), 1 => 1u8..=100].boxed(),
    };
    (kind, nanos, jitter)
        .prop_map(|(kind, nanos, jitter)| Stmt::Work { kind, nanos, jitter })
        .boxed()
}

fn block_strategy(rules: Rules, depth: u32, in_to_thread: bool) -> BoxedStrategy<Vec<Stmt>> {
    prop::collection::vec(stmt_strategy(rules, depth, in_to_thread), 1..=3).boxed()
}

fn stmt_strategy(rules: Rules, depth: u32, in_to_thread: bool) -> BoxedStrategy<Stmt> {
    let mut options: Vec<(u32, BoxedStrategy<Stmt>)> = vec![(6, work_strategy(rules))];
    if rules.send && !in_to_thread {
        options.push((1, (1u64..=2_000_000).prop_map(|bytes| Stmt::Send { bytes }).boxed()));
    }
    if depth < 2 {
        let counts = if rules.edge { 0u32..=5 } else { 1u32..=5 };
        let repeat = (counts, block_strategy(rules, depth + 1, in_to_thread))
            .prop_map(|(count, body)| Stmt::Repeat { count, body });
        options.push((2, repeat.boxed()));
    }
    if rules.to_thread && !in_to_thread && depth < 2 {
        options.push((
            2,
            block_strategy(rules, depth + 1, true).prop_map(|body| Stmt::ToThread { body }).boxed(),
        ));
    }
    Union::new_weighted(options).boxed()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Thread,
    Process,
    Task,
    Interpreter,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Thread => "thread",
            Kind::Process => "process",
            Kind::Task => "task",
            Kind::Interpreter => "interpreter",
        }
    }
}

#[derive(Debug, Clone)]
struct Group {
    kind: Kind,
    count: u32,
    program: Vec<Stmt>,
}

#[derive(Clone)]
struct Case {
    spec: ScenarioSpec,
    groups: Vec<Group>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\n{}", toml_of(&self.spec))
    }
}

fn group_strategy(python: PythonVersion, jitter: bool, edge: bool) -> BoxedStrategy<Group> {
    let mut kinds = vec![Kind::Thread, Kind::Process];
    if python.at_least(3, 5) {
        kinds.push(Kind::Task);
    }
    if python.at_least(3, 12) {
        kinds.push(Kind::Interpreter);
    }
    prop::sample::select(kinds)
        .prop_flat_map(move |kind| {
            let rules = Rules {
                send: matches!(kind, Kind::Process | Kind::Interpreter),
                to_thread: kind == Kind::Task && python.at_least(3, 9),
                jitter,
                edge,
            };
            (Just(kind), 1u32..=4, block_strategy(rules, 0, false))
        })
        .prop_map(|(kind, count, program)| Group { kind, count, program })
        .boxed()
}

fn start_method_strategy(python: PythonVersion) -> BoxedStrategy<Option<String>> {
    let mut methods = vec![None, Some("fork".to_string())];
    if python.at_least(3, 4) {
        methods.push(Some("spawn".into()));
        methods.push(Some("forkserver".into()));
    }
    prop::sample::select(methods).boxed()
}

fn optional_duration(range: std::ops::RangeInclusive<u64>) -> BoxedStrategy<Option<String>> {
    prop_oneof![1 => Just(None), 1 => range.prop_map(|nanos| Some(duration_text(nanos)))].boxed()
}

fn optional_percent(max: u32) -> BoxedStrategy<Option<String>> {
    prop_oneof![1 => Just(None), 1 => (0..=max).prop_map(|percent| Some(format!("{percent}%")))]
        .boxed()
}

/// How an override of the cost `name` (as `CostsSpec::fields_mut` names it) is drawn: a duration
/// in its range, down to zero where zero is allowed, or a percentage; or absent. `None` for a cost
/// this suite does not know, which `wiring_every_cost_is_fuzzed` refuses.
fn cost_override(name: &str) -> Option<BoxedStrategy<Option<String>>> {
    Some(match name {
        "os_time_slice" => optional_duration(US..=10 * MS),
        "wake_latency" => optional_duration(0..=50 * US),
        "check_latency" => optional_duration(0..=10 * US),
        "thread_start" => optional_duration(0..=MS),
        "task_start" => optional_duration(0..=100 * US),
        "interpreter_start" => optional_duration(0..=10 * MS),
        "fork_parent" | "fork_child" | "spawn_parent" | "spawn_child" | "forkserver_server"
        | "forkserver_parent" | "forkserver_child" => optional_duration(0..=5 * MS),
        "pickle_per_mb" => optional_duration(0..=10 * MS),
        "old_check_period" => optional_duration(US..=100 * US),
        "old_release_cost" => optional_duration(0..=20 * US),
        "old_waiter_wins" => optional_percent(100),
        "increment" | "increment_call" => optional_duration(0..=US),
        "lock" | "queue" | "event" => optional_duration(0..=10 * US),
        "free_threading_overhead" => optional_percent(1_000),
        _ => return None,
    })
}

/// Every cost a scenario can override, by its name in scenario files.
fn every_cost() -> Vec<&'static str> {
    CostsSpec::default().fields_mut().map(|(name, _)| name).to_vec()
}

/// What an `increment` or a `lock` costs: the rest do not change what a race scenario checks.
const SHARED_VARIABLE_COSTS: [&str; 3] = ["increment", "increment_call", "lock"];

/// Overrides of the costs named in `fuzzed`, each drawn by `cost_override`; the others keep their defaults.
fn costs_strategy(fuzzed: &[&str]) -> BoxedStrategy<CostsSpec> {
    let names: Vec<&'static str> =
        every_cost().into_iter().filter(|name| fuzzed.contains(name)).collect();
    let overrides: Vec<BoxedStrategy<Option<String>>> = names
        .iter()
        .map(|name| {
            cost_override(name).unwrap_or_else(|| panic!("no fuzzing range for the cost {name}"))
        })
        .collect();
    overrides
        .prop_map(move |values| {
            let mut costs = CostsSpec::default();
            for (name, slot) in costs.fields_mut() {
                if let Some(index) = names.iter().position(|fuzzed| *fuzzed == name) {
                    *slot = values[index].clone();
                }
            }
            costs
        })
        .boxed()
}

/// The fields of a struct as its derived `Deserialize` knows them: a deserializer that stops at
/// the struct, where the derive hands it the list of its fields.
fn serde_fields<T: for<'de> serde::Deserialize<'de>>() -> Vec<&'static str> {
    struct FieldNames<'a>(&'a mut Vec<&'static str>);

    impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
        type Error = serde::de::value::Error;

        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            _: V,
        ) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend_from_slice(fields);
            Err(serde::de::Error::custom("only the names of the fields were wanted"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let mut fields = Vec::new();
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A cost added to `CostsSpec` must be fuzzed too: `fields_mut` lists every field serde knows,
/// and each has a range in `cost_override`.
#[test]
fn wiring_every_cost_is_fuzzed() {
    let mut declared = serde_fields::<CostsSpec>();
    let mut listed = every_cost();
    declared.sort_unstable();
    listed.sort_unstable();
    assert_eq!(listed, declared, "CostsSpec::fields_mut does not list every field of CostsSpec");
    let unfuzzed: Vec<&str> =
        listed.into_iter().filter(|name| cost_override(name).is_none()).collect();
    assert!(unfuzzed.is_empty(), "costs without a fuzzing range in cost_override: {unfuzzed:?}");
}

/// Random valid scenarios. `edge` adds zero and sub-microsecond durations, `repeat 0`, heavy
/// jitter and overridden costs (zero latencies, tiny time slices, extreme percentages).
fn case_strategy(edge: bool) -> impl Strategy<Value = Case> {
    prop::sample::select(PYTHON_VERSIONS.to_vec()).prop_flat_map(move |python| {
        let version = PythonVersion::parse(python).expect("listed versions parse");
        let interval_us = prop_oneof![10u64..100, 100u64..1_000, 1_000u64..=10_000];
        let costs =
            if edge { costs_strategy(&every_cost()) } else { Just(CostsSpec::default()).boxed() };
        let groups = any::<bool>().prop_flat_map(move |jitter| {
            prop::collection::vec(
                (
                    group_strategy(version, jitter, edge),
                    start_method_strategy(version),
                    any::<bool>(),
                ),
                1..=6,
            )
        });
        (Just(python), 1u32..=8, interval_us, 0..=i64::MAX as u64, any::<bool>(), costs, groups)
            .prop_map(|(python, cores, interval_us, seed, random, costs, groups)| {
                let mut workers = Vec::new();
                let mut plain = Vec::new();
                for (index, (group, start_method, named)) in groups.into_iter().enumerate() {
                    workers.push(WorkerSpec {
                        kind: group.kind.name().into(),
                        name: named.then(|| format!("g{index}")),
                        count: group.count,
                        program: render(&group.program),
                        start_method: start_method.filter(|_| group.kind == Kind::Process),
                    });
                    plain.push(group);
                }
                let spec = ScenarioSpec {
                    title: "property".into(),
                    python: python.into(),
                    cores,
                    switch_interval: format!("{interval_us}us"),
                    seed,
                    wake_order: if random { "random" } else { "fifo" }.into(),
                    executor_workers: None,
                    costs,
                    workers,
                };
                Case { spec, groups: plain }
            })
    })
}

// ---------------------------------------------------------------------------------------------
// TOML, for printing failures and for checking the spec survives the trip through a file
// ---------------------------------------------------------------------------------------------

fn quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                quoted.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn toml_of(spec: &ScenarioSpec) -> String {
    let mut text = format!(
        "title = {}\npython = {}\ncores = {}\nswitch_interval = {}\nseed = {}\nwake_order = {}\n",
        quote(&spec.title),
        quote(&spec.python),
        spec.cores,
        quote(&spec.switch_interval),
        spec.seed,
        quote(&spec.wake_order)
    );
    let mut costs = spec.costs.clone();
    let costs = costs.fields_mut();
    if costs.iter().any(|(_, value)| value.is_some()) {
        text.push_str("\n[costs]\n");
        for (name, value) in costs {
            if let Some(value) = value.as_deref() {
                text.push_str(&format!("{name} = {}\n", quote(value)));
            }
        }
    }
    for worker in &spec.workers {
        text.push_str(&format!("\n[[workers]]\nkind = {}\n", quote(&worker.kind)));
        if let Some(name) = &worker.name {
            text.push_str(&format!("name = {}\n", quote(name)));
        }
        text.push_str(&format!("count = {}\n", worker.count));
        if let Some(method) = &worker.start_method {
            text.push_str(&format!("start_method = {}\n", quote(method)));
        }
        text.push_str(&format!("program = {}\n", quote(&worker.program)));
    }
    text
}

// ---------------------------------------------------------------------------------------------
// What the generated programs ask for
// ---------------------------------------------------------------------------------------------

const CPU: usize = 0;
const NATIVE: usize = 1;
const NATIVE_GIL: usize = 2;
const IO: usize = 3;

fn slot(kind: WorkKind) -> usize {
    match kind {
        WorkKind::Cpu => CPU,
        WorkKind::Native => NATIVE,
        WorkKind::NativeGil => NATIVE_GIL,
        WorkKind::Io => IO,
    }
}

/// Bounds on the work one run of a program does, by kind. With no jitter `lo == hi`, exactly.
#[derive(Debug, Clone, Copy, Default)]
struct Requested {
    lo: [u64; 4],
    hi: [u64; 4],
    /// As written (jitter at its mean, no free-threading overhead): what `Program::totals` reports.
    nominal: [u64; 4],
    /// The part of `lo` outside `to_thread` blocks that needs a core: for a task, the event loop's time.
    on_loop_lo: u64,
    io_steps: u64,
    sends: u64,
    bytes_sent: u64,
    /// Time to pickle everything sent, paid once by the sender (and once more by the receiver).
    pickling: u64,
}

/// What one run of `block` asks for, under the scenario's costs: free-threading overhead applied
/// per step as the engine does (`x + x * percent / 100`, rounded down).
fn requested(block: &[Stmt], scenario: &Scenario) -> Requested {
    fn walk(
        block: &[Stmt],
        times: u64,
        in_to_thread: bool,
        scenario: &Scenario,
        total: &mut Requested,
    ) {
        let free_threading = scenario
            .python
            .free_threaded
            .then_some(scenario.costs.free_threading_overhead_percent as u64);
        for stmt in block {
            match stmt {
                Stmt::Work { kind, nanos, jitter } => {
                    let spread = (*nanos as u128 * *jitter as u128 / 100) as u64;
                    let python = |nanos: u64| match free_threading {
                        Some(percent) if *kind == WorkKind::Cpu => nanos + nanos * percent / 100,
                        _ => nanos,
                    };
                    let (lo, hi) = (python(nanos - spread) * times, python(nanos + spread) * times);
                    total.lo[slot(*kind)] += lo;
                    total.hi[slot(*kind)] += hi;
                    total.nominal[slot(*kind)] += nanos * times;
                    if kind.needs_core() && !in_to_thread {
                        total.on_loop_lo += lo;
                    }
                    if *kind == WorkKind::Io {
                        total.io_steps += times;
                    }
                }
                Stmt::Send { bytes } => {
                    total.sends += times;
                    total.bytes_sent += bytes * times;
                    total.pickling += scenario.costs.pickling(*bytes) * times;
                }
                Stmt::Repeat { count, body } => {
                    walk(body, times * *count as u64, in_to_thread, scenario, total)
                }
                Stmt::ToThread { body } => walk(body, times, true, scenario, total),
            }
        }
    }
    let mut total = Requested::default();
    walk(block, 1, false, scenario, &mut total);
    total
}

// ---------------------------------------------------------------------------------------------
// The invariants
// ---------------------------------------------------------------------------------------------

/// The most intervals open at one instant (an interval ending at `t` does not meet one starting at `t`).
fn max_overlap(intervals: impl IntoIterator<Item = (u64, u64)>) -> (usize, u64) {
    let mut points: Vec<(u64, i64)> =
        intervals.into_iter().flat_map(|(start, end)| [(start, 1), (end, -1)]).collect();
    points.sort_unstable();
    let (mut open, mut most) = (0i64, (0usize, 0u64));
    for (time, delta) in points {
        open += delta;
        if open as usize > most.0 {
            most = (open as usize, time);
        }
    }
    most
}

/// Sorted intervals with touching ones merged.
fn merged(mut intervals: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    intervals.sort_unstable();
    let mut result: Vec<(u64, u64)> = Vec::new();
    for (start, end) in intervals {
        match result.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => result.push((start, end)),
        }
    }
    result
}

fn covered_by(interval: (u64, u64), cover: &[(u64, u64)]) -> bool {
    cover.iter().any(|&(start, end)| start <= interval.0 && interval.1 <= end)
}

/// A span as (start, end, state, who).
type LaneSpan = (u64, u64, State, Option<u32>);

fn is_thread_lane(kind: LaneKind) -> bool {
    matches!(
        kind,
        LaneKind::MainThread
            | LaneKind::Thread
            | LaneKind::Process
            | LaneKind::Interpreter
            | LaneKind::PoolThread
    )
}

macro_rules! check {
    ($toml:expr, $condition:expr, $($message:tt)+) => {
        let holds: bool = $condition;
        if !holds {
            return Err(TestCaseError::fail(format!("{}\n--- scenario ---\n{}", format!($($message)+), $toml)));
        }
    };
}

fn check_case(case: &Case) -> Result<(), TestCaseError> {
    let toml = toml_of(&case.spec);
    let reparsed: Result<ScenarioSpec, _> = toml::from_str(&toml);
    check!(
        toml,
        reparsed.as_ref() == Ok(&case.spec),
        "the spec does not survive TOML: {reparsed:?}"
    );
    let scenario = match Scenario::from_spec(&case.spec) {
        Ok(scenario) => scenario,
        Err(problem) => {
            return Err(TestCaseError::fail(format!(
                "a valid scenario was rejected: {problem}\n{toml}"
            )))
        }
    };
    if std::env::var_os("PROPS_ECHO").is_some() {
        eprintln!("=== case\n{toml}");
    }
    let trace = match simulate(&scenario) {
        Ok(trace) => trace,
        Err(problem) => {
            return Err(TestCaseError::fail(format!(
                "simulate failed: {problem}\n--- scenario ---\n{toml}"
            )))
        }
    };
    let again = simulate(&scenario).expect("the second run of a scenario that simulated once");
    check!(
        toml,
        again.hash() == trace.hash(),
        "two runs hash differently: {:x} and {:x}",
        trace.hash(),
        again.hash()
    );
    check!(toml, again == trace, "two runs give different traces");
    check_trace(case, &scenario, &trace, &toml)
}

fn check_trace(
    case: &Case,
    scenario: &Scenario,
    trace: &Trace,
    toml: &str,
) -> Result<(), TestCaseError> {
    let makespan = trace.metrics.makespan;
    let lanes = trace.lanes.len() as u32;
    let free_threaded = scenario.python.free_threaded;
    let lane_info = |lane: u32| &trace.lanes[lane as usize];

    // Time never runs backwards.
    for (index, span) in trace.spans.iter().enumerate() {
        check!(
            toml,
            span.lane < lanes && span.who.is_none_or(|who| who < lanes),
            "span {index} names a lane that does not exist: {span:?}"
        );
        check!(toml, span.start < span.end, "span {index} is empty or reversed: {span:?}");
        check!(
            toml,
            span.end <= makespan,
            "span {index} ends after the makespan {makespan}: {span:?}"
        );
        if let Some(next) = trace.spans.get(index + 1) {
            let in_order = (span.lane, span.start) < (next.lane, next.start);
            check!(
                toml,
                in_order,
                "spans {index} and {} are out of order: {span:?} {next:?}",
                index + 1
            );
            if next.lane == span.lane {
                check!(
                    toml,
                    span.end <= next.start,
                    "spans {index} and {} of one lane overlap: {span:?} {next:?}",
                    index + 1
                );
            }
        }
    }
    for pair in trace.events.windows(2) {
        check!(
            toml,
            pair[0].time <= pair[1].time,
            "events out of time order: {:?} then {:?}",
            pair[0],
            pair[1]
        );
    }
    for event in &trace.events {
        check!(toml, event.time <= makespan, "event after the makespan {makespan}: {event:?}");
        check!(
            toml,
            event.lane < lanes && event.other.is_none_or(|other| other < lanes),
            "event names a missing lane: {event:?}"
        );
    }

    let mut spans_of: Vec<Vec<LaneSpan>> = vec![Vec::new(); lanes as usize];
    for span in &trace.spans {
        spans_of[span.lane as usize].push((span.start, span.end, span.state, span.who));
    }

    // Thread and task lanes are drawn without gaps from their first span to the end.
    for (lane, spans) in spans_of.iter().enumerate() {
        let info = lane_info(lane as u32);
        if matches!(info.kind, LaneKind::Core | LaneKind::Gil) {
            continue;
        }
        for pair in spans.windows(2) {
            check!(
                toml,
                pair[0].1 == pair[1].0,
                "lane {} has a gap or overlap: {:?} then {:?}",
                info.name,
                pair[0],
                pair[1]
            );
        }
        let finishes_at_the_end = trace
            .metrics
            .workers
            .iter()
            .any(|worker| worker.lane == lane as u32 && worker.finished_at == makespan);
        if spans.is_empty() && finishes_at_the_end {
            // A worker that does all it does at the last instant has only zero-length spans, which
            // are not recorded (the run ends as it finishes: docs/model.md, interpreter shutdown).
            continue;
        }
        check!(
            toml,
            spans.last().is_some_and(|last| last.1 == makespan),
            "lane {} does not reach the makespan {makespan}: {:?}",
            info.name,
            spans.last()
        );
        if info.kind == LaneKind::MainThread {
            check!(
                toml,
                spans.first().is_some_and(|first| first.0 == 0),
                "the main thread does not start at 0: {:?}",
                spans.first()
            );
        }
    }

    // At most one holder per GIL, and the GIL lane agrees with the threads.
    let gil_lane_of: HashMap<&str, u32> = trace
        .lanes
        .iter()
        .enumerate()
        .filter(|(_, lane)| lane.kind == LaneKind::Gil)
        .map(|(index, lane)| (lane.group.as_str(), index as u32))
        .collect();
    if free_threaded {
        check!(toml, gil_lane_of.is_empty(), "a free-threaded build has GIL lanes");
        for span in &trace.spans {
            let with_gil = matches!(span.state, State::RunningWithGil | State::WaitingForGil);
            check!(
                toml,
                !with_gil,
                "lane {} shows {:?} in a free-threaded build: {span:?}",
                trace.lane_name(span.lane),
                span.state
            );
        }
    }
    let mut holding: HashMap<&str, Vec<(u64, u64)>> = HashMap::new();
    for (lane, spans) in spans_of.iter().enumerate() {
        let info = lane_info(lane as u32);
        if info.kind == LaneKind::Gil {
            for &(start, _, state, who) in spans {
                check!(
                    toml,
                    state == State::RunningWithGil,
                    "GIL lane in {} shows {state:?} at {start}",
                    info.group
                );
                let holder = who.map(lane_info);
                let fits = holder.is_some_and(|holder| {
                    is_thread_lane(holder.kind) && holder.group == info.group
                });
                check!(toml, fits, "GIL lane in {} names a holder that is not one of its threads at {start}: {holder:?}", info.group);
            }
        }
        if !is_thread_lane(info.kind) || free_threaded {
            continue;
        }
        let Some(&gil) = gil_lane_of.get(info.group.as_str()) else {
            return Err(TestCaseError::fail(format!(
                "lane {} has no GIL lane in group {}\n{toml}",
                info.name, info.group
            )));
        };
        let cover = merged(
            spans_of[gil as usize]
                .iter()
                .filter(|span| span.3 == Some(lane as u32))
                .map(|span| (span.0, span.1))
                .collect(),
        );
        for &(start, end, state, _) in spans {
            if state == State::RunningWithGil {
                holding.entry(info.group.as_str()).or_default().push((start, end));
                check!(
                    toml,
                    covered_by((start, end), &cover),
                    "{} runs with the GIL over {start}..{end}, but the GIL lane does not show it holding",
                    info.name
                );
            }
        }
    }
    for (group, intervals) in holding {
        let (most, at) = max_overlap(intervals);
        check!(toml, most <= 1, "{most} threads of {group} run with the GIL at {at}");
    }

    // No more running threads than cores; cores and threads agree on who runs where.
    let running = |lane: usize| {
        spans_of[lane].iter().filter(|span| span.2.is_running()).map(|span| (span.0, span.1))
    };
    let thread_lanes: Vec<usize> =
        (0..lanes as usize).filter(|&lane| is_thread_lane(lane_info(lane as u32).kind)).collect();
    let (most, at) = max_overlap(thread_lanes.iter().flat_map(|&lane| running(lane)));
    check!(
        toml,
        most <= scenario.cores as usize,
        "{most} threads run at {at} on {} cores",
        scenario.cores
    );
    let core_lanes: Vec<usize> =
        (0..lanes as usize).filter(|&lane| lane_info(lane as u32).kind == LaneKind::Core).collect();
    check!(
        toml,
        core_lanes.len() == scenario.cores as usize,
        "{} core lanes for {} cores",
        core_lanes.len(),
        scenario.cores
    );
    let mut on_cores: HashMap<u32, Vec<(u64, u64)>> = HashMap::new();
    for &core in &core_lanes {
        for &(start, end, state, who) in &spans_of[core] {
            check!(
                toml,
                state.is_running(),
                "core lane {} shows {state:?}",
                lane_info(core as u32).name
            );
            let Some(who) = who.filter(|who| is_thread_lane(lane_info(*who).kind)) else {
                return Err(TestCaseError::fail(format!(
                    "core span {start}..{end} names no thread: {who:?}\n{toml}"
                )));
            };
            let same_state: Vec<(u64, u64)> = merged(
                spans_of[who as usize]
                    .iter()
                    .filter(|span| span.2 == state)
                    .map(|span| (span.0, span.1))
                    .collect(),
            );
            check!(
                toml,
                covered_by((start, end), &same_state),
                "core {} shows {} {state:?} over {start}..{end}, but the thread's lane does not",
                lane_info(core as u32).name,
                trace.lane_name(who)
            );
            on_cores.entry(who).or_default().push((start, end));
        }
    }
    for &lane in &thread_lanes {
        let on_core = on_cores.remove(&(lane as u32)).unwrap_or_default();
        let (most, at) = max_overlap(on_core.iter().copied());
        check!(
            toml,
            most <= 1,
            "{} is on {most} cores at once at {at}",
            trace.lane_name(lane as u32)
        );
        let core_time: u64 = on_core.iter().map(|(start, end)| end - start).sum();
        let run_time: u64 = running(lane).map(|(start, end)| end - start).sum();
        check!(
            toml,
            core_time == run_time,
            "{} runs for {run_time} ns but the cores show it for {core_time} ns",
            trace.lane_name(lane as u32)
        );
    }

    // Tasks mirror the main thread: one at a time, and only while the main thread runs the same way.
    let main_lane = (0..lanes)
        .find(|&lane| lane_info(lane).kind == LaneKind::MainThread)
        .expect("a main thread lane") as usize;
    let task_lanes: Vec<usize> =
        (0..lanes as usize).filter(|&lane| lane_info(lane as u32).kind == LaneKind::Task).collect();
    let (most, at) = max_overlap(task_lanes.iter().flat_map(|&lane| running(lane)));
    check!(toml, most <= 1, "{most} tasks run at once at {at}");
    for &task in &task_lanes {
        for &(start, end, state, _) in spans_of[task].iter().filter(|span| span.2.is_running()) {
            let main_same: Vec<(u64, u64)> = merged(
                spans_of[main_lane]
                    .iter()
                    .filter(|span| span.2 == state)
                    .map(|span| (span.0, span.1))
                    .collect(),
            );
            check!(
                toml,
                covered_by((start, end), &main_same),
                "task {} is {state:?} over {start}..{end} but the main thread is not",
                trace.lane_name(task as u32)
            );
        }
    }

    // Every worker ends in Done at its finish time; main and each worker finish once.
    check!(
        toml,
        trace.metrics.workers.len() == scenario.workers.len(),
        "{} worker metrics for {} workers",
        trace.metrics.workers.len(),
        scenario.workers.len()
    );
    for (worker, metrics) in scenario.workers.iter().zip(&trace.metrics.workers) {
        let lane = metrics.lane;
        check!(
            toml,
            trace.lane_name(lane) == worker.name,
            "worker {} is reported on lane {}",
            worker.name,
            trace.lane_name(lane)
        );
        let last = spans_of[lane as usize].last().copied();
        if metrics.finished_at == makespan && last.is_none_or(|last| last.2 != State::Done) {
            // Finishing as the run ends leaves no time to show Done (docs/model.md); the other checks go on.
        } else {
            check!(
                toml,
                last.is_some_and(|last| last.2 == State::Done),
                "{} does not end in Done: its last span is {last:?} (makespan {makespan})",
                worker.name
            );
            check!(
                toml,
                last.is_some_and(|last| last.0 == metrics.finished_at),
                "{} is Done from {last:?}, but finished_at is {}",
                worker.name,
                metrics.finished_at
            );
        }
        let finished: Vec<u64> = trace
            .events
            .iter()
            .filter(|event| event.kind == EventKind::Finished && event.lane == lane)
            .map(|event| event.time)
            .collect();
        check!(
            toml,
            finished == [metrics.finished_at],
            "{} has Finished events at {finished:?}, finished_at {}",
            worker.name,
            metrics.finished_at
        );
    }
    let main_finished: Vec<u64> = trace
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Finished && event.lane == main_lane as u32)
        .map(|event| event.time)
        .collect();
    check!(
        toml,
        main_finished == [makespan],
        "the main thread finishes at {main_finished:?}, makespan {makespan}"
    );

    // All requested work is done, and no more.
    let mut per_worker = Vec::new();
    for group in &case.groups {
        let work = requested(&group.program, scenario);
        for _ in 0..group.count {
            per_worker.push((group.kind, work));
        }
    }
    let mut lo = [0u64; 4];
    let mut hi = [0u64; 4];
    for (_, work) in &per_worker {
        for slot in 0..4 {
            lo[slot] += work.lo[slot];
            hi[slot] += work.hi[slot];
        }
    }
    let done = &trace.metrics.work_done;
    let old_gil = scenario.python.gil_kind() == GilKind::Old;
    check!(
        toml,
        old_gil || done.old_gil_overhead == 0,
        "old_gil_overhead {} outside the old GIL",
        done.old_gil_overhead
    );
    let cpu = done.cpu.checked_sub(done.old_gil_overhead);
    let checks = [
        ("cpu (less old_gil_overhead)", cpu, CPU),
        ("native", Some(done.native), NATIVE),
        ("native_gil", Some(done.native_gil), NATIVE_GIL),
        ("io", Some(done.io), IO),
    ];
    for (name, value, slot) in checks {
        let fits = value.is_some_and(|value| (lo[slot]..=hi[slot]).contains(&value));
        check!(
            toml,
            fits,
            "work_done.{name} is {value:?}, requested {}..={} ({done:?})",
            lo[slot],
            hi[slot]
        );
    }

    // The makespan is at least what the work needs.
    let core_work: u64 = lo[CPU] + lo[NATIVE] + lo[NATIVE_GIL];
    check!(
        toml,
        makespan * scenario.cores as u64 >= core_work,
        "makespan {makespan} on {} cores is too short for {core_work} ns of core work",
        scenario.cores
    );
    for ((kind, work), metrics) in per_worker.iter().zip(&trace.metrics.workers) {
        let alone: u64 = work.lo.iter().sum();
        check!(
            toml,
            metrics.finished_at >= alone,
            "{} ({kind:?}) finished at {} but its program alone needs {alone}",
            metrics.name,
            metrics.finished_at
        );
    }
    if !free_threaded {
        let main_gil: u64 = per_worker
            .iter()
            .filter(|(kind, _)| matches!(kind, Kind::Thread | Kind::Task))
            .map(|(_, work)| work.lo[CPU] + work.lo[NATIVE_GIL])
            .sum();
        check!(
            toml,
            makespan >= main_gil,
            "makespan {makespan} is shorter than the {main_gil} ns the main GIL must be held"
        );
    }
    let on_loop: u64 = per_worker
        .iter()
        .filter(|(kind, _)| *kind == Kind::Task)
        .map(|(_, work)| work.on_loop_lo)
        .sum();
    check!(
        toml,
        makespan >= on_loop,
        "makespan {makespan} is shorter than the {on_loop} ns the event loop must run tasks"
    );

    // Start-up and pickling are charged exactly as the costs say.
    let costs = &scenario.costs;
    let pool_threads =
        trace.lanes.iter().filter(|lane| lane.kind == LaneKind::PoolThread).count() as u64;
    let mut starting = pool_threads * costs.thread_start;
    let mut forkserver = false;
    for worker in &scenario.workers {
        starting += match worker.kind {
            WorkerKind::Thread => costs.thread_start,
            WorkerKind::Task => costs.task_start,
            WorkerKind::Interpreter => costs.interpreter_start + costs.thread_start,
            WorkerKind::Process => {
                let start = costs.start(worker.start_method);
                forkserver |= worker.start_method == StartMethod::Forkserver;
                start.parent + start.child
            }
        };
    }
    if forkserver {
        starting += costs.forkserver_server;
    }
    check!(
        toml,
        done.starting == starting,
        "work_done.starting is {}, the costs add up to {starting}",
        done.starting
    );
    let pickling: u64 = per_worker.iter().map(|(_, work)| 2 * work.pickling).sum();
    check!(
        toml,
        done.pickling == pickling,
        "work_done.pickling is {}, expected {pickling} (each send pickled and unpickled)",
        done.pickling
    );

    // Each thread, process or subinterpreter is on a core for exactly its own work.
    for ((kind, work), (worker, metrics)) in
        per_worker.iter().zip(scenario.workers.iter().zip(&trace.metrics.workers))
    {
        let start = match kind {
            Kind::Thread | Kind::Interpreter => costs.thread_start,
            Kind::Process => costs.start(worker.start_method).child,
            Kind::Task => continue,
        };
        let fixed = start + work.pickling;
        let (low, high) = (
            fixed + work.lo[CPU] + work.lo[NATIVE] + work.lo[NATIVE_GIL],
            fixed + work.hi[CPU] + work.hi[NATIVE] + work.hi[NATIVE_GIL],
        );
        // The old GIL's signalling cost is paid by whichever thread holds it: only a lower bound.
        let fits = if old_gil {
            low <= metrics.cpu_time
        } else {
            (low..=high).contains(&metrics.cpu_time)
        };
        check!(
            toml,
            fits,
            "{} ({kind:?}) was on a core for {} ns, its work needs {low}..={high}",
            metrics.name,
            metrics.cpu_time
        );
        check!(
            toml,
            metrics.requested == work.nominal.iter().sum::<u64>(),
            "{} requested {} ns, the program asks {:?}",
            metrics.name,
            metrics.requested,
            work.nominal
        );
    }
    let sequential: u64 = per_worker.iter().map(|(_, work)| work.nominal.iter().sum::<u64>()).sum();
    check!(
        toml,
        trace.metrics.sequential == sequential,
        "metrics.sequential is {}, the programs add up to {sequential}",
        trace.metrics.sequential
    );

    // The counters agree with the event log.
    let count =
        |kind: EventKind| trace.events.iter().filter(|event| event.kind == kind).count() as u64;
    let m = &trace.metrics;
    let io_steps: u64 = per_worker.iter().map(|(_, work)| work.io_steps).sum();
    let sends: u64 = per_worker.iter().map(|(_, work)| work.sends).sum();
    let bytes: u64 = per_worker.iter().map(|(_, work)| work.bytes_sent).sum();
    let sent: u64 = trace
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Sent)
        .map(|event| event.amount)
        .sum();
    let pairs = [
        ("forced_switches", m.forced_switches, count(EventKind::ForcedSwitch)),
        ("drop_requests", m.drop_requests, count(EventKind::DropRequested)),
        ("futile_wakeups", m.futile_wakeups, count(EventKind::FutileWakeup)),
        ("preemptions", m.preemptions, count(EventKind::Preempted)),
        ("I/O started", io_steps, count(EventKind::IoStarted)),
        ("I/O completed", io_steps, count(EventKind::IoCompleted)),
        ("io_resume.count", io_steps, m.io_resume.count),
        ("sends", sends, count(EventKind::Sent)),
        ("bytes sent", bytes, sent),
    ];
    for (name, expected, actual) in pairs {
        check!(toml, expected == actual, "{name}: expected {expected}, found {actual}");
    }
    check!(
        toml,
        m.gil_handoffs <= count(EventKind::GilTaken),
        "{} hand-offs but {} GilTaken events",
        m.gil_handoffs,
        count(EventKind::GilTaken)
    );
    check!(toml, m.cpu_utilization <= 1.0 + 1e-9, "cpu_utilization {}", m.cpu_utilization);
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_scenarios_keep_the_invariants(case in case_strategy(false)) {
        check_case(&case)?;
    }

    #[test]
    fn edge_scenarios_keep_the_invariants(case in case_strategy(true)) {
        check_case(&case)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Shared variables: every increment is either in the final value or counted as lost
// ---------------------------------------------------------------------------------------------

/// A worker group of a race scenario: its kind, how many, and its program.
#[derive(Debug, Clone)]
struct RaceGroup {
    kind: &'static str,
    count: u32,
    program: String,
    /// Increments each member makes.
    increments: u64,
    via_call: bool,
    locked: bool,
}

fn race_group_strategy(python: PythonVersion) -> BoxedStrategy<RaceGroup> {
    let mut kinds = vec!["thread", "process"];
    if python.at_least(3, 5) {
        kinds.push("task");
    }
    if python.at_least(3, 12) {
        kinds.push("interpreter");
    }
    (prop::sample::select(kinds), 1..=3u32, 0..5usize, 1..=20_000u64, 1..=3u64, any::<bool>())
        .prop_map(move |(kind, count, shape, n, times, via_call)| {
            let call = if via_call { " via_call" } else { "" };
            let to_thread = kind == "task" && python.at_least(3, 9);
            let (program, increments, locked) = match shape {
                0 => (format!("increment counter {n}{call}"), n, false),
                1 => (
                    format!("repeat {times} {{ increment counter {n}{call}; io 100us }}"),
                    n * times,
                    false,
                ),
                2 if kind != "task" => (
                    format!("repeat {times} {{ lock guard {{ increment counter {n}{call} }} }}"),
                    n * times,
                    true,
                ),
                3 if to_thread => {
                    (format!("to_thread {{ increment counter {n}{call} }}"), n, false)
                }
                _ => (
                    format!("cpu 300us; increment counter {n}{call}; increment other 10"),
                    n + 10,
                    false,
                ),
            };
            RaceGroup { kind, count, program, increments, via_call, locked }
        })
        .boxed()
}

#[derive(Debug, Clone)]
struct RaceCase {
    spec: ScenarioSpec,
    groups: Vec<RaceGroup>,
}

fn race_case_strategy() -> impl Strategy<Value = RaceCase> {
    let costs = prop_oneof![Just(CostsSpec::default()), costs_strategy(&SHARED_VARIABLE_COSTS)];
    (
        prop::sample::select(PYTHON_VERSIONS.to_vec()),
        1..=4u32,
        prop::sample::select(vec!["100us", "1ms", "5ms"]),
        any::<u64>(),
        costs,
    )
        .prop_flat_map(|(python, cores, interval, seed, costs)| {
            let version = PythonVersion::parse(python).expect("a known version");
            prop::collection::vec(race_group_strategy(version), 1..=3).prop_map(move |groups| {
                let workers = groups
                    .iter()
                    .map(|group| WorkerSpec {
                        kind: group.kind.into(),
                        name: None,
                        count: group.count,
                        program: group.program.clone(),
                        start_method: None,
                    })
                    .collect();
                let spec = ScenarioSpec {
                    title: String::new(),
                    python: python.into(),
                    cores,
                    switch_interval: interval.into(),
                    seed,
                    wake_order: "fifo".into(),
                    executor_workers: None,
                    costs: costs.clone(),
                    workers,
                };
                RaceCase { spec, groups }
            })
        })
}

fn check_race(case: &RaceCase) -> Result<(), TestCaseError> {
    let toml = toml_of(&case.spec);
    let scenario = Scenario::from_spec(&case.spec)
        .map_err(|error| TestCaseError::fail(format!("{error}\n{toml}")))?;
    let trace =
        simulate(&scenario).map_err(|error| TestCaseError::fail(format!("{error}\n{toml}")))?;
    let again =
        simulate(&scenario).map_err(|error| TestCaseError::fail(format!("{error}\n{toml}")))?;
    check!(toml, trace.hash() == again.hash(), "the same race simulated twice differs");
    let metrics = &trace.metrics;
    for variable in &metrics.shared {
        check!(
            toml,
            variable.final_value + variable.lost == variable.expected,
            "{variable:?}: final + lost != expected"
        );
        check!(
            toml,
            variable.final_value <= variable.expected,
            "{variable:?}: more than was incremented"
        );
        if variable.group != "main process" {
            check!(
                toml,
                variable.lost == 0,
                "{variable:?}: a process or interpreter has one thread, it cannot race"
            );
        }
    }
    check!(
        toml,
        metrics.lost_updates == metrics.shared.iter().map(|v| v.lost).sum::<u64>(),
        "lost_updates is not the sum"
    );
    let from_events: i64 = trace
        .events
        .iter()
        .filter(|event| event.kind == EventKind::UpdatesLost)
        .map(|event| trace.lost_updates[event.amount as usize].lost)
        .sum();
    check!(
        toml,
        from_events == metrics.lost_updates as i64,
        "events account for {from_events}, metrics {}",
        metrics.lost_updates
    );
    let requested: u64 =
        case.groups.iter().map(|group| group.increments * group.count as u64).sum();
    let made: u64 = metrics.shared.iter().map(|variable| variable.expected).sum();
    check!(toml, made == requested, "{made} increments made, {requested} requested");

    let version = scenario.python;
    let main_groups: Vec<&RaceGroup> =
        case.groups.iter().filter(|group| matches!(group.kind, "thread" | "task")).collect();
    let main_lost: u64 =
        metrics.shared.iter().filter(|v| v.group == "main process").map(|v| v.lost).sum();
    let only_tasks_inline = main_groups
        .iter()
        .all(|group| group.kind == "task" && !group.program.contains("to_thread"));
    let no_check_point_inside = version.gil_kind() == GilKind::SwitchInterval
        && version.at_least(3, 10)
        && main_groups.iter().all(|group| !group.via_call);
    let all_counter_writes_locked = main_groups.iter().all(|group| group.locked);
    if only_tasks_inline || no_check_point_inside {
        check!(
            toml,
            main_lost == 0,
            "{main_lost} lost where no switch can fall between a read and its write"
        );
    }
    if all_counter_writes_locked {
        let counter_lost: u64 = metrics
            .shared
            .iter()
            .filter(|v| v.group == "main process" && v.name == "counter")
            .map(|v| v.lost)
            .sum();
        check!(
            toml,
            counter_lost == 0,
            "{counter_lost} lost although every increment holds the lock"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_increment_is_in_the_final_value_or_lost(case in race_case_strategy()) {
        check_race(&case)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input: an error, never a panic
// ---------------------------------------------------------------------------------------------

fn spec_with(kind: &str, program: &str) -> ScenarioSpec {
    ScenarioSpec {
        title: String::new(),
        python: "3.12".into(),
        cores: 2,
        switch_interval: "1ms".into(),
        seed: 0,
        wake_order: "fifo".into(),
        executor_workers: None,
        costs: CostsSpec::default(),
        workers: vec![WorkerSpec {
            kind: kind.into(),
            name: None,
            count: 1,
            program: program.into(),
            start_method: None,
        }],
    }
}

/// Pieces of the program language and near misses, inserted into valid programs.
const PIECES: [&str; 48] = [
    "cpu 1ms",
    "increment counter 5",
    "increment",
    "via_call",
    "lock guard {",
    "lock",
    "put jobs",
    "get jobs",
    "queue jobs bound 2",
    "bound",
    "set ready",
    "wait ready",
    "clear",
    "native 2ms",
    "io 0ns",
    "send 1KB",
    "repeat 2 {",
    "repeat 0 {",
    "to_thread {",
    "}",
    "{",
    ";",
    "\n",
    "# note\n",
    " ",
    "cpu",
    "repeat",
    "to_thread",
    "1ms",
    "0",
    "-1",
    "1ms~101%",
    "~",
    "%",
    "1.5ms",
    "1.ms",
    ".",
    "ms",
    "2KiB",
    "1e3ms",
    "99999999999999999999s",
    "4294967296",
    "sleep",
    "é",
    "\t",
    "\r",
    "@",
    "\u{0}",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: &'static str },
}

/// Applies the mutations at character positions taken modulo the text's length.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for mutation in mutations {
        match *mutation {
            Mutation::Delete { at, len } if !chars.is_empty() => {
                let at = at % chars.len();
                let end = (at + len).min(chars.len());
                chars.drain(at..end);
            }
            Mutation::Delete { .. } => {}
            Mutation::Insert { at, piece } => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, piece.chars());
            }
        }
    }
    chars.into_iter().collect()
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..4).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), prop::sample::select(PIECES.to_vec()))
            .prop_map(|(at, piece)| Mutation::Insert { at, piece }),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_as_a_program_is_an_error_or_a_program(program in "\\PC{0,60}", kind in prop::sample::select(vec!["thread", "process", "task", "interpreter"])) {
        let _ = Scenario::from_spec(&spec_with(kind, &program));
    }

    /// Valid programs (with statements that some kinds or versions do not allow), damaged by a
    /// few deletions and insertions: about one in six is still accepted, and those must simulate.
    #[test]
    fn damaged_programs_are_rejected_or_simulate(
        program in block_strategy(Rules { send: true, to_thread: true, jitter: true, edge: true }, 0, false),
        mutations in prop::collection::vec(mutation_strategy(), 0..3),
        kind in prop::sample::select(vec!["thread", "process", "task", "interpreter"]),
        python in prop::sample::select(PYTHON_VERSIONS.to_vec()),
    ) {
        let program = mutate(&render(&program), &mutations);
        let mut spec = spec_with(kind, &program);
        spec.python = python.into();
        if let Ok(scenario) = Scenario::from_spec(&spec) {
            let result = simulate(&scenario);
            prop_assert!(result.is_ok(), "{program:?} on {python} as a {kind}: {result:?}");
        }
    }

    #[test]
    fn random_field_values_are_rejected_or_in_range(
        python in prop_oneof![prop::sample::select(PYTHON_VERSIONS.to_vec()).prop_map(String::from), "[0-9t.]{0,6}", "\\PC{0,8}"],
        cores in prop_oneof![0u32..=70, any::<u32>()],
        switch_interval in prop_oneof![
            (0u64..=2_000_000_000).prop_map(|nanos| format!("{nanos}ns")),
            "[0-9.]{0,12}(ns|us|ms|s|min|)",
            "\\PC{0,10}",
        ],
        wake_order in prop_oneof!["fifo|random|FIFO|lifo|", "\\PC{0,8}"],
        workers in prop::collection::vec(
            (
                prop_oneof!["thread|process|task|interpreter|fibre|Thread|", "\\PC{0,6}"],
                prop_oneof![0u32..=70, any::<u32>()],
                prop::sample::select(vec!["cpu 1ms", "io 1ms; cpu 100us", "repeat 3 { native 1ms; cpu 50us }", "send 1KB; cpu 10us", "to_thread { native 1ms }; cpu 1ms", "native_gil 200us"]),
                prop::option::of("fork|spawn|forkserver|vfork|"),
            ),
            0..4,
        ),
        costs in prop::collection::vec(("[0-9]{1,3}(ns|us|ms|s|%|)|\\PC{0,6}", 0..every_cost().len()), 0..4),
    ) {
        let mut spec = spec_with("thread", "cpu 1ms");
        spec.python = python.clone();
        spec.cores = cores;
        spec.switch_interval = switch_interval.clone();
        spec.wake_order = wake_order.clone();
        spec.workers = workers
            .iter()
            .map(|(kind, count, program, start_method)| WorkerSpec {
                kind: kind.clone(),
                name: None,
                count: *count,
                program: program.to_string(),
                start_method: start_method.clone(),
            })
            .collect();
        for (value, field) in &costs {
            let (_, slot) = spec.costs.fields_mut().into_iter().nth(*field).expect("a cost by its index");
            *slot = Some(value.clone());
        }
        let result = Scenario::from_spec(&spec);
        // What the checks must catch, decided here independently of their order.
        let interval = parse_duration(&switch_interval);
        let os_workers: u64 = workers.iter().filter(|w| w.0 != "task").map(|w| w.1 as u64).sum();
        let tasks: u64 = workers.iter().filter(|w| w.0 == "task").map(|w| w.1 as u64).sum();
        let surely_bad = PythonVersion::parse(&python).is_none()
            || !(1..=64).contains(&cores)
            || !interval.as_ref().is_ok_and(|nanos| (US..=1_000 * MS).contains(nanos))
            || !matches!(wake_order.as_str(), "fifo" | "random")
            || workers.is_empty()
            || os_workers > 64
            || tasks > 256
            || workers.iter().any(|w| w.1 == 0 || !matches!(w.0.as_str(), "thread" | "process" | "task" | "interpreter"));
        match result {
            Ok(scenario) => {
                prop_assert!(!surely_bad, "accepted a bad scenario:\n{}", toml_of(&spec));
                prop_assert!((1..=64).contains(&scenario.cores));
                prop_assert!(scenario.workers.len() as u64 == os_workers + tasks);
                let simulated = simulate(&scenario);
                prop_assert!(simulated.is_ok(), "{simulated:?}\n{}", toml_of(&spec));
            }
            Err(problem) => {
                prop_assert!(!problem.field.is_empty() && !problem.message.is_empty(), "an error without a field or message: {problem:?}");
            }
        }
    }

    #[test]
    fn any_text_as_a_scenario_file_is_an_error_or_a_spec(text in "\\PC{0,200}") {
        if let Ok(spec) = toml::from_str::<ScenarioSpec>(&text) {
            let _ = Scenario::from_spec(&spec);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Too big to simulate: stopped, not hung
// ---------------------------------------------------------------------------------------------

fn too_long(toml_text: &str) {
    let scenario = support::scenario(toml_text);
    let started = Instant::now();
    let result = simulate(&scenario);
    let elapsed = started.elapsed();
    eprintln!(
        "stopped after {elapsed:?} ({}): {result:?}",
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    match result {
        Err(SimError::TooLong { actions, .. }) => assert_eq!(actions, MAX_ACTIONS),
        other => panic!("expected SimError::TooLong, got {other:?}"),
    }
}

/// 64 threads of ten million 1 µs steps: 640 s of Python work, stopped at `MAX_ACTIONS`.
#[test]
fn an_oversized_scenario_stops_with_too_long() {
    too_long(
        r#"
        python = "3.12"
        cores = 8
        [[workers]]
        kind = "thread"
        count = 64
        program = "repeat 10000000 { cpu 1us }"
        "#,
    );
}

/// The same under the old GIL, whose check every 5 µs makes the most actions per simulated second,
/// and whose actions cost the most with many waiters: about 9 s in release, 140 s in debug.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "takes over two minutes in a debug build; run with --release"
)]
fn an_oversized_old_gil_scenario_stops_with_too_long() {
    too_long(
        r#"
        python = "2.7"
        cores = 8
        [[workers]]
        kind = "thread"
        count = 64
        program = "cpu 10000s"
        "#,
    );
}

// ---------------------------------------------------------------------------------------------
// Regressions: minimal scenarios of bugs the properties found
// ---------------------------------------------------------------------------------------------

/// Old GIL: a waiter's futile wake-up re-arms the holder's 100-tick check a whole check period
/// from now, even while the holder is still paying the signalling cost of its last check. From
/// then on each check comes `wake_latency + old_check_period` after the last and charges
/// `old_release_cost`, so the holder's step shrinks by the difference: with the cost at or above
/// that sum it never finishes (stopped with TooLong after 65 s of simulated time), and just
/// below it crawls (2 ms of work take 54 ms).
#[test]
fn old_gil_checks_come_after_a_full_period_of_work() {
    let near = support::run(
        r#"
        python = "2.7"
        cores = 2
        [costs]
        wake_latency = "0ns"
        old_release_cost = "4999ns"
        [[workers]]
        kind = "thread"
        count = 2
        program = "cpu 1ms"
        "#,
    );
    // Each 5 µs of work costs at most 5 µs more, and the two threads share one GIL: about 4 ms.
    assert!(near.metrics.makespan < 10 * MS, "2 ms of work took {} ns", near.metrics.makespan);
    let at = simulate(&support::scenario(
        r#"
        python = "2.7"
        cores = 2
        [costs]
        old_release_cost = "10us"
        [[workers]]
        kind = "thread"
        count = 2
        program = "cpu 20us"
        "#,
    ));
    assert!(at.is_ok(), "two threads of 20 µs each: {at:?}");
}

/// Old GIL: a holder that loses the race before it has paid the signalling cost of its last check
/// pays the rest once, on its next turn, not again at every turn (it used to livelock when twice
/// the cost reached the check period plus the wake-up latency).
#[test]
fn old_gil_signalling_cost_is_paid_once_when_the_holder_loses_the_race() {
    let trace = simulate(&support::scenario(
        r#"
        python = "2.7"
        cores = 2
        [costs]
        wake_latency = "20us"
        old_release_cost = "14us"
        old_waiter_wins = "100%"
        [[workers]]
        kind = "thread"
        count = 2
        program = "cpu 20us"
        "#,
    ))
    .expect("two threads of 20 µs each finish");
    let done = trace.metrics.work_done;
    assert_eq!(
        done.cpu,
        40 * US + done.old_gil_overhead,
        "every charged cost is paid exactly once"
    );
    assert!(trace.metrics.makespan < MS, "40 µs of work took {} ns", trace.metrics.makespan);
}
