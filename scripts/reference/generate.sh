#!/usr/bin/env bash
# Regenerates Tests/NNEngineTests/Reference/reference.json from scripts/reference/generate.py.
# Uses the benchmarks' venv (Benchmarks/.venv: mpmath + torch, created on first use), so a fresh
# machine needs nothing but python3 and network access to PyPI.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
venv="$(Benchmarks/setup-venv.sh)"
"$venv/bin/python" scripts/reference/generate.py Tests/NNEngineTests/Reference/reference.json
