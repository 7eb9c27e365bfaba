#!/usr/bin/env python3
"""NumPy loops of grokscale's training tasks, for `grokscale bench` to time beside the Swift ones.

Each task does per epoch what grokscale's SupervisedTraining does: one full pass over the
training set (loss, accuracy, gradient), the test accuracy, and the epoch's updates (one
full-batch AdamW/GD step, or minibatch SGD steps). Same sizes as the Swift bench: prints one
JSON object {"<task>_h<width>": µs per epoch, ...} (best of --repeats runs of --epochs epochs).
"""
import argparse
import json
import os
import time

# One BLAS thread: the Swift figures are single-threaded, and oversubscribed BLAS threads on a
# shared 2-core machine make NumPy tens of times slower.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402


def modadd(h, p=47, f=0.3):
    rng = np.random.default_rng(0)
    pairs = rng.permutation(p * p)
    cut = int(f * p * p)
    tr, te = pairs[:cut], pairs[cut:]
    a, b = tr // p, tr % p
    ta, tb = te // p, te % p
    y = np.zeros((cut, p)); y[np.arange(cut), (a + b) % p] = 1
    x1 = np.zeros((cut, 2 * p)); x1[np.arange(cut), a] = 1; x1[np.arange(cut), p + b] += 1
    std = 0.5 / (2 * h) ** (1 / 3)
    w1 = rng.normal(0, std, (h, 2 * p)); w2 = rng.normal(0, std, (p, h))
    m = [np.zeros_like(w1), np.zeros_like(w2)]; v = [np.zeros_like(w1), np.zeros_like(w2)]
    state = {"t": 0}

    def epoch():
        z = w1[:, a] + w1[:, p + b]
        q = z * z
        o = w2 @ q
        (o.argmax(0) == (a + b) % p).mean()
        zt = w1[:, ta] + w1[:, p + tb]
        (w2 @ (zt * zt)).argmax(0)
        d = 2 * (o - y.T) / (cut * p)
        g2 = d @ q.T
        g1 = ((w2.T @ d) * 2 * z) @ x1
        state["t"] += 1
        t = state["t"]
        for i, (w, g) in enumerate(((w1, g1), (w2, g2))):
            w *= 1 - 1e-2 * 1.0
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.98 * v[i] + 0.02 * g * g
            w -= 1e-2 * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.98 ** t)) + 1e-8)
    return epoch


def hinge_mlp(x, y, xt, yt, h, batch):
    rng = np.random.default_rng(0)
    n = x.shape[1]
    w1 = rng.normal(0, 1 / np.sqrt(n), (h, n)); b1 = np.zeros(h)
    w2 = rng.normal(0, 1 / np.sqrt(h), h); b2 = np.zeros(1)

    def grads(xb, yb):
        u = xb @ w1.T + b1
        act = np.maximum(u, 0)
        f = act @ w2 + b2
        active = (1 - yb * f) > 0
        df = np.where(active, -yb, 0) / len(yb)
        du = np.outer(df, w2) * (u > 0)
        return du.T @ xb, du.sum(0), act.T @ df, df.sum(), f

    def epoch():
        *_, f = grads(x, y)
        ((f > 0) == (y > 0)).mean()
        ((np.maximum(xt @ w1.T + b1, 0) @ w2 + b2 > 0) == (yt > 0)).mean()
        order = rng.permutation(len(y)) if batch else [np.arange(len(y))]
        chunks = [order[i:i + batch] for i in range(0, len(y), batch)] if batch else order
        for idx in chunks:
            g1, gb1, g2, gb2, _ = grads(x[idx], y[idx])
            w1[:] -= 0.1 * (g1 + 0.01 * w1); b1[:] -= 0.1 * (gb1 + 0.01 * b1)
            w2[:] -= 0.1 * (g2 + 0.01 * w2); b2[:] -= 0.1 * (gb2 + 0.01 * b2)
    return epoch


def parity(h, n=30, k=3, m=1000, tests=2000):
    rng = np.random.default_rng(1)
    x = rng.choice([-1.0, 1.0], (m, n)); xt = rng.choice([-1.0, 1.0], (tests, n))
    return hinge_mlp(x, x[:, :k].prod(1), xt, xt[:, :k].prod(1), h, 32)


def rule(h, r=30, cells=12, f=0.25):
    rng = np.random.default_rng(2)
    c = rng.permutation(1 << cells)
    bits = ((c[:, None] >> np.arange(cells)) & 1).astype(float)
    nxt = (r >> (4 * bits[:, -1] + 2 * bits[:, 0] + bits[:, 1]).astype(int)) & 1
    x, y = 2 * bits - 1, 2.0 * nxt - 1
    cut = int(f * len(c))
    return hinge_mlp(x[:cut], y[:cut], x[cut:], y[cut:], h, 32)


def linear(d, ratio=0.5, tests=2000):
    rng = np.random.default_rng(3)
    teacher = rng.normal(size=d)
    x = rng.normal(size=(int(np.ceil(d / ratio)), d)); xt = rng.normal(size=(tests, d))
    y, yt = x @ teacher / np.sqrt(d), xt @ teacher / np.sqrt(d)
    w = rng.normal(0, 0.1, d)

    def epoch():
        nonlocal w
        f = x @ w / np.sqrt(d)
        ((f > 0) == (y > 0)).mean()
        ((xt @ w > 0) == (yt > 0)).mean()
        w = w - 0.1 * (x.T @ (f - y)) / (np.sqrt(d) * len(y))
    return epoch


TASKS = {"modadd": modadd, "parity": parity, "rule": rule, "linear": linear}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--widths", default="32,128")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    out = {"numpy_version": np.__version__}
    for name, make in TASKS.items():
        for h in map(int, args.widths.split(",")):
            best = float("inf")
            for _ in range(args.repeats):
                epoch = make(h)
                start = time.perf_counter()
                for _ in range(args.epochs):
                    epoch()
                best = min(best, (time.perf_counter() - start) / args.epochs)
            out[f"{name}_h{h}"] = round(best * 1e6, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
