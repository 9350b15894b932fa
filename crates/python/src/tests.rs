//! The program's statements and parts, line by line.

use crate::python_text::{names_list, python_string, seconds};
use crate::translate::MAX_BLOCK_DEPTH;
use crate::{python_program, scenario_fingerprint};
use gil_sim::spec::WorkerSpec;
use gil_sim::time::{MICROSECOND, MILLISECOND, SECOND};
use gil_sim::ScenarioSpec;

fn scenario(python: &str, workers: &[(&str, u32, &str)]) -> ScenarioSpec {
    ScenarioSpec {
        python: python.into(),
        cores: 2,
        wake_order: "fifo".into(),
        workers: workers
            .iter()
            .map(|(kind, count, program)| WorkerSpec {
                kind: kind.to_string(),
                name: None,
                count: *count,
                program: program.to_string(),
                start_method: None,
            })
            .collect(),
        ..ScenarioSpec::default()
    }
}

fn program_of(python: &str, workers: &[(&str, u32, &str)]) -> String {
    python_program(&scenario(python, workers), "#/lab?t=1")
}

/// The lines of the function `def NAME(…)` or `async def NAME(…)`, up to the blank line after it.
fn function<'a>(code: &'a str, name: &str) -> Vec<&'a str> {
    let mut lines = code
        .lines()
        .skip_while(|line| !line.contains(&format!("def {name}(")))
        .take_while(|line| !line.is_empty());
    let signature = lines.next().unwrap_or_else(|| panic!("no function {name} in:\n{code}"));
    std::iter::once(signature).chain(lines).collect()
}

#[test]
fn seconds_are_exact() {
    assert_eq!(seconds(500 * MICROSECOND), "0.0005");
    assert_eq!(seconds(2 * SECOND), "2.0");
    assert_eq!(seconds(1), "0.000000001");
    assert_eq!(seconds(1_250 * MILLISECOND), "1.25");
}

#[test]
fn repeat_is_a_for_loop_around_its_statements() {
    let code = program_of("3.12", &[("thread", 1, "repeat 3 { cpu 1ms; io 2ms }")]);
    assert_eq!(
        function(&code, "work_1"),
        ["def work_1():", "    for _ in range(3):", "        cpu(0.001)", "        io(0.002)"]
    );
    assert!(
        code.contains("# T1, a thread:\n#     repeat 3 { cpu 1ms; io 2ms }\ndef work_1():"),
        "{code}"
    );
    assert!(
        code.contains("    thread = threading.Thread(target=timed, name=\"T1\", args=(\"T1\", work_1))\n    thread.start()\n"),
        "{code}"
    );
}

#[test]
fn increments_are_updates_of_a_module_variable_reported_by_the_main_process() {
    let code = program_of(
        "3.12",
        &[("thread", 2, "increment c 10 via_call"), ("thread", 1, "increment c 5; increment d 1")],
    );
    assert_eq!(
        function(&code, "work_1"),
        ["def work_1():", "    global c", "    for _ in range(10):", "        c = c + one()"]
    );
    assert_eq!(
        function(&code, "work_2"),
        [
            "def work_2():",
            "    global c, d",
            "    for _ in range(5):",
            "        c += 1",
            "    d += 1"
        ]
    );
    assert!(code.contains("\nc = 0\nd = 0\n"), "{code}");
    assert!(code.contains("def one():"), "{code}");
    assert!(code.contains("    report(\"main process\", \"c\", c, 25)\n    report(\"main process\", \"d\", d, 1)\n"), "{code}");
}

#[test]
fn a_lock_block_is_with_and_a_process_reports_its_own_variables() {
    let code = program_of("3.13", &[("process", 2, "lock l { increment c 5 }")]);
    assert_eq!(
        function(&code, "work_1"),
        [
            "def work_1(name):",
            "    global c, l",
            "    # A forked child starts with a copy of the parent's memory, even a lock another thread held:",
            "    # this process's own variables start from zero, as the simulator's do.",
            "    c = 0",
            "    l = threading.Lock()",
            "    with l:",
            "        for _ in range(5):",
            "            c += 1",
            "    report(name, \"c\", c, 5)",
        ]
    );
    assert!(code.contains("\nc = 0\nl = threading.Lock()\n"), "{code}");
    assert!(code.contains("    context = multiprocessing.get_context(\"fork\")\n    for name in [\"P%d\" % n for n in range(1, 3)]:\n        process = context.Process(target=work_1, name=name, args=(name,))\n"), "{code}");
    assert!(
        !code.contains("report(\"main process\""),
        "a process's variables are its own:\n{code}"
    );
}

#[test]
fn an_executor_size_of_its_own_becomes_the_loops_default_executor() {
    let mut spec = scenario("3.12", &[("task", 16, "to_thread { io 20ms }")]);
    let default = python_program(&spec, "#/lab");
    assert!(
        !default.contains("set_default_executor"),
        "Python's default needs no line:\n{default}"
    );
    spec.executor_workers = Some(16);
    let own = python_program(&spec, "#/lab");
    assert!(own.contains("import concurrent.futures\n"), "{own}");
    assert!(
        own.contains("    asyncio.get_running_loop().set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=16))\n"),
        "{own}"
    );
}

#[test]
fn a_task_awaits_its_waits_and_hands_to_thread_blocks_to_the_pool() {
    let code = program_of(
        "3.12",
        &[("task", 3, "io 5ms~20%; to_thread { native 2ms; io 1ms }; native_gil 1ms")],
    );
    assert_eq!(
        function(&code, "work_1"),
        [
            "async def work_1():",
            "    await io_async(random.uniform(0.004, 0.006))",
            "    await asyncio.to_thread(work_1_thread_1)",
            "    native_gil(0.001)",
        ]
    );
    assert_eq!(
        function(&code, "work_1_thread_1"),
        [
            "def work_1_thread_1():",
            "    \"\"\"A to_thread block of work_1: it runs on a thread of the event loop's pool.\"\"\"",
            "    native(0.002)",
            "    io(0.001)",
        ]
    );
    assert!(
        code.contains(
            "    for name in [\"task%d\" % n for n in range(1, 4)]:\n        tasks.append(asyncio.create_task(timed_task(name, work_1()), name=name))\n"
        ),
        "{code}"
    );
    assert!(code.contains("    asyncio.run(run_tasks())\n"), "{code}");
}

#[test]
fn send_goes_through_a_pipe_and_the_main_thread_receives_it() {
    let code =
        program_of("3.14", &[("process", 1, "cpu 1ms; send 2KB"), ("interpreter", 1, "send 1KB")]);
    assert_eq!(
        function(&code, "work_1"),
        ["def work_1(channel):", "    cpu(0.001)", "    channel.send(b\"\\0\" * 2000)"]
    );
    assert!(
        code.contains("    context = multiprocessing.get_context(\"forkserver\")\n    reader, writer = context.Pipe(False)\n"),
        "{code}"
    );
    assert!(code.contains("    read_fd, write_fd = os.pipe()\n    readers.append(Connection(read_fd, writable=False))\n"), "{code}");
    assert!(
        code.contains("start_interpreter(\"with Connection(%d, readable=False) as channel:\\n    work_2(channel)\" % write_fd)"),
        "{code}"
    );
    assert!(code.contains("from concurrent import interpreters"), "{code}");
    assert!(code.contains("    received = receive(readers)\n"), "{code}");
}

#[test]
fn python_3_15_starts_as_3_14_does() {
    let code = program_of("3.15", &[("process", 1, "cpu 1ms"), ("interpreter", 1, "cpu 1ms")]);
    assert!(code.contains("Run it with python3.15 on a machine"), "{code}");
    assert!(code.contains("multiprocessing.get_context(\"forkserver\")"), "{code}");
    assert!(code.contains("from concurrent import interpreters"), "{code}");
    let free = program_of("3.15t", &[("thread", 4, "cpu 1ms")]);
    assert!(free.contains("It needs a free-threaded build (python3.15t)"), "{free}");
    assert!(free.contains("getattr(sys, \"_is_gil_enabled\", lambda: True)()"), "{free}");
}

#[test]
fn the_main_process_times_its_workers_and_its_io_and_watches_the_others() {
    let code = program_of(
        "3.12",
        &[
            ("process", 2, "io 1ms"),
            ("interpreter", 1, "io 1ms"),
            ("task", 1, "io 1ms; to_thread { io 2ms }"),
        ],
    );
    assert_eq!(
        function(&code, "work_1"),
        ["def work_1():", "    time.sleep(0.001)"],
        "a process's I/O is its own"
    );
    assert_eq!(
        function(&code, "work_2"),
        ["def work_2():", "    time.sleep(0.001)"],
        "a subinterpreter's I/O is its own"
    );
    assert!(code.contains("        watched.append((name, process))\n"), "{code}");
    assert!(
        code.contains("    watched.append((\"I1\", start_interpreter(\"work_2()\")))\n"),
        "{code}"
    );
    assert!(
        code.contains(
            "    for name, worker in watched:\n        joined.append(watch(name, worker))\n"
        ),
        "{code}"
    );
    assert!(
        code.contains("    await io_async(0.001)\n    await asyncio.to_thread(work_3_thread_1)\n"),
        "{code}"
    );
    assert!(
        code.contains("def io(seconds):") && code.contains("async def io_async(seconds):"),
        "{code}"
    );
    assert!(!code.contains("def timed(name, work):"), "no thread to time:\n{code}");
    let threads = program_of("3.12", &[("thread", 1, "cpu 1ms")]);
    assert!(!threads.contains("def io(") && !threads.contains("def watch("), "{threads}");
}

#[test]
fn the_program_ends_with_the_result_line_naming_its_scenario() {
    let spec = scenario("3.12", &[("thread", 2, "cpu 1ms")]);
    let code = python_program(&spec, "#/lab?t=1");
    assert!(
        code.contains(&format!("\nSCENARIO = \"{}\"\n", scenario_fingerprint(&spec))),
        "{code}"
    );
    assert!(code.contains("        \"format\": 1,\n"), "{code}");
    assert!(code.contains("    print(\"GIL-LAB-RESULT \" + json.dumps(result, sort_keys=True, separators=(\",\", \":\")))\n"), "{code}");
    assert!(
        code.ends_with(
            "    print_result(start, end)\n\n\nif __name__ == \"__main__\":\n    main()\n"
        ),
        "{code}"
    );
}

#[test]
fn the_fingerprint_follows_what_the_program_runs() {
    let spec = scenario("3.12", &[("thread", 2, "cpu 1ms")]);
    let fingerprint = scenario_fingerprint(&spec);
    assert_eq!(fingerprint.len(), 16);
    assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()), "{fingerprint}");
    let elsewhere = ScenarioSpec {
        title: "Mine".into(),
        python: "3.11".into(),
        cores: 8,
        seed: 3,
        wake_order: "random".into(),
        ..spec.clone()
    };
    assert_eq!(
        scenario_fingerprint(&elsewhere),
        fingerprint,
        "the same program on another machine or Python"
    );
    let interval = ScenarioSpec { switch_interval: "1ms".into(), ..spec.clone() };
    assert_ne!(scenario_fingerprint(&interval), fingerprint);
    assert_ne!(scenario_fingerprint(&scenario("3.12", &[("thread", 3, "cpu 1ms")])), fingerprint);
    assert_ne!(scenario_fingerprint(&scenario("3.12", &[("thread", 2, "cpu 2ms")])), fingerprint);
}

#[test]
fn blocks_nested_deeper_than_python_allows_move_to_functions_of_their_own() {
    let depth = 32;
    let source = format!("{}cpu 1us{}", "repeat 2 { ".repeat(depth), " }".repeat(depth));
    let code = program_of("3.11", &[("thread", 1, &source)]);
    let loops_in = |name: &str| {
        function(&code, name)
            .iter()
            .filter(|line| line.trim_start().starts_with("for _ in"))
            .count()
    };
    assert_eq!(loops_in("work_1"), MAX_BLOCK_DEPTH);
    assert!(
        code.contains(&format!("\n{}work_1_part_1()\n", "    ".repeat(MAX_BLOCK_DEPTH + 1))),
        "{code}"
    );
    assert_eq!(loops_in("work_1_part_1"), depth - MAX_BLOCK_DEPTH);
}

#[test]
fn names_python_uses_are_renamed() {
    let code = program_of(
        "3.12",
        &[(
            "thread",
            1,
            "lock print { increment print 1; increment work_1 2; increment print_counter 3 }",
        )],
    );
    assert_eq!(
        function(&code, "work_1"),
        [
            "def work_1():",
            "    global print_counter, print_counter_counter, work_1_counter",
            "    with print_lock:",
            "        print_counter += 1",
            "        for _ in range(2):",
            "            work_1_counter += 1",
            "        for _ in range(3):",
            "            print_counter_counter += 1",
        ]
    );
    assert!(code.contains("    report(\"main process\", \"print\", print_counter, 1)\n"), "{code}");
}

#[test]
fn old_versions_get_code_they_can_run() {
    let old = program_of(
        "2.7",
        &[("thread", 2, "repeat 2 { native_gil 1ms }"), ("process", 1, "send 1KB")],
    );
    assert!(
        old.starts_with(
            "# -*- coding: utf-8 -*-\n\"\"\"GIL Lab: 2 threads, 1 process on Python 2.7."
        ),
        "{old}"
    );
    for expected in [
        "for _ in xrange(2):",
        "sum(xrange(int(SUMS_PER_SECOND * seconds)))",
        "sys.setcheckinterval(100)",
        "context = multiprocessing  # fork",
    ] {
        assert!(old.contains(expected), "no {expected} in:\n{old}");
    }
    assert!(!old.contains("import wait"), "{old}");
    let tasks = program_of("3.6", &[("task", 2, "io 1ms")]);
    assert!(tasks.contains("asyncio.get_event_loop().run_until_complete(run_tasks())"), "{tasks}");
    assert!(tasks.contains("asyncio.ensure_future(timed_task(name, work_1()))"), "{tasks}");
    let free = program_of("3.14t", &[("thread", 4, "cpu 1ms")]);
    assert!(free.contains("It needs a free-threaded build (python3.14t)"), "{free}");
}

#[test]
fn a_refused_scenario_gets_the_reason_instead_of_a_program() {
    let code = program_of("3.12", &[("thread", 1, "cpu 1ms; bogus \"2ms\"")]);
    assert!(code.contains("# workers[0].program: line 1, column 16: unexpected '\"'"), "{code}");
    assert!(
        code.contains("raise SystemExit(\"The simulator refuses this scenario: workers[0].program: line 1, column 16: unexpected '\\\"'"),
        "{code}"
    );
    assert!(!code.contains("def main"), "{code}");
}

#[test]
fn names_become_python_literals() {
    assert_eq!(names_list(&["T3", "T4", "T5"]), "[\"T%d\" % n for n in range(3, 6)]");
    assert_eq!(names_list(&["50%-1", "50%-2"]), "[\"50%%-%d\" % n for n in range(1, 3)]");
    assert_eq!(names_list(&["a\"b", "c"]), "[\"a\\\"b\", \"c\"]");
    assert_eq!(names_list(&["x01", "x02"]), "[\"x01\", \"x02\"]");
    assert_eq!(python_string("tab\there\u{7}"), "\"tab\\there\\x07\"");
}
