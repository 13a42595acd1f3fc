#!/usr/bin/env bash
# Math typesetting benchmark (Benchmarks/math/README.md): cold builds of the bundled course in
# release mode with KaTeX (this checkout) and without (BASE, default: main just before KaTeX was
# merged, built from `git archive` in a temporary folder, run on its own Content and Templates),
# and KaTeX alone on the same formulas.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product coursegen 2>&1 | tail -1
with_math=$PWD/.build/release/coursegen

without_math=${BASE_BINARY:-}
if [ -z "$without_math" ]; then
    # 1c3afb0 merged KaTeX into main; its first parent is the builder without math.
    base=${BASE:-1c3afb0^1}
    mkdir "$work/base"
    git archive "$base" | tar -x -C "$work/base"
    (cd "$work/base" && swift build -c release --product coursegen 2>&1 | tail -1)
    without_math=$work/base/.build/release/coursegen
    export BASE_DIR=$work/base
fi

python3 Benchmarks/math/bench.py "$runs" "$with_math" "$without_math" "$work"
