"""The run folder `grokscale fit` reads: ``<folder>/<run_id>/manifest.json`` plus one
``step-<step>.npy`` (1-D float32, N values) per snapshot.

Every file is written to a temporary name and renamed into place, the snapshot before the
manifest that names it, so a reader (``fit --watch`` while training runs) never sees half a
file or a manifest naming a file that is not there yet.
"""

import json
import math
import os
import re

import numpy as np

MANIFEST_FORMAT = "grokscale-run/1"
_RUN_ID = re.compile(r"^[A-Za-z0-9._-]+$")


def _atomic_write(path, write):
    # Rename only, no fsync: readers never see half a file; after a power cut the last snapshot
    # may be lost, which costs a point of D(step), not a wrong one (fsync tripled the overhead).
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, path)


def _number(x):
    """JSON has no NaN: a missing or non-finite metric is written as null."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def read_manifest(path):
    with open(path) as f:
        return json.load(f)


class RunWriter:
    """Writes one run: its snapshots and its manifest.

    ``size`` is the label the report shows as the run's width (e.g. the hidden width); runs of
    one size are that size's seeds. ``parameters`` is the parameter order as
    ``[(name, shape), ...]``; ``skipped`` names parameters left out (no gradient).
    Re-opening an existing run folder continues it (same run id, N and size).
    """

    def __init__(self, folder, run_id, size=None):
        if not _RUN_ID.match(str(run_id)):
            raise ValueError("run_id %r: use letters, digits, '.', '_' or '-' (it names a folder)" % (run_id,))
        self.folder = os.fspath(folder)
        self.run_id = str(run_id)
        self.path = os.path.join(self.folder, self.run_id)
        os.makedirs(self.path, exist_ok=True)
        self.manifest_path = os.path.join(self.path, "manifest.json")
        if size is not None and int(size) <= 0:
            raise ValueError("size = %r: use a positive size label" % (size,))
        if os.path.exists(self.manifest_path):
            self.manifest = read_manifest(self.manifest_path)
            if self.manifest.get("format") != MANIFEST_FORMAT or self.manifest.get("run_id") != self.run_id:
                raise ValueError("%s belongs to another run or format; pick another run_id or folder" % self.manifest_path)
            if size is not None and self.manifest.get("size") not in (None, int(size)):
                raise ValueError("run %s was recorded with size %s, not %s" % (self.run_id, self.manifest.get("size"), size))
        else:
            self.manifest = {
                "format": MANIFEST_FORMAT, "run_id": self.run_id, "N": None,
                "size": None if size is None else int(size), "onset": None,
                "parameters": [], "skipped_parameters": [], "snapshots": [],
            }
        self._steps = {s["step"] for s in self.manifest["snapshots"]}

    @property
    def N(self):
        return self.manifest["N"]

    def set_parameters(self, parameters, skipped=()):
        """Fixes the parameter order (first snapshot); later calls must agree with it."""
        params = [{"name": str(n), "shape": [int(d) for d in shape], "size": int(np.prod(shape, dtype=np.int64))} for n, shape in parameters]
        if self.manifest["parameters"] and [p["name"] for p in params] != [p["name"] for p in self.manifest["parameters"]]:
            old = [p["name"] for p in self.manifest["parameters"]]
            new = [p["name"] for p in params]
            raise ValueError("run %s: the parameters with gradients changed (were %s, now %s); N must stay the same within a run"
                             % (self.run_id, sorted(set(old) - set(new)) or old, sorted(set(new) - set(old)) or new))
        if self.manifest["N"] is not None and sum(p["size"] for p in params) != self.manifest["N"]:
            raise ValueError("run %s has N = %d; these parameters have %d entries" % (self.run_id, self.manifest["N"], sum(p["size"] for p in params)))
        self.manifest["parameters"] = params
        self.manifest["skipped_parameters"] = sorted(set(self.manifest["skipped_parameters"]) | set(map(str, skipped)))

    def write(self, step, field, loss=None, accuracy=None, parameters=None, skipped=()):
        """Saves one snapshot (a 1-D float32 array of N values) and rewrites the manifest.
        Every check runs first: a refused snapshot changes nothing on disk or in memory."""
        step = int(step)
        field = np.ascontiguousarray(field)
        if field.dtype != np.float32 or field.ndim != 1:
            raise ValueError("a snapshot is a 1-D float32 array; got %s of shape %s" % (field.dtype, field.shape))
        if self.manifest["N"] is None:
            if field.size < 2:
                raise ValueError("a field needs at least 2 entries, found %d" % field.size)
        elif field.size != self.manifest["N"]:
            raise ValueError("run %s has N = %d; this field has %d values: record every snapshot of a run from the same parameters"
                             % (self.run_id, self.manifest["N"], field.size))
        if step in self._steps:
            raise ValueError("run %s already has step %d" % (self.run_id, step))
        if parameters is not None:
            self.set_parameters(parameters, skipped)
        self.manifest["N"] = int(field.size)
        name = "step-%010d.npy" % step
        _atomic_write(os.path.join(self.path, name), lambda f: np.save(f, field))
        self.manifest["snapshots"].append({"step": step, "file": name, "loss": _number(loss), "accuracy": _number(accuracy)})
        self._steps.add(step)
        self._save()

    def set_onset(self, step):
        """The run's onset (e.g. first step with test accuracy >= 0.99); None: not reached."""
        self.manifest["onset"] = None if step is None else int(step)
        self._save()

    def _save(self):
        text = json.dumps(self.manifest, indent=1, allow_nan=False).encode()
        _atomic_write(self.manifest_path, lambda f: f.write(text))
