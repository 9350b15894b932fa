#!/usr/bin/env python3
"""Measure, on this machine, the real costs that GIL Lab uses as simulator defaults.

Run with:  python3 tools/measure_costs.py      (standard library only, < ~60 s)

It prints a Markdown table. Every row is the median of many repetitions, with
the 10th-90th percentile spread, so one noisy sample cannot move the result.
All timings use time.perf_counter_ns(). On Linux that is CLOCK_MONOTONIC, a
system-wide clock, so a timestamp taken in a child process can be subtracted
from one taken in the parent; the script checks this and says so.
"""

import dis
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import platform
import statistics
import sys
import threading
import time

now_ns = time.perf_counter_ns

# Repetition counts, chosen so the whole run stays well under a minute on a
# small machine while every median still rests on dozens of samples or more.
THREAD_REPS = 2000
FORK_REPS = 200
SPAWN_REPS = 30
FORKSERVER_REPS = 100
FORKSERVER_FIRST_START_REPS = 5
CONDITION_WAKEUP_REPS = 2000
CONDITION_WAKEUP_BUSY_REPS = 60
PIPE_ROUND_TRIPS = 20000
PICKLE_REPS = 40
PIPE_PAYLOAD_REPS = 20
COUNT_DOWN_N = 2_000_000
COUNT_DOWN_REPS = 15
INCREMENT_N = 1_000_000
INCREMENT_REPS = 9
# Python 2's sys.getcheckinterval() default. Treating a tick as one bytecode is
# the usual approximation; Python 2's ceval did not tick on its "fast" opcodes
# (LOAD_FAST, STORE_FAST, LOAD_CONST, ...), so real tick periods were longer.
OLD_GIL_CHECK_INTERVAL_TICKS = 100

results = []  # (name, samples, unit, what_was_timed)
notes = []


def record(name, samples, unit, what):
    results.append((name, list(samples), unit, what))


# --------------------------------------------------------------------------
# Formatting


def format_value(value, unit):
    if unit == "ns/B":
        return f"{value:.3f} ns/B"
    if unit in ("bytecodes", "count"):
        return f"{value:.0f}"
    if unit == "s":
        return f"{value} s"
    # Durations: pick the unit that keeps 3 significant digits readable.
    for scale, suffix in ((1e9, "s"), (1e6, "ms"), (1e3, "us")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {suffix}"
    return f"{value:.3g} ns"


def spread(samples, unit):
    if len(samples) < 2:
        return "n/a"
    if len(samples) < 10:
        return f"min {format_value(min(samples), unit)} / max {format_value(max(samples), unit)}"
    deciles = statistics.quantiles(samples, n=10, method="inclusive")
    return f"{format_value(deciles[0], unit)} - {format_value(deciles[-1], unit)}"


def print_table():
    print("| Measurement | Median | p10 - p90 (min/max if < 10 reps) | Reps | What exactly was timed |")
    print("|---|---|---|---|---|")
    for name, samples, unit, what in results:
        median = format_value(statistics.median(samples), unit)
        print(f"| {name} | {median} | {spread(samples, unit)} | {len(samples)} | {what} |")


# --------------------------------------------------------------------------
# 1. Thread start


def measure_thread_start():
    inside_start, until_first_line, start_and_join = [], [], []
    for _ in range(THREAD_REPS):
        first_line_at = []
        thread = threading.Thread(target=lambda: first_line_at.append(now_ns()))
        before = now_ns()
        thread.start()
        after = now_ns()
        thread.join()
        inside_start.append(after - before)
        until_first_line.append(first_line_at[0] - before)

    for _ in range(THREAD_REPS):
        thread = threading.Thread(target=do_nothing)
        before = now_ns()
        thread.start()
        thread.join()
        start_and_join.append(now_ns() - before)

    record("thread: parent inside start()", inside_start, "ns",
           "Thread(target=f) built beforehand; start() call only (it waits for the new thread to signal 'started')")
    record("thread: start() -> first line of target", until_first_line, "ns",
           "before start() until f's first statement took perf_counter_ns() in the new thread")
    record("thread: start()+join(), empty target", start_and_join, "ns",
           "start() + join() of a thread whose target is `pass`")


# --------------------------------------------------------------------------
# 2. Process start, per start method
# Targets live at module level so that spawn/forkserver children can import them.


def do_nothing():
    pass


def send_start_time(connection):
    connection.send(now_ns())  # first thing the child does
    connection.close()


def time_one_process_start(context):
    """Return (ns inside p.start(), ns from before p.start() until child target ran)."""
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=send_start_time, args=(sender,))
    before = now_ns()
    process.start()
    after = now_ns()
    sender.close()
    child_started_at = receiver.recv()
    received_at = now_ns()
    process.join()
    receiver.close()
    # A shared, monotonic clock must put the child's stamp between our two.
    if not before <= child_started_at <= received_at:
        notes.append(f"clock check FAILED: child stamp outside parent window ({context.get_start_method()})")
    return after - before, child_started_at - before


def time_one_empty_start_and_join(context):
    process = context.Process(target=do_nothing)
    before = now_ns()
    process.start()
    process.join()
    return now_ns() - before


def measure_process_start(method, reps):
    context = multiprocessing.get_context(method)
    label = method
    if method == "forkserver":
        # Start the server outside the timed loop: its start-up is measured separately.
        time_one_empty_start_and_join(context)
        label = "forkserver (server running)"
    pairs = [time_one_process_start(context) for _ in range(reps)]
    start_and_join = [time_one_empty_start_and_join(context) for _ in range(reps)]
    record(f"process {label}: parent inside p.start()", [p[0] for p in pairs], "ns",
           "Process object built beforehand; p.start() call only")
    record(f"process {label}: p.start() -> child target runs", [p[1] for p in pairs], "ns",
           "before p.start() until target's first perf_counter_ns() in the child (sent back through a Pipe)")
    record(f"process {label}: start()+join(), empty target", start_and_join, "ns",
           "p.start() + p.join() with target `pass` (includes child exit)")


def measure_forkserver_first_start():
    context = multiprocessing.get_context("forkserver")
    pairs = []
    for _ in range(FORKSERVER_FIRST_START_REPS):
        # Private API, used only so that server start-up can be timed more
        # than once per run; without it there is exactly one first start.
        multiprocessing.forkserver._forkserver._stop()
        pairs.append(time_one_process_start(context))
    record("process forkserver FIRST start: parent inside p.start()", [p[0] for p in pairs], "ns",
           "server stopped first; p.start() includes launching the fork server (fresh interpreter, imports __main__)")
    record("process forkserver FIRST start: p.start() -> child target runs", [p[1] for p in pairs], "ns",
           "as above, until the child's target ran")


# --------------------------------------------------------------------------
# 3. Wake-up latency


def measure_condition_wakeup(reps, notifier_keeps_running):
    """Notifier thread calls cond.notify(); we time until the waiter returns from wait().

    If notifier_keeps_running is False the notifier blocks right after notifying
    (gives up the GIL at once); if True it spins in Python code, so the waiter,
    though woken by the OS, must wait for the GIL's forced switch.
    """
    cond = threading.Condition()
    state = {"waiter_ready": False, "posted": 0, "seen": 0, "notified_at": 0}
    latencies = []

    def waiter():
        with cond:
            state["waiter_ready"] = True
            cond.notify()
            for generation in range(1, reps + 1):
                while state["posted"] < generation:
                    cond.wait()
                latencies.append(now_ns() - state["notified_at"])
                state["seen"] = generation
                cond.notify()

    waiter_thread = threading.Thread(target=waiter)
    waiter_thread.start()
    with cond:
        while not state["waiter_ready"]:
            cond.wait()
    for generation in range(1, reps + 1):
        # Taking the lock here guarantees the waiter is already inside wait().
        with cond:
            state["posted"] = generation
            state["notified_at"] = now_ns()
            cond.notify()
            if not notifier_keeps_running:
                while state["seen"] < generation:
                    cond.wait()
        if notifier_keeps_running:
            while state["seen"] < generation:
                pass  # CPU-bound Python: holds the GIL until forced to drop it
    waiter_thread.join()
    return latencies


def measure_pipe_ping_pong():
    """Half the round trip of 1 byte through two os.pipe()s between two processes.

    Each process has its own GIL, so this is the OS wake-up latency alone.
    """
    to_child_read, to_child_write = os.pipe()
    to_parent_read, to_parent_write = os.pipe()
    child_pid = os.fork()
    if child_pid == 0:
        try:
            while (message := os.read(to_child_read, 1)) not in (b"", b"q"):
                os.write(to_parent_write, message)
        finally:
            os._exit(0)
    half_round_trips = []
    for _ in range(PIPE_ROUND_TRIPS):
        before = now_ns()
        os.write(to_child_write, b"x")
        os.read(to_parent_read, 1)
        half_round_trips.append((now_ns() - before) / 2)
    os.write(to_child_write, b"q")
    os.waitpid(child_pid, 0)
    for fd in (to_child_read, to_child_write, to_parent_read, to_parent_write):
        os.close(fd)
    return half_round_trips


def measure_wakeups():
    record("wake-up: cond.notify() -> waiter runs (notifier then blocks)",
           measure_condition_wakeup(CONDITION_WAKEUP_REPS, notifier_keeps_running=False), "ns",
           "two threads; stamp just before notify() until wait() returned in the waiter; "
           "includes OS wake-up + GIL hand-off + re-taking the Condition's lock")
    record("wake-up: cond.notify() -> waiter runs (notifier keeps computing)",
           measure_condition_wakeup(CONDITION_WAKEUP_BUSY_REPS, notifier_keeps_running=True), "ns",
           "same, but the notifier spins in Python after notify(): waiter waits for the GIL switch interval")
    record("wake-up: os.pipe ping-pong, two processes (half RTT)", measure_pipe_ping_pong(), "ns",
           "1-byte write + blocking read, there and back, divided by 2; no GIL involved")


# --------------------------------------------------------------------------
# 4. Pickling and pipe transfer


def echo_arrival_time(connection, unpickle):
    """Child side: receive a payload, optionally unpickle it, send back the arrival time."""
    while (data := connection.recv_bytes()) != b"":
        if unpickle:
            pickle.loads(data)
        connection.send(now_ns())
    connection.close()


def time_pipe_transfer(obj, pickle_in_timing):
    """Parent -> child through a multiprocessing Pipe, timed until the child holds the data.

    Connection.send(obj) is exactly pickle.dumps + send_bytes, and recv() is
    recv_bytes + pickle.loads; spelling it out lets us also time the bare transfer.
    """
    context = multiprocessing.get_context("fork")
    parent_end, child_end = context.Pipe()  # duplex: a socketpair, as multiprocessing uses by default
    child = context.Process(target=echo_arrival_time, args=(child_end, pickle_in_timing))
    child.start()
    child_end.close()
    prepickled = pickle.dumps(obj)
    durations = []
    for _ in range(PIPE_PAYLOAD_REPS):
        before = now_ns()
        data = pickle.dumps(obj) if pickle_in_timing else prepickled
        parent_end.send_bytes(data)
        durations.append(parent_end.recv() - before)
    parent_end.send_bytes(b"")
    child.join()
    parent_end.close()
    return durations


def measure_pickling():
    payloads = {
        "list of 100k floats": [i * 1.000001 for i in range(100_000)],
        "10 MB bytes": bytes(10_000_000),
        "list of 100k small ints (0-255)": [i % 256 for i in range(100_000)],
    }
    for label, obj in payloads.items():
        pickled_size = len(pickle.dumps(obj))
        dumps_ns, loads_ns = [], []
        for _ in range(PICKLE_REPS):
            before = now_ns()
            data = pickle.dumps(obj)
            middle = now_ns()
            pickle.loads(data)
            dumps_ns.append(middle - before)
            loads_ns.append(now_ns() - middle)

        def per_byte(samples):
            return [sample / pickled_size for sample in samples]

        size_note = f"pickled size {pickled_size:,} B, protocol {pickle.DEFAULT_PROTOCOL}"
        record(f"pickle.dumps, {label}", per_byte(dumps_ns), "ns/B", size_note)
        record(f"pickle.loads, {label}", per_byte(loads_ns), "ns/B", size_note)
        record(f"pickle dumps+loads, {label}", per_byte([d + l for d, l in zip(dumps_ns, loads_ns)]), "ns/B",
               size_note)
        record(f"Pipe transfer only, {label}", per_byte(time_pipe_transfer(obj, pickle_in_timing=False)), "ns/B",
               "pre-pickled bytes: send_bytes() in parent until recv_bytes() returned in a forked child")
        record(f"Pipe end to end, {label}", per_byte(time_pipe_transfer(obj, pickle_in_timing=True)), "ns/B",
               "dumps + send_bytes in parent until recv_bytes + loads finished in the child (= send(obj) -> recv())")


# --------------------------------------------------------------------------
# 5. The count-down loop, and 6. the switch interval


def count_down(n):
    while n > 0:
        n -= 1


def bytecodes_per_count_down_iteration():
    """Count the instructions from the loop's backward-jump target to the jump itself."""
    instructions = list(dis.get_instructions(count_down))  # CACHE entries excluded
    backward_jump = next(i for i in instructions if "JUMP_BACKWARD" in i.opname or
                         (i.opname in ("JUMP_ABSOLUTE", "POP_JUMP_IF_TRUE") and i.argval < i.offset))
    loop_body = [i for i in instructions if backward_jump.argval <= i.offset <= backward_jump.offset]
    return len(loop_body), " ".join(i.opname for i in loop_body)


def measure_count_down():
    count_down(100_000)  # warm up, so the specialising interpreter has quickened the loop
    per_iteration = []
    for _ in range(COUNT_DOWN_REPS):
        before = now_ns()
        count_down(COUNT_DOWN_N)
        per_iteration.append((now_ns() - before) / COUNT_DOWN_N)
    bytecodes, opnames = bytecodes_per_count_down_iteration()
    per_bytecode = [t / bytecodes for t in per_iteration]
    record("count-down loop: per iteration", per_iteration, "ns",
           f"count_down({COUNT_DOWN_N:,}) = `while n > 0: n -= 1`, total / n")
    record("count-down loop: bytecodes per iteration", [bytecodes], "bytecodes", f"dis: {opnames}")
    record("count-down loop: per bytecode", per_bytecode, "ns", "per iteration / bytecodes per iteration")
    record(f"old GIL check interval ({OLD_GIL_CHECK_INTERVAL_TICKS} ticks as bytecodes)",
           [OLD_GIL_CHECK_INTERVAL_TICKS * t for t in per_bytecode], "ns",
           f"{OLD_GIL_CHECK_INTERVAL_TICKS} x ns per bytecode (3.11 interpreter speed)")


# --------------------------------------------------------------------------
# 7. Shared-counter increments (lesson 7), alone and racing

counter = 0
counter_lock = threading.Lock()


def one():
    return 1


def increment_plain(n):
    global counter
    for _ in range(n):
        counter += 1


def increment_via_call(n):
    global counter
    for _ in range(n):
        counter = counter + one()


def increment_locked(n):
    global counter
    for _ in range(n):
        with counter_lock:
            counter += 1


def measure_increments():
    global counter
    for body in (increment_plain, increment_via_call, increment_locked):
        body(100_000)  # warm up the specialising interpreter
        per_increment = []
        for _ in range(INCREMENT_REPS):
            before = now_ns()
            body(INCREMENT_N)
            per_increment.append((now_ns() - before) / INCREMENT_N)
        record(f"increment, {body.__name__.removeprefix('increment_')}: per increment", per_increment, "ns",
               f"{body.__name__}({INCREMENT_N:,}) in one thread, total / n")
    previous_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for body in (increment_plain, increment_via_call, increment_locked):
            lost = []
            for _ in range(3):
                counter = 0
                threads = [threading.Thread(target=body, args=(INCREMENT_N,)) for _ in range(2)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                lost.append(2 * INCREMENT_N - counter)
            record(f"increment, {body.__name__.removeprefix('increment_')}: updates lost, 2 threads", lost, "count",
                   f"2 x {body.__name__}({INCREMENT_N:,}) with sys.setswitchinterval(1e-6); 2 x n - final value")
    finally:
        sys.setswitchinterval(previous_interval)


# --------------------------------------------------------------------------
# 8. Hand-offs that do not wait: queue.Queue put/get, threading.Event set/wait/clear

HANDOFF_N = 200_000


def measure_handoffs():
    import queue
    jobs = queue.Queue(4)
    ready = threading.Event()

    def put_and_get():
        jobs.put(None)
        jobs.get()

    def wait_on_set():
        ready.wait()

    ready.set()
    calls = [("queue put + get", put_and_get, 2), ("event set", ready.set, 1), ("event wait, already set", wait_on_set, 1),
             ("event clear", ready.clear, 1)]
    for name, call, operations in calls:
        per_operation = []
        for _ in range(INCREMENT_REPS):
            before = now_ns()
            for _ in range(HANDOFF_N):
                call()
            per_operation.append((now_ns() - before) / HANDOFF_N / operations)
        ready.set()
        record(f"{name}: per operation", per_operation, "ns", f"{HANDOFF_N:,} calls in one thread, total / calls, loop included")


def main():
    started = time.monotonic()
    default_switch_interval = sys.getswitchinterval()  # read before anything could change it
    clock = time.get_clock_info("perf_counter")
    print("# GIL Lab cost measurements\n")
    print(f"- Python {platform.python_version()} ({sys.executable}), {platform.platform()}")
    print(f"- CPUs: {os.cpu_count()}; perf_counter = {clock.implementation}, "
          f"resolution {clock.resolution * 1e9:.0f} ns\n")

    measure_thread_start()
    measure_process_start("fork", FORK_REPS)
    measure_process_start("spawn", SPAWN_REPS)
    measure_forkserver_first_start()
    measure_process_start("forkserver", FORKSERVER_REPS)
    measure_wakeups()
    measure_pickling()
    measure_count_down()
    measure_increments()
    measure_handoffs()
    record("sys.getswitchinterval() default", [default_switch_interval], "s", "value read at start-up, not timed")

    print_table()
    print()
    if "CLOCK_MONOTONIC" in clock.implementation and not any("FAILED" in n for n in notes):
        print("- Cross-process clock check passed: every child start stamp fell between the parent's "
              "before-start() and after-recv() stamps (one system-wide CLOCK_MONOTONIC).")
    for note in notes:
        print(f"- {note}")
    print(f"- Total run time: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
