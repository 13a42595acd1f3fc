#!/usr/bin/env python3
"""Benchmark 2, Python side: 2-10-3 MLP (ReLU, softmax cross-entropy), full batch on the
300-point spiral, SGD lr 1.0, 500 epochs, starting from the weights EngineBenchmarks exports.

    bench_mlp.py numpy|torch WEIGHTS.json EPOCHS REPEATS   -> one JSON line

Both run float64 on one thread (threadpoolctl for NumPy's BLAS, torch.set_num_threads(1)).
Only the training loop is timed; the final loss is evaluated once more after the last update.
"""
import json
import statistics
import sys
import time

import numpy as np


def load(path):
    with open(path) as f:
        d = json.load(f)
    X = np.array(d["X"], dtype=np.float64).reshape(300, 2)
    y = np.array(d["y"], dtype=np.int64)
    W1 = np.array(d["W1"], dtype=np.float64).reshape(2, 10)
    b1 = np.array(d["b1"], dtype=np.float64)
    W2 = np.array(d["W2"], dtype=np.float64).reshape(10, 3)
    b2 = np.array(d["b2"], dtype=np.float64)
    return X, y, W1, b1, W2, b2


def numpy_loss(X, y, W1, b1, W2, b2):
    h = np.maximum(X @ W1 + b1, 0)
    z = h @ W2 + b2
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(y)), y].mean()


def train_numpy(X, y, W1, b1, W2, b2, epochs, lr=1.0):
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    n = len(y)
    rows = np.arange(n)
    start = time.thread_time()
    for _ in range(epochs):
        pre = X @ W1 + b1
        h = np.maximum(pre, 0)
        z = h @ W2 + b2
        shifted = z - z.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        p = e / e.sum(axis=1, keepdims=True)
        d = p
        d[rows, y] -= 1
        d /= n
        dW2 = h.T @ d
        db2 = d.sum(axis=0)
        dh = d @ W2.T
        dh[pre <= 0] = 0
        dW1 = X.T @ dh
        db1 = dh.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    elapsed = time.thread_time() - start
    return elapsed, float(numpy_loss(X, y, W1, b1, W2, b2))


def train_torch(X, y, W1, b1, W2, b2, epochs, lr=1.0):
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(1)
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    params = [torch.from_numpy(a.copy()).requires_grad_() for a in (W1, b1, W2, b2)]
    W1, b1, W2, b2 = params
    start = time.thread_time()
    for _ in range(epochs):
        loss = F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    elapsed = time.thread_time() - start
    with torch.no_grad():
        final = float(F.cross_entropy(torch.relu(X @ W1 + b1) @ W2 + b2, y))
    return elapsed, final


def main():
    implementation, path, epochs, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    data = load(path)
    train = {"numpy": train_numpy, "torch": train_torch}[implementation]
    info = {}
    if implementation == "numpy":
        from threadpoolctl import threadpool_info, threadpool_limits
        threadpool_limits(1)
        info = {"blas": [{k: p.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                         for p in threadpool_info()]}
    times, final = [], None
    for _ in range(repeats):
        elapsed, final = train(*data, epochs)
        times.append(elapsed)
    print(json.dumps({"benchmark": "mlp", "implementation": implementation, "epochs": epochs, "seconds": times,
                      "median": statistics.median(times), "final_loss": final, **info}))


if __name__ == "__main__":
    main()
