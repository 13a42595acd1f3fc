#!/usr/bin/env bash
# Creates Benchmarks/.venv (git-ignored) with what the benchmark and reference scripts import:
# numpy, torch (PyPI's build; its CUDA libraries are installed but never used, everything runs on
# the CPU in float64), micrograd and mpmath. Reruns are cheap: it only installs what is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$root/Benchmarks/.venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import numpy, torch, micrograd, mpmath, threadpoolctl" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check numpy torch micrograd mpmath threadpoolctl
fi
echo "$venv"
