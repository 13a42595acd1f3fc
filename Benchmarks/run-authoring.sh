#!/usr/bin/env bash
# The author's loop (Benchmarks/authoring/README.md): cold, unchanged, prose-edit and nn-edit
# builds of the bundled course and of a 200-chapter course, the parallel speed-up, serve's save →
# reloaded page, and Jupyter Book 1 side by side (JUPYTER_BOOK=0 skips it). RUNS=11 by default.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product coursegen 2>&1 | tail -1
venv=""
if [ "${JUPYTER_BOOK:-1}" != 0 ]; then
    venv=$(bash Benchmarks/authoring/setup-jupyter-book.sh)
fi
python3 Benchmarks/authoring/bench.py "$PWD/.build/release/coursegen" "$work/run" $venv
