"""The bench's comparison scripts (`grokscale bench` times them beside its own kernels): each runs
on a tiny budget and prints the JSON keys the bench reads, so a change to either side cannot
silently turn a figure into "skipped". torch is installed in CI (.ci/run); only where it does not
import is the PyTorch script's test skipped, with the reason."""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

BENCH = os.path.join(REPO, "bench")


def run_script(name, widths="8,12"):
    out = subprocess.run(
        [sys.executable, os.path.join(BENCH, name), "--widths", widths, "--epochs", "2", "--repeats", "1"],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_numpy_script_prints_every_task_at_every_width():
    figures = run_script("numpy_tasks.py")
    for task in ("modadd", "parity", "rule", "linear"):
        for h in (8, 12):
            assert figures[f"{task}_h{h}"] > 0


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch does not import here: pip install torch")
def test_torch_script_runs_one_thread_in_both_precisions():
    figures = run_script("torch_tasks.py")
    assert figures["torch_threads"] == 1
    for task in ("modadd", "parity", "rule", "ising"):
        for h in (8, 12):
            assert figures[f"{task}_h{h}"] > 0
            assert figures[f"{task}_h{h}_float32"] > 0


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch does not import here: pip install torch")
def test_teacher_calibration_replica_prints_mse_alignment_and_accuracy_per_seed():
    settings = {"d": 5, "n": 10, "N": 3, "steps": 20, "every": 10, "S": 2, "ntest": 20}
    out = subprocess.run(
        [sys.executable, os.path.join(BENCH, "calibrate_teacher.py"), json.dumps(settings)],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["0", "10", "20"]
    for line in lines:
        mse, aligned, accuracy = (part.split() for part in line.split(" | "))
        assert len(mse) == 3 and len(aligned) == 2 and len(accuracy) == 2  # the step, then one value per seed
        assert all(float(v) >= 0 for v in mse[1:])
        assert all(0 <= float(v) <= 1 for v in aligned + accuracy)


def test_teacher_replica_exact_prior_keeps_the_prior_at_any_step():
    # Without data (n = 0) the update is the prior's Ornstein–Uhlenbeck process alone. Integrated
    # exactly it keeps w ~ N(0, σ_w²/d) even at η·γ_w = 3, where the Euler step would diverge; under
    # the prior Φ ~ N(0, σ_w²/d), so the share with |Φ| > 0.5 stays P(|Z| > 0.5/√0.1) ≈ 0.114.
    settings = {"d": 5, "n": 0, "N": 4000, "s2": 0.25, "eta": 1.2, "steps": 40, "every": 20, "S": 1,
                "ntest": 10, "prior": "exact"}
    out = subprocess.run(
        [sys.executable, os.path.join(BENCH, "calibrate_teacher.py"), json.dumps(settings)],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    for line in out.stdout.strip().splitlines():
        aligned = float(line.split(" | ")[1])
        assert abs(aligned - 0.114) < 0.02, line
