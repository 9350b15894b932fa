//! The runnable Python program that does what the lab simulates: the same workers, the same work
//! per round (see [`crate::params::scenario`]), started in the same order as the simulator's main
//! thread starts them (threads, processes, the event loop's tasks, subinterpreters), then joined.
//!
//! - `cpu X` is a busy loop of Python bytecode that runs until `perf_counter` passes a deadline X
//!   away; it holds the GIL, as `cpu` does;
//! - `native X` hashes a 64 KiB buffer with `hashlib.sha256` until X has passed: hashlib releases
//!   the GIL for buffers over 2 KiB, as `native` does;
//! - `io X` is `time.sleep(X)` (`await asyncio.sleep(X)` in a task);
//! - tasks run under `asyncio.run(…gather…)` and hand their native work to `asyncio.to_thread`
//!   from Python 3.9 on; processes use `multiprocessing.get_context(start_method)` behind
//!   `if __name__ == "__main__":`; subinterpreters run this same file as a module on their own
//!   thread (`concurrent.interpreters` on 3.14, the private `_interpreters` module on 3.13 and
//!   `_xxsubinterpreters` on 3.12).
//!
//! The program prints its wall time. It is plain text with no dependency beyond the standard
//! library, so it is tested natively (`tests/python_code.rs` compiles and runs it).

use std::fmt::Write;

use gil_sim::python::PythonVersion;
use gil_sim::time::{Nanos, SECOND};

use super::params::query::{to_query, LabParams};
use super::params::scenario::{round, tasks_use_to_thread};

/// Seconds as Python writes them, exact to the nanosecond: `0.0005`, `2.0`.
fn seconds(nanos: Nanos) -> String {
    let whole = nanos / SECOND;
    let fraction = nanos % SECOND;
    if fraction == 0 {
        format!("{whole}.0")
    } else {
        format!("{whole}.{}", format!("{fraction:09}").trim_end_matches('0'))
    }
}

fn plural(count: u32, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The program for these settings.
pub fn python_program(params: &LabParams) -> String {
    let version = PythonVersion::parse(&params.python).unwrap_or(PythonVersion { major: 3, minor: 12, free_threaded: false });
    let round = round(params);
    let modern = version.at_least(3, 4);
    let tasks = if version.at_least(3, 5) { params.tasks } else { 0 };
    let interpreters = if version.at_least(3, 12) { params.interpreters } else { 0 };
    let to_thread = tasks > 0 && tasks_use_to_thread(params);

    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    let mut kinds = Vec::new();
    for (count, one, many) in [
        (params.threads, "thread", "threads"),
        (params.processes, "process", "processes"),
        (tasks, "asyncio task", "asyncio tasks"),
        (interpreters, "subinterpreter", "subinterpreters"),
    ] {
        if count > 0 {
            kinds.push(plural(count, one, many));
        }
    }
    let who = if kinds.is_empty() { "no workers".to_string() } else { kinds.join(", ") };
    line(&format!("\"\"\"GIL Lab: {who} on Python {}.", params.python));
    line("");
    line(&format!("The lab's settings: #/lab?{}", to_query(params)));
    line(&format!("Run it with python{} on a machine with {}.", params.python, plural(params.cores, "core", "cores")));
    if version.free_threaded {
        line("A free-threaded build has no GIL: threads run Python code in parallel.");
    }
    line("\"\"\"");
    line("import hashlib");
    if params.processes > 0 {
        line("import multiprocessing");
    }
    if interpreters > 0 {
        line("import os");
    }
    line("import sys");
    if params.threads > 0 || interpreters > 0 {
        line("import threading");
    }
    line("import time");
    if tasks > 0 {
        line("import asyncio");
    }
    line("");
    line("clock = getattr(time, \"perf_counter\", time.time)");
    line("");
    line(&format!("ROUNDS = {}", round.rounds));
    line(&format!("CPU_SECONDS = {}  # Python bytecode per round: holds the GIL", seconds(round.cpu)));
    line(&format!("NATIVE_SECONDS = {}  # C code per round that releases the GIL", seconds(round.native)));
    line(&format!("IO_SECONDS = {}  # one blocking wait per round", seconds(round.io)));
    line("BUFFER = bytes(64 * 1024)");
    line("");
    line("");
    line("def cpu(seconds):");
    line("    \"\"\"Busy Python code until `seconds` have passed.\"\"\"");
    line("    deadline = clock() + seconds");
    line("    spins = 0");
    line("    while clock() < deadline:");
    line("        spins += 1");
    line("    return spins");
    line("");
    line("");
    line("def native(seconds):");
    line("    \"\"\"sha256 over a large buffer, which releases the GIL, until `seconds` have passed.\"\"\"");
    line("    deadline = clock() + seconds");
    line("    while clock() < deadline:");
    line("        hashlib.sha256(BUFFER).digest()");
    line("");
    line("");
    // Statements of no time are left out, as in the simulator's program.
    let (has_native, has_io) = (round.native > 0, round.io > 0);
    let has_cpu = round.cpu > 0 || !(has_native || has_io);
    line("def work():");
    line("    for _ in range(ROUNDS):");
    if has_cpu {
        line("        cpu(CPU_SECONDS)");
    }
    if has_native {
        line("        native(NATIVE_SECONDS)");
    }
    if has_io {
        line("        time.sleep(IO_SECONDS)");
    }
    if tasks > 0 {
        line("");
        line("");
        line("async def task_work():");
        line("    for _ in range(ROUNDS):");
        if has_cpu {
            line("        cpu(CPU_SECONDS)  # on the event loop's thread: every other task waits");
        }
        if to_thread {
            line("        await asyncio.to_thread(native, NATIVE_SECONDS)");
        } else if has_native {
            line("        native(NATIVE_SECONDS)  # holds up the loop: asyncio.to_thread arrived in 3.9");
        }
        if has_io {
            line("        await asyncio.sleep(IO_SECONDS)");
        }
        line("");
        line("");
        line("async def run_tasks(count):");
        line("    await asyncio.gather(*[task_work() for _ in range(count)])");
    }
    if interpreters > 0 {
        line("");
        line("");
        line("def interpreter_source():");
        line("    \"\"\"What a subinterpreter runs: this file as a module (so not its main()), then work().\"\"\"");
        line("    path = os.path.abspath(__file__)");
        line("    return (");
        line("        \"import importlib.util\\n\"");
        line("        \"spec = importlib.util.spec_from_file_location('gil_lab_worker', %r)\\n\"");
        line("        \"module = importlib.util.module_from_spec(spec)\\n\"");
        line("        \"spec.loader.exec_module(module)\\n\"");
        line("        \"module.work()\\n\" % path");
        line("    )");
        line("");
        line("");
        line("def start_interpreter(source):");
        line("    \"\"\"A subinterpreter with its own GIL (PEP 684), running `source` on a new thread.\"\"\"");
        if version.at_least(3, 14) {
            line("    from concurrent import interpreters");
            line("");
            line("    interpreter = interpreters.create()");
            line("    thread = threading.Thread(target=interpreter.exec, args=(source,))");
        } else if version.at_least(3, 13) {
            line("    import _interpreters  # private in 3.13: the public API arrived in 3.14");
            line("");
            line("    interpreter = _interpreters.create()");
            line("    thread = threading.Thread(target=_interpreters.exec, args=(interpreter, source))");
        } else {
            line("    import _xxsubinterpreters as _interpreters  # private in 3.12");
            line("");
            line("    interpreter = _interpreters.create(isolated=True)");
            line("    thread = threading.Thread(target=_interpreters.run_string, args=(interpreter, source))");
        }
        line("    thread.start()");
        line("    return thread");
    }
    line("");
    line("");
    line("def main():");
    if version.at_least(3, 2) {
        line(&format!("    sys.setswitchinterval({})", seconds(params.switch_interval)));
    } else {
        line("    sys.setcheckinterval(100)  # the old GIL: a switch every 100 ticks");
    }
    line("    start = clock()");
    if params.threads > 0 {
        line(&format!("    threads = [threading.Thread(target=work, name=\"T%d\" % (n + 1)) for n in range({})]", params.threads));
        line("    for thread in threads:");
        line("        thread.start()");
    }
    if params.processes > 0 {
        if modern {
            line(&format!("    context = multiprocessing.get_context(\"{}\")", params.start_method.name()));
        } else {
            line("    context = multiprocessing  # fork: get_context() arrived in 3.4");
        }
        line(&format!("    processes = [context.Process(target=work, name=\"P%d\" % (n + 1)) for n in range({})]", params.processes));
        line("    for process in processes:");
        line("        process.start()");
    }
    if interpreters > 0 {
        line(&format!("    subinterpreters = [start_interpreter(interpreter_source()) for _ in range({interpreters})]"));
    }
    if tasks > 0 {
        if version.at_least(3, 7) {
            line(&format!("    asyncio.run(run_tasks({tasks}))"));
        } else {
            line(&format!("    asyncio.get_event_loop().run_until_complete(run_tasks({tasks}))"));
        }
    }
    for (present, name) in [
        (params.threads > 0, "thread in threads"),
        (params.processes > 0, "process in processes"),
        (interpreters > 0, "thread in subinterpreters"),
    ] {
        if present {
            let _ = write!(out, "    for {name}:\n        {}.join()\n", name.split(' ').next().unwrap_or("thread"));
        }
    }
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line("    print(\"wall time: %.3f s\" % (clock() - start))");
    line("");
    line("");
    line("if __name__ == \"__main__\":");
    line("    main()");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::time::{MICROSECOND, MILLISECOND};

    #[test]
    fn seconds_are_exact() {
        assert_eq!(seconds(500 * MICROSECOND), "0.0005");
        assert_eq!(seconds(2 * SECOND), "2.0");
        assert_eq!(seconds(1), "0.000000001");
        assert_eq!(seconds(1_250 * MILLISECOND), "1.25");
    }

    #[test]
    fn the_program_uses_each_kind_of_worker_it_has() {
        let params = LabParams {
            threads: 2,
            processes: 1,
            tasks: 3,
            interpreters: 1,
            python: "3.14".into(),
            native_percent: 50,
            cpu_percent: 50,
            ..LabParams::default()
        };
        let code = python_program(&params);
        for expected in [
            "threading.Thread(target=work",
            "multiprocessing.get_context(\"fork\")",
            "asyncio.run(run_tasks(3))",
            "asyncio.to_thread(native, NATIVE_SECONDS)",
            "from concurrent import interpreters",
            "if __name__ == \"__main__\":",
            "sys.setswitchinterval(0.005)",
            "ROUNDS = 50",
        ] {
            assert!(code.contains(expected), "no {expected} in:\n{code}");
        }
        let threads_only = python_program(&LabParams::default());
        assert!(!threads_only.contains("asyncio") && !threads_only.contains("multiprocessing"), "{threads_only}");
    }
}
