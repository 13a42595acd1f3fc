"""Per-submission time of Otter-Grader on a one-question assignment equivalent to
`relu-derivative`: the student defines relu_derivative(x); the test checks it at 200 points of
[-5, 5] (cell midpoints, as coursegen does). Otter runs each submission notebook in a fresh
Jupyter kernel, which is where its time goes.

usage: python otter_compare.py WORKDIR RUNS
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import nbformat

work = pathlib.Path(sys.argv[1])
# The venv's tools (otter, jupyter, its python3 kernel) first on PATH.
env = dict(os.environ, PATH=str(pathlib.Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
(work / "tests").mkdir(parents=True, exist_ok=True)

points = [(-5 * (399 - 2 * k) + 5 * (2 * k + 1)) / 400 for k in range(200)]
check = "all(relu_derivative(x) == (1 if x > 0 else 0) for x in %r)" % points
(work / "tests" / "q1.py").write_text(
    "OK_FORMAT = True\n\ntest = " + repr({
        "name": "q1", "points": 1,
        "suites": [{"type": "doctest", "scored": True, "setup": "", "teardown": "",
                    "cases": [{"code": ">>> " + check + "\nTrue", "hidden": False, "locked": False}]}],
    }) + "\n")

subprocess.run(["otter", "generate", "-t", "tests", "-o", "autograder.zip"], cwd=work, check=True,
               stdout=subprocess.DEVNULL, env=env)

def notebook(body):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb

submissions = {
    "right": "def relu_derivative(x):\n    return 1 if x > 0 else 0\n",
    "equivalent": "def relu_derivative(x):\n    return int(x >= 0)\n",
    "wrong": "def relu_derivative(x):\n    return 1 if x > 1 else 0\n",
}
times = []
for run in range(runs):
    for name, body in submissions.items():
        path = work / f"{name}.ipynb"
        nbformat.write(notebook(body), path)
        out = work / f"out-{name}-{run}"
        out.mkdir()
        start = time.perf_counter()
        subprocess.run(["otter", "run", "-a", "autograder.zip", "-o", str(out), str(path)],
                       cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        results = json.loads((out / "results.json").read_text())
        score = sum(t.get("score", 0) for t in results.get("tests", []))
        print(f"otter run {name:10s}: {elapsed:6.2f} s  score {score}")
print(f"otter run: median {statistics.median(times):.2f} s per submission over {len(times)} runs "
      f"(min {min(times):.2f}, max {max(times):.2f})")
