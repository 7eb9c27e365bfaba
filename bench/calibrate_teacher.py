"""An independent PyTorch replica of the `teacher` task's Langevin dynamics, for calibration at
sizes beyond the preset's CPU budget (docs/seeds.md, "teacher").

Same update as grokscale's LangevinTraining: θ ← θ − η(∇ Σ_μ ½(f(x_μ) − y_μ)² + γ∘θ) + √(2ησ²) ξ,
γ_w = σ²d/σ_w², γ_a = σ²N/σ_a², init from the prior; S seeds run side by side. Its random numbers
are torch's, not grokscale's streams, so it reproduces the statistics, not the bits.

Prints, every `every` steps: the step, then per seed the test MSE over Var(y) = 1 + 6ε², the share of
neurons with |Φ| > 0.5, and the share of test points with |f − y| < 0.5 σ_y (the task's accuracy).

`"prior": "exact"` integrates the prior's part of the update (decay and noise) exactly instead of
by Euler's step, so η is bounded by the data term alone rather than by η·γ_a < 1. It is the same
SDE, not grokscale's update: use it to reach longer times, not to compare bits or step sizes.

    python3 bench/calibrate_teacher.py '{"d":150,"n":600,"N":700,"s2":0.05,"sa2":0.011,"eta":2e-4,"steps":50000,"every":2500,"S":1}'
"""
import json
import math
import sys

import torch


def run(d=30, n=120, N=14, eps=-1.2, s2=0.25, sw2=0.5, sa2=0.055, eta=2e-3, steps=20000, S=4, every=500, seed=0, ntest=1000, prior="euler", a_prior="mean_field"):
    torch.set_default_dtype(torch.float64)
    g = torch.Generator().manual_seed(seed)
    teacher = torch.randn(S, d, generator=g)
    teacher /= teacher.norm(dim=1, keepdim=True)

    def label(p):
        return p + eps * (p**3 - 3 * p)

    X = torch.randn(S, n, d, generator=g)
    Y = label(torch.einsum("snd,sd->sn", X, teacher))
    Xt = torch.randn(S, ntest, d, generator=g)
    Yt = label(torch.einsum("snd,sd->sn", Xt, teacher))
    W = torch.randn(S, N, d, generator=g) * math.sqrt(sw2 / d)
    # "mean_field": a_i ~ N(0, σ_a²/N); "per_neuron": a_i ~ N(0, σ_a²).
    var_a = sa2 / N if a_prior == "mean_field" else sa2
    a = torch.randn(S, N, generator=g) * math.sqrt(var_a)
    gamma_w, gamma_a = s2 * d / sw2, s2 / var_a
    if prior == "exact":
        # The prior's Ornstein–Uhlenbeck part integrated exactly, so η is bounded by the data term
        # alone, not by η·γ_a < 1: θ ← e^{−ηγ}θ − η∇L + √(σ²(1 − e^{−2ηγ})/γ) ξ (same SDE).
        decay_w, decay_a = math.exp(-eta * gamma_w), math.exp(-eta * gamma_a)
        kick_w = math.sqrt(s2 * (1 - decay_w**2) / gamma_w)
        kick_a = math.sqrt(s2 * (1 - decay_a**2) / gamma_a)
    else:
        decay_w, decay_a = 1 - eta * gamma_w, 1 - eta * gamma_a
        kick_w = kick_a = math.sqrt(2 * eta * s2)
    var_y = 1 + 6 * eps * eps
    for t in range(steps + 1):
        if t % every == 0:
            ft = (torch.erf(torch.einsum("snd,sid->sni", Xt, W)) * a[:, None, :]).sum(-1)
            mse = ((ft - Yt) ** 2).mean(1) / var_y
            aligned = (torch.einsum("sid,sd->si", W, teacher).abs() > 0.5).double().mean(1)
            accuracy = ((ft - Yt).abs() < 0.5 * math.sqrt(var_y)).double().mean(1)
            cols = [" ".join(f"{v:.3f}" for v in x.tolist()) for x in (mse, aligned, accuracy)]
            print(t, " | ".join(cols), flush=True)
        if t == steps:
            break
        z = torch.einsum("snd,sid->sni", X, W)
        e = torch.erf(z)
        r = (e * a[:, None, :]).sum(-1) - Y
        grad_a = torch.einsum("sn,sni->si", r, e)
        grad_w = torch.einsum("sni,snd->sid", r[:, :, None] * a[:, None, :] * (2 / math.sqrt(math.pi)) * torch.exp(-z * z), X)
        W = decay_w * W - eta * grad_w + kick_w * torch.randn(W.shape, generator=g)
        a = decay_a * a - eta * grad_a + kick_a * torch.randn(a.shape, generator=g)


if __name__ == "__main__":
    torch.set_num_threads(1)
    run(**(json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}))
