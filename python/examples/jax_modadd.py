"""Grokking of modular addition with a two-layer quadratic MLP in JAX (CPU), recorded with
grokscale at a few widths, then D(step) across the widths with `grokscale fit` — or the same
fields streamed to a running `grokscale serve` (--serve ENDPOINT).

The task and model follow Gromov 2023 / Doshi et al. (docs/tasks.md "modadd"): all p² pairs
(a, b), label (a + b) mod p, input one-hot(a) ‖ one-hot(b), model W2 · (W1 x)² without biases
(N = 3ph), MSE against one-hot targets, full-batch AdamW. The onset is the first recorded step
with test accuracy ≥ 0.99.

    python3 python/examples/jax_modadd.py --out runs --fit
    grokscale serve --bind tcp://127.0.0.1:5600 --out served &
    python3 python/examples/jax_modadd.py --serve tcp://127.0.0.1:5600
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import grokscale  # noqa: E402


def make_data(p, fraction, seed):
    pairs = np.array([(a, b) for a in range(p) for b in range(p)], dtype=np.int32)
    order = np.random.default_rng(seed).permutation(len(pairs))
    pairs = pairs[order]
    cut = int(fraction * len(pairs))
    return pairs[:cut], pairs[cut:]


def train_run(width, seed, args, recorder):
    import jax
    import jax.numpy as jnp

    p = args.p
    train, test = make_data(p, args.fraction, seed=1000 + seed)
    key = jax.random.PRNGKey(seed * 7919 + width)
    k1, k2 = jax.random.split(key)
    std = np.sqrt(0.25) / (2 * width) ** (1 / 3)
    params = {"W1": std * jax.random.normal(k1, (width, 2 * p)), "W2": std * jax.random.normal(k2, (p, width))}

    def forward(params, pairs):
        h = params["W1"][:, pairs[:, 0]] + params["W1"][:, p + pairs[:, 1]]   # W1 x for one-hot x: a gather
        return (params["W2"] @ (h * h)).T

    def loss_fn(params, pairs):
        target = jax.nn.one_hot((pairs[:, 0] + pairs[:, 1]) % p, p)
        return jnp.mean(jnp.sum((forward(params, pairs) - target) ** 2, axis=1))

    def accuracy(params, pairs):
        return jnp.mean(jnp.argmax(forward(params, pairs), axis=1) == (pairs[:, 0] + pairs[:, 1]) % p)

    grad_fn = jax.jit(jax.value_and_grad(loss_fn))
    acc_fn = jax.jit(accuracy)
    b1, b2, eps = 0.9, 0.98, 1e-8

    @jax.jit
    def update(params, grads, m, v, t):
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
        def step(w, m, v):
            mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
            return w - args.lr * (mh / (jnp.sqrt(vh) + eps) + args.weight_decay * w)
        return jax.tree_util.tree_map(step, params, m, v), m, v

    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    train_j, test_j = jnp.asarray(train), jnp.asarray(test)
    step_seconds = 0.0
    for step in range(args.steps + 1):
        started = time.perf_counter()
        loss, grads = grad_fn(params, train_j)
        if recorder.due(step):   # every --every steps (the recorder would skip the others anyway)
            # The gradient of the full training loss, before the update uses it.
            recorder.snapshot(grads, step, loss=float(loss), accuracy=float(acc_fn(params, test_j)))
        params, m, v = update(params, grads, m, v, step + 1)
        jax.block_until_ready(params)
        step_seconds += time.perf_counter() - started
    return step_seconds


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="jax-modadd-runs", help="run folder for grokscale fit")
    # Every default width groks within the steps (width 16 does not), and 3 seeds per width is
    # what fit's D_pre/D_post need (analysis.min_runs_per_width): the defaults give both.
    ap.add_argument("--widths", default="32,64,128")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--p", type=int, default=23)
    ap.add_argument("--fraction", type=float, default=0.6)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--every", type=int, default=50)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--weight-decay", type=float, default=1.0)
    ap.add_argument("--serve", help="stream to a running grokscale serve at this endpoint instead of writing files")
    ap.add_argument("--fit", action="store_true", help="run grokscale fit on the run folder afterwards")
    ap.add_argument("--set", action="append", default=[], help="--set key=value for grokscale fit")
    args = ap.parse_args(argv)

    client = grokscale.LiveClient(args.serve, queue_size=1024) if args.serve else None
    widths = [int(w) for w in args.widths.split(",")]
    total_steps = total_seconds = overhead = 0.0
    snapshots = 0
    for width in widths:
        for seed in range(args.seeds):
            run_id = "h%d-s%d" % (width, seed)
            # overwrite: running the example again records its runs anew.
            recorder = grokscale.JaxRecorder(folder=None if client else args.out, client=client, run_id=run_id, size=width,
                                             onset_threshold=0.99, every=args.every, overwrite=True,
                                             loss_name="MSE", accuracy_name="test accuracy")
            seconds = train_run(width, seed, args, recorder)
            total_steps += args.steps + 1
            total_seconds += seconds
            overhead += recorder.overhead_seconds
            snapshots += recorder.snapshots
            print("%s: N = %d, onset %s, %.2f s, recorder %.2f ms per snapshot" % (
                run_id, 3 * args.p * width, recorder.onset, seconds, 1e3 * recorder.overhead_seconds / max(1, recorder.snapshots)))
    stats = {"recorder_ms_per_snapshot": 1e3 * overhead / max(1, snapshots), "recorder_ms_per_step": 1e3 * overhead / total_steps,
             "step_ms": 1e3 * total_seconds / total_steps, "recorder_share": overhead / total_seconds, "snapshots": snapshots}
    print("recorder overhead: %.3f ms per snapshot, %.3f ms per training step (%.1f%% of %.3f ms per step)" % (
        stats["recorder_ms_per_snapshot"], stats["recorder_ms_per_step"], 100 * stats["recorder_share"], stats["step_ms"]))
    if client:
        client.flush()
        reply = client.ensemble()
        print("serve: %d fields in the ensemble, dropped %d" % (reply["fields"], client.stats["dropped"]))
        print("serve report:", client.report()["path"])
        client.close()
    if args.fit and not client:
        result = grokscale.fit(args.out, settings=args.set)
        print(result["D_step"].to_string(index=False))
    return stats


if __name__ == "__main__":
    main()
