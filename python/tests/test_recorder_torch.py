"""The PyTorch recorder. CI installs torch (.ci/run); on a machine where torch cannot install these
tests are skipped, and say so."""

import numpy as np
import pytest

try:
    import torch
except Exception as e:     # ImportError, or the OSError of a wheel whose libraries do not load
    pytest.skip("torch does not import here (%s: %s): PyTorch recorder tests skipped; pip install torch"
                % (type(e).__name__, e), allow_module_level=True)

import grokscale  # noqa: E402


def model_and_grads(dtype=torch.float32):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1)).to(dtype)
    frozen = torch.nn.Parameter(torch.ones(3, dtype=dtype), requires_grad=False)
    model.register_parameter("frozen", frozen)
    model(torch.randn(8, 4, dtype=dtype)).pow(2).mean().backward()
    return model


def steps_of(folder, run):
    return [s["step"] for s in grokscale.read_manifest(folder / run)["snapshots"]]


def train(model, opt, steps, losses):
    for _ in range(steps):
        opt.zero_grad()
        loss = model(torch.randn(8, 4)).pow(2).mean()
        loss.backward()
        losses.append(loss.item())
        opt.step()


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


def test_attach_records_loss_accuracy_and_onset_before_every_nth_optimizer_step(tmp_path):
    model = model_and_grads()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses, accuracy = [], iter([0.1, 0.5, 0.995, 1.0])
    rec = grokscale.TorchRecorder(folder=tmp_path, run_id="h", every=2, loss_name="MSE", accuracy_name="test accuracy")
    handle = rec.attach(model, opt, metrics=lambda: (losses[-1], next(accuracy)))
    train(model, opt, 7, losses)
    handle.remove()
    m = grokscale.read_manifest(tmp_path / "h")
    assert [s["step"] for s in m["snapshots"]] == [0, 2, 4, 6]
    assert [s["loss"] for s in m["snapshots"]] == [pytest.approx(losses[k]) for k in (0, 2, 4, 6)]
    assert [s["accuracy"] for s in m["snapshots"]] == [0.1, 0.5, 0.995, 1.0]
    assert m["onset"] == 4 and (m["loss_name"], m["accuracy_name"]) == ("MSE", "test accuracy")


def test_attach_without_metrics_is_refused_naming_the_fix(tmp_path):
    model = model_and_grads()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    rec = grokscale.TorchRecorder(folder=tmp_path, run_id="h")
    with pytest.raises(ValueError, match=r"attach\(\) needs metrics=.*\(loss, accuracy\).*metrics=False"):
        rec.attach(model, opt)
    rec.attach(model, opt, metrics=False)     # gradients only, said explicitly
    train(model, opt, 2, [])
    assert steps_of(tmp_path, "h") == [0, 1]


def test_snapshot_honours_every_and_skips_before_copying(tmp_path):
    model = model_and_grads()
    rec = grokscale.TorchRecorder(folder=tmp_path, run_id="e", every=3)
    recorded = [step for step in range(10) if rec.snapshot(model, step) is not None]
    assert recorded == [0, 3, 6, 9] and steps_of(tmp_path, "e") == recorded and rec.snapshots == 4


def test_running_a_script_again_needs_overwrite_and_overwrite_records_anew(tmp_path):
    model = model_and_grads()
    first = grokscale.TorchRecorder(folder=tmp_path, run_id="r")
    for step in (0, 10, 20):
        first.snapshot(model, step)
    again = grokscale.TorchRecorder(folder=tmp_path, run_id="r")
    with pytest.raises(ValueError, match="run r already has step 0.*overwrite=True.*resume_from="):
        again.snapshot(model, 0)
    fresh = grokscale.TorchRecorder(folder=tmp_path, run_id="r", overwrite=True)
    fresh.snapshot(model, 0)
    fresh.snapshot(model, 5)
    assert steps_of(tmp_path, "r") == [0, 5]
    assert sorted(p.name for p in (tmp_path / "r").glob("step-*.npy")) == ["step-0000000000.npy", "step-0000000005.npy"]


def test_resume_from_a_checkpoint_keeps_earlier_snapshots_and_counts_steps_from_there(tmp_path):
    model = model_and_grads()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    rec = grokscale.TorchRecorder(folder=tmp_path, run_id="c", every=2)
    rec.attach(model, opt, metrics=lambda: (losses[-1], 0.999))
    train(model, opt, 8, losses)                       # steps 0..7 recorded at 0, 2, 4, 6; onset 0
    assert grokscale.read_manifest(tmp_path / "c")["onset"] == 0
    # The checkpoint was saved after step 3: training resumes at step 4.
    resumed = grokscale.TorchRecorder(folder=tmp_path, run_id="c", every=2, resume_from=4)
    assert steps_of(tmp_path, "c") == [0, 2]
    resumed.attach(model, opt, metrics=lambda: (losses[-1], 0.5))
    train(model, opt, 5, losses)                       # steps 4..8
    m = grokscale.read_manifest(tmp_path / "c")
    assert [s["step"] for s in m["snapshots"]] == [0, 2, 4, 6, 8]
    assert [s["accuracy"] for s in m["snapshots"]] == [0.999, 0.999, 0.5, 0.5, 0.5] and m["onset"] == 0
