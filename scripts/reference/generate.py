#!/usr/bin/env python3
"""Reference values for NNEngine's activations, softmax family and losses.

Values and derivatives come from mpmath at 60 significant digits, from the textbook definitions
written here independently of the Swift code (derivatives by mpmath's own high-precision
numerical differentiation, not by hand-derived formulas). At the points where a function is not
differentiable (ReLU at 0, hardtanh at ±1, ...), the derivative is PyTorch's float64 autograd
value, because that convention is what the engine promises to match.

PyTorch float64 values and derivatives are stored beside the exact ones for every point, so the
places where PyTorch loses digits (tanh' from 1 - tanh^2, hardsigmoid' as float32 1/6, ...) can be
seen; the tests compare against the exact ones.

Usage: scripts/reference/generate.sh  (creates the venv, then runs this file)
"""
import json
import math
import random
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 60

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover
    sys.exit("PyTorch is needed for the derivative at kinks: run scripts/reference/generate.sh")

torch.set_default_dtype(torch.float64)

SELU_ALPHA = mpf("1.6732632423543772848170429916717")
SELU_SCALE = mpf("1.0507009873554804934193349852946")


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def softplus_exact(z):
    return mp.log1p(mp.exp(z))


# name -> (mpmath value function(x, *params), kinks(*params), torch function(x, *params))
FUNCTIONS = {
    "step": (lambda x: mpf(1) if x > 0 else mpf(0), lambda: [0.0], None),
    "identity": (lambda x: x, lambda: [], lambda x: x * 1),
    "bent_identity": (lambda x: (mp.sqrt(x * x + 1) - 1) / 2 + x, lambda: [],
                      lambda x: (torch.sqrt(x * x + 1) - 1) / 2 + x),
    "hardshrink": (lambda x, l: x if (x > l or x < -l) else mpf(0), lambda l: [-l, l],
                   lambda x, l: F.hardshrink(x, l)),
    "softshrink": (lambda x, l: x - l if x > l else (x + l if x < -l else mpf(0)), lambda l: [-l, l],
                   lambda x, l: F.softshrink(x, l)),
    "threshold": (lambda x, t, v: x if x > t else mpf(v), lambda t, v: [t],
                  lambda x, t, v: F.threshold(x, t, v)),
    "sigmoid": (sigmoid, lambda: [], torch.sigmoid),
    "hardsigmoid": (lambda x: mpf(0) if x <= -3 else (mpf(1) if x >= 3 else x / 6 + mpf(1) / 2),
                    lambda: [-3.0, 3.0], F.hardsigmoid),
    "logsigmoid": (lambda x: -softplus_exact(-x), lambda: [], F.logsigmoid),
    "tanh": (mp.tanh, lambda: [], torch.tanh),
    "tanhshrink": (lambda x: x - mp.tanh(x), lambda: [], F.tanhshrink),
    "hardtanh": (lambda x, lo, hi: mpf(lo) if x <= lo else (mpf(hi) if x >= hi else x), lambda lo, hi: [lo, hi],
                 lambda x, lo, hi: F.hardtanh(x, lo, hi)),
    "relu": (lambda x: x if x > 0 else mpf(0), lambda: [0.0], F.relu),
    "relu6": (lambda x: mpf(0) if x <= 0 else (mpf(6) if x >= 6 else x), lambda: [0.0, 6.0], F.relu6),
    "leaky_relu": (lambda x, s: x if x > 0 else s * x, lambda s: [0.0], lambda x, s: F.leaky_relu(x, s)),
    "elu": (lambda x, a: x if x > 0 else a * mp.expm1(x), lambda a: [0.0], lambda x, a: F.elu(x, alpha=a)),
    "selu": (lambda x: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mp.expm1(x)), lambda: [0.0], F.selu),
    "celu": (lambda x, a: x if x > 0 else a * mp.expm1(x / a), lambda a: [0.0], lambda x, a: F.celu(x, alpha=a)),
    # Exact everywhere: PyTorch's threshold (x itself once beta*x > 20) is not copied.
    "softplus": (lambda x, b: softplus_exact(b * x) / b, lambda b: [],
                 lambda x, b: F.softplus(x, beta=b, threshold=1e308)),
    "softsign": (lambda x: x / (1 + abs(x)), lambda: [], F.softsign),
    "silu": (lambda x: x * sigmoid(x), lambda: [], F.silu),
    "swish": (lambda x, b: x * sigmoid(b * x), lambda b: [], lambda x, b: x * torch.sigmoid(b * x)),
    "hardswish": (lambda x: mpf(0) if x <= -3 else (x if x >= 3 else x * (x + 3) / 6), lambda: [-3.0, 3.0],
                  F.hardswish),
    "mish": (lambda x: x * mp.tanh(softplus_exact(x)), lambda: [], F.mish),
    "tanhexp": (lambda x: x * mp.tanh(mp.exp(x)), lambda: [], lambda x: x * torch.tanh(torch.exp(x))),
    "gelu": (lambda x: x * mp.erfc(-x / mp.sqrt(2)) / 2, lambda: [], F.gelu),
    # 0.5x(1 + tanh u) = x·sigmoid(2u) exactly; the second form keeps its digits far left.
    "gelu_tanh": (lambda x: x * sigmoid(2 * mp.sqrt(2 / mp.pi) * (x + mpf("0.044715") * x ** 3)), lambda: [],
                  lambda x: F.gelu(x, approximate="tanh")),
}

# (name, positional parameters, keyword parameters as the language would pass them)
CASES = [
    ("step", [], {}), ("identity", [], {}), ("bent_identity", [], {}),
    ("hardshrink", [], {}), ("hardshrink", [], {"lambd": 1.25}),
    ("softshrink", [], {}), ("softshrink", [2.0], {}),
    ("threshold", [0.5, -2.0], {}), ("threshold", [], {"threshold": -1.0, "value": 3.0}),
    ("sigmoid", [], {}), ("hardsigmoid", [], {}), ("logsigmoid", [], {}),
    ("tanh", [], {}), ("tanhshrink", [], {}),
    ("hardtanh", [], {}), ("hardtanh", [-2.0, 3.0], {}),
    ("relu", [], {}), ("relu6", [], {}),
    ("leaky_relu", [], {}), ("leaky_relu", [0.2], {}),
    ("elu", [], {}), ("elu", [], {"alpha": 0.5}),
    ("selu", [], {}),
    ("celu", [], {}), ("celu", [], {"alpha": 2.0}),
    ("softplus", [], {}), ("softplus", [2.0], {}),
    ("softsign", [], {}), ("silu", [], {}), ("swish", [], {}), ("swish", [], {"beta": 0.5}),
    ("hardswish", [], {}), ("mish", [], {}), ("tanhexp", [], {}),
    ("gelu", [], {}), ("gelu_tanh", [], {}),
]

DEFAULTS = {
    "hardshrink": [("lambd", 0.5)], "softshrink": [("lambd", 0.5)],
    "threshold": [("threshold", None), ("value", None)],
    "hardtanh": [("min_val", -1.0), ("max_val", 1.0)], "leaky_relu": [("negative_slope", 0.01)],
    "elu": [("alpha", 1.0)], "celu": [("alpha", 1.0)], "softplus": [("beta", 1.0)],
    "swish": [("beta", 1.0)],
}

GRID = [-800.0, -100.0, -40.0, -30.0, -20.0, -12.0, -10.0, -7.0, -6.5, -6.0, -5.0, -3.5, -2.5, -2.0, -1.5, -1.0,
        -0.75, -0.5, -0.25, -0.1, -0.03, -1e-3, -1e-6, -1e-12, 0.0, 1e-12, 1e-6, 1e-3, 0.03, 0.1, 0.25, 0.5, 0.75,
        1.0, 1.5, 2.0, 2.5, 3.5, 5.0, 6.0, 6.5, 7.0, 10.0, 12.0, 20.0, 25.0, 30.0, 40.0, 100.0, 800.0]


def resolve(name, positional, keywords):
    spec = DEFAULTS.get(name, [])
    values = []
    for i, (pname, default) in enumerate(spec):
        values.append(positional[i] if i < len(positional) else keywords.get(pname, default))
    return values


def points_for(name, params):
    kinks = FUNCTIONS[name][1](*params)
    rng = random.Random(f"{name}{params}")
    xs = set(GRID)
    xs.update(rng.uniform(-8, 8) for _ in range(12))
    for k in kinks:
        xs.update([k, k - 1e-6, k + 1e-6, k - 0.25, k + 0.25])
    if name == "tanhexp":  # tanh(e^x) saturates; e^(e^x) beyond x = 40 is out of any precision's reach
        xs = {x for x in xs if x <= 40}
    return sorted(xs), set(kinks)


def exact(value):
    f = float(value)
    return repr(f)


def torch_value_and_grad(fn, x, params):
    t = torch.tensor([x], dtype=torch.float64, requires_grad=True)
    y = fn(t, *params)
    y.sum().backward()
    return float(y.detach()[0]), float(t.grad[0])


def activation_records():
    records = []
    for name, positional, keywords in CASES:
        value_fn, _, torch_fn = FUNCTIONS[name]
        params = resolve(name, positional, keywords)
        xs, kinks = points_for(name, params)
        points = []
        for x in xs:
            mx = mpf(x)
            v = value_fn(mx, *params)
            if torch_fn is not None:
                tv, tg = torch_value_and_grad(torch_fn, x, params)
            else:
                tv, tg = None, None
            if x in kinks:
                # Not differentiable here: PyTorch's convention (the step function's is 0 by definition).
                d = 0.0 if name == "step" else tg
                kink = True
            else:
                d = mp.diff(lambda u: value_fn(u, *params), mx)
                kink = False
            point = {"x": repr(x), "value": exact(v), "derivative": exact(d), "kink": kink}
            if tv is not None:
                point["torch_value"] = repr(tv)
                point["torch_derivative"] = repr(tg)
            points.append(point)
        records.append({"name": name, "positional": [repr(p) for p in positional],
                        "keywords": {k: repr(v) for k, v in keywords.items()}, "points": points})
    return records


def softmax_exact(xs):
    m = max(xs)
    es = [mp.exp(x - m) for x in xs]
    s = mp.fsum(es)
    return [e / s for e in es]


def log_softmax_exact(xs):
    m = max(xs)
    lse = m + mp.log(mp.fsum(mp.exp(x - m) for x in xs))
    return [x - lse for x in xs]


AXIS_FUNCTIONS = {
    "softmax": softmax_exact,
    "softmin": lambda xs: softmax_exact([-x for x in xs]),
    "log_softmax": log_softmax_exact,
}


def along(fn, flat, shape, dim):
    """Applies a vector function along `dim` of a rank-1 or rank-2 row-major tensor."""
    if len(shape) == 1:
        return fn(flat)
    rows, cols = shape
    out = [None] * len(flat)
    if dim in (1, -1):
        for r in range(rows):
            out[r * cols:(r + 1) * cols] = fn(flat[r * cols:(r + 1) * cols])
    else:
        for c in range(cols):
            column = fn([flat[r * cols + c] for r in range(rows)])
            for r in range(rows):
                out[r * cols + c] = column[r]
    return out


def gradient(scalar_fn, xs):
    """Every partial derivative of a scalar function of several variables, by mpmath."""
    grads = []
    for i in range(len(xs)):
        orders = tuple(1 if j == i else 0 for j in range(len(xs)))
        grads.append(mp.diff(lambda *u: scalar_fn(list(u)), tuple(mpf(x) for x in xs), orders))
    return grads


def axis_records():
    vectors = [
        ([3], [1.0, 2.0, 3.0]),
        ([4], [-1000.0, 0.0, 1000.0, 999.0]),
        ([3], [800.0, 800.5, -800.0]),
        ([3], [1e-10, 0.0, -1e-10]),
        ([5], [0.3, -1.7, 2.2, 0.0, -0.4]),
        ([2, 3], [1.0, -2.0, 0.5, 30.0, 31.0, -30.0]),
    ]
    records = []
    for name, fn in AXIS_FUNCTIONS.items():
        for shape, xs in vectors:
            for dim in ([-1] if len(shape) == 1 else [-1, 0]):
                rng = random.Random(f"{name}{xs}{dim}")
                weights = [round(rng.uniform(-2, 2), 3) for _ in xs]
                values = along(fn, [mpf(x) for x in xs], shape, dim)
                grads = gradient(lambda u: mp.fsum(w * y for w, y in zip(weights, along(fn, u, shape, dim))), xs)
                records.append({
                    "name": name, "dim": dim, "shape": shape, "input": [repr(x) for x in xs],
                    "weights": [repr(w) for w in weights],
                    "value": [exact(v) for v in values], "gradient": [exact(g) for g in grads],
                })
    return records


def loss_records():
    records = []

    def add(name, shape, prediction, target, fn):
        value = fn([mpf(p) for p in prediction])
        grads = gradient(fn, prediction)
        records.append({"name": name, "shape": shape, "prediction": [repr(p) for p in prediction],
                        "target": [repr(t) for t in target], "value": exact(value),
                        "gradient": [exact(g) for g in grads]})

    y, t = [0.8, -0.3, 1.7, 0.05], [1.0, 0.0, 2.0, -0.5]
    add("half_sum_of_squares", [4], y, t, lambda u: mp.fsum((a - b) ** 2 for a, b in zip(u, t)) / 2)
    add("mse_loss", [4], y, t, lambda u: mp.fsum((a - b) ** 2 for a, b in zip(u, t)) / len(t))
    p, q = [0.9, 0.2, 0.6, 1e-9], [1.0, 0.0, 1.0, 0.0]
    add("binary_cross_entropy", [4], p, q,
        lambda u: -mp.fsum(b * mp.log(a) + (1 - b) * mp.log(1 - a) for a, b in zip(u, q)) / len(q))
    for shape, logits, labels in [
        ([2, 3], [1.0, 2.0, 0.5, -0.3, 0.1, 2.2], [1, 2]),
        ([3, 3], [1000.0, 0.0, -1000.0, 800.0, 800.5, 799.0, -5.0, 5.0, 0.0], [2, 0, 1]),
        ([1, 4], [0.0, 0.0, 0.0, 0.0], [3]),
    ]:
        rows, cols = shape

        def ce(u, rows=rows, cols=cols, labels=labels):
            total = mpf(0)
            for r in range(rows):
                row = u[r * cols:(r + 1) * cols]
                total -= log_softmax_exact(row)[labels[r]]
            return total / rows

        add("cross_entropy", shape, logits, [float(l) for l in labels], ce)
    return records


MASK = (1 << 64) - 1


def splitmix64(seed, count):
    """The reference SplitMix64 (Steele, Lea, Flood), independent of the Swift code."""
    state, out = seed, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(z ^ (z >> 31))
    return out


def xoshiro256starstar(seed, count):
    """The reference xoshiro256** (Blackman, Vigna), state seeded from SplitMix64(seed)."""
    s = splitmix64(seed, 4)
    rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
    out = []
    for _ in range(count):
        out.append((rotl((s[1] * 5) & MASK, 7) * 9) & MASK)
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
    return out


def random_records():
    return {
        "splitmix64": {str(seed): [str(v) for v in splitmix64(seed, 6)] for seed in (0, 42)},
        "xoshiro256": {str(seed): [str(v) for v in xoshiro256starstar(seed, 6)] for seed in (0, 42)},
    }


def optimiser_records():
    """PyTorch's SGD (with momentum) and clip_grad_norm_ on a fixed quadratic, step by step."""
    records = []
    for momentum in (0.0, 0.9):
        for clip in (None, 0.5):
            w = torch.tensor([1.5, -2.0, 0.25], requires_grad=True)
            centre = torch.tensor([0.3, 0.7, -1.1])
            opt = torch.optim.SGD([w], lr=0.1, momentum=momentum)
            losses = []
            for _ in range(25):
                opt.zero_grad()
                loss = 0.5 * ((w - centre) ** 2 * torch.tensor([1.0, 3.0, 0.5])).sum() + (w ** 4).sum() / 4
                loss.backward()
                if clip is not None:
                    torch.nn.utils.clip_grad_norm_([w], clip)
                opt.step()
                losses.append(float(loss.detach()))
            records.append({"momentum": repr(momentum), "clip": None if clip is None else repr(clip),
                            "initial": ["1.5", "-2.0", "0.25"], "centre": ["0.3", "0.7", "-1.1"],
                            "curvature": ["1.0", "3.0", "0.5"], "learning_rate": "0.1", "steps": 25,
                            "losses": [repr(v) for v in losses],
                            "final": [repr(float(v)) for v in w.detach()]})
    return records


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else "Tests/NNEngineTests/Reference/reference.json"
    data = {
        "generator": "scripts/reference/generate.py",
        "exact": f"mpmath {mpmath.__version__} at {mp.dps} digits; derivatives at kinks from PyTorch autograd",
        "torch": torch.__version__,
        "activations": activation_records(),
        "axis": axis_records(),
        "losses": loss_records(),
        "random": random_records(),
        "optimisers": optimiser_records(),
    }
    with open(out_path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    # Where PyTorch float64 disagrees with the exact value beyond the engine's tolerance.
    report = []
    for record in data["activations"]:
        for p in record["points"]:
            for key in ("value", "derivative"):
                tv = p.get("torch_" + key)
                if tv is None:
                    continue
                e, t = float(p[key]), float(tv)
                if not (abs(t - e) <= max(1e-12 * abs(e), 1e-15)) and not (math.isnan(e) and math.isnan(t)):
                    report.append(f"{record['name']}{record['positional'] or ''}{record['keywords'] or ''} "
                                  f"{key} at x={p['x']}: torch {t!r}, exact {e!r}")
    print(f"wrote {out_path}: {sum(len(r['points']) for r in data['activations'])} activation points, "
          f"{len(data['axis'])} softmax-family cases, {len(data['losses'])} loss cases")
    print(f"PyTorch float64 outside 1e-12 rel / 1e-15 abs at {len(report)} points:")
    for line in report:
        print("  " + line)


if __name__ == "__main__":
    main()
