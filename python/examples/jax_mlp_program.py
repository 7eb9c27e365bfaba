"""A small JAX training program for the grid: modular addition with the two-layer quadratic MLP
of the `modadd` task (N = 3ph), full-batch AdamW on MSE (written out, no optax), recorded with
grokscale's JaxRecorder. It meets the program-task contract (docs/programs.md) and is what the
tests run:

    grokscale run --config python/examples/jax_mlp_program.toml

Deterministic on the CPU for fixed arguments (float32, one XLA thread, keys from --seed). On a
GPU set XLA_FLAGS=--xla_gpu_deterministic_ops=true; see docs/programs.md.
"""

import os
import sys

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import grokscale  # noqa: E402
from torch_mlp_program import arguments, split  # noqa: E402  (the same arguments and data split)


def main(argv=None):
    args = arguments(argv)
    if args.device != "cpu":
        os.environ["JAX_PLATFORMS"] = ""
    import jax
    import jax.numpy as jnp

    p, h = args.p, args.width
    train, test = split(p, args.fraction, args.seed)
    k1, k2 = jax.random.split(jax.random.PRNGKey(args.seed))
    std = (0.25 ** 0.5) / (2 * h) ** (1 / 3)
    params = {"w1": std * jax.random.normal(k1, (h, 2 * p)), "w2": std * jax.random.normal(k2, (p, h))}

    def forward(params, pairs):
        z = params["w1"][:, pairs[:, 0]] + params["w1"][:, p + pairs[:, 1]]
        return (params["w2"] @ (z * z)).T

    def loss_fn(params, pairs):
        target = jax.nn.one_hot((pairs[:, 0] + pairs[:, 1]) % p, p)
        return jnp.mean(jnp.sum((forward(params, pairs) - target) ** 2, axis=1))

    grad_fn = jax.jit(jax.value_and_grad(loss_fn))
    acc_fn = jax.jit(lambda params, pairs: jnp.mean(jnp.argmax(forward(params, pairs), axis=1) == (pairs[:, 0] + pairs[:, 1]) % p))
    b1, b2, eps, lr, wd = 0.9, 0.98, 1e-8, args.lr, args.weight_decay

    @jax.jit
    def update(params, m, v, grads, t):
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
        def step(w, m, v):
            return w - lr * wd * w - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps)
        return jax.tree_util.tree_map(step, params, m, v), m, v

    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    rec = grokscale.JaxRecorder(folder=args.out, run_id="w%d-s%d" % (h, args.seed), size=h, every=args.snapshot_every,
                                loss_name="MSE", accuracy_name="test accuracy")
    train_j, test_j = jnp.asarray(train), jnp.asarray(test)
    for step in range(args.steps + 1):
        loss, grads = grad_fn(params, train_j)
        if rec.due(step):
            rec.snapshot(grads, step, loss=float(loss), accuracy=float(acc_fn(params, test_j)))
        params, m, v = update(params, m, v, grads, step + 1)
    rec.close()


if __name__ == "__main__":
    main()
