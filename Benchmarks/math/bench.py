"""Times cold builds of the bundled course (Benchmarks/math/README.md). Prints one Markdown table.

usage: bench.py RUNS WITH_MATH_BINARY WITHOUT_MATH_BINARY WORKDIR
"""
import json, os, re, resource, shutil, statistics, subprocess, sys, time, html

runs, with_math, without_math, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

def timed(command, **kwargs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def cold_build(binary, out, cwd=repo, flags=()):
    shutil.rmtree(out, ignore_errors=True)
    # The grading key and the build cache live beside the site: a cold build has neither.
    for beside in ("grading", ".coursegen-cache"):
        shutil.rmtree(os.path.join(os.path.dirname(out), beside), ignore_errors=True)
    return timed([binary, "build", "Content", "--out", out, *flags], cwd=cwd)

# The binary without math runs in its own checkout (BASE_DIR), whose Content and Templates it reads.
base_dir = os.environ.get("BASE_DIR") or repo

# Alternating runs, so a change in the machine's load hits both alike.
math_walls, math_cpus, plain_walls, plain_cpus = [], [], [], []
site = os.path.join(work, "with-math")
for run in range(runs):
    wall, cpu = cold_build(with_math, site, flags=("--no-cache",))
    math_walls.append(wall)
    math_cpus.append(cpu)
    wall, cpu = cold_build(without_math, os.path.join(work, "without-math"), cwd=base_dir)
    plain_walls.append(wall)
    plain_cpus.append(cpu)

# The formulas exactly as the site's MathML keeps them, for KaTeX alone.
formulas = os.path.join(work, "formulas.jsonl")
count = 0
distinct = set()
with open(formulas, "w") as out:
    for page in sorted(os.listdir(site)):
        if not page.endswith(".html"):
            continue
        text = open(os.path.join(site, page), encoding="utf-8").read()
        for match in re.finditer(r'(<span class="katex-display">)?<span class="katex"><span class="katex-mathml">.*?'
                                 r'<annotation encoding="application/x-tex">(.*?)</annotation>', text, re.S):
            line = json.dumps({"tex": html.unescape(match.group(2)), "display": match.group(1) is not None})
            count += 1
            if line not in distinct:  # coursegen typesets a repeated formula once
                distinct.add(line)
                out.write(line + "\n")
env = dict(os.environ, NODE_PATH="/usr/share/nodejs")
env.pop("NODE_EXTRA_CA_CERTS", None)  # coursegen runs node without it (RunningDriver.swift)
script = os.path.join(os.path.dirname(__file__), "katex-alone.js")
# The V8 options coursegen runs node with (MathTypesetting/Internal/Driver.swift).
flags = ["--no-opt", "--single-threaded", "--max-semi-space-size=16"]
katex_walls, katex_cpus, inside = [], [], []
for _ in range(runs):
    result = subprocess.run(["node", *flags, script, formulas], env=env, check=True, capture_output=True, text=True)
    wall, cpu = timed(["node", *flags, script, formulas], env=env)
    katex_walls.append(wall)
    katex_cpus.append(cpu)
    inside.append(json.loads(result.stdout))
node_start = timed(["node", "-e", ""], env=env)[0]

ms = lambda values: f"{statistics.median(values) * 1000:.0f}"
print(f"{runs} runs each, medians; {count} formulas, {len(distinct)} distinct; load average {os.getloadavg()[0]:.1f}")
print()
print("| what | wall ms | CPU ms (user+sys) |")
print("| --- | ---: | ---: |")
print(f"| cold build, with math (this branch) | {ms(math_walls)} | {ms(math_cpus)} |")
print(f"| cold build, without math (base binary) | {ms(plain_walls)} | {ms(plain_cpus)} |")
print(f"| KaTeX alone: node + require + {len(distinct)} distinct formulas | {ms(katex_walls)} | {ms(katex_cpus)} |")
print(f"| of which `require(\"katex\")` | {statistics.median(r['requireMs'] for r in inside):.0f} | |")
print(f"| of which rendering | {statistics.median(r['renderMs'] for r in inside):.0f} | |")
print(f"| `node -e ''` (start-up alone, one run) | {node_start * 1000:.0f} | |")
