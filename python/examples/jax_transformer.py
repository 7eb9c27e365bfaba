"""The companion's one-layer transformer on modular addition in JAX: the same model, data split,
optimiser and defaults as torch_transformer.py (read its docstring), as a grid task:

    grokscale run --config python/examples/jax_transformer.toml

Deterministic on the CPU (float32, one XLA thread, keys from --seed); on a GPU set
XLA_FLAGS=--xla_gpu_deterministic_ops=true (docs/programs.md). The initial weights come from
JAX's generator, so runs are not the PyTorch runs' bytes, only the same recipe.
"""

import os
import sys

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import grokscale  # noqa: E402
from torch_mlp_program import split  # noqa: E402  (the same seeded split of the p² pairs)
from torch_transformer import arguments, heads  # noqa: E402  (the same arguments)


def main(argv=None):
    args = arguments(argv)
    if args.device != "cpu":
        os.environ["JAX_PLATFORMS"] = ""
    import jax
    import jax.numpy as jnp

    p, d = args.p, args.width
    n_heads = heads(d)
    d_head, d_mlp = d // n_heads, 4 * d
    keys = jax.random.split(jax.random.PRNGKey(args.seed), 9)
    s = d ** -0.5
    params = {
        "embed": jax.random.normal(keys[0], (p + 1, d)) * s,
        "pos": jax.random.normal(keys[1], (3, d)) * s,
        "wq": jax.random.normal(keys[2], (n_heads, d, d_head)) * s,
        "wk": jax.random.normal(keys[3], (n_heads, d, d_head)) * s,
        "wv": jax.random.normal(keys[4], (n_heads, d, d_head)) * s,
        "wo": jax.random.normal(keys[5], (n_heads * d_head, d)) * (n_heads * d_head) ** -0.5,
        "w_in": jax.random.normal(keys[6], (d, d_mlp)) * s,
        "b_in": jnp.zeros(d_mlp),
        "w_out": jax.random.normal(keys[7], (d_mlp, d)) * d_mlp ** -0.5,
        "b_out": jnp.zeros(d),
        "unembed": jax.random.normal(keys[8], (d, p)) * s,
    }
    mask = jnp.triu(jnp.ones((3, 3), dtype=bool), k=1)

    def forward(params, tokens):
        x = params["embed"][tokens] + params["pos"]
        q = jnp.einsum("btd,hde->bhte", x, params["wq"])
        k = jnp.einsum("btd,hde->bhte", x, params["wk"])
        v = jnp.einsum("btd,hde->bhte", x, params["wv"])
        scores = jnp.where(mask, -jnp.inf, q @ jnp.swapaxes(k, -1, -2) / d_head ** 0.5)
        z = jnp.swapaxes(jax.nn.softmax(scores, axis=-1) @ v, 1, 2).reshape(x.shape[0], 3, n_heads * d_head)
        x = x + z @ params["wo"]
        x = x + jax.nn.relu(x @ params["w_in"] + params["b_in"]) @ params["w_out"] + params["b_out"]
        return x[:, -1] @ params["unembed"]

    def tokens(pairs):
        return jnp.asarray(np.concatenate([pairs, np.full((len(pairs), 1), p)], axis=1))

    train, test = split(p, args.fraction, args.seed)
    x_train, x_test = tokens(train), tokens(test)
    y_train, y_test = jnp.asarray((train[:, 0] + train[:, 1]) % p), jnp.asarray((test[:, 0] + test[:, 1]) % p)

    def loss_fn(params):
        logits = forward(params, x_train)
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y_train[:, None], axis=1))

    grad_fn = jax.jit(jax.value_and_grad(loss_fn))
    acc_fn = jax.jit(lambda params: jnp.mean(jnp.argmax(forward(params, x_test), axis=1) == y_test))
    b1, b2, eps, lr, wd = 0.9, 0.98, 1e-8, args.lr, args.weight_decay

    @jax.jit
    def update(params, m, v, grads, t):
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
        def step(w, m, v):   # torch.optim.AdamW's order: decay first, then the Adam step
            return w * (1 - lr * wd) - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + eps)
        return jax.tree_util.tree_map(step, params, m, v), m, v

    m = jax.tree_util.tree_map(jnp.zeros_like, params)
    v = jax.tree_util.tree_map(jnp.zeros_like, params)
    rec = grokscale.JaxRecorder(folder=args.out, run_id="d%d-s%d" % (d, args.seed), size=d, every=args.snapshot_every,
                                loss_name="cross-entropy", accuracy_name="test accuracy")
    for step in range(args.steps + 1):
        loss, grads = grad_fn(params)
        if rec.due(step):
            rec.snapshot(grads, step, loss=float(loss), accuracy=float(acc_fn(params)))
        params, m, v = update(params, m, v, grads, step + 1)
    rec.close()
    print("d_model %d seed %d: onset %s, %d snapshots, recorder %.2f s" % (d, args.seed, rec.onset, rec.snapshots, rec.overhead_seconds))


if __name__ == "__main__":
    main()
