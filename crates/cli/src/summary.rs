//! The readable report: what was simulated, the metrics, and how each worker fared.

use std::path::Path;

use super::scenario_file::SimulatedFile;
use super::table::{Align, Table};
use gil_sim::deadlock::Deadlock;
use gil_sim::python::GilKind;
use gil_sim::scenario::{Scenario, Worker, WorkerKind};
use gil_sim::time::format_duration;

pub fn render(run: &SimulatedFile, file: &Path) -> String {
    let mut out = String::new();
    out.push_str(&header(&run.scenario, file));
    out.push('\n');
    if let Some(deadlock) = &run.trace.metrics.deadlock {
        out.push_str(&deadlocked(deadlock));
        out.push('\n');
    }
    out.push_str(&metrics(run));
    out.push('\n');
    out.push_str(&workers(run));
    if !run.trace.metrics.shared.is_empty() {
        out.push('\n');
        out.push_str(&shared_variables(run));
    }
    out
}

fn header(scenario: &Scenario, file: &Path) -> String {
    let title =
        if scenario.title.is_empty() { file.display().to_string() } else { scenario.title.clone() };
    let interval = format_duration(scenario.switch_interval);
    let (gil, interval) = match scenario.python.gil_kind() {
        GilKind::SwitchInterval => {
            ("GIL with a switch interval, as since 3.2".to_string(), interval)
        }
        GilKind::Old => (
            "old GIL: released and re-taken every 100 ticks".to_string(),
            format!(
                "{interval} (unused: the old GIL checks every {})",
                format_duration(scenario.costs.old_check_period)
            ),
        ),
        GilKind::None => (
            format!(
                "free-threaded: no GIL, Python code {}% slower",
                scenario.costs.free_threading_overhead_percent
            ),
            format!("{interval} (unused: there is no GIL)"),
        ),
    };
    let mut table = Table::new(&[Align::Left, Align::Left]);
    table.row(["Python".to_string(), format!("{} ({gil})", scenario.python)]);
    table.row(["cores".to_string(), scenario.cores.to_string()]);
    table.row(["switch interval".to_string(), interval]);
    format!("{title}\n{}", table.render(2))
}

/// The deadlock first: it is why the run ended.
fn deadlocked(deadlock: &Deadlock) -> String {
    let mut out = format!(
        "DEADLOCK at {}: no thread can run and nothing pending can wake the blocked ones, so the run ends there \
         (the wall time below runs on to show them waiting).\n",
        format_duration(deadlock.at)
    );
    for wait in &deadlock.waits {
        out.push_str(&format!("  {}\n", wait.describe()));
    }
    out
}

fn percent(ratio: f64) -> String {
    format!("{:.1} %", ratio * 100.0)
}

fn metrics(run: &SimulatedFile) -> String {
    let metrics = &run.trace.metrics;
    let mut table = Table::new(&[Align::Left, Align::Right, Align::Left]);
    table.row([
        "wall time".into(),
        format_duration(metrics.makespan),
        "from the start until the main thread finishes".into(),
    ]);
    table.row([
        "sequential baseline".into(),
        format_duration(metrics.sequential),
        "the same programs one after another on one thread".into(),
    ]);
    table.row([
        "speedup".into(),
        format!("{:.2}×", metrics.speedup),
        "sequential baseline / wall time".into(),
    ]);
    table.row([
        "CPU utilization".into(),
        percent(metrics.cpu_utilization),
        "busy time of all cores / (cores × wall time)".into(),
    ]);
    for (index, core) in metrics.cores.iter().enumerate() {
        table.row([
            format!("  core {index}"),
            percent(core.utilization),
            format!("busy {}", format_duration(core.busy)),
        ]);
    }
    let counts = [
        ("GIL hand-offs", metrics.gil_handoffs, "times a GIL passed to a different thread"),
        (
            "forced switches",
            metrics.forced_switches,
            "holders that dropped the GIL because a waiter asked",
        ),
        (
            "drop requests",
            metrics.drop_requests,
            "waiters that waited a whole switch interval and asked",
        ),
        (
            "futile wake-ups",
            metrics.futile_wakeups,
            "old GIL: woken waiters that found it taken again",
        ),
        ("preemptions", metrics.preemptions, "cores the OS took away at the end of a time slice"),
    ];
    for (name, count, meaning) in counts {
        table.row([name.to_string(), count.to_string(), meaning.to_string()]);
    }
    let io = &metrics.io_resume;
    table.row([
        "I/O resumes".into(),
        io.count.to_string(),
        "from an I/O completing to its thread running again:".into(),
    ]);
    if io.count > 0 {
        for (name, value) in [("mean", io.mean), ("p50", io.p50), ("p99", io.p99), ("max", io.max)]
        {
            table.row([format!("  {name}"), format_duration(value), String::new()]);
        }
    }
    format!("Metrics\n{}", table.render(2))
}

/// Each shared variable's final value against the increments made, and the total lost.
fn shared_variables(run: &SimulatedFile) -> String {
    let metrics = &run.trace.metrics;
    let mut table =
        Table::new(&[Align::Left, Align::Left, Align::Right, Align::Right, Align::Right]);
    table.row(["variable", "in", "expected", "final value", "lost"]);
    for variable in &metrics.shared {
        table.row([
            variable.name.clone(),
            variable.group.clone(),
            variable.expected.to_string(),
            variable.final_value.to_string(),
            variable.lost.to_string(),
        ]);
    }
    format!(
        "Shared variables ({} updates lost: increments whose write was overwritten by another thread's stale or simultaneous write)\n{}",
        metrics.lost_updates,
        table.render(2)
    )
}

fn kind_name(worker: &Worker) -> String {
    match worker.kind {
        WorkerKind::Process => format!("process ({})", worker.start_method.name()),
        kind => kind.as_str().into(),
    }
}

fn workers(run: &SimulatedFile) -> String {
    let mut table = Table::new(&[
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
    ]);
    table.row(["name", "kind", "finished at", "CPU time", "GIL wait", "core wait"]);
    for (worker, figures) in run.scenario.workers.iter().zip(&run.trace.metrics.workers) {
        table.row([
            figures.name.clone(),
            kind_name(worker),
            format_duration(figures.finished_at),
            format_duration(figures.cpu_time),
            format_duration(figures.gil_wait),
            format_duration(figures.core_wait),
        ]);
    }
    format!("Workers\n{}", table.render(2))
}
