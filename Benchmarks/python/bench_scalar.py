#!/usr/bin/env python3
"""Benchmark 1, Python side: the scalar worked example, forward + backward, N times.

x=2, t=1, w1=w2=0.5; a1=w1*x, h1=sigmoid(a1), a2=w2*h1, y=sigmoid(a2), L=0.5*(y-t)^2.

    bench_scalar.py torch|micrograd ITERATIONS REPEATS   -> one JSON line

PyTorch uses float64 scalar tensors on the CPU with one thread. micrograd 0.1.0 (PyPI) has no
exp or sigmoid, so a sigmoid node is added here in micrograd's own style (one node whose
backward multiplies by s(1-s)); that is one node where building it from exp would take four.
"""
import json
import math
import statistics
import sys
import time


def bench_torch(iterations):
    import torch
    torch.set_num_threads(1)
    x = torch.tensor(2.0, dtype=torch.float64)
    t = torch.tensor(1.0, dtype=torch.float64)
    w1 = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    start = time.thread_time()
    for _ in range(iterations):
        a1 = w1 * x
        h1 = torch.sigmoid(a1)
        a2 = w2 * h1
        y = torch.sigmoid(a2)
        loss = 0.5 * (y - t) ** 2
        loss.backward()
        g1, g2 = w1.grad, w2.grad
        w1.grad = None
        w2.grad = None
    elapsed = time.thread_time() - start
    return elapsed / iterations, float(loss.detach()), float(g1), float(g2)


def bench_micrograd(iterations):
    from micrograd.engine import Value

    def sigmoid(v):
        s = 1 / (1 + math.exp(-v.data))
        out = Value(s, (v,), "sigmoid")

        def _backward():
            v.grad += s * (1 - s) * out.grad
        out._backward = _backward
        return out

    x, t = Value(2.0), Value(1.0)
    w1, w2 = Value(0.5), Value(0.5)
    start = time.thread_time()
    for _ in range(iterations):
        w1.grad = 0.0
        w2.grad = 0.0
        a1 = w1 * x
        h1 = sigmoid(a1)
        a2 = w2 * h1
        y = sigmoid(a2)
        loss = 0.5 * (y - t) ** 2
        loss.backward()
    elapsed = time.thread_time() - start
    return elapsed / iterations, loss.data, w1.grad, w2.grad


def main():
    implementation, iterations, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    bench = {"torch": bench_torch, "micrograd": bench_micrograd}[implementation]
    times = []
    for _ in range(repeats):
        per_iteration, loss, g1, g2 = bench(iterations)
        times.append(per_iteration)
    print(json.dumps({"benchmark": "scalar", "implementation": implementation, "iterations": iterations,
                      "seconds_per_iteration": times, "median": statistics.median(times),
                      "loss": loss, "dL_dw1": g1, "dL_dw2": g2}))


if __name__ == "__main__":
    main()
