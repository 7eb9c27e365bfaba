"""The run folder's format: a snapshot appends one line and never rewrites the header (constant
cost per snapshot); a line being written is invisible to readers; old-format runs still read;
resuming drops exactly the snapshots from the resume step on."""

import json
import os
import shutil

import numpy as np
import pytest

import grokscale
from conftest import FIT_SETTINGS


def field(n=40, seed=0):
    return np.random.default_rng(seed).standard_normal(n).astype(np.float32)


def test_a_snapshot_appends_one_line_and_leaves_the_header_alone(tmp_path):
    w = grokscale.RunWriter(tmp_path, "r", size=4)
    w.write(0, field(), loss=1.0, accuracy=0.1)
    header = tmp_path / "r" / "manifest.json"
    inode, text = os.stat(header).st_ino, header.read_text()
    sizes = []
    for step in range(1, 200):
        w.write(step, field(seed=step), loss=1.0 / step, accuracy=0.5)
        sizes.append(os.path.getsize(tmp_path / "r" / "snapshots.jsonl"))
    # The header is the same file with the same bytes (an atomic rewrite would change the inode).
    assert os.stat(header).st_ino == inode and header.read_text() == text
    growth = np.diff(sizes)
    assert growth.min() > 0 and growth.max() < 100     # one short line per snapshot, whatever the run's length
    m = grokscale.read_manifest(tmp_path / "r")
    assert [s["step"] for s in m["snapshots"]] == list(range(200)) and m["format"] == "grokscale-run/2"


def test_a_line_without_its_newline_is_not_read_and_the_next_writer_cuts_it(tmp_path, grokscale_bin):
    for size, run in ((8, "a"), (16, "b")):
        w = grokscale.RunWriter(tmp_path, run, size=size)
        for step in (0, 10):
            w.write(step, field(3 * size, seed=step), accuracy=0.2)
        w.close()
    lines = tmp_path / "a" / "snapshots.jsonl"
    with open(lines, "a") as f:
        f.write('{"step": 20, "file": "step-00000')      # a write in progress (or a crash)
    assert [s["step"] for s in grokscale.read_manifest(tmp_path / "a")["snapshots"]] == [0, 10]
    a = grokscale.fit(tmp_path, settings=FIT_SETTINGS)["avalanches"]
    assert sorted(set(a[(a["width"] == 8) & (a["source"] == "gradient")]["epoch"])) == [0, 10]
    grokscale.RunWriter(tmp_path, "a").write(20, field(24, seed=20))
    assert lines.read_text().count("\n") == 3
    assert [s["step"] for s in grokscale.read_manifest(tmp_path / "a")["snapshots"]] == [0, 10, 20]


def test_a_damaged_complete_line_is_named_by_fit(tmp_path, grokscale_bin):
    w = grokscale.RunWriter(tmp_path, "a", size=8)
    w.write(0, field(24))
    w.close()
    with open(tmp_path / "a" / "snapshots.jsonl", "a") as f:
        f.write("not json\n")
    with pytest.raises(grokscale.GrokscaleError) as e:
        grokscale.fit(tmp_path)
    assert e.value.status == 65 and "snapshots.jsonl line 2 is not a snapshot entry" in str(e.value)


def old_format_run(folder, run_id, size, steps, onset=None):
    """A run as the format-1 recorder wrote it: the snapshot list inside manifest.json."""
    os.makedirs(folder / run_id)
    n = 3 * size
    snaps = []
    for step in steps:
        name = "step-%010d.npy" % step
        np.save(folder / run_id / name, field(n, seed=step + size))
        snaps.append({"step": step, "file": name, "loss": 1.0, "accuracy": 0.5})
    manifest = {"format": "grokscale-run/1", "run_id": run_id, "N": n, "size": size, "onset": onset,
                "parameters": [{"name": "w", "shape": [n], "size": n}], "skipped_parameters": [], "snapshots": snaps}
    (folder / run_id / "manifest.json").write_text(json.dumps(manifest))


def test_old_format_runs_give_the_same_report_as_new_ones_and_continue_in_the_new_format(tmp_path, grokscale_bin):
    old, new = tmp_path / "old", tmp_path / "new"
    for size in (8, 16, 32):
        old_format_run(old, "h%d" % size, size, range(0, 60, 10))
    shutil.copytree(old, new)
    for size in (8, 16, 32):          # the same runs, converted by continuing them with nothing new
        grokscale.RunWriter(new, "h%d" % size, loss_name="MSE")
    assert json.load(open(new / "h8" / "manifest.json"))["format"] == "grokscale-run/2"
    a = grokscale.fit(old, settings=FIT_SETTINGS)["summary"]["D_step"]
    b = grokscale.fit(new, settings=FIT_SETTINGS)["summary"]["D_step"]
    assert a == b and len(a) == 6
    w = grokscale.RunWriter(old, "h8")
    w.write(60, field(24, seed=99))
    m = grokscale.read_manifest(old / "h8")
    assert m["format"] == "grokscale-run/2" and [s["step"] for s in m["snapshots"]] == [0, 10, 20, 30, 40, 50, 60]


def test_resume_from_drops_later_snapshots_their_files_and_a_later_onset(tmp_path):
    w = grokscale.RunWriter(tmp_path, "r")
    for step in range(0, 50, 10):
        w.write(step, field(seed=step))
    w.set_onset(30)
    w.close()
    grokscale.RunWriter(tmp_path, "r", resume_from=20)
    m = grokscale.read_manifest(tmp_path / "r")
    assert [s["step"] for s in m["snapshots"]] == [0, 10] and m["onset"] is None
    assert sorted(p.name for p in (tmp_path / "r").glob("step-*.npy")) == ["step-0000000000.npy", "step-0000000010.npy"]
    with pytest.raises(ValueError, match="not both"):
        grokscale.RunWriter(tmp_path, "r", overwrite=True, resume_from=10)
