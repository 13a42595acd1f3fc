#!/usr/bin/env bash
# Runs the engine benchmarks side by side with PyTorch, micrograd and NumPy and prints the
# Markdown tables of Benchmarks/README.md. Results (JSON lines) go to Benchmarks/results/.
#
#   Benchmarks/run-engine.sh            # full run: 100 000 scalar iterations, 500 epochs
#   QUICK=1 Benchmarks/run-engine.sh    # fewer iterations and repeats, to try it out
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

venv="$(Benchmarks/setup-venv.sh)"
py="$venv/bin/python"
swift build -c release --product EngineBenchmarks >&2
bin="$(swift build -c release --show-bin-path)/EngineBenchmarks"
swift build -c release --product coursegen >&2
coursegen="$(swift build -c release --show-bin-path)/coursegen"

iterations=100000; epochs=500; reps_fast=7; reps_slow=3
if [ -n "${QUICK:-}" ]; then iterations=10000; reps_fast=3; reps_slow=1; fi

out=Benchmarks/results
mkdir -p "$out"
"$bin" export > "$out/weights.json"   # spiral points + initial weights for every implementation
{
    "$bin" peak "$reps_fast"
    "$bin" scalar "$iterations" "$reps_fast"
    "$py" Benchmarks/python/bench_scalar.py torch "$iterations" "$reps_slow"
    "$py" Benchmarks/python/bench_scalar.py micrograd "$iterations" "$reps_slow"
    "$bin" mlp "$epochs" $((reps_fast * 2 + 1))
    # NumPy: OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines here for old OpenBLAS
    # builds) slow a current one down; unset for this command only.
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" Benchmarks/python/bench_mlp.py numpy "$out/weights.json" "$epochs" $((reps_fast * 2 + 1))
    "$py" Benchmarks/python/bench_mlp.py torch "$out/weights.json" "$epochs" "$reps_fast"
    # The same training as a script, the whole process (start-up, parsing, training, output).
    "$py" Benchmarks/python/bench_process.py "coursegen run spiral-500.nn" $((reps_fast * 3)) \
        "$coursegen" run Benchmarks/spiral-500.nn
} > "$out/results.jsonl"
"$py" Benchmarks/python/summarize.py "$out/results.jsonl"
