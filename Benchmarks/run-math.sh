#!/usr/bin/env bash
# Math typesetting benchmark (Benchmarks/math/README.md): cold builds of the bundled course in
# release mode with KaTeX (this checkout) and without (BASE, default: the merge base with main,
# built from `git archive` in a temporary folder), and KaTeX alone on the same formulas.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product coursegen 2>&1 | tail -1
with_math=$PWD/.build/release/coursegen

without_math=${BASE_BINARY:-}
if [ -z "$without_math" ]; then
    base=${BASE:-$(git merge-base HEAD main)}
    mkdir "$work/base"
    git archive "$base" | tar -x -C "$work/base"
    (cd "$work/base" && swift build -c release --product coursegen 2>&1 | tail -1)
    without_math=$work/base/.build/release/coursegen
fi

python3 Benchmarks/math/bench.py "$runs" "$with_math" "$without_math" "$work"
