"""A dependency-light training program for the grid (numpy only): modular addition with the
two-layer quadratic MLP of the `modadd` task (N = 3ph), full-batch gradient descent on MSE,
recorded with grokscale. It is the smallest program that meets the program-task contract, used
by the tests and as a template for your own:

    [programs.numpy_modadd]
    script = "numpy_program.py"
    command = ["python3", "{script}", "--width", "{width}", "--seed", "{seed}", "--out", "{out}",
               "--steps", "{epochs}", "--snapshot-every", "{snapshot_interval}"]

The contract: train one run at --width with --seed, record steps 0, k, 2k, ... through --steps
into --out with loss and (test) accuracy at each, exit 0; be deterministic for fixed arguments.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import grokscale  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--snapshot-every", type=int, default=50)
    ap.add_argument("--p", type=int, default=11)
    ap.add_argument("--fraction", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--device", default="cpu", help="accepted for the contract; numpy runs on the CPU")
    args = ap.parse_args(argv)
    if args.width < 1 or args.steps < 0 or args.snapshot_every < 1:
        ap.error("--width and --snapshot-every must be >= 1 and --steps >= 0")

    p, h = args.p, args.width
    rng = np.random.default_rng(args.seed)
    pairs = np.array([(a, b) for a in range(p) for b in range(p)])
    pairs = pairs[rng.permutation(len(pairs))]
    cut = int(args.fraction * len(pairs))
    train, test = pairs[:cut], pairs[cut:]

    def onehots(batch):
        x = np.zeros((len(batch), 2 * p))
        x[np.arange(len(batch)), batch[:, 0]] = 1
        x[np.arange(len(batch)), p + batch[:, 1]] = 1
        y = np.zeros((len(batch), p))
        y[np.arange(len(batch)), (batch[:, 0] + batch[:, 1]) % p] = 1
        return x, y

    xtr, ytr = onehots(train)
    xte, yte = onehots(test)
    std = 1.0 / np.sqrt(2 * p)
    w1 = rng.normal(0, std, (h, 2 * p))
    w2 = rng.normal(0, 1.0 / np.sqrt(h), (p, h))
    recorder = grokscale.Recorder(folder=args.out, run_id="w%d-s%d" % (h, args.seed), size=h,
                                  every=args.snapshot_every, loss_name="MSE", accuracy_name="test accuracy")
    for step in range(args.steps + 1):
        z = xtr @ w1.T
        a = z * z
        out = a @ w2.T
        err = out - ytr
        loss = float(np.mean(np.sum(err * err, axis=1)))
        d_out = 2 * err / len(xtr)
        g2 = d_out.T @ a
        g1 = ((d_out @ w2) * 2 * z).T @ xtr
        if recorder.due(step):
            te = ((xte @ w1.T) ** 2) @ w2.T
            acc = float(np.mean(np.argmax(te, axis=1) == np.argmax(yte, axis=1)))
            recorder.record(step, [("w1", g1), ("w2", g2)], loss=loss, accuracy=acc)
        w1 -= args.lr * g1
        w2 -= args.lr * g2
    recorder.close()


if __name__ == "__main__":
    main()
