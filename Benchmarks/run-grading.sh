#!/usr/bin/env bash
# Grading benchmark (Benchmarks/grading/README.md):
#  1. in-process: 10 000 generated submissions graded in one call, typical mix and worst case
#     side by side (medians), then the worst single answers files;
#  2. end to end: `coursegen grade` on a folder of 10 000 files, JSON Lines and a gradebook;
#  3. for comparison, Otter-Grader on an equivalent one-question notebook assignment, per
#     submission (skipped unless Benchmarks/.venv has otter-grader: see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-10000}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One product per call: SwiftPM builds only the last of several --product options.
for product in grading-benchmark coursegen; do swift build -c release --product "$product" 2>&1 | tail -1; done
bench=.build/release/grading-benchmark

echo "== in-process, typical mix and worst case (every answer text distinct) side by side, medians"
"$bench" --count "$count" --runs "$runs" | tail -3
echo "== the most expensive answers files we could construct, one at a time"
"$bench" --worst | grep -v "^         "

echo "== end to end: coursegen grade on $count files"
"$bench" --count "$count" --write "$work/course" | tail -1
for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    .build/release/coursegen grade "$work/course/submissions" --exercises "$work/course" \
        --format json --gradebook "$work/grades.csv" > "$work/reports.jsonl"
    end=$(date +%s.%N)
    echo "coursegen grade: $(echo "$end - $start" | bc) s for $(wc -l < "$work/reports.jsonl") reports"
done

if [ -x Benchmarks/.venv/bin/otter ]; then
    echo "== Otter-Grader, one submission at a time"
    Benchmarks/.venv/bin/python Benchmarks/grading/otter_compare.py "$work/otter" "${OTTER_RUNS:-5}"
fi
