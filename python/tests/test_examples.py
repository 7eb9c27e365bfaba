"""The example training programs meet the program-task contract (docs/programs.md): one run
in --out, the grid's steps with loss and test accuracy, N = the model's parameter count, and the
same bytes for the same arguments. The transformers run a very short budget here; their full
presets run through grokscale (python/examples/*_transformer.toml)."""

import filecmp
import glob
import importlib.util
import os
import subprocess
import sys

import pytest

from conftest import REPO
from grokscale.manifest import read_manifest

EXAMPLES = os.path.join(REPO, "python", "examples")


def run(script, out, *extra, width=8, seed=3, steps=60, every=20):
    cmd = [sys.executable, os.path.join(EXAMPLES, script), "--width", str(width), "--seed", str(seed), "--out", str(out),
           "--steps", str(steps), "--snapshot-every", str(every)] + list(extra)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=dict(os.environ, OMP_NUM_THREADS="1"))
    assert done.returncode == 0, done.stderr[-2000:]
    runs = [os.path.dirname(m) for m in glob.glob(os.path.join(str(out), "*", "manifest.json"))]
    assert len(runs) == 1, runs
    return runs[0]


PROGRAMS = [
    ("numpy_program.py", None, lambda h: 3 * 11 * h, 8),
    ("torch_mlp_program.py", "torch", lambda h: 3 * 23 * h, 8),
    ("jax_mlp_program.py", "jax", lambda h: 3 * 23 * h, 8),
    # tokens 48 × d, positions 3 × d, q/k/v/o 4·d², MLP 2·4d² + 4d + d, unembed 47 × d
    ("torch_transformer.py", "torch", lambda d: 48 * d + 3 * d + 4 * d * d + 8 * d * d + 5 * d + 47 * d, 16),
    ("jax_transformer.py", "jax", lambda d: 48 * d + 3 * d + 4 * d * d + 8 * d * d + 5 * d + 47 * d, 16),
]


@pytest.mark.parametrize("script,module,count,width", PROGRAMS, ids=[p[0] for p in PROGRAMS])
def test_program_contract_and_determinism(tmp_path, script, module, count, width):
    if module is not None and importlib.util.find_spec(module) is None:
        pytest.skip("%s does not import here" % module)
    first = run(script, tmp_path / "a", width=width)
    second = run(script, tmp_path / "b", width=width)
    m = read_manifest(first)
    assert [s["step"] for s in m["snapshots"]] == [0, 20, 40, 60]
    assert all(s["loss"] is not None and s["accuracy"] is not None for s in m["snapshots"])
    assert m["N"] == count(width) and m["size"] == width
    names = sorted(os.listdir(first))
    assert names == sorted(os.listdir(second))
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert not mismatch and not errors, "not deterministic: %s differ" % mismatch


def test_bad_arguments_exit_nonzero_with_a_message(tmp_path):
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, "numpy_program.py"), "--width", "0", "--seed", "1", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "--width" in done.stderr
