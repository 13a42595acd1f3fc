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

def cold_builds(binary, name):
    walls, cpus = [], []
    for run in range(runs):
        out = os.path.join(work, f"{name}-{run}")
        shutil.rmtree(out, ignore_errors=True)
        wall, cpu = timed([binary, "build", "Content", "--out", out], cwd=repo)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus, out

rows = []
math_walls, math_cpus, site = cold_builds(with_math, "with-math")
plain_walls, plain_cpus, _ = cold_builds(without_math, "without-math")

# The formulas exactly as the site's MathML keeps them, for KaTeX alone.
formulas = os.path.join(work, "formulas.jsonl")
count = 0
with open(formulas, "w") as out:
    for page in sorted(os.listdir(site)):
        if not page.endswith(".html"):
            continue
        text = open(os.path.join(site, page), encoding="utf-8").read()
        for match in re.finditer(r'(<span class="katex-display">)?<span class="katex"><span class="katex-mathml">.*?'
                                 r'<annotation encoding="application/x-tex">(.*?)</annotation>', text, re.S):
            out.write(json.dumps({"tex": html.unescape(match.group(2)), "display": match.group(1) is not None}) + "\n")
            count += 1
env = dict(os.environ, NODE_PATH="/usr/share/nodejs")
script = os.path.join(os.path.dirname(__file__), "katex-alone.js")
katex_walls, katex_cpus, inside = [], [], []
for _ in range(runs):
    result = subprocess.run(["node", script, formulas], env=env, check=True, capture_output=True, text=True)
    wall, cpu = timed(["node", script, formulas], env=env)
    katex_walls.append(wall)
    katex_cpus.append(cpu)
    inside.append(json.loads(result.stdout))
node_start = timed(["node", "-e", ""])[0]

ms = lambda values: f"{statistics.median(values) * 1000:.0f}"
print(f"{runs} runs each, medians; {count} formulas")
print()
print("| what | wall ms | CPU ms (user+sys) |")
print("| --- | ---: | ---: |")
print(f"| cold build, with math (this branch) | {ms(math_walls)} | {ms(math_cpus)} |")
print(f"| cold build, without math (base binary) | {ms(plain_walls)} | {ms(plain_cpus)} |")
print(f"| KaTeX alone: node + require + {count} formulas | {ms(katex_walls)} | {ms(katex_cpus)} |")
print(f"| of which `require(\"katex\")` | {statistics.median(r['requireMs'] for r in inside):.0f} | |")
print(f"| of which rendering | {statistics.median(r['renderMs'] for r in inside):.0f} | |")
print(f"| `node -e ''` (start-up alone, one run) | {node_start * 1000:.0f} | |")
