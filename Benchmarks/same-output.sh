#!/usr/bin/env bash
# Checks that a change to the builder leaves the site unchanged: builds the bundled course with
# two coursegen binaries (each into a fresh folder) and compares every file byte for byte.
# usage: Benchmarks/same-output.sh OLD_BINARY NEW_BINARY   (e.g. main's and this checkout's release build)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$1" build Content --out "$work/old" >/dev/null
"$2" build Content --out "$work/new" >/dev/null
"$2" build Content --out "$work/again" >/dev/null
diff -r "$work/old" "$work/new" && diff -r "$work/new" "$work/again" && echo "same bytes: $(find "$work/new" -type f | wc -l) files"
