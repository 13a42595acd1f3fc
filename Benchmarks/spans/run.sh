#!/usr/bin/env bash
# Times `coursegen build` (release) on one chapter whose single paragraph holds N inline spans:
# `$x$` math spans, or `{nn} x` computed values. Prints the median of REPEATS runs per size.
# Usage: Benchmarks/spans/run.sh [N ...]        (default sizes: 10000 40000 200000)
#        REPEATS=5 LAYOUT=lines Benchmarks/spans/run.sh 40000   # one span per line, same paragraph
#        COURSEGEN=/path/to/coursegen Benchmarks/spans/run.sh     # time another build
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(10000 40000 200000)
repeats=${REPEATS:-3}
layout=${LAYOUT:-line}        # line: all spans on one line; lines: one span per line
limit=${LIMIT:-120}           # seconds before a run counts as "did not finish"
bin=${COURSEGEN:-}             # a coursegen binary to time instead of this checkout's release build
if [ -z "$bin" ]; then
    swift build -c release --product coursegen >/dev/null
    bin=$(swift build -c release --show-bin-path)/coursegen
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

chapter() {  # kind n -> writes $work/Content/01-spans.md
    local kind=$1 n=$2 sep=" "
    [ "$layout" = lines ] && sep=$'\n'
    rm -rf "$work/Content" && mkdir -p "$work/Content"
    {
        printf '# Spans\n\n```nn\nx = 2\n```\n\n'
        python3 - "$kind" "$n" "$sep" <<'PY'
import sys
kind, n, sep = sys.argv[1], int(sys.argv[2]), sys.argv[3]
span = "$x$" if kind == "math" else "`{nn} x`"
sys.stdout.write(sep.join(["a " + span] * n) + "\n")
PY
    } >"$work/Content/01-spans.md"
}

printf '| spans | layout | kind | median CPU s (of %s) |\n| --- | --- | --- | --- |\n' "$repeats"
for n in "${sizes[@]}"; do
    for kind in math nn; do
        chapter "$kind" "$n"
        times=()
        for _ in $(seq "$repeats"); do
            # CPU time (user + system), not wall-clock: the machine's cores are shared.
            if /usr/bin/time -o "$work/time" -f '%U %S' timeout "$limit" "$bin" build "$work/Content" \
                --out "$work/site" >/dev/null; then
                times+=("$(awk '{printf "%.2f", $1 + $2}' "$work/time")")
            else
                times+=(">$limit")
                break
            fi
        done
        median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
        printf '| %s | %s | %s | %s |\n' "$n" "$layout" "$kind" "$median"
    done
done
