#!/usr/bin/env bash
# Creates Benchmarks/.venv-jupyter-book (git-ignored) with Jupyter Book 1 and the kernel the
# comparison course runs (numpy). Reruns are cheap: it installs only what is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${VENV:-$root/Benchmarks/.venv-jupyter-book}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import jupyter_book, numpy, ipykernel" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "jupyter-book<2" numpy ipykernel
fi
echo "$venv"
