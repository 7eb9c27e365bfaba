"""The PyTorch recorder, where torch imports (its PyPI wheel is the CUDA build, too heavy for CI):
these tests are skipped, and say so, elsewhere."""

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="torch does not import here: PyTorch recorder tests skipped")

import grokscale  # noqa: E402


def model_and_grads(dtype=torch.float32):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1)).to(dtype)
    frozen = torch.nn.Parameter(torch.ones(3, dtype=dtype), requires_grad=False)
    model.register_parameter("frozen", frozen)
    model(torch.randn(8, 4, dtype=dtype)).pow(2).mean().backward()
    return model


def test_snapshot_equals_the_raw_gradient_and_leaves_it_untouched(tmp_path):
    model = model_and_grads()
    before = [p.grad.clone() for p in model.parameters() if p.grad is not None]
    rec = grokscale.TorchRecorder(folder=tmp_path, run_id="t")
    field = rec.snapshot(model, 0)
    expected = torch.cat([p.grad.reshape(-1) for p in model.parameters() if p.grad is not None]).numpy()
    assert np.array_equal(field.view(np.uint32), expected.view(np.uint32))
    assert all(torch.equal(a, p.grad) for a, p in zip(before, [p for p in model.parameters() if p.grad is not None]))
    assert rec.skipped == 1 and grokscale.read_manifest(tmp_path / "t")["skipped_parameters"] == ["frozen"]


def test_bfloat16_model_is_recorded_as_float32(tmp_path):
    model = model_and_grads(torch.bfloat16)
    field = grokscale.TorchRecorder(folder=tmp_path, run_id="b").snapshot(model, 0)
    expected = torch.cat([p.grad.float().reshape(-1) for p in model.parameters() if p.grad is not None]).numpy()
    assert field.dtype == np.float32 and np.array_equal(field, expected)


def test_attach_records_before_every_nth_optimizer_step(tmp_path):
    model = model_and_grads()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    rec = grokscale.TorchRecorder(folder=tmp_path, run_id="h", every=2)
    handle = rec.attach(model, opt)
    for _ in range(5):
        opt.zero_grad()
        model(torch.randn(8, 4)).pow(2).mean().backward()
        opt.step()
    handle.remove()
    steps = [s["step"] for s in grokscale.read_manifest(tmp_path / "h")["snapshots"]]
    assert steps == [0, 2, 4]
