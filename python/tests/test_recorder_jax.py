"""The JAX recorder writes the raw gradient: bit for bit what jax.grad returns."""

import json
import os

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import grokscale


def loss(params, x):
    h = jnp.tanh(x @ params["layer"]["w"] + params["layer"]["b"])
    return jnp.mean((h @ params["out"]) ** 2) + jnp.sum(params["scale"] ** 2)


def make_params():
    k = jax.random.split(jax.random.PRNGKey(3), 4)
    return {"layer": {"w": jax.random.normal(k[0], (5, 7)), "b": jax.random.normal(k[1], (7,))},
            "out": jax.random.normal(k[2], (7, 3)), "scale": jax.random.normal(k[3], (2, 2))}


def read_field(run_dir, step):
    m = grokscale.read_manifest(run_dir)
    entry = next(s for s in m["snapshots"] if s["step"] == step)
    return m, np.load(os.path.join(run_dir, entry["file"]))


def test_recorded_field_equals_jax_grad_bit_for_bit(tmp_path):
    params, x = make_params(), jax.random.normal(jax.random.PRNGKey(9), (11, 5))
    grads = jax.grad(loss)(params, x)
    rec = grokscale.JaxRecorder(folder=tmp_path, run_id="r0", size=7)
    rec.snapshot(grads, step=40, loss=1.5, accuracy=0.25)
    manifest, field = read_field(tmp_path / "r0", 40)
    leaves = jax.tree_util.tree_leaves(grads)
    expected = np.concatenate([np.asarray(l).reshape(-1) for l in leaves])
    assert field.dtype == np.float32 and field.shape == expected.shape
    assert np.array_equal(field.view(np.uint32), expected.view(np.uint32))
    assert manifest["N"] == expected.size and manifest["size"] == 7
    assert [p["size"] for p in manifest["parameters"]] == [l.size for l in leaves]
    assert [p["name"] for p in manifest["parameters"]] == ["['layer']['b']", "['layer']['w']", "['out']", "['scale']"]
    assert manifest["snapshots"][0]["loss"] == 1.5 and manifest["snapshots"][0]["accuracy"] == 0.25


def test_recording_does_not_change_the_gradient(tmp_path):
    grads = jax.grad(loss)(make_params(), jnp.ones((4, 5)))
    before = [np.array(l, copy=True) for l in jax.tree_util.tree_leaves(grads)]
    grokscale.JaxRecorder(folder=tmp_path, run_id="r").snapshot(grads, 0)
    for a, b in zip(before, jax.tree_util.tree_leaves(grads)):
        assert np.array_equal(a.view(np.uint32), np.asarray(b).view(np.uint32))


def test_none_leaves_are_skipped_and_counted(tmp_path):
    grads = dict(jax.grad(loss)(make_params(), jnp.ones((4, 5))))
    grads["frozen"] = None
    rec = grokscale.JaxRecorder(folder=tmp_path, run_id="r")
    field = rec.snapshot(grads, 0)
    assert rec.skipped == 1 and rec.skipped_names == {"['frozen']"}
    manifest, _ = read_field(tmp_path / "r", 0)
    assert manifest["skipped_parameters"] == ["['frozen']"] and manifest["N"] == field.size


def test_bfloat16_gradients_are_cast_to_float32_exactly(tmp_path):
    g = jax.random.normal(jax.random.PRNGKey(1), (64,)).astype(jnp.bfloat16)
    field = grokscale.JaxRecorder(folder=tmp_path, run_id="r").snapshot({"w": g}, 0)
    assert np.array_equal(field, np.asarray(g.astype(jnp.float32)))


def test_onset_is_the_first_step_at_the_accuracy_threshold(tmp_path):
    rec = grokscale.JaxRecorder(folder=tmp_path, run_id="r", onset_threshold=0.99)
    g = {"w": jnp.ones(3)}
    for step, acc in [(0, 0.1), (10, 0.98), (20, 0.995), (30, 1.0)]:
        rec.snapshot(g, step, accuracy=acc)
    assert rec.onset == 20
    assert grokscale.read_manifest(tmp_path / "r")["onset"] == 20


def test_a_field_of_another_length_is_refused_and_the_run_keeps_its_snapshots(tmp_path):
    rec = grokscale.JaxRecorder(folder=tmp_path, run_id="r")
    rec.snapshot({"w": jnp.ones(3)}, 0)
    before = [open(tmp_path / "r" / name).read() for name in ("manifest.json", "snapshots.jsonl")]
    with pytest.raises(ValueError, match="parameters with gradients changed|N = 3"):
        rec.snapshot({"w": jnp.ones(3), "v": jnp.ones(2)}, 10)
    writer = grokscale.RunWriter(tmp_path, "r")
    with pytest.raises(ValueError, match="run r has N = 3; this field has 4 values"):
        writer.write(10, np.ones(4, np.float32))
    assert [open(tmp_path / "r" / name).read() for name in ("manifest.json", "snapshots.jsonl")] == before
