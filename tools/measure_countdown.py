"""Beazley's count-down, measured here: two CPU-bound threads against the same work one after the other.

David Beazley's GIL talks time `count(n)` (a `while n > 0: n -= 1` loop) twice in a row, then in two
threads at once. This script does the same on the machine it runs on, several times over, and prints
JSON: every run's times, and the median ratio of the threaded time to the sequential one with its
range. Runs on Python 2.7 (the old GIL) and 3.x (the switch-interval GIL):

    PYENV_VERSION=2.7.18 python tools/measure_countdown.py > validation/countdown/2.7.json
    PYENV_VERSION=3.12.1 python tools/measure_countdown.py > validation/countdown/3.12.json

Options: --count N (default 20,000,000 per count-down), --repeats R (default 7).
"""

import json
import os
import platform
import sys

# The count-down, the threads and the median are measure_cpython.py's, beside this file.
from measure_cpython import clock, count_down, median, timed_threads


def sequential_seconds(n):
    start = clock()
    count_down(n)
    count_down(n)
    return clock() - start


def option(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


def main():
    n = option("--count", 20000000)
    repeats = option("--repeats", 7)
    count_down(n // 10)
    runs = []
    for _ in range(repeats):
        sequential = sequential_seconds(n)
        threaded = timed_threads(2, n)
        runs.append({"sequential_s": round(sequential, 4), "two_threads_s": round(threaded, 4), "ratio": round(threaded / sequential, 3)})
    ratios = [run["ratio"] for run in runs]
    report = {
        "python": platform.python_version(),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
        "count": n,
        "runs": runs,
        "two_threads_over_sequential": {"median": round(median(ratios), 3), "min": min(ratios), "max": max(ratios)},
    }
    print(json.dumps(report, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
