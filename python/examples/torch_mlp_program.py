"""A small PyTorch training program for the grid: modular addition with the two-layer quadratic
MLP of the `modadd` task (N = 3ph), full-batch AdamW on MSE, recorded with grokscale's
TorchRecorder. It meets the program-task contract (docs/programs.md) and is what the tests run:

    grokscale run --config python/examples/torch_mlp_program.toml

Deterministic on the CPU: one thread, torch.use_deterministic_algorithms(True), float32, data and
initialisation from --seed. On a GPU (--device cuda) set CUBLAS_WORKSPACE_CONFIG=:4096:8; bytes
may still differ between GPU models, see docs/programs.md.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import grokscale  # noqa: E402


def arguments(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--snapshot-every", type=int, default=50)
    ap.add_argument("--p", type=int, default=23)
    ap.add_argument("--fraction", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--weight-decay", type=float, default=1.0)
    ap.add_argument("--device", default="cpu")
    args = ap.parse_args(argv)
    if args.width < 1 or args.steps < 0 or args.snapshot_every < 1 or args.p < 2:
        ap.error("--width, --snapshot-every >= 1, --steps >= 0, --p >= 2")
    return args


def split(p, fraction, seed):
    pairs = np.array([(a, b) for a in range(p) for b in range(p)], dtype=np.int64)
    pairs = pairs[np.random.default_rng(seed).permutation(len(pairs))]
    cut = int(fraction * len(pairs))
    return pairs[:cut], pairs[cut:]


def main(argv=None):
    args = arguments(argv)
    import torch
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    p, h = args.p, args.width
    train, test = (torch.tensor(x, device=device) for x in split(p, args.fraction, args.seed))

    class Quadratic(torch.nn.Module):
        def __init__(self):
            super().__init__()
            std = (0.25 ** 0.5) / (2 * h) ** (1 / 3)
            self.w1 = torch.nn.Parameter(std * torch.randn(h, 2 * p))
            self.w2 = torch.nn.Parameter(std * torch.randn(p, h))

        def forward(self, pairs):
            z = self.w1[:, pairs[:, 0]] + self.w1[:, p + pairs[:, 1]]   # W1 · onehot(a) ‖ onehot(b)
            return (self.w2 @ (z * z)).T

    model = Quadratic().to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.98), weight_decay=args.weight_decay)
    target = torch.nn.functional.one_hot((train[:, 0] + train[:, 1]) % p, p).float()
    rec = grokscale.TorchRecorder(folder=args.out, run_id="w%d-s%d" % (h, args.seed), size=h, every=args.snapshot_every,
                                  loss_name="MSE", accuracy_name="test accuracy")
    for step in range(args.steps + 1):
        opt.zero_grad()
        loss = ((model(train) - target) ** 2).sum(dim=1).mean()
        loss.backward()
        if rec.due(step):
            with torch.no_grad():
                acc = (model(test).argmax(dim=1) == (test[:, 0] + test[:, 1]) % p).float().mean().item()
            rec.snapshot(model, step, loss=loss.item(), accuracy=acc)
        opt.step()
    rec.close()


if __name__ == "__main__":
    main()
