"""`grokscale fit` on recorded runs: D(step) from the example's output; bad folders get a clear
error and never replace a report."""

import json
import os
import shutil
import subprocess
import time

import numpy as np
import pytest

import grokscale
from conftest import FIT_SETTINGS


def fit(folder, **kw):
    return grokscale.fit(folder, settings=FIT_SETTINGS, **kw)


def test_fit_on_the_example_gives_a_report_with_D_of_step(runs_copy):
    r = fit(runs_copy, topologies=["ba", "er"])
    steps = r["D_step"]
    assert list(steps["step"]) == list(range(0, 201, 20))
    assert steps["D"].notna().all() and (steps["sizes"] == 3).all()
    summary = r["summary"]
    assert summary["runs"] == 6
    assert [w["width"] for w in summary["per_width"]] == [8, 16, 32]
    assert r["report"]["source"]["kind"] == "fit"
    assert set(r["avalanches"]["source"]) == {"gradient", "control"}
    folder = runs_copy / "report"
    for name in ["report.html", "report.md", "plots/d_step.svg", "plots/d_tau.svg", "runs.csv"]:
        assert (folder / name).exists(), name
    assert summary["D_synth"]["ba"]["value"] > 0.8


def test_fit_is_deterministic_for_any_thread_count_and_reanalyses_a_growing_folder(runs_copy, tmp_path):
    later = tmp_path / "later"
    later.mkdir()
    os.rename(runs_copy / "h32-s1", later / "h32-s1")
    first = fit(runs_copy)["summary"]["runs"]
    os.rename(later / "h32-s1", runs_copy / "h32-s1")
    fit(runs_copy)
    one = open(runs_copy / "report" / "report.json", "rb").read()
    fit(runs_copy)
    assert (first, json.loads(one)["summary"]["runs"]) == (5, 6)
    assert open(runs_copy / "report" / "report.json", "rb").read() == one
    # One probing thread or several: the same bytes.
    subprocess.run([grokscale.binary(), "fit", str(runs_copy), "--threads", "1", "--quiet", "--out", str(tmp_path / "one")]
                   + sum((["--set", s] for s in FIT_SETTINGS), []), check=True)
    assert open(tmp_path / "one" / "report.json", "rb").read() == one


def test_a_manifest_naming_missing_files_is_refused_and_the_report_kept(runs_copy):
    fit(runs_copy)
    before = open(runs_copy / "report" / "report.json", "rb").read()
    os.remove(runs_copy / "h16-s0" / "step-0000000040.npy")
    with pytest.raises(grokscale.GrokscaleError) as e:
        fit(runs_copy)
    assert e.value.status == 65
    assert "step-0000000040.npy (step 40 of run h16-s0)" in str(e.value) and "missing" in str(e.value)
    assert open(runs_copy / "report" / "report.json", "rb").read() == before


def test_a_field_of_the_wrong_length_for_its_N_is_refused(runs_copy):
    np.save(runs_copy / "h8-s1" / "step-0000000060.npy", np.ones(10, np.float32))
    with pytest.raises(grokscale.GrokscaleError) as e:
        fit(runs_copy)
    assert e.value.status == 65
    assert "step-0000000060.npy (step 60 of run h8-s1) holds 10 values" in str(e.value) and "N = 312" in str(e.value)


def test_nan_gradients_are_reported_not_probed(runs_copy):
    w = grokscale.RunWriter(runs_copy, "h8-s9", size=8)
    good = np.load(runs_copy / "h8-s0" / "step-0000000000.npy")
    w.write(0, good)
    bad = good.copy()
    bad[[3, 7]] = np.nan
    w.write(20, bad)
    r = fit(runs_copy, topologies=["ba"])
    errors = r["avalanches"].dropna(subset=["error"])
    assert len(errors) == 1
    row = errors.iloc[0]
    assert (row["seed"], row["epoch"], row["source"]) == (2, 20, "gradient")
    assert "non-finite gradient: 2 of 312 entries" in row["error"] and "not probed" in row["error"]
    assert r["summary"]["probe_errors"] == 1


def test_an_empty_folder_is_a_clear_error(tmp_path, grokscale_bin):
    with pytest.raises(grokscale.GrokscaleError, match="holds no run") as e:
        grokscale.fit(tmp_path)
    assert e.value.status == 66


def test_fit_watch_reanalyses_when_a_run_arrives(runs_copy, tmp_path, grokscale_bin):
    later = tmp_path / "later"
    later.mkdir()
    os.rename(runs_copy / "h32-s1", later / "h32-s1")
    report = runs_copy / "report" / "report.json"
    args = [grokscale_bin, "fit", str(runs_copy), "--watch", "0.2", "--quiet"] + sum((["--set", s] for s in FIT_SETTINGS), [])
    watcher = subprocess.Popen(args, stderr=subprocess.PIPE)
    try:
        def runs_in_report(expected):
            deadline = time.time() + 60
            while time.time() < deadline:
                try:
                    if json.load(open(report))["summary"]["runs"] == expected:
                        return True
                except (OSError, ValueError):
                    pass
                time.sleep(0.1)
            return False
        assert runs_in_report(5)
        os.rename(later / "h32-s1", runs_copy / "h32-s1")
        assert runs_in_report(6)
    finally:
        watcher.terminate()
        watcher.wait(10)
    assert watcher.returncode == 0, watcher.stderr.read()


def test_a_damaged_manifest_is_named_in_the_error(runs_copy):
    (runs_copy / "h8-s0" / "manifest.json").write_text('{"format": "grokscale-run/1", "run_id": ')
    with pytest.raises(grokscale.GrokscaleError) as e:
        fit(runs_copy)
    assert e.value.status == 65 and "h8-s0/manifest.json is not a run manifest: not valid JSON" in str(e.value)


def fit_output(folder, tmp_path):
    out = subprocess.run([grokscale.binary(), "fit", str(folder), "--out", str(tmp_path / "report")]
                         + sum((["--set", s] for s in FIT_SETTINGS), []), capture_output=True, text=True, check=True)
    return out.stdout + out.stderr, json.load(open(tmp_path / "report" / "report.json"))


def test_runs_without_accuracy_get_the_real_cause_and_its_fix(runs_copy, tmp_path):
    # What attach(model, optimizer) without metrics used to record: gradients only.
    bare = tmp_path / "bare"
    for m, s, f in [(m, s, np.load(runs_copy / m["run_id"] / s["file"])) for m in map(grokscale.read_manifest, sorted(runs_copy.glob("*/manifest.json")))
                    for s in m["snapshots"]]:
        grokscale.RunWriter(bare, m["run_id"], size=m["size"]).write(s["step"], f)
    text, report = fit_output(bare, tmp_path)
    assert "D_pre not estimated: no run has an onset, and no run recorded an accuracy" in text and "set_onset" in text
    assert "fewer than the required widths" not in text
    assert report["source"]["recorded"] == {"loss": False, "accuracy": False, "onset": False, "gini": False}
    assert not (tmp_path / "report" / "plots" / "accuracy.svg").exists() and not (tmp_path / "report" / "plots" / "gini.svg").exists()


def test_one_run_per_size_prints_no_interval_and_censoring_is_at_the_last_step(runs_copy, tmp_path):
    for run in runs_copy.glob("*-s1"):
        shutil.rmtree(run)
    text, report = fit_output(runs_copy, tmp_path)
    assert "no interval: one run per size" in text and "± 0.000" not in text and "epochs" not in text
    assert all(p["ci95"] is None and p["std"] is None for p in report["summary"]["D_step"])
    assert report["timing"]["censored_at_epoch"] == 200
    md = open(tmp_path / "report" / "report.md").read()
    assert "epoch" not in md and "binary cross-entropy" not in md and "Training accuracy" not in md
    assert (report["source"]["loss_name"], report["source"]["accuracy_name"]) == ("MSE", "test accuracy")
