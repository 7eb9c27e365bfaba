"""The companion's one-layer transformer on modular addition (Nanda et al., progress measures),
shrunk to a CPU budget, in PyTorch, as a grid task (docs/programs.md):

    grokscale run --config python/examples/torch_transformer.toml

Model: tokens a, b, "=" (vocabulary p + 1), learned token and position embeddings (d_model = the
width axis), one attention layer (4 heads, d_head = d_model / 4; 2 heads below d_model 16), a ReLU
MLP with d_mlp = 4 d_model, no LayerNorm, no biases in attention, an unembedding read at the "="
position; cross-entropy over p classes; full-batch AdamW (betas (0.9, 0.98), weight decay 1).
Shrunk from the companion's p = 113, d_model 128, training fraction 0.3, lr 1e-3 (hours per run on
one core) to p = 47, d_model 24-64, fraction 0.5 and lr 1e-2, so that a run memorises by step
~200-300 and generalises (test accuracy >= 0.99) by step ~600-1000 of its 2,000: a delay of a few
hundred steps, in under a minute per run at d_model 32. At d_model 16 it generalises almost at
once and plateaus near 0.97: not a grokking width at this budget.

Deterministic on the CPU: one thread, torch.use_deterministic_algorithms(True), float32, data
split and initialisation from --seed. On a GPU (--device cuda) also set
CUBLAS_WORKSPACE_CONFIG=:4096:8; bytes may still differ between GPU models (docs/programs.md).
With --weight-decay 0 the same budget does not grok: the ungrokked control.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import grokscale  # noqa: E402
from torch_mlp_program import split  # noqa: E402  (the same seeded split of the p² pairs)


def arguments(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--width", type=int, required=True, help="d_model")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--snapshot-every", type=int, default=50)
    ap.add_argument("--p", type=int, default=47)
    ap.add_argument("--fraction", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--weight-decay", type=float, default=1.0)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args(argv)
    if args.width < 4 or args.width % 2 or args.steps < 0 or args.snapshot_every < 1 or args.p < 3:
        ap.error("--width: an even d_model >= 4; --snapshot-every >= 1; --steps >= 0; --p >= 3")
    return args


def heads(d_model):
    return 4 if d_model % 4 == 0 and d_model >= 16 else 2


def main(argv=None):
    args = arguments(argv)
    import torch
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    p, d = args.p, args.width
    n_heads = heads(d)
    d_head, d_mlp = d // n_heads, 4 * d

    class Transformer(torch.nn.Module):
        def __init__(self):
            super().__init__()
            s = d ** -0.5
            self.embed = torch.nn.Parameter(torch.randn(p + 1, d) * s)
            self.pos = torch.nn.Parameter(torch.randn(3, d) * s)
            self.wq = torch.nn.Parameter(torch.randn(n_heads, d, d_head) * s)
            self.wk = torch.nn.Parameter(torch.randn(n_heads, d, d_head) * s)
            self.wv = torch.nn.Parameter(torch.randn(n_heads, d, d_head) * s)
            self.wo = torch.nn.Parameter(torch.randn(n_heads * d_head, d) * (n_heads * d_head) ** -0.5)
            self.w_in = torch.nn.Parameter(torch.randn(d, d_mlp) * s)
            self.b_in = torch.nn.Parameter(torch.zeros(d_mlp))
            self.w_out = torch.nn.Parameter(torch.randn(d_mlp, d) * d_mlp ** -0.5)
            self.b_out = torch.nn.Parameter(torch.zeros(d))
            self.unembed = torch.nn.Parameter(torch.randn(d, p) * s)

        def forward(self, tokens):
            x = self.embed[tokens] + self.pos                         # (batch, 3, d)
            q = torch.einsum("btd,hde->bhte", x, self.wq)
            k = torch.einsum("btd,hde->bhte", x, self.wk)
            v = torch.einsum("btd,hde->bhte", x, self.wv)
            scores = q @ k.transpose(-1, -2) / d_head ** 0.5
            mask = torch.triu(torch.ones(3, 3, dtype=torch.bool, device=x.device), diagonal=1)
            attn = scores.masked_fill(mask, float("-inf")).softmax(dim=-1)
            z = (attn @ v).transpose(1, 2).reshape(x.shape[0], 3, n_heads * d_head)
            x = x + z @ self.wo
            x = x + torch.relu(x @ self.w_in + self.b_in) @ self.w_out + self.b_out
            return x[:, -1] @ self.unembed                             # logits at "="

    def tokens(pairs):
        eq = np.full((len(pairs), 1), p, dtype=np.int64)
        return torch.tensor(np.concatenate([pairs, eq], axis=1), device=device)

    train, test = split(p, args.fraction, args.seed)
    x_train, x_test = tokens(train), tokens(test)
    y_train = torch.tensor((train[:, 0] + train[:, 1]) % p, device=device)
    y_test = torch.tensor((test[:, 0] + test[:, 1]) % p, device=device)
    model = Transformer().to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=args.weight_decay)
    rec = grokscale.TorchRecorder(folder=args.out, run_id="d%d-s%d" % (d, args.seed), size=d, every=args.snapshot_every,
                                  loss_name="cross-entropy", accuracy_name="test accuracy")
    for step in range(args.steps + 1):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x_train), y_train)
        loss.backward()
        if rec.due(step):
            with torch.no_grad():
                acc = (model(x_test).argmax(dim=1) == y_test).float().mean().item()
            rec.snapshot(model, step, loss=loss.item(), accuracy=acc)
        opt.step()
    rec.close()
    print("d_model %d seed %d: onset %s, %d snapshots, recorder %.2f s" % (d, args.seed, rec.onset, rec.snapshots, rec.overhead_seconds))


if __name__ == "__main__":
    main()
