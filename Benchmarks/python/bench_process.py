#!/usr/bin/env python3
"""Whole-process CPU time of a command (user + system of the child, from getrusage), the way
`coursegen run Benchmarks/spiral-500.nn` is measured against NumPy's training loop alone.

    bench_process.py NAME REPEATS COMMAND...   -> one JSON line
"""
import json
import resource
import statistics
import subprocess
import sys


def main():
    name, repeats, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    times = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(json.dumps({"benchmark": "process", "implementation": name, "seconds": times,
                      "median": statistics.median(times)}))


if __name__ == "__main__":
    main()
