#!/usr/bin/env python3
"""PyTorch on one CPU thread, timed beside grokscale's own training kernels by `grokscale bench`.

The same models, data sizes, optimizers and per-epoch work as grokscale's SupervisedTraining
(and bench/numpy_tasks.py): per epoch one pass over the training set (loss, accuracy), the test
accuracy, and the epoch's updates (one full-batch AdamW step for modadd; minibatch SGD, batch 32,
coupled l2 0.01, for the hinge MLPs of parity and rule; one full-batch Adam step for the ising
preset's deep classifier). In float64 (grokscale's precision) and in
float32. Prints one JSON object {"<task>_h<width>": µs per epoch, "<task>_h<width>_float32": …}
(best of --repeats runs of --epochs epochs), or exits 3 with a message when torch does not import.
"""
import argparse
import json
import sys
import time

try:
    import torch
except ImportError as error:  # the bench prints this as the reason it skipped
    print(f"torch does not import: {error}", file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def modadd(h, dtype, p=47, f=0.3):
    g = torch.Generator().manual_seed(0)
    pairs = torch.randperm(p * p, generator=g)
    cut = int(f * p * p)
    tr, te = pairs[:cut], pairs[cut:]
    a, b, ta, tb = tr // p, tr % p + p, te // p, te % p + p
    labels, test_labels = (a + b - p) % p, (ta + tb - p) % p
    y = torch.nn.functional.one_hot(labels, p).to(dtype)
    std = 0.5 / (2 * h) ** (1 / 3)
    w1 = (torch.randn(2 * p, h, generator=g, dtype=dtype) * std).requires_grad_()
    w2 = (torch.randn(p, h, generator=g, dtype=dtype) * std).requires_grad_()
    opt = torch.optim.AdamW([w1, w2], lr=1e-2, betas=(0.9, 0.98), eps=1e-8, weight_decay=1.0)

    def epoch():
        z = w1[a] + w1[b]
        out = (z * z) @ w2.T
        loss = torch.nn.functional.mse_loss(out, y)
        (out.argmax(1) == labels).double().mean().item()
        with torch.no_grad():
            zt = w1[ta] + w1[tb]
            ((zt * zt) @ w2.T).argmax(1).eq(test_labels).double().mean().item()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()
    return epoch


def hinge_mlp(x, y, xt, yt, h, dtype, batch=32):
    g = torch.Generator().manual_seed(1)
    x, y, xt, yt = (t.to(dtype) for t in (x, y, xt, yt))
    n = x.shape[1]
    model = torch.nn.Sequential(torch.nn.Linear(n, h), torch.nn.ReLU(), torch.nn.Linear(h, 1)).to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.01)

    def epoch():
        with torch.no_grad():
            f = model(x).squeeze(1)
            torch.clamp(1 - y * f, min=0).mean().item()
            ((f > 0) == (y > 0)).double().mean().item()
            ((model(xt).squeeze(1) > 0) == (yt > 0)).double().mean().item()
        order = torch.randperm(len(y), generator=g)
        for start in range(0, len(y), batch):
            idx = order[start:start + batch]
            loss = torch.clamp(1 - y[idx] * model(x[idx]).squeeze(1), min=0).mean()
            opt.zero_grad(set_to_none=False)
            loss.backward()
            opt.step()
    return epoch


def parity(h, dtype, n=30, k=3, m=1000, tests=2000):
    g = torch.Generator().manual_seed(2)
    x = torch.randint(0, 2, (m, n), generator=g).double() * 2 - 1
    xt = torch.randint(0, 2, (tests, n), generator=g).double() * 2 - 1
    return hinge_mlp(x, x[:, :k].prod(1), xt, xt[:, :k].prod(1), h, dtype)


def rule(h, dtype, r=30, cells=12, f=0.25):
    g = torch.Generator().manual_seed(3)
    c = torch.randperm(1 << cells, generator=g)
    bits = ((c[:, None] >> torch.arange(cells)) & 1).double()
    nxt = (r >> (4 * bits[:, -1] + 2 * bits[:, 0] + bits[:, 1]).long()) & 1
    x, y = 2 * bits - 1, 2.0 * nxt.double() - 1
    cut = int(f * len(c))
    return hinge_mlp(x[:cut], y[:cut], x[cut:], y[cut:], h, dtype)


def ising(h, dtype, per_level=20, depth=4, classes=4):
    """The ising preset's model: 8×8 lattices, 64 → h ×depth → 4 bias-free ReLU, softmax
    cross-entropy, Adam with coupled l2 0.005 (torch's Adam weight_decay), full batch. The spins and
    labels are random: the timing depends on the sizes only."""
    g = torch.Generator().manual_seed(4)
    count = 32 * per_level
    x = (torch.randint(0, 2, (count, 64), generator=g) * 2 - 1).to(dtype)
    xt = (torch.randint(0, 2, (count, 64), generator=g) * 2 - 1).to(dtype)
    labels = torch.randint(0, classes, (count,), generator=g)
    test_labels = torch.randint(0, classes, (count,), generator=g)
    layers = [torch.nn.Linear(64, h, bias=False), torch.nn.ReLU()]
    for _ in range(depth - 1):
        layers += [torch.nn.Linear(h, h, bias=False), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(h, classes, bias=False)).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=5e-3, weight_decay=0.005)

    def epoch():
        out = model(x)
        loss = torch.nn.functional.cross_entropy(out, labels)
        (out.argmax(1) == labels).double().mean().item()
        with torch.no_grad():
            (model(xt).argmax(1) == test_labels).double().mean().item()
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()
    return epoch


TASKS = {"modadd": modadd, "parity": parity, "rule": rule, "ising": ising}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--widths", default="32,128")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    out = {"torch_version": torch.__version__, "torch_threads": torch.get_num_threads()}
    for name, make in TASKS.items():
        for h in map(int, args.widths.split(",")):
            for dtype, suffix in ((torch.float64, ""), (torch.float32, "_float32")):
                best = float("inf")
                for _ in range(args.repeats):
                    epoch = make(h, dtype)
                    epoch()  # warm-up: allocator and kernel selection outside the timing
                    start = time.perf_counter()
                    for _ in range(args.epochs):
                        epoch()
                    best = min(best, (time.perf_counter() - start) / args.epochs)
                out[f"{name}_h{h}{suffix}"] = round(best * 1e6, 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
