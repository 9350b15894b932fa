#!/usr/bin/env python3
"""Run tools/measure_cpython.py under every CPython on this machine and keep the results.

    python3 tools/measure_all_cpythons.py [--versions 2.7,3.9,...] [--quick] [--out validation/cpython]

Finds python3 on PATH and every pyenv version (~/.pyenv/versions/*/bin/python; pyenv itself is not
needed), runs the measurements under each on all cores, and the CPU-bound and sleep sections again
pinned to one core with `taskset -c 0` (where taskset exists), and writes
`OUT/<version>.json` and `OUT/<version>-one-core.json`. Before each run it waits (up to two
minutes) for the machine to be quiet, a one-minute load average under 0.6, because every figure
is about how threads share the cores; the load it started at is in the file.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEASURE = os.path.join(ROOT, "tools", "measure_cpython.py")
PINNED_SECTIONS = "cpu_threads,sleep_convoy,lost_updates"


def version_of(python):
    try:
        output = subprocess.run([python, "-c", "import platform; print(platform.python_version())"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return output.stdout.strip() or None


def pythons():
    """(version, path) of every CPython found, one per version, oldest first."""
    found = {}
    candidates = [shutil.which("python3")] + sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/*/bin/python")))
    for path in filter(None, candidates):
        version = version_of(path)
        if version and version not in found:
            found[version] = path
    return sorted(found.items(), key=lambda item: tuple(int(part) for part in item[0].split(".")[:2]))


def wait_for_quiet(limit_s=120, threshold=0.6):
    waited = 0
    while os.getloadavg()[0] > threshold and waited < limit_s:
        time.sleep(5)
        waited += 5
    return os.getloadavg()[0]


def measure(command, out_file):
    load = wait_for_quiet()
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"  FAILED: {' '.join(command)}\n{result.stderr[-2000:]}")
        return False
    data = json.loads(result.stdout)
    data["command"] = " ".join(os.path.relpath(part, ROOT) if part == MEASURE else part for part in command)
    data["load_average_when_started_waiting"] = round(load, 2)
    with open(out_file, "w") as file:
        json.dump(data, file, indent=2, sort_keys=True)
        file.write("\n")
    print(f"  {os.path.relpath(out_file, ROOT)} ({time.monotonic() - started:.0f} s, load {load:.2f})")
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", help="only these versions, by major.minor (2.7,3.9)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test, not for validation/)")
    parser.add_argument("--out", default=os.path.join(ROOT, "validation", "cpython"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    wanted = set(args.versions.split(",")) if args.versions else None
    taskset = shutil.which("taskset")
    failures = 0
    for version, path in pythons():
        short = ".".join(version.split(".")[:2])
        if wanted and short not in wanted:
            continue
        print(f"CPython {version} ({path})")
        quick = ["--quick"] if args.quick else []
        if not measure([path, MEASURE] + quick, os.path.join(args.out, f"{short}.json")):
            failures += 1
        if taskset:
            pinned = [taskset, "-c", "0", path, MEASURE, "--sections", PINNED_SECTIONS] + quick
            if not measure(pinned, os.path.join(args.out, f"{short}-one-core.json")):
                failures += 1
        else:
            print("  no taskset: the one-core runs are skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
