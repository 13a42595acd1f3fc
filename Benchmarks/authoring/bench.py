"""The author's loop, timed as whole processes (Benchmarks/authoring/README.md). Prints Markdown.

usage: bench.py COURSEGEN WORKDIR [JUPYTER_BOOK_VENV]

RUNS (default 11) runs per figure, LARGE_RUNS (default 3) for the 200-chapter cold builds.
Every figure is a median of wall time and of CPU time (user + sys of the process and its
children: node's typesetting counts).
"""
import http.client, os, re, resource, shutil, socket, statistics, subprocess, sys, time

coursegen, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
jb_venv = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
runs = int(os.environ.get("RUNS", "11"))
large_runs = int(os.environ.get("LARGE_RUNS", "3"))
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def timed(command, **kwargs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_ms(samples):
    return (f"{statistics.median(s[0] for s in samples) * 1000:.0f}",
            f"{statistics.median(s[1] for s in samples) * 1000:.0f}")


# MARK: - Courses

def bundled(folder):
    shutil.copytree(os.path.join(repo, "Content"), folder)
    return folder


LABEL = re.compile(r"([#@])((?:fig|tbl|eq|sec)-[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)")
EXERCISE = re.compile(r'(exercise\s+")([^"]+)(")')


def replicated(folder, count=200):
    """The bundled chapters copied round-robin into `count` chapters, exercise ids and
    cross-reference labels made unique per copy (a course declares each once)."""
    os.makedirs(folder)
    source = os.path.join(repo, "Content")
    chapters = sorted(n for n in os.listdir(source) if n.endswith(".md"))
    for index in range(count):
        name = chapters[index % len(chapters)]
        copy = index // len(chapters)
        text = open(os.path.join(source, name), encoding="utf-8").read()
        text = LABEL.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}", text)
        text = EXERCISE.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}{m.group(3)}", text)
        with open(os.path.join(folder, f"{index + 1:03d}-{name[3:]}"), "w", encoding="utf-8") as out:
            out.write(text)
    with open(os.path.join(folder, "course.yml"), "w", encoding="utf-8") as out:
        out.write("title: 200 chapters\nlanguage: ja\n")
    return folder


def first_chapter(content):
    return os.path.join(content, sorted(n for n in os.listdir(content) if n.endswith(".md"))[0])


def prose_edit(path, run):
    """A sentence added at the end of the chapter: prose only."""
    text = re.sub(r"\n\n編集 \d+。\n$", "\n", open(path, encoding="utf-8").read())
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.rstrip("\n") + f"\n\n編集 {run}。\n")


def nn_edit(path, run):
    """A number changed in the chapter's first `nn` block: the chapter runs again."""
    text = re.sub(r"```nn\nedit_marker = \d+\n", "```nn\n", open(path, encoding="utf-8").read())
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.replace("```nn\n", f"```nn\nedit_marker = {run}\n", 1))


# MARK: - coursegen build

def build(content, out, *extra, pin=None):
    command = [coursegen, "build", content, "--out", out, *extra]
    if pin:
        command = ["taskset", "-c", pin] + command
    return timed(command, cwd=os.path.dirname(content))


def clean(out):
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(os.path.join(os.path.dirname(out), ".coursegen-cache"), ignore_errors=True)


def build_figures(content, count):
    out = os.path.join(os.path.dirname(content), "site")
    rows = {}
    samples = []
    for _ in range(count):
        clean(out)
        samples.append(build(content, out))
    rows["cold (no cache)"] = median_ms(samples)
    rows["nothing changed"] = median_ms([build(content, out) for _ in range(runs)])
    chapter = first_chapter(content)
    samples = []
    for run in range(runs):
        prose_edit(chapter, run)
        samples.append(build(content, out))
    rows["one prose edit"] = median_ms(samples)
    samples = []
    for run in range(runs):
        nn_edit(chapter, run)
        samples.append(build(content, out))
    rows["one `nn` edit (chapter 1 runs again)"] = median_ms(samples)
    return rows


def parallel_figures(content):
    out = os.path.join(os.path.dirname(content), "site")
    one, two = [], []
    for _ in range(large_runs):
        clean(out)
        one.append(build(content, out, "--no-cache", pin="0"))
        clean(out)
        two.append(build(content, out, "--no-cache"))
    return median_ms(one), median_ms(two)


# MARK: - coursegen serve

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Events:
    def __init__(self, port):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.socket.sendall(b"GET /__coursegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.pending = b""

    def next(self):
        while True:
            match = re.search(rb"data: (\d+)\n\n", self.pending)
            if match:
                self.pending = self.pending[match.end():]
                return int(match.group(1))
            chunk = self.socket.recv(65536)
            if not chunk:
                raise RuntimeError("event stream closed")
            self.pending += chunk


def serve_figures(content, edit, count):
    port = free_port()
    out = os.path.join(os.path.dirname(content), "served")
    server = subprocess.Popen([coursegen, "serve", content, "--port", str(port), "--out", out],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in server.stderr:
            if line.startswith("serving "):
                break
        events = Events(port)
        while events.next() < 1:  # the first build (serving starts while it runs)
            pass
        chapter = first_chapter(content)
        page = "/" + os.path.basename(chapter)[:-3] + ".html"
        latencies = []
        for run in range(count):
            time.sleep(0.2)  # a person saves now and then, not in a burst
            start = time.perf_counter()
            edit(chapter, 1000 + run)
            for _ in range(10):  # a build that had started before the save does not show it
                events.next()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", page)
                body = connection.getresponse().read().decode()
                connection.close()
                if f"{1000 + run}" in body:
                    break
            else:
                raise RuntimeError("the reloaded page lacks the edit")
            latencies.append(time.perf_counter() - start)
        return f"{statistics.median(latencies) * 1000:.0f}"
    finally:
        server.terminate()
        server.wait()


# MARK: - Jupyter Book 1

JB_FRONT = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

NUMPY_CELL = """```{code-cell} python
import numpy as np
rng = np.random.default_rng(0)
x = np.linspace(-5, 5, 101)
print(np.round(1 / (1 + np.exp(-x[::20])), 4))
```
"""

TRAINING_CELL = """```{code-cell} python
import numpy as np
rng = np.random.default_rng(0)
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float); t = np.array([0, 1, 1, 0], float)
W1, b1, W2, b2 = rng.normal(size=(2, 3)), np.zeros(3), rng.normal(size=3), 0.0
for epoch in range(2000):
    h = np.tanh(X @ W1 + b1); y = 1 / (1 + np.exp(-(h @ W2 + b2)))
    d = (y - t) * y * (1 - y); gW2 = h.T @ d; gb2 = d.sum()
    dh = np.outer(d, W2) * (1 - h ** 2); gW1 = X.T @ dh; gb1 = dh.sum(0)
    W1 -= 0.5 * gW1; b1 -= 0.5 * gb1; W2 -= 0.5 * gW2; b2 -= 0.5 * gb2
print(np.round(y, 3))
```
"""


def jupyter_book_course(folder):
    """The bundled course's first three chapters for Jupyter Book 1: the same prose and math
    (left to the browser's MathJax), each `nn` block a code cell computing with numpy (a
    training loop where the chapter trains), executed by a kernel and cached by jupyter-cache."""
    os.makedirs(folder)
    source = os.path.join(repo, "Content")
    names = sorted(n for n in os.listdir(source) if n.endswith(".md"))[:3]
    for name in names:
        text = open(os.path.join(source, name), encoding="utf-8").read()
        def cell(match):
            return TRAINING_CELL if re.search(r"\btrain\b|epochs", match.group(0)) else NUMPY_CELL
        text = re.sub(r"```nn\n.*?```\n", cell, text, flags=re.S)
        text = re.sub(r"`\{nn\} ([^`|]*)[^`]*`", r"`\1`", text)
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(JB_FRONT + text)
    with open(os.path.join(folder, "intro.md"), "w", encoding="utf-8") as out:
        out.write("# ニューラルネットワーク入門\n\nパーセプトロンから誤差逆伝播法まで。\n")
    with open(os.path.join(folder, "_toc.yml"), "w", encoding="utf-8") as out:
        out.write("format: jb-book\nroot: intro\nchapters:\n" + "".join(f"- file: {n[:-3]}\n" for n in names))
    with open(os.path.join(folder, "_config.yml"), "w", encoding="utf-8") as out:
        out.write("title: ニューラルネットワーク入門\nonly_build_toc_files: true\n"
                  "execute:\n  execute_notebooks: cache\n  timeout: 300\n"
                  "sphinx:\n  config:\n    language: ja\n")
    return folder


def three_chapters(folder):
    os.makedirs(folder)
    source = os.path.join(repo, "Content")
    for name in sorted(n for n in os.listdir(source) if n.endswith(".md"))[:3]:
        shutil.copy(os.path.join(source, name), folder)
    return folder


def comparison_figures(jb_count):
    ours = three_chapters(os.path.join(work, "three", "Content"))
    out = os.path.join(work, "three", "site")
    jb = jupyter_book_course(os.path.join(work, "jupyter-book"))
    jupyter_book = os.path.join(jb_venv, "bin", "jupyter-book")
    cold_ours, warm_ours, cold_jb, warm_jb = [], [], [], []
    for _ in range(jb_count):
        clean(out)
        cold_ours.append(build(ours, out))
        warm_ours.append(build(ours, out))
        shutil.rmtree(os.path.join(jb, "_build"), ignore_errors=True)
        cold_jb.append(timed([jupyter_book, "build", jb], cwd=jb))
        warm_jb.append(timed([jupyter_book, "build", jb], cwd=jb))
    return median_ms(cold_ours), median_ms(warm_ours), median_ms(cold_jb), median_ms(warm_jb)


# MARK: - Report

def main():
    parts = os.environ.get("PARTS", "builds,parallel,serve,jupyter-book").split(",")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    print(f"coursegen: {coursegen}; {runs} runs per figure ({large_runs} for 200-chapter cold builds); "
          f"load average at start {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")
    print()
    small = bundled(os.path.join(work, "bundled", "Content"))
    large = replicated(os.path.join(work, "large", "Content"))
    print("| course | what | wall ms | CPU ms |")
    print("| --- | --- | ---: | ---: |")
    if "builds" in parts:
        for label, content, count in [("bundled (6 chapters)", small, runs), ("200 chapters", large, large_runs)]:
            for what, (wall, cpu) in build_figures(content, count).items():
                print(f"| {label} | {what} | {wall} | {cpu} |", flush=True)
    if "parallel" in parts:
        one, two = parallel_figures(large)
        print(f"| 200 chapters | cold, `--no-cache`, 1 core (`taskset -c 0`) | {one[0]} | {one[1]} |")
        print(f"| 200 chapters | cold, `--no-cache`, 2 cores | {two[0]} | {two[1]} |")
        print()
        print(f"Parallel speed-up, 200 chapters cold: {int(one[0]) / max(1, int(two[0])):.2f}×")
    print()
    if "serve" in parts:
        serve_small = serve_figures(bundled(os.path.join(work, "serve", "Content")), prose_edit, runs)
        serve_nn = serve_figures(bundled(os.path.join(work, "serve-nn", "Content")), nn_edit, runs)
        print(f"`serve`, save → reloaded page received (median of {runs}): prose edit {serve_small} ms, "
              f"`nn` edit {serve_nn} ms")
        print()
    if jb_venv and "jupyter-book" in parts:
        jb_count = max(1, min(runs, int(os.environ.get("JB_RUNS", "3"))))
        cold_ours, warm_ours, cold_jb, warm_jb = comparison_figures(jb_count)
        print(f"Against Jupyter Book 1, three chapters, {jb_count} runs, medians:")
        print()
        print("| tool | cold wall ms | cold CPU ms | warm wall ms | warm CPU ms |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| coursegen | {cold_ours[0]} | {cold_ours[1]} | {warm_ours[0]} | {warm_ours[1]} |")
        print(f"| Jupyter Book 1 | {cold_jb[0]} | {cold_jb[1]} | {warm_jb[0]} | {warm_jb[1]} |")
        print()
        print(f"coursegen is {int(cold_jb[0]) / max(1, int(cold_ours[0])):.0f}× faster cold and "
              f"{int(warm_jb[0]) / max(1, int(warm_ours[0])):.0f}× warm (wall).")


main()
