#!/usr/bin/env python3
"""Calibration of the `modadd` preset (issue 12): one full-batch AdamW run of grokscale's
modular-addition model in NumPy, printing t_train and t_g (first epoch with train / test
accuracy >= 0.99) and their ratio as JSON.

Model and optimizer as Sources/GrokTraining/ModularAdditionModel.swift and Optimizer.swift
(Doshi et al.'s recipe: x -> W2 (W1 x)^2 without biases, MSE on one-hot targets averaged over
examples and classes, AdamW betas (0.9, 0.98), eps 1e-8, decoupled decay theta *= 1 - lr*wd
before the step, init N(0, (alpha/(2h)^(1/3))^2), alpha = 0.5 is Doshi's). The split and the
init use NumPy's generator, not grokscale's streams, so single runs differ from grokscale's
but their statistics should not.

    python3 bench/calibrate_modadd.py --width 64 --alpha 0.5 --wd 2 --fraction 0.3 --epochs 800

The preset's documentation (Sources/GrokConfig/Presets+Tasks.swift) lists what
this gave at f = 0.8 and f = 0.3.
"""
import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402


def run(h, alpha, wd, p=47, f=0.8, lr=1e-2, epochs=2000, seed=0, level=0.99):
    rng = np.random.default_rng(seed)
    pairs = rng.permutation(p * p)
    cut = int(f * p * p)
    tr, te = pairs[:cut], pairs[cut:]
    a, b = tr // p, tr % p
    ta, tb = te // p, te % p
    lab, labt = (a + b) % p, (ta + tb) % p
    y = np.zeros((p, cut))
    y[lab, np.arange(cut)] = 1
    std = alpha / (2 * h) ** (1 / 3)
    w1 = rng.normal(0, std, (h, 2 * p))
    w2 = rng.normal(0, std, (p, h))
    m, v = [0 * w1, 0 * w2], [0 * w1, 0 * w2]
    t_train = t_g = None
    for t in range(epochs + 1):
        z = w1[:, a] + w1[:, p + b]
        q = z * z
        o = w2 @ q
        acc = (o.argmax(0) == lab).mean()
        zt = w1[:, ta] + w1[:, p + tb]
        acct = ((w2 @ (zt * zt)).argmax(0) == labt).mean()
        if t_train is None and acc >= level:
            t_train = t
        if t_g is None and acct >= level:
            t_g = t
        if t_g is not None or t == epochs:
            break
        d = 2 * (o - y) / (cut * p)
        g2 = d @ q.T
        dz = (w2.T @ d) * 2 * z
        g1 = np.zeros_like(w1)
        np.add.at(g1.T, a, dz.T)
        np.add.at(g1.T, p + b, dz.T)
        for i, (w, g) in enumerate(((w1, g1), (w2, g2))):
            w *= 1 - lr * wd
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.98 * v[i] + 0.02 * g * g
            w -= lr * (m[i] / (1 - 0.9 ** (t + 1))) / (np.sqrt(v[i] / (1 - 0.98 ** (t + 1))) + 1e-8)
    return t_train, t_g


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--alpha", type=float, default=0.5, help="init scale (0.5 = Doshi et al.)")
    ap.add_argument("--wd", type=float, default=0.0, help="decoupled weight decay")
    ap.add_argument("--fraction", type=float, default=0.8, help="training fraction")
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--epochs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--p", type=int, default=47)
    args = ap.parse_args()
    t_train, t_g = run(args.width, args.alpha, args.wd, p=args.p, f=args.fraction, lr=args.lr,
                       epochs=args.epochs, seed=args.seed)
    ratio = t_g / max(t_train, 1) if t_g is not None and t_train is not None else None
    print(json.dumps({**vars(args), "t_train": t_train, "t_g": t_g, "t_g_over_t_train": ratio}))


if __name__ == "__main__":
    main()
