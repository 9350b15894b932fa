"""Measure how a real CPython shares its GIL, for GIL Lab's validation suite (validation/).

Runs under CPython 2.7 and every 3.x (standard library only; no f-strings), and prints one JSON
document: the version, the machine (cores, kernel, libc), the date, and figures that are ratios or
rates taken within this one run, so that the machine's speed cancels out. Each figure is the best
(or the median, where noted) of several repetitions after a warm-up.

    python tools/measure_cpython.py [--sections a,b,...] [--quick]

`tools/measure_all_cpythons.py` runs it under every Python it finds (python3 and pyenv's) and
pinned to one core with `taskset`, and keeps the results in validation/cpython/. The sections:

  echo_server     requests per second an echo-server thread answers a client in another process
                  (over a socket pair), beside 0, 1, 2 and 4 CPU-bound threads, at switch
                  intervals of 5, 1 and 0.1 ms (3.2 and later; 2.7 once, with its check interval)
  sleep_convoy    how late `time.sleep(1 ms)` returns in a thread beside 1, 2 and 4 CPU-bound
                  threads, at 5, 1 and 0.1 ms: median and 99th percentile
  cpu_threads     2 and 4 threads each counting down N, against doing the same one after another
  lost_updates    2 threads adding 1 to a global 1,000,000 times each, as `counter += 1` and as
                  `counter = counter + one()`: the share of updates lost (median of 3)
  process_start   starting and joining a process that does nothing, per start method (ms)
  to_thread       4 asyncio tasks each hashing 8 MB through `asyncio.to_thread` (3.9+), against
                  hashing the four in turn
  beside_hashing  a thread hashing big buffers (hashlib releases the GIL), alone and beside a
                  CPU-bound thread: how much longer it takes
"""

from __future__ import division, print_function

import datetime
import hashlib
import json
import multiprocessing
import os
import platform
import socket
import sys
import threading
import time

clock = getattr(time, "perf_counter", time.time)
SWITCH_INTERVALS_MS = [5.0, 1.0, 0.1]
HAS_SWITCH_INTERVAL = hasattr(sys, "setswitchinterval")


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def set_interval(milliseconds):
    if HAS_SWITCH_INTERVAL:
        sys.setswitchinterval(milliseconds / 1000.0)


class Spinners(object):
    """k threads running Python bytecode until stopped: the CPU-bound neighbours."""

    def __init__(self, count):
        self.running = True
        self.threads = [threading.Thread(target=self.spin) for _ in range(count)]
        for thread in self.threads:
            thread.daemon = True
            thread.start()

    def spin(self):
        spins = 0
        while self.running:
            spins += 1

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()


# --------------------------------------------------------------------------
# echo_server


def echo_client(sock, go_read, count_write, duration):
    """In the child process: wait for the go, then send and wait for the echo until time is up."""
    os.read(go_read, 1)
    message = b"x" * 16
    count = 0
    deadline = time.time() + duration
    while time.time() < deadline:
        sock.sendall(message)
        received = 0
        while received < len(message):
            received += len(sock.recv(64))
        count += 1
    sock.close()
    os.write(count_write, str(count).encode("ascii"))


def echo_rate(cpu_threads, duration):
    server_sock, client_sock = socket.socketpair()
    go_read, go_write = os.pipe()
    count_read, count_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        server_sock.close()
        try:
            echo_client(client_sock, go_read, count_write, duration)
        finally:
            os._exit(0)
    client_sock.close()

    def serve():
        while True:
            data = server_sock.recv(64)
            if not data:
                return
            server_sock.sendall(data)

    server = threading.Thread(target=serve)
    server.daemon = True
    server.start()
    spinners = Spinners(cpu_threads)
    time.sleep(0.2)
    os.write(go_write, b"G")
    count = int(os.read(count_read, 64).decode("ascii") or "0")
    os.waitpid(pid, 0)
    spinners.stop()
    server.join()
    server_sock.close()
    for fd in (go_read, go_write, count_read, count_write):
        os.close(fd)
    return count / duration


def echo_server(quick):
    duration = 0.5 if quick else 1.0
    figures = {}
    intervals = SWITCH_INTERVALS_MS if HAS_SWITCH_INTERVAL else [None]
    for interval in intervals:
        if interval is not None:
            set_interval(interval)
        row = {}
        for cpu_threads in (0, 1, 2, 4):
            row[str(cpu_threads)] = round(echo_rate(cpu_threads, duration), 1)
        figures["default" if interval is None else "%gms" % interval] = row
    set_interval(5.0)
    return {"requests_per_second": figures, "duration_s": duration}


# --------------------------------------------------------------------------
# sleep_convoy


def sleep_latencies(cpu_threads, sleeps):
    late = []
    spinners = Spinners(cpu_threads)
    time.sleep(0.05)
    for _ in range(sleeps):
        start = clock()
        time.sleep(0.001)
        late.append((clock() - start - 0.001) * 1000.0)
    spinners.stop()
    return late


def sleep_convoy(quick):
    sleeps = 30 if quick else 60
    figures = {}
    for interval in SWITCH_INTERVALS_MS if HAS_SWITCH_INTERVAL else [None]:
        if interval is not None:
            set_interval(interval)
        row = {}
        for cpu_threads in (0, 1, 2, 4):
            late = sleep_latencies(cpu_threads, sleeps)
            row[str(cpu_threads)] = {"median_ms": round(median(late), 3), "p99_ms": round(percentile(late, 0.99), 3)}
        figures["default" if interval is None else "%gms" % interval] = row
    set_interval(5.0)
    return {"late_after_1ms_sleep": figures, "sleeps": sleeps}


# --------------------------------------------------------------------------
# cpu_threads


def count_down(n):
    while n > 0:
        n -= 1


def timed_threads(threads, n):
    workers = [threading.Thread(target=count_down, args=(n,)) for _ in range(threads)]
    start = clock()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return clock() - start


def cpu_threads(quick):
    n = 2000000 if quick else 5000000
    repeats = 2 if quick else 3
    count_down(n // 10)
    sequential = min(clock_of(lambda: count_down(n)) for _ in range(repeats))
    figures = {"sequential_s": round(sequential, 4)}
    for threads in (2, 4):
        threaded = min(timed_threads(threads, n) for _ in range(repeats))
        figures["%d_threads_vs_sequential" % threads] = round(threaded / (threads * sequential), 3)
    return figures


def clock_of(work):
    start = clock()
    work()
    return clock() - start


# --------------------------------------------------------------------------
# lost_updates

counter = 0


def one():
    return 1


def add_plain(n):
    global counter
    for _ in range(n):
        counter += 1


def add_via_call(n):
    global counter
    for _ in range(n):
        counter = counter + one()


def lost_share(adder, n):
    global counter
    counter = 0
    workers = [threading.Thread(target=adder, args=(n,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return (2 * n - counter) / (2 * n)


def lost_updates(quick):
    n = 1000000
    runs = 1 if quick else 3
    return {
        "plain_lost_share": round(median([lost_share(add_plain, n) for _ in range(runs)]), 4),
        "via_call_lost_share": round(median([lost_share(add_via_call, n) for _ in range(runs)]), 4),
        "increments_per_thread": n,
    }


# --------------------------------------------------------------------------
# process_start


def nothing():
    pass


def start_and_join(process_class):
    start = clock()
    process = process_class(target=nothing)
    process.start()
    process.join()
    return (clock() - start) * 1000.0


def process_start(quick):
    repeats = {"fork": 20, "spawn": 5, "forkserver": 10}
    if quick:
        repeats = {"fork": 5, "spawn": 2, "forkserver": 3}
    thread_ms = median([thread_start_ms() for _ in range(50)])
    figures = {"thread_ms": round(thread_ms, 4)}
    if not hasattr(multiprocessing, "get_context"):
        figures["fork_ms"] = round(median([start_and_join(multiprocessing.Process) for _ in range(repeats["fork"])]), 3)
        return figures
    for method in ("fork", "spawn", "forkserver"):
        context = multiprocessing.get_context(method)
        first = start_and_join(context.Process)
        figures["%s_ms" % method] = round(median([start_and_join(context.Process) for _ in range(repeats[method])]), 3)
        if method == "forkserver":
            figures["forkserver_first_ms"] = round(first, 3)
    return figures


def thread_start_ms():
    start = clock()
    thread = threading.Thread(target=nothing)
    thread.start()
    thread.join()
    return (clock() - start) * 1000.0


# --------------------------------------------------------------------------
# to_thread and beside_hashing

BUFFER = b"\0" * (8 * 1024 * 1024)


def hash_buffer():
    hashlib.sha256(BUFFER).digest()


HASHED_IN_THREADS = """
async def hashed_in_threads(asyncio, work):
    await asyncio.gather(*[asyncio.to_thread(work) for _ in range(4)])
"""


def to_thread(quick):
    try:
        import asyncio
    except ImportError:
        return None
    if not hasattr(asyncio, "to_thread"):
        return None

    # Written as text, so that Python 2, which cannot parse `async def`, can still read this file.
    namespace = {}
    exec(HASHED_IN_THREADS, namespace)
    hashed_in_threads = namespace["hashed_in_threads"]
    repeats = 2 if quick else 3
    hash_buffer()
    sequential = min(clock_of(lambda: [hash_buffer() for _ in range(4)]) for _ in range(repeats))
    threaded = min(clock_of(lambda: asyncio.run(hashed_in_threads(asyncio, hash_buffer))) for _ in range(repeats))
    return {"speedup_4_tasks": round(sequential / threaded, 3), "sequential_s": round(sequential, 4)}


def hashing_rounds(rounds):
    for _ in range(rounds):
        hash_buffer()


def beside_hashing(quick):
    rounds = 6 if quick else 12
    repeats = 2 if quick else 3
    alone = min(clock_of(lambda: hashing_rounds(rounds)) for _ in range(repeats))
    beside = []
    for _ in range(repeats):
        spinners = Spinners(1)
        time.sleep(0.02)
        beside.append(clock_of(lambda: hashing_rounds(rounds)))
        spinners.stop()
    return {"slowdown_beside_1_cpu_thread": round(min(beside) / alone, 3), "alone_s": round(alone, 4), "rounds": rounds}


SECTIONS = {
    "echo_server": echo_server,
    "sleep_convoy": sleep_convoy,
    "cpu_threads": cpu_threads,
    "lost_updates": lost_updates,
    "process_start": process_start,
    "to_thread": to_thread,
    "beside_hashing": beside_hashing,
}
ORDER = ["cpu_threads", "lost_updates", "sleep_convoy", "echo_server", "beside_hashing", "to_thread", "process_start"]


def machine():
    cores = multiprocessing.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "cores": cores,
        "usable_cores": usable,
        "kernel": platform.release(),
        "libc": " ".join(platform.libc_ver()),
        "machine": platform.machine(),
        "system": platform.system(),
    }


def main():
    arguments = sys.argv[1:]
    quick = "--quick" in arguments
    chosen = ORDER
    if "--sections" in arguments:
        chosen = arguments[arguments.index("--sections") + 1].split(",")
        unknown = [name for name in chosen if name not in SECTIONS]
        if unknown:
            sys.exit("unknown section(s): %s; known: %s" % (", ".join(unknown), ", ".join(ORDER)))
    result = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": machine(),
        "date": datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z",
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "quick": quick,
        "figures": {},
    }
    for name in chosen:
        figures = SECTIONS[name](quick)
        if figures is not None:
            result["figures"][name] = figures
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
